"""A lint run: find files, load them, index every object, run the rules, apply suppressions."""

from __future__ import annotations

import contextlib
import fnmatch
import gc
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubelint import kube, suppress
from kubelint.findings import Finding, ObjectRef, Report
from kubelint.index import ExternalObject, ObjectIndex
from kubelint.lazy import Record
from kubelint.loader import Document, LoadProblem, decode, parse, salvage_identity
from kubelint.objects import K8sObject, SourceFile, objects_from_document
from kubelint.registry import Check, Problem, Rule, Severity, _Deferred, lint_rules
from kubelint.versions import NEWEST, KubeVersion

if TYPE_CHECKING:
    from kubelint.cache import LoadCache, Stamp

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"
STDIN_DISPLAY = "<stdin>"


def reads_as_json(path: str) -> bool:
    """Whether the file at ``path`` is read (and left unfixed) as JSON: by its name."""
    return path.endswith(".json")


@dataclass(slots=True)
class Settings:
    """Everything a run needs to know, resolved from defaults, config and flags."""

    severities: dict[str, Severity]  # enabled rules and the severity each reports at
    kube_version: KubeVersion = NEWEST
    default_namespace: str = "default"
    exclude: Sequence[str] = ()
    exclude_root: str = "."
    external: Sequence[ExternalObject] = ()
    #: Rule options (rule id -> name -> value), defaults included for enabled rules.
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Pod Security Standards level to check, and the standard's version (None: the target).
    pod_security: tuple[str, KubeVersion | None] | None = None
    #: Rules that are not in the registry: the configuration's policies.
    extra_rules: Mapping[str, Any] = field(default_factory=dict)
    #: Processes that read and check files: 1, or 0 for one per CPU when the run is large.
    jobs: int = 1
    #: Take unchanged context files from the user's cache of loaded files (``kubelint.cache``).
    cache: bool = False


_MISSING = object()


@dataclass(slots=True)
class Context:
    """What a rule may read besides the object it checks. Read-only by convention."""

    index: ObjectIndex
    kube_version: KubeVersion
    default_namespace: str
    enabled: frozenset[str]
    known_rules: frozenset[str]
    #: For each object (by id), the rules its ``kubelint.io/ignore`` annotations silenced.
    annotation_used: dict[int, set[str]] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Pod Security Standards level and version asked for (``--pod-security``), or None.
    pod_security: tuple[str, KubeVersion | None] | None = None

    def option(self, rule_id: str, name: str) -> Any:
        """A rule's option: from the configuration, else the rule's default."""
        value = self.options.get(rule_id, {}).get(name, _MISSING)
        if value is _MISSING:
            return lint_rules()[rule_id].options[name]["default"]
        return value

    def is_enabled(self, rule_id: str) -> bool:
        return rule_id in self.enabled


# --------------------------------------------------------------------------- files


def collect_files(
    paths: Iterable[str],
    exclude: Sequence[str] = (),
    exclude_root: str = ".",
    notes: list[str] | None = None,
    real_paths: dict[str, str] | None = None,
) -> tuple[list[tuple[str, str]], list[str]]:
    """(filesystem path, display path) of every file to lint, and paths that do not exist;
    ``real_paths`` (when given) receives each file's real path.

    Directories are walked recursively for ``*.yaml``, ``*.yml`` and ``*.json``, skipping
    hidden directories and the templates of Helm charts (they are not YAML until rendered;
    a note saying so goes to ``notes``); files named explicitly are linted whatever their
    suffix.
    """
    found: list[tuple[str, str]] = []
    missing: list[str] = []
    seen: set[str] = set()

    def add(fs_path: str, display: str, real: str | None = None) -> None:
        if real is None:
            real = os.path.realpath(fs_path)
        if real in seen or _excluded(fs_path, exclude, exclude_root):
            return
        seen.add(real)
        found.append((fs_path, display))
        if real_paths is not None:
            real_paths[fs_path] = real

    for path in paths:
        if path == STDIN:
            found.append((STDIN, STDIN_DISPLAY))
        elif os.path.isdir(path):
            for fs_path, display, real in _walk(path, notes if notes is not None else []):
                add(fs_path, display, real)
        elif os.path.exists(path) or os.path.islink(path):
            add(path, path)
        else:
            missing.append(path)
    return found, missing


