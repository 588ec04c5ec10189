"""Render Helm charts and kustomizations with their own tools, and lint what they produce.

kubelint does not interpret templates: ``helm template`` and ``kustomize build`` (or
``kubectl kustomize``) turn a chart or a kustomization into plain manifests, and those are
linted like any file. A missing tool is an error that says what to install, never a silent
skip. Nothing here reaches the network: only local charts and local kustomizations are
rendered, and remote resources are refused before the tool runs.

Where a finding points
----------------------
A template's own line numbers are lost once it is rendered (a ``{{- if }}`` or an
``include`` moves every line after it), so findings cannot point into the template. They
point at the file the rendered text came from, with how it was rendered in brackets, and at
the line in the rendered text::

    charts/web/templates/deployment.yaml[values-prod.yaml]:21:7
    overlays/prod[kustomize]:30:9

For Helm, each ``# Source:`` comment of ``helm template`` names the template a document came
from; the documents of one template form one rendered file, whose lines are those that
``helm template ... --show-only templates/deployment.yaml`` prints for it. A kustomization
has no such comments: its rendered file is the whole output of ``kubectl kustomize DIR``.
The finding's object (``Deployment prod/web``) names the rendered object in both cases.
"""

from __future__ import annotations

import bisect
import dataclasses
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kubelint.engine import Settings, collect_files, lint
from kubelint.findings import Finding, Report
from kubelint.versions import NEWEST, KubeVersion, format_version

#: Where to read how to install each tool (in ToolMissing messages).
INSTALL_HELP = {
    "helm": "https://helm.sh/docs/intro/install/",
    "kustomize": "https://kubectl.docs.kubernetes.io/installation/kustomize/",
    "kubectl": "https://kubernetes.io/docs/tasks/tools/",
}

#: The file names kustomize reads a kustomization from, in the order it tries them.
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

#: How long one render may take, in seconds.
DEFAULT_TIMEOUT = 120.0

#: Label of a Helm rendering with the chart's own values only.
DEFAULTS_LABEL = "defaults"

#: At most this much of a failing tool's error output goes into the error message.
_STDERR_LINES = 20
_STDERR_CHARS = 2000


class RenderError(Exception):
    """A chart or kustomization could not be rendered; the message says why (with the
    tool's own error output) and is meant for the user as it is."""


class ToolMissing(RenderError):
    """The tool a rendering needs is not installed (not on ``PATH``)."""

    def __init__(self, tool: str, purpose: str, alternatives: Sequence[str] = ()) -> None:
        names = [tool, *alternatives]
        if len(names) == 1:
            what = f"{tool} is not installed (not found on PATH)"
        else:
            what = f"neither {' nor '.join(names)} is installed (none found on PATH)"
        where = "; ".join(f"{name}: {INSTALL_HELP[name]}" for name in names if name in INSTALL_HELP)
        super().__init__(f"{what}: kubelint needs it to {purpose}; install it (see {where})")
        self.tool = tool


def find_tool(name: str) -> str | None:
    """The full path of the executable ``name`` on ``PATH``, or None."""
    import shutil  # here, like subprocess and tempfile: `kubelint FILE` renders nothing

    return shutil.which(name)


# --------------------------------------------------------------------------- rendered text


@dataclass(frozen=True, slots=True)
class Piece:
    """The part of a rendering that came from one file: the documents of one Helm template,
    or the whole output of a kustomization."""

    #: What findings show as their file: ``charts/web/templates/deployment.yaml[values-prod.yaml]``.
    display: str
    #: The template file (Helm) or kustomization directory it came from, as a path.
    origin: str
    #: The rendered text; finding lines are lines of this text.
    text: str
    #: (first line in the whole output, first line in ``text``, number of lines) of each
    #: stretch of the output that belongs to this piece, in order.
    spans: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a line of a rendering's whole output lands in its pieces."""

    piece: Piece
    line: int  # 1-based, in ``piece.text``

    def __str__(self) -> str:
        return f"{self.piece.display}:{self.line}"