def _walk(root: str, notes: list[str]) -> Iterator[tuple[str, str, str]]:
    """(filesystem path, display path, real path) of the manifests under ``root``."""
    import stat as st

    visited: set[tuple[int, int]] = set()

    def unlistable(error: OSError) -> None:
        notes.append(
            f"{error.filename}: cannot list this directory ({error.strerror}); "
            "its manifests were not checked"
        )

    for directory, dirnames, filenames in os.walk(root, followlinks=True, onerror=unlistable):
        try:
            stat = os.stat(directory)
        except OSError:
            dirnames[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in visited:  # a symlink loop
            dirnames[:] = []
            continue
        visited.add((stat.st_dev, stat.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if "Chart.yaml" in filenames:
            chart = os.path.normpath(directory)
            notes.append(
                f"{chart} is a Helm chart: its templates are not linted; "
                f"render them instead: helm template {chart} | kubelint -"
            )
            dirnames[:] = [d for d in dirnames if d != "templates"]
            filenames = [f for f in filenames if f not in ("Chart.yaml", "values.yaml")]
        real_directory = os.path.realpath(directory)
        for name in sorted(filenames):
            if name.endswith(MANIFEST_SUFFIXES) and not name.startswith("."):
                fs_path = os.path.join(directory, name)
                # One lstat instead of a realpath per file: only a symlink needs resolving.
                try:
                    mode = os.lstat(fs_path).st_mode
                    real = os.path.join(real_directory, name)
                    if st.S_ISLNK(mode):
                        real = os.path.realpath(fs_path)
                        mode = os.stat(fs_path).st_mode
                except OSError:  # gone, or a dangling link: reading it reports the problem
                    mode = st.S_IFREG
                    real = os.path.realpath(fs_path)
                if not st.S_ISREG(mode):  # a FIFO would block, a device never end
                    notes.append(
                        f"{os.path.normpath(fs_path)}: not a regular file (a pipe, "
                        "a device or a socket); skipped"
                    )
                    continue
                yield fs_path, os.path.normpath(fs_path), real


def _excluded(path: str, patterns: Sequence[str], root: str) -> bool:
    """gitignore-like: a pattern without ``/`` matches any path component; one with ``/``
    matches from the config's directory; a matching directory excludes what is inside."""
    if not patterns:
        return False
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/")
    parts = rel.split("/")
    inside = parts[0] != ".."
    for pattern in patterns:
        pattern = pattern.strip().rstrip("/")
        if not pattern:
            continue
        if "/" not in pattern:
            if any(fnmatch.fnmatchcase(part, pattern) for part in parts):
                return True
            continue
        if not inside:
            continue
        anchored = pattern.lstrip("/").replace("**/", "*").replace("/**", "/*")
        for i in range(1, len(parts) + 1):
            if fnmatch.fnmatchcase("/".join(parts[:i]), anchored):
                return True
    return False


def _printable(path: str) -> str:
    """A path as reports can print it: bytes of a file name that are not UTF-8 (kept by
    Python as surrogate escapes) become U+FFFD."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def load_source(
    fs_path: str,
    display: str,
    *,
    context_only: bool = False,
    stdin: Any = None,
    contents: Mapping[str, str] | None = None,
    real: str | None = None,
) -> SourceFile:
    """Read and parse one file (or standard input) into a SourceFile; never raises.
    ``contents`` maps real paths to text that replaces the file's (``--fix`` rounds);
    ``real`` is the file's real path, when the caller knows it already."""
    if real is None:
        real = STDIN_DISPLAY if fs_path == STDIN else os.path.realpath(fs_path)
    source = SourceFile(_printable(display), context_only=context_only, real_path=real)
    try:
        if contents is not None and real in contents:
            raw = contents[real].encode("utf-8")
        elif fs_path == STDIN:
            stream = stdin if stdin is not None else __import__("sys").stdin.buffer
            raw = stream.read()
        else:
            with open(fs_path, "rb") as fh:
                raw = fh.read()
    except OSError as exc:
        source.problems.append(LoadProblem("io", f"cannot read file: {exc.strerror or exc}"))
        return source
    load_text(source, raw, json_file=reads_as_json(fs_path))
    return source


def load_text(source: SourceFile, raw: bytes, *, json_file: bool = False) -> None:
    text = decode(raw)
    if isinstance(text, LoadProblem):
        source.problems.append(text)
        return
    if json_file and "\t" in text:
        # JSON allows tabs between tokens, YAML does not; inside JSON strings a tab must be
        # escaped, so every raw tab is whitespace and a space keeps all offsets.
        text = text.replace("\t", " ")
    source.text = text
    if not source.context_only:
        source.directives = suppress.parse_directives(text)
    for item in parse(text):
        if isinstance(item, Document):
            source.objects.extend(objects_from_document(item, source))
        else:
            source.problems.append(item)


# --------------------------------------------------------------------------- run


def _relative(path: str, directories: dict[str, str]) -> str:
    """A context file's path as the user would write it from here. ``directories`` keeps
    each directory's relative path: a repository's files share a few hundred of them, and
    ``relpath`` asks the system for the working directory twice a call."""
    directory, name = os.path.split(path)
    relative = directories.get(directory)
    if relative is None:
        relative = directories[directory] = os.path.relpath(directory or os.curdir)
    if relative.startswith(".."):
        return path
    return name if relative == os.curdir else os.path.join(relative, name)


def assign_namespaces(objects: Iterable[K8sObject], default_namespace: str) -> None:
    """Give every namespaced object its namespace, once CRDs in the run are known."""
    objects = list(objects)
    crd_scopes: dict[tuple[str, str], str] = {}
    for obj in objects:
        if obj.kind == "CustomResourceDefinition" and obj.group == "apiextensions.k8s.io":
            group, kind, scope = (
                obj.get("spec", "group"),
                obj.get("spec", "names", "kind"),
                obj.get("spec", "scope"),
            )
            if isinstance(group, str) and isinstance(kind, str) and isinstance(scope, str):
                crd_scopes[(group, kind)] = scope
    for obj in objects:
        if kube.is_cluster_scoped(obj.group, obj.kind, crd_scopes):
            obj.namespace = None
        else:
            obj.namespace = obj.written_namespace or default_namespace


@dataclass(slots=True)
class LoadedRun:
    """Everything a run reads: the files asked about, the ones loaded only to resolve
    references, and the index over both."""

    sources: list[SourceFile]
    context_sources: list[SourceFile]
    index: ObjectIndex
    missing: list[str]  # paths given that do not exist
    notes: list[str]

    @property
    def objects(self) -> list[K8sObject]:
        """The objects of the files asked about."""
        return [o for s in self.sources for o in s.objects]


class _Wanted(Record):
    """A file a run loads: where it is, how it is shown, whether it is only context."""

    __slots__ = ("context_only", "display", "fs_path", "real")

    def __init__(self, fs_path: str, display: str, context_only: bool, real: str) -> None:
        self.fs_path = fs_path
        self.display = display
        self.context_only = context_only
        self.real = real


def load_run(
    paths: Sequence[str],
    settings: Settings,
    *,
    context: Sequence[str] = (),
    stdin: Any = None,
    contents: Mapping[str, str] | None = None,
) -> LoadedRun:
    """Load ``paths`` and the ``context`` paths, give objects their namespaces, index them."""
    notes: list[str] = []
    reals: dict[str, str] = {STDIN: STDIN_DISPLAY}
    targets, missing = collect_files(paths, settings.exclude, settings.exclude_root, notes, reals)
    target_paths = {reals[fs] for fs, _ in targets}
    context_files, _ = collect_files(context, settings.exclude, settings.exclude_root, None, reals)
    wanted = [_Wanted(fs, display, False, reals[fs]) for fs, display in targets]
    directories: dict[str, str] = {}
    wanted.extend(
        _Wanted(fs, _relative(display, directories), True, reals[fs])
        for fs, display in context_files
        if reals[fs] not in target_paths
    )
    every_source = _read_all(wanted, settings, stdin, contents, notes)
    sources = every_source[: len(targets)]
    context_sources = every_source[len(targets) :]
    all_objects = [o for s in every_source for o in s.objects]
    assign_namespaces(all_objects, settings.default_namespace)
    # What a broken document defines may be referenced elsewhere: its identity, read from
    # the raw lines, counts as present, so one syntax error does not breed "missing" findings.
    salvaged = [
        ExternalObject(kind, name, namespace)
        for source in every_source
        for problem in source.problems_of("syntax", "too-deep", "alias-bomb")
        if (found := salvage_identity(source.text, problem.offset)) is not None
        for kind, name, namespace in [found]
    ]
    index = ObjectIndex(all_objects, [*settings.external, *salvaged])
    return LoadedRun(sources, context_sources, index, missing, notes)


def _read_all(
    wanted: Sequence[_Wanted],
    settings: Settings,
    stdin: Any,
    contents: Mapping[str, str] | None,
    notes: list[str],
) -> list[SourceFile]:
    """Every wanted file, loaded, in order: unchanged context files from the cache (when the
    settings allow it), the others read, in several processes when there is much to read."""
    cache = None
    plain_files = stdin is None and contents is None
    if settings.cache and plain_files and any(w.context_only for w in wanted):
        from kubelint.cache import LoadCache

        cache = LoadCache.open()
    cached, stamps = _from_cache(cache, wanted) if cache is not None else ({}, {})
    unread = [w for number, w in enumerate(wanted) if number not in cached]
    loaders, sizes = 1, []
    if settings.jobs != 1 and plain_files:
        sizes = _sizes(unread)
        loaders = _loaders(settings.jobs, unread, sizes)
    if loaders > 1:
        read = _load_in_processes(unread, sizes, loaders, notes)
    else:
        read = [_load_wanted(w, stdin, contents) for w in unread]
    if not cached:
        every_source = read
    else:
        fresh = iter(read)
        every_source = [cached[n] if n in cached else next(fresh) for n in range(len(wanted))]
    if cache is not None:
        for number, stamp in stamps.items():
            cache.put(wanted[number].real, stamp, every_source[number])
        cache.save()
    return every_source


def _from_cache(
    cache: LoadCache, wanted: Sequence[_Wanted]
) -> tuple[dict[int, SourceFile], dict[int, Stamp]]:
    """The context files the cache holds as they are now, by their place in ``wanted``; and
    the stamps of those it does not, to cache them once read."""
    cached: dict[int, SourceFile] = {}
    stamps: dict[int, Stamp] = {}
    for number, w in enumerate(wanted):
        if not w.context_only or w.fs_path == STDIN:
            continue
        stamp = cache.stamp(w.fs_path)
        if stamp is None:
            continue
        source = cache.get(w.real, stamp)
        if source is None:
            stamps[number] = stamp
            continue
        source.path = _printable(w.display)
        source.real_path = w.real
        source.context_only = True
        cached[number] = source
    return cached, stamps


def lint(
    paths: Sequence[str],
    settings: Settings,
    *,
    context: Sequence[str] = (),
    stdin: Any = None,
    contents: Mapping[str, str] | None = None,
    progress: Any = None,
) -> Report:
    """Lint ``paths``; objects under ``context`` paths resolve references but are not reported.
    ``contents``: real path -> text to lint instead of the file's (for ``--fix`` rounds);
    ``progress(done, total)`` is called as files are checked."""
    # The loaded documents are millions of small dicts and lists with no reference cycles:
    # the cycle collector would only walk them again and again. It runs after the lint.
    collecting = gc.isenabled()
    gc.disable()
    # Rules and the schema walker recurse a few frames per level of nesting; the loader
    # stops documents at 400 levels, which the default limit of 1000 frames cannot walk.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4000))
    try:
        return _lint(
            paths, settings, context=context, stdin=stdin, contents=contents, progress=progress
        )
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()


def _note_schema_coverage(settings: Settings, rules: Mapping[str, Any], report: Report) -> None:
    """Built-in schemas start at 1.25: below that the schema rules check custom resources
    only, and the user should know."""
    from kubelint.schema import kubernetes_versions, schema_version

    schema_rules = [r for r in settings.severities if r in rules and rules[r].category == "schema"]
    if schema_rules and schema_version(settings.kube_version) is None:
        oldest = ".".join(map(str, kubernetes_versions()[0]))
        target = ".".join(map(str, settings.kube_version))
        report.notes.append(
            f"built-in kinds are not validated against a schema below Kubernetes {oldest} "
            f"(target {target})"
        )


def _lint(
    paths: Sequence[str],
    settings: Settings,
    *,
    context: Sequence[str],
    stdin: Any,
    contents: Mapping[str, str] | None = None,
    progress: Any = None,
) -> Report:
    run = load_run(paths, settings, context=context, stdin=stdin, contents=contents)
    report = Report(notes=run.notes)
    report.internal_errors.extend(f"{path}: no such file or directory" for path in run.missing)
    rules = {**lint_rules(), **settings.extra_rules}
    ctx = Context(
        index=run.index,
        kube_version=settings.kube_version,
        default_namespace=settings.default_namespace,
        enabled=frozenset(settings.severities),
        known_rules=frozenset(rules),
        options=settings.options,
        pod_security=settings.pod_security,
    )
    _note_schema_coverage(settings, rules, report)
    runner = _Runner(rules, settings, ctx, report)
    jobs = _processes(settings.jobs, run)
    if jobs > 1:
        _run_in_processes(runner, run.sources, jobs, progress)
    else:
        for order, source in enumerate(run.sources):
            runner.run_file(order, source)
            if progress is not None:
                progress(order + 1, len(run.sources))
        for order, source in enumerate(run.sources):
            runner.run_after(order, source)

    report.files = len(run.sources)
    report.objects = sum(len(s.objects) for s in run.sources)
    runner.findings.sort(key=lambda item: item[0])
    report.findings = [finding for _, finding in runner.findings]
    return report


# --------------------------------------------------------------------------- processes

#: A run with fewer objects stays in one process: starting workers and sending their
#: findings back would cost more than the second core saves.
PARALLEL_MIN_OBJECTS = 1500
#: Files are handed to workers in batches of about this many objects.
_BATCH_OBJECTS = 250

#: What the workers check, set just before they are forked (they inherit it).
_shared: tuple[_Runner, list[SourceFile]] | None = None


#: Below this many bytes of manifests, files are read in one process.
PARALLEL_MIN_BYTES = 1_000_000
#: Files are read in chunks of at most this many bytes (a larger file is a chunk of its
#: own), each claimed by whichever process is free, the parent included: one heavy file
#: does not leave the others idle, and a worker's chunks are unpickled while the parent
#: still reads.
_CHUNK_BYTES = 256 * 1024
#: Chunks per process at least, when the files allow it.
_CHUNKS_PER_PROCESS = 8


def _sizes(wanted: Sequence[_Wanted]) -> list[int]:
    sizes = []
    for w in wanted:
        try:
            sizes.append(os.stat(w.fs_path).st_size)
        except OSError:
            sizes.append(0)
    return sizes


def _loaders(jobs: int, wanted: Sequence[_Wanted], sizes: Sequence[int]) -> int:
    """How many processes read the files: as for checking them (see ``_processes``), and
    for ``jobs`` = 0 only when there are megabytes to read."""
    if jobs == 1 or len(wanted) < 2 or sys.platform != "linux":
        return 1
    if any(w.fs_path == STDIN for w in wanted):
        return 1
    if jobs == 0:
        if sum(sizes) < PARALLEL_MIN_BYTES:
            return 1
        jobs = len(os.sched_getaffinity(0))
    return max(1, min(jobs, len(wanted)))


def _chunks(sizes: Sequence[int], processes: int) -> list[tuple[int, int]]:
    """Consecutive (start, end) ranges of files, in order, covering every file."""
    total = sum(sizes) + len(sizes)  # an empty file still costs an open
    most = max(1, min(_CHUNK_BYTES, total // (processes * _CHUNKS_PER_PROCESS)))
    chunks: list[tuple[int, int]] = []
    start, held = 0, 0
    for position, size in enumerate(sizes):
        if held and held + size + 1 > most:  # a file that would overfill it starts the next
            chunks.append((start, position))
            start, held = position, 0
        held += size + 1
        if held >= most:
            chunks.append((start, position + 1))
            start, held = position + 1, 0
    if start < len(sizes):
        chunks.append((start, len(sizes)))
    return chunks


#: What the loading workers read, set just before they are forked: the files, their
#: chunks, a shared counter of the chunks claimed so far, and the folder where workers
#: leave what they read.
_reading: tuple[list[_Wanted], list[tuple[int, int]], Any, str] | None = None


def _claim() -> tuple[int, list[SourceFile]] | None:
    """Read the next chunk nobody has claimed yet; None when every chunk is claimed."""
    assert _reading is not None
    wanted, chunks, claimed, _ = _reading
    with claimed.get_lock():
        number = claimed.value
        claimed.value = number + 1
    if number >= len(chunks):
        return None
    start, end = chunks[number]
    return number, [_load_wanted(w) for w in wanted[start:end]]


def _load_in_processes(
    wanted: list[_Wanted], sizes: Sequence[int], processes: int, notes: list[str]
) -> list[SourceFile]:
    """Load files in ``processes`` processes; the same SourceFiles, in the same order, as
    loading them in one. The parent and forked workers claim chunks of files in turn;
    workers pickle what they read (objects, positions, problems, text) to a private
    folder, and the parent unpickles each chunk between chunks of its own."""
    import multiprocessing
    import pickle
    import shutil
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    global _reading
    context = multiprocessing.get_context("fork")
    chunks = _chunks(sizes, processes)
    # In memory where there is a RAM disk; readable by this user only (mkdtemp), removed
    # at the end. Not the pool's result pipe: it is read in small pieces, each waiting
    # for the parent's busy thread to let go of the interpreter.
    shm = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    spool = tempfile.mkdtemp(prefix="kubelint-", dir=shm)
    _reading = (wanted, chunks, context.Value("q", 0), spool)
    loaded: list[list[SourceFile] | None] = [None] * len(chunks)

    def take(number: int | None) -> None:
        if number is not None:
            # removed as soon as read: the files hold the manifests' values, Secrets
            # included, and a run that is killed should leave as few behind as it can
            path = os.path.join(spool, str(number))
            with open(path, "rb") as fh:
                raw = fh.read()
            os.remove(path)
            loaded[number] = pickle.loads(raw)

    try:
        with contextlib.ExitStack() as stack:
            # not multiprocessing.Pool: it waits forever for a worker that was killed
            pool = stack.enter_context(ProcessPoolExecutor(processes - 1, mp_context=context))
            try:
                # one task per chunk, each claiming whatever chunk is next: a worker asks
                # for more as soon as it is done (a task that finds none left returns None)
                pending = [pool.submit(_task_claim, number) for number in range(len(chunks))]
                while (mine := _claim()) is not None:
                    loaded[mine[0]] = mine[1]
                    while pending and pending[0].done():  # unpickle what is ready meanwhile
                        take(pending.pop(0).result())
                for future in pending:
                    take(future.result())
            except Exception as exc:  # a worker failed: what it did not deliver is read below
                notes.append(
                    f"a worker process failed while reading files ({type(exc).__name__}); "
                    "they were read again in the main process"
                )
                stack.callback(pool.shutdown, wait=False, cancel_futures=True)
    finally:
        _reading = None
        shutil.rmtree(spool, ignore_errors=True)
    for number, chunk in enumerate(loaded):
        if chunk is None:
            start, end = chunks[number]
            loaded[number] = [_load_wanted(w) for w in wanted[start:end]]
    return [source for chunk in loaded if chunk is not None for source in chunk]


def _task_claim(_: int) -> int | None:
    """In a worker: one task, one chunk (see ``_claim``), left in the spool folder."""
    import pickle

    claimed = _claim()
    if claimed is None:
        return None
    assert _reading is not None
    number, sources = claimed
    path = os.path.join(_reading[3], str(number))
    with open(path + ".part", "wb") as fh:
        pickle.dump(sources, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.rename(path + ".part", path)
    return number


def _load_wanted(
    w: _Wanted, stdin: Any = None, contents: Mapping[str, str] | None = None
) -> SourceFile:
    return load_source(
        w.fs_path, w.display, context_only=w.context_only, stdin=stdin, contents=contents,
        real=w.real,
    )  # fmt: skip


def _processes(jobs: int, run: LoadedRun) -> int:
    """How many processes check the files: ``jobs``, or (0) one per CPU for large runs.

    Workers are forked, so they share the loaded files and the index with the parent
    without copying them; where ``fork`` is not the way processes start (Windows, and
    macOS, where forking a threaded program is unsafe) a run stays in one process."""
    if jobs == 1 or len(run.sources) < 2 or sys.platform != "linux":
        return 1
    if jobs == 0:
        if sum(len(s.objects) for s in run.sources) < PARALLEL_MIN_OBJECTS:
            return 1
        jobs = len(os.sched_getaffinity(0))
    return max(1, min(jobs, len(run.sources)))


def _batches(sources: Sequence[SourceFile]) -> list[list[int]]:
    """Consecutive files in groups of about _BATCH_OBJECTS objects."""
    batches: list[list[int]] = [[]]
    size = 0
    for order, source in enumerate(sources):
        if size >= _BATCH_OBJECTS:
            batches.append([])
            size = 0
        batches[-1].append(order)
        size += len(source.objects) + 1
    return batches


def _run_in_processes(runner: _Runner, sources: list[SourceFile], jobs: int, progress: Any) -> None:
    """Check files in ``jobs`` forked processes; the result is the same as in one.

    Each worker checks whole files, the file-scope "after" rules included: what those
    read (which suppressions were used) comes from the file's own objects only. Findings
    come back with their sort keys, errors and fixes in file order, so the report does
    not depend on which worker finished first."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _shared
    batches = _batches(sources)
    # Import the rules before forking, not once in every worker.
    for kind in {obj.kind for source in sources for obj in source.objects}:
        runner.rules_for(kind)
    _shared = (runner, sources)
    # Objects made before the fork stay out of the collector's sight: otherwise a cycle
    # collection in a worker would touch (and so copy) every page of the loaded files.
    gc.freeze()
    results: list[Any] = [None] * len(batches)
    done = 0
    try:
        try:
            # not multiprocessing.Pool: it waits forever for a worker that was killed
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_check_batch, item) for item in enumerate(batches)]
                for future in as_completed(futures):
                    number, result = future.result()
                    results[number] = result
                    done += len(batches[number])
                    if progress is not None:
                        progress(done, len(sources))
        except Exception as exc:  # a worker failed (killed, out of memory): check its files here
            runner.report.notes.append(
                f"a worker process failed while checking files ({type(exc).__name__}); "
                "they were checked again in the main process"
            )
            for number, batch in enumerate(batches):
                if results[number] is None:
                    results[number] = _check_batch((number, batch))[1]
                    done += len(batch)
                    if progress is not None:
                        progress(done, len(sources))
    finally:
        _shared = None
        gc.unfreeze()
    from kubelint.fix import PendingFix

    for findings, errors, fixes in results:
        runner.findings.extend(findings)
        runner.report.internal_errors.extend(errors)
        for rule_id, order, position, fix in fixes:
            runner.report.fixes.append(PendingFix(rule_id, sources[order].objects[position], fix))


def _check_batch(item: tuple[int, list[int]]) -> tuple[int, Any]:
    """Check one batch of files (in a worker, or in the parent when a worker failed); what
    the parent needs to merge. The runner's own findings, errors and fixes are left as
    they were."""
    number, orders = item
    assert _shared is not None
    runner, sources = _shared
    kept = runner.findings, runner.report.internal_errors, runner.report.fixes
    runner.findings, runner.report.internal_errors, runner.report.fixes = [], [], []
    try:
        for order in orders:
            runner.run_file(order, sources[order])
            runner.run_after(order, sources[order])
        found = runner.findings, runner.report.internal_errors, runner.report.fixes
    finally:
        runner.findings, runner.report.internal_errors, runner.report.fixes = kept
    findings, errors, pending = found
    # a fix names its object by position: objects do not travel between processes
    where = {
        id(obj): (order, position)
        for order in orders
        for position, obj in enumerate(sources[order].objects)
    }
    fixes = [(p.rule, *where[id(p.obj)], p.fix) for p in pending]
    return number, (findings, errors, fixes)


class _Runner:
    def __init__(self, rules: Mapping[str, Rule], settings: Settings, ctx: Context, report: Report):
        self.settings = settings
        self.ctx = ctx
        self.report = report
        enabled = [r for r in rules.values() if r.id in settings.severities]
        self.object_rules = [r for r in enabled if r.scope == "object"]
        self.file_rules = [r for r in enabled if r.scope == "file"]
        self.after_rules = [r for r in enabled if r.scope == "after"]
        self._by_kind: dict[str, list[tuple[Rule, Check]]] = {}
        self.findings: list[tuple[tuple[int, int, int, str], Finding]] = []

    def rules_for(self, kind: str) -> list[tuple[Rule, Check]]:
        """The enabled object rules for ``kind``, with their checks (imported now)."""
        rules = self._by_kind.get(kind)
        if rules is None:
            rules = [
                (r, r.check.load() if isinstance(r.check, _Deferred) else r.check)
                for r in self.object_rules
                if r.kinds is None or kind in r.kinds
            ]
            self._by_kind[kind] = rules
        return rules

    def run_file(self, order: int, source: SourceFile) -> None:
        for rule in self.file_rules:
            self._run_on_file(rule, order, source)
        # the innermost loop of a run: every object times every rule for its kind
        ctx = self.ctx
        by_kind = self._by_kind
        for obj in source.objects:
            checks = by_kind.get(obj.kind) or self.rules_for(obj.kind)
            for rule, check in checks:
                try:
                    problems = [*check(obj, ctx)]
                    if not problems:  # nearly always: nothing more to do
                        continue
                    messages = [rule.format(p) for p in problems]
                except Exception as exc:  # reported by _crashed, and the run goes on
                    self._crashed(rule, exc, source, obj)
                    continue
                for problem, message in zip(problems, messages, strict=True):
                    self._add(rule, problem, message, order, source, obj)

    def run_after(self, order: int, source: SourceFile) -> None:
        for rule in self.after_rules:
            self._run_on_file(rule, order, source)

    def _run_on_file(self, rule: Rule, order: int, source: SourceFile) -> None:
        """A file-scope rule (its problems carry offsets, not paths in an object)."""
        try:
            problems = [(p, rule.format(p)) for p in rule.check(source, self.ctx)]
        except Exception as exc:
            self._crashed(rule, exc, source, None)
            return
        for problem, message in problems:
            self._add(rule, problem, message, order, source, None)

    def _crashed(
        self, rule: Rule, exc: Exception, source: SourceFile, obj: K8sObject | None
    ) -> None:
        """A bug in a rule must not stop the run or show a traceback: an internal error.

        The exception's text is not shown: it can quote a value from the manifest."""
        import traceback

        where = obj.display_name if obj is not None else source.path
        last = traceback.extract_tb(exc.__traceback__)[-1]
        self.report.internal_errors.append(
            f"rule {rule.id} failed on {source.path} ({where}): {type(exc).__name__} "
            f"at {os.path.basename(last.filename)}:{last.lineno}; please report this"
        )
        if os.environ.get("KUBELINT_DEBUG"):
            traceback.print_exception(exc)

    def _add(
        self,
        rule: Rule,
        problem: Problem,
        message: str,
        order: int,
        source: SourceFile,
        obj: K8sObject | None,
    ) -> None:
        if problem.offset is not None or obj is None:
            offset = problem.offset or 0
        else:
            offset = obj.offset(problem.at, key=problem.on_key)
        line, column = source.line_col(offset)
        if obj is not None and self._annotation_silences(rule.id, obj, problem.at):
            return
        if source.directives.match(rule.id, line) is not None:
            return
        ref = None
        if obj is not None:
            ref = ObjectRef(obj.api_version, obj.kind, obj.namespace, obj.name)
        finding = Finding(
            rule=rule.id,
            category=rule.category,
            severity=self.settings.severities[rule.id],
            message=message,
            file=source.path,
            line=line,
            column=column,
            object=ref,
            path=tuple(problem.at) if obj is not None else (),
        )
        self.findings.append(((order, line, column, rule.id), finding))
        if problem.fix is not None and obj is not None and not source.context_only:
            from kubelint.fix import PendingFix

            if rule.fixable is None or (not problem.fix.safe and rule.fixable == "safe"):
                raise AssertionError(f"rule {rule.id} offers a fix its metadata does not declare")
            self.report.fixes.append(PendingFix(rule.id, obj, problem.fix))

    def _annotation_silences(self, rule_id: str, obj: K8sObject, at: tuple[Any, ...]) -> bool:
        names = suppress.annotation_rules(obj.annotations)
        template = kube.template_labels_path(obj.group, obj.kind)
        if (
            template is not None
            and len(template) > 2
            and tuple(at[: len(template) - 2]) == template[:-2]
        ):
            annotations = obj.get(*template[:-1], "annotations")
            if isinstance(annotations, Mapping):
                names = names + suppress.annotation_rules(annotations)
        if rule_id in names or suppress.ALL in names:
            self.ctx.annotation_used.setdefault(id(obj), set()).add(rule_id)
            return True
        return False