@dataclass(frozen=True, slots=True)
class Rendered:
    """One rendering: a chart with one set of values, or one kustomization."""

    tool: str  # "helm" or "kustomize"
    #: The chart or kustomization directory, as shown to the user.
    source: str
    #: How it was rendered: the values file(s), ``defaults``, or ``kustomize``.
    label: str
    #: The tool's whole output.
    text: str
    #: The command that reproduces ``text``, as the user would type it.
    command: tuple[str, ...]
    pieces: tuple[Piece, ...]
    #: What the tool printed on its error output although it succeeded (deprecations...).
    warnings: tuple[str, ...] = ()
    #: Where objects that name no namespace go: Helm's release namespace (``helm install
    #: -n``); None for a kustomization (the lint's default namespace).
    namespace: str | None = None

    @property
    def name(self) -> str:
        """``charts/web (values-prod.yaml)``, ``overlays/prod (kustomize)``."""
        return f"{self.source} ({self.label})"

    def locate(self, line: int) -> Location | None:
        """The piece and the line in it of line ``line`` (1-based) of the whole output, or
        None when that line belongs to no piece (a separator before any document)."""
        for piece in self.pieces:
            for first, first_in_piece, count in piece.spans:
                if first <= line < first + count:
                    return Location(piece, first_in_piece + line - first)
        return None

    def reproduce(self, piece: Piece) -> str:
        """The command whose output is ``piece.text`` exactly, line for line."""
        command = list(self.command)
        if self.tool == "helm" and piece.origin != self.source:
            inside = _chart_relative(piece.origin, self.source)
            if inside is not None:
                command += ["--show-only", inside]
        return " ".join(_quote(part) for part in command)


def _quote(word: str) -> str:
    import shlex

    return shlex.quote(word)


def _chart_relative(origin: str, chart: str) -> str | None:
    """A template's path inside its chart (``templates/x.yaml``), as ``--show-only`` takes
    it; None when ``origin`` is not inside ``chart``."""
    if _is_archive(chart):
        # The origin is "chart.tgz/NAME/templates/x.yaml": NAME is the chart's own folder.
        prefix = chart.rstrip("/") + "/"
        inside = origin[len(prefix) :].partition("/")[2] if origin.startswith(prefix) else ""
        return inside or None
    relative = os.path.relpath(origin, chart)
    return None if relative.startswith("..") else relative.replace(os.sep, "/")


def _split_lines(text: str) -> list[str]:
    """Lines with their newlines, split where the engine counts lines: at ``\\n`` only."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


_SOURCE_RE = re.compile(r"^# Source: (?P<path>\S.*?)\s*$")


def split_helm_output(text: str) -> list[tuple[str | None, int, list[str]]]:
    """The stretches of ``helm template`` output, each as (``# Source:`` path or None, first
    line number, lines). A stretch starts at the ``---`` line before a ``# Source:`` comment,
    so the stretches of one template, put together, are what ``--show-only`` prints."""
    lines = _split_lines(text)
    starts: list[tuple[int, str | None]] = []  # (index of first line, source)
    for i, line in enumerate(lines):
        match = _SOURCE_RE.match(line.rstrip("\r\n"))
        if match is None:
            continue
        if i > 0 and lines[i - 1].rstrip("\r\n").rstrip() == "---":
            starts.append((i - 1, match["path"]))
        elif i == 0:
            starts.append((0, match["path"]))
    stretches: list[tuple[str | None, int, list[str]]] = []
    if not starts or starts[0][0] > 0:
        head = lines[: starts[0][0] if starts else len(lines)]
        if any(line.strip() not in ("", "---") for line in head):
            stretches.append((None, 1, head))
    for n, (first, source) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        stretches.append((source, first + 1, lines[first:end]))
    return stretches


def _pieces(
    stretches: Iterable[tuple[str | None, int, list[str]]],
    origin_of: Callable[[str | None], str],
    label: str,
) -> tuple[Piece, ...]:
    grouped: dict[str, list[tuple[int, list[str]]]] = {}
    for source, first, lines in stretches:
        grouped.setdefault(origin_of(source), []).append((first, lines))
    pieces = []
    for origin in sorted(grouped):
        text_parts: list[str] = []
        spans = []
        at = 1
        for first, lines in grouped[origin]:
            chunk = "".join(lines)
            if text_parts and not text_parts[-1].endswith("\n"):
                text_parts.append("\n")  # the last line of a chunk may lack its newline
            text_parts.append(chunk)
            spans.append((first, at, len(lines)))
            at += len(lines)
        pieces.append(Piece(f"{origin}[{label}]", origin, "".join(text_parts), tuple(spans)))
    return tuple(pieces)


def helm_pieces(text: str, chart: str, label: str) -> tuple[Piece, ...]:
    """Split ``helm template`` output of ``chart`` into one piece per template file."""

    def origin_of(source: str | None) -> str:
        if source is None:
            return chart
        if _is_archive(chart):
            return f"{chart}/{source}"  # the template's path inside the archive
        _name, _, rest = source.partition("/")
        return os.path.normpath(os.path.join(chart, rest)) if rest else chart

    return _pieces(split_helm_output(text), origin_of, label)


def _whole_piece(text: str, origin: str, label: str) -> tuple[Piece, ...]:
    lines = _split_lines(text)
    if not lines:
        return ()
    return (Piece(f"{origin}[{label}]", origin, text, ((1, 1, len(lines)),)),)


# --------------------------------------------------------------------------- running tools


def _shown(path: str) -> str:
    """A path as the user would write it from here."""
    relative = os.path.relpath(os.path.abspath(path))
    return os.path.normpath(path) if relative.startswith("..") else relative


def _arg(path: str) -> str:
    """A path as a command-line argument: never mistaken for an option."""
    return os.path.join(".", path) if path.startswith("-") else path


def _trim(stderr: str) -> str:
    lines = [line.rstrip() for line in stderr.strip().splitlines()]
    # helm's closing hint is about helm's own flags, not kubelint's.
    lines = [line for line in lines if not line.startswith("Use --debug flag")]
    while lines and not lines[-1]:
        lines.pop()
    extra = len(lines) - _STDERR_LINES
    text = "\n".join(lines[:_STDERR_LINES])
    if len(text) > _STDERR_CHARS:
        text = text[:_STDERR_CHARS].rstrip() + " ..."
    if extra > 0:
        text += f"\n... ({extra} more lines)"
    return text or "(no error output)"


def _run(argv: list[str], what: str, timeout: float) -> tuple[str, str]:
    """Run a renderer; its standard output and error output. Raises RenderError."""
    import subprocess

    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"{what} did not finish within {timeout:g} seconds") from None
    except OSError as exc:
        raise RenderError(f"{what} could not run: {exc.strerror or exc}") from None
    stdout = done.stdout.decode("utf-8", errors="replace")
    stderr = done.stderr.decode("utf-8", errors="replace")
    if done.returncode != 0:
        raise RenderError(f"{what} failed (exit code {done.returncode}):\n{_trim(stderr)}")
    return stdout, stderr


def _warnings(stderr: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in stderr.splitlines() if line.strip())


# --------------------------------------------------------------------------- helm


def _is_archive(path: str) -> bool:
    return path.endswith((".tgz", ".tar.gz"))


def _looks_remote(ref: str) -> bool:
    return "://" in ref or ref.startswith(("oci:", "git@", "git::"))


def _check_chart(chart: str) -> None:
    if _looks_remote(chart):
        raise RenderError(
            f"{chart}: kubelint renders local charts only and never downloads one; fetch it "
            f"first (helm pull {chart} --untar) and lint the directory"
        )
    if os.path.isdir(chart):
        if not os.path.isfile(os.path.join(chart, "Chart.yaml")):
            raise RenderError(f"{chart} is not a Helm chart: it has no Chart.yaml")
        return
    if os.path.isfile(chart):
        if not _is_archive(chart):
            raise RenderError(f"{chart} is not a Helm chart: give its directory or a .tgz archive")
        return
    hint = ""
    if chart.count("/") == 1 and not chart.startswith((".", "/")):
        hint = (
            f" (kubelint does not fetch charts from repositories: "
            f"helm pull {chart} --untar, then lint the directory)"
        )
    raise RenderError(f"{chart}: no such chart directory{hint}")


def values_label(values: Sequence[str], all_values: Sequence[Sequence[str]] = ()) -> str:
    """How findings name a rendering: the values files' names (``values-prod.yaml``,
    ``base.yaml+prod.yaml``), their paths where names alone would be ambiguous, or
    ``defaults`` for the chart's own values."""
    if not values:
        return DEFAULTS_LABEL
    names = [os.path.basename(v) for v in values]
    others = [
        "+".join(os.path.basename(v) for v in other)
        for other in all_values
        if list(other) != list(values)
    ]
    if "+".join(names) in others or "+".join(names) == DEFAULTS_LABEL:
        names = [_shown(v) for v in values]
    return "+".join(names)


def render_helm(
    chart: str,
    values_files: Sequence[str | Sequence[str]] = (),
    *,
    release: str = "release-name",
    namespace: str | None = None,
    kube_version: KubeVersion | str | None = NEWEST,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[Rendered]:
    """Render a local chart with ``helm template``, once per item of ``values_files`` (an
    item that is itself a list of files layers them, as several ``-f`` do in helm), or once
    with the chart's defaults when there is none.

    ``namespace`` is the release's: ``default`` unless given, so the output never depends
    on the kubeconfig's current namespace, and the objects that name none are linted as in
    it (the CLI passes its default namespace). ``kube_version`` sets
    ``.Capabilities.KubeVersion``: pass the lint's target. CRDs in the chart's ``crds/`` are
    rendered too (``--include-crds``). Only local charts (a directory or a ``.tgz``) and
    local values files are accepted, so ``helm template`` reads nothing from the network;
    a chart whose dependencies are not in its ``charts/`` folder fails until ``helm
    dependency build`` has been run (which may download them: the user's choice).
    Raises ToolMissing or RenderError.
    """
    _check_chart(chart)
    sets: list[list[str]] = [[v] if isinstance(v, str) else list(v) for v in values_files]
    for values in sets:
        for path in values:
            if _looks_remote(path):
                raise RenderError(f"values file {path}: kubelint reads local values files only")
            if not os.path.isfile(path):
                raise RenderError(f"values file {path}: no such file")
    helm = find_tool("helm")
    if helm is None:
        raise ToolMissing("helm", "render Helm charts (helm template)")
    shown_chart = _shown(chart)
    base = [
        *("template", release, _arg(chart)),
        *("--namespace", namespace or "default", "--include-crds"),
    ]
    if kube_version is not None:
        version = kube_version if isinstance(kube_version, str) else format_version(kube_version)
        base += ["--kube-version", version]
    rendered = []
    for values in sets or [[]]:
        label = values_label(values, sets)
        flags = [arg for path in values for arg in ("-f", _arg(path))]
        what = f"helm template of {shown_chart} ({label})"
        stdout, stderr = _run([helm, *base, *flags], what, timeout)
        shown_flags = [arg for path in values for arg in ("-f", _shown(path))]
        command = ("helm", "template", release, shown_chart, *base[3:], *shown_flags)
        rendered.append(
            Rendered(
                tool="helm",
                source=shown_chart,
                label=label,
                text=stdout,
                command=command,
                pieces=helm_pieces(stdout, shown_chart, label),
                warnings=_warnings(stderr),
                namespace=namespace or "default",
            )
        )
    return rendered


# --------------------------------------------------------------------------- kustomize


def kustomization_file(directory: str) -> str | None:
    """The kustomization file of ``directory``, or None."""
    for name in KUSTOMIZATION_FILES:
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    return None


def is_kustomization(directory: str) -> bool:
    """True when ``directory`` is a directory holding a kustomization file."""
    return os.path.isdir(directory) and kustomization_file(directory) is not None


_HOST_RE = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/")


def _read_kustomization(directory: str) -> dict[str, Any]:
    import yaml

    path = kustomization_file(directory)
    if path is None:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # the tool reports it
    return data if isinstance(data, dict) else {}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                yield item


def _paths_of(entries: Any, key: str = "path") -> Iterator[str]:
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get(key), str):
                yield entry[key]


def _generator_files(entries: Any) -> Iterator[str]:
    if not isinstance(entries, list):
        return
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for item in _strings(entry.get("files")):
            yield item.split("=", 1)[-1]
        yield from _strings(entry.get("envs"))
        if isinstance(entry.get("env"), str):
            yield entry["env"]


@dataclass(slots=True)
class KustomizeInputs:
    """What a kustomization reads from disk, found by following its local references."""

    directories: list[str]  # real paths of every kustomization directory it builds on
    files: list[str]  # real paths of the other files it names (resources, patches...)
    remote: list[str]  # references kustomize would download (URLs, git repositories)


def kustomize_inputs(directory: str) -> KustomizeInputs:
    """The kustomization directories, files and remote references ``directory`` builds on,
    following ``resources``, ``bases`` and ``components`` recursively."""
    found = KustomizeInputs([], [], [])
    pending = [os.path.realpath(directory)]
    while pending:
        current = pending.pop()
        if current in found.directories:
            continue
        found.directories.append(current)
        data = _read_kustomization(current)
        references = [
            *_strings(data.get("resources")),
            *_strings(data.get("bases")),
            *_strings(data.get("components")),
        ]
        for ref in references:
            local = os.path.realpath(os.path.join(current, ref))
            if os.path.isdir(local):
                if kustomization_file(local) is not None:
                    pending.append(local)
            elif os.path.exists(local):
                found.files.append(local)
            elif _looks_remote(ref) or _HOST_RE.match(ref):
                found.remote.append(ref)
        patch_files = [
            *(p for p in _strings(data.get("patchesStrategicMerge")) if "\n" not in p),
            *_paths_of(data.get("patches")),
            *_paths_of(data.get("patchesJson6902")),
            *_strings(data.get("crds")),
            *_generator_files(data.get("configMapGenerator")),
            *_generator_files(data.get("secretGenerator")),
        ]
        for ref in patch_files:
            local = os.path.realpath(os.path.join(current, ref))
            if os.path.isfile(local):
                found.files.append(local)
    return found


def find_kustomizations(root: str) -> list[str]:
    """The kustomizations under ``root`` (itself included) that no other one there builds
    on: the overlays one would deploy. Hidden directories are skipped."""
    every = []
    for directory, dirnames, _files in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if kustomization_file(directory) is not None:
            every.append(directory)
    used: set[str] = set()
    for directory in every:
        inputs = kustomize_inputs(directory)
        used.update(d for d in inputs.directories if d != os.path.realpath(directory))
    return [os.path.normpath(d) for d in every if os.path.realpath(d) not in used]


def render_kustomize(directory: str, *, timeout: float = DEFAULT_TIMEOUT) -> Rendered:
    """Render a kustomization with ``kustomize build``, else ``kubectl kustomize``.

    Remote resources (URLs, git repositories) are refused before anything runs: kubelint
    never downloads. Raises ToolMissing or RenderError.
    """
    if not os.path.isdir(directory):
        raise RenderError(f"{directory}: no such directory")
    if kustomization_file(directory) is None:
        raise RenderError(
            f"{directory} is not a kustomization: it has no {' or '.join(KUSTOMIZATION_FILES)}"
        )
    shown = _shown(directory)
    remote = kustomize_inputs(directory).remote
    if remote:
        raise RenderError(
            f"{shown} builds on remote resources ({', '.join(remote)}), which kubelint does "
            f"not download: render it yourself and lint the output (kustomize build {shown} "
            f"| kubelint -)"
        )
    kustomize = find_tool("kustomize")
    if kustomize is not None:
        argv, command = [kustomize, "build", _arg(directory)], ("kustomize", "build", shown)
    else:
        kubectl = find_tool("kubectl")
        if kubectl is None:
            raise ToolMissing("kustomize", "render kustomizations", alternatives=("kubectl",))
        argv, command = [kubectl, "kustomize", _arg(directory)], ("kubectl", "kustomize", shown)
    stdout, stderr = _run(argv, f"{command[0]} {command[1]} of {shown}", timeout)
    return Rendered(
        tool="kustomize",
        source=shown,
        label="kustomize",
        text=stdout,
        command=command,
        pieces=_whole_piece(stdout, shown, "kustomize"),
        warnings=_warnings(stderr),
    )


# --------------------------------------------------------------------------- linting


def _rendered_inputs(rendered: Rendered) -> list[str]:
    """Real paths of what a rendering read: kept out of the context, where the raw files
    would define the rendered objects a second time."""
    if rendered.tool == "kustomize":
        inputs = kustomize_inputs(rendered.source)
        return [*inputs.directories, *inputs.files]
    return [os.path.realpath(rendered.source)]


def _inside(path: str, roots: Sequence[str]) -> bool:
    real = os.path.realpath(path)
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _context_files(
    context: Sequence[str], settings: Settings, leave_out: Sequence[str]
) -> list[str]:
    files, _missing = collect_files(context, settings.exclude, settings.exclude_root)
    return [fs for fs, _display in files if not _inside(fs, leave_out)]


def lint_rendered(
    rendered: Sequence[Rendered],
    settings: Settings,
    *,
    context: Sequence[str] = (),
) -> Report:
    """Lint renderings through the normal engine, each on its own (two values files are
    two releases: their objects must not meet), with ``context`` resolving references.

    Findings name the piece a rendered line came from (``Piece.display``) and the line in
    that piece. The context leaves out the chart or kustomization files themselves. The
    configuration's ``exclude`` patterns pick the context files, not rendered ones. Fixes
    are dropped: they would edit rendered text, not the templates.
    """
    return merge_reports(_lint_one(item, settings, context) for item in rendered)


def merge_reports(reports: Iterable[Report]) -> Report:
    """One report of several runs (plain files and renderings): findings in run order,
    counts added up, notes once each."""
    merged = Report()
    for report in reports:
        merged.findings.extend(report.findings)
        merged.files += report.files
        merged.objects += report.objects
        merged.internal_errors.extend(report.internal_errors)
        merged.fixes.extend(report.fixes)
        for note in report.notes:
            if note not in merged.notes:
                merged.notes.append(note)
    return merged


def _lint_one(item: Rendered, settings: Settings, context: Sequence[str]) -> Report:
    notes = [f"{item.command[0]}: {warning}" for warning in item.warnings]
    if not item.pieces:
        return Report(notes=[*notes, f"{item.name} rendered no objects"])
    import tempfile

    context_files = _context_files(context, settings, _rendered_inputs(item))
    with tempfile.TemporaryDirectory(prefix="kubelint-render-") as tmp:
        names: dict[str, Piece] = {}
        for n, piece in enumerate(item.pieces, 1):
            path = os.path.join(tmp, f"{n:04d}.yaml")
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(piece.text)
            names[path] = piece
        # The temporary paths must not meet the exclude patterns (a "tmp" pattern would
        # drop them all): the context was filtered with them above.
        run_settings = dataclasses.replace(
            settings,
            exclude=(),
            default_namespace=item.namespace or settings.default_namespace,
        )
        report = lint(list(names), run_settings, context=context_files)

    def mapped(text: str) -> str:
        for path, piece in names.items():
            text = text.replace(path, piece.display)
            text = text.replace(os.path.realpath(path), piece.display)
        return text

    report.findings = [
        dataclasses.replace(
            finding,
            file=names[finding.file].display if finding.file in names else mapped(finding.file),
            message=mapped(finding.message),
        )
        for finding in report.findings
    ]
    report.internal_errors = [mapped(message) for message in report.internal_errors]
    report.notes = [*notes, *(mapped(note) for note in report.notes)]
    report.fixes = []
    if report.findings:
        report.notes.append(_lines_note(item, report.findings))
    if not gc.isenabled():
        gc.collect()  # this rendering's objects: the command line runs without the collector
    return report


def _lines_note(item: Rendered, findings: Sequence[Finding]) -> str:
    """How to see the text a finding's line number counts in."""
    if item.tool == "kustomize":
        return (
            f"{item.name}: finding lines are lines of the rendered output, as "
            f"`{item.reproduce(item.pieces[0])}` prints it"
        )
    first = min(f.file for f in findings)
    example = next((p for p in item.pieces if p.display == first), item.pieces[0])
    return (
        f"{item.name}: finding lines are lines of each rendered template (a template's own "
        f"lines are lost in rendering), as `{item.reproduce(example)}` prints it"
    )


def rendered_line(rendered: Rendered, piece_display: str, line: int) -> int | None:
    """The line of the whole output that line ``line`` of a piece is (for tests and for
    tools that show the whole rendering); None when out of range."""
    for piece in rendered.pieces:
        if piece.display != piece_display:
            continue
        firsts = [span[1] for span in piece.spans]
        i = bisect.bisect_right(firsts, line) - 1
        if i < 0:
            return None
        first, first_in_piece, count = piece.spans[i]
        if line < first_in_piece + count:
            return first + line - first_in_piece
    return None
