"""A cache of the files a run reads only for context, in the user's cache directory.

A pre-commit run checks the few files being committed but reads the whole repository to
resolve references, and reading is most of its time. What the loader made of a context
file is kept, and a later run takes it instead of reading the file again, as long as the
file's size, modification and change times, inode and device are the same.

What is cached, and what is not:

- Only context files. The files a run checks are the ones being edited: they are read
  fresh every time, and a run that checks everything (CI) writes nothing here.
- Never a file holding a Secret: its values stay in the repository only.
- Never a file over 4 MB: its cached copy would be several times its size, on disk and
  in every run's memory.
- Never a file with a load problem (a syntax error hides what a document is, a Secret
  perhaps; a read that failed once must not be kept as an empty file).
- Never a file changed in the last few seconds before the run: a file system whose clock
  ticks coarsely could change it again within the same tick, unseen.

A cached file is a pickle, and loading a pickle can run code. So the cache lives in the
user's cache directory, never in the repository (anyone who can open a pull request writes
there): a relative path is refused, and the cache is used only when its directory and
files belong to the user and nobody else can write to them. A pickle is also loaded only
for a file whose inode and change time match (which nobody can plant in advance), and may
name only the classes a loaded file is made of. Anything unreadable or out of date in it is
ignored and rewritten.

Where: ``$KUBELINT_CACHE_DIR`` if set (empty or relative: no cache), else
``$XDG_CACHE_HOME/kubelint``, ``~/.cache/kubelint`` (``~/Library/Caches/kubelint`` on macOS,
``%LOCALAPPDATA%\\kubelint\\cache`` on Windows). One folder per kubelint build; one file per
directory of manifests, holding its files. Folders and files unused for 30 days are
removed: only those with the names kubelint gives them, whatever else the directory holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import marshal
import os
import pickle
import re
import stat
import sys
import tempfile
import time

from kubelint.engine import reads_as_json
from kubelint.objects import SourceFile

#: size, mtime_ns, ctime_ns, inode, device, and whether the file is read as JSON (by its name)
Stamp = tuple[int, int, int, int, int, bool]

#: Files changed this recently are not cached (nanoseconds).
_SETTLED_NS = 3_000_000_000
#: Files larger than this are not cached (bytes).
_LARGEST = 4 << 20
#: Cache folders and files unused this long are removed (seconds).
_UNUSED = 30 * 24 * 3600
#: How often, at most, a run looks for unused ones (seconds).
_PRUNE_EVERY = 24 * 3600
_PRUNED_MARK = "pruned"
#: The names kubelint gives what it makes in the cache directory: nothing else is removed.
_BUILD_NAME = re.compile(r"v[0-9A-Za-z.+!_-]+-[0-9a-f]{16}")
_FILE_NAME = re.compile(r"[0-9a-f]{32}|\.tmp-\w+")
#: What a cached file may be made of (anything else in a pickle is refused).
_CLASSES = {
    "kubelint.objects": {"SourceFile", "K8sObject"},
    "kubelint.loader": {"Document", "PosMap", "PosList", "LoadProblem", "DuplicateKey", "OddTag"},
    "kubelint.suppress": {"Directives", "Directive"},
}
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This directory is a cache made by kubelint; see https://bford.info/cachedir/\n"
)


def cache_root() -> str | None:
    """The user's cache directory for kubelint, or None when caching is turned off."""
    chosen = os.environ.get("KUBELINT_CACHE_DIR")
    if chosen is not None:
        # relative: it would follow the working directory into the repository
        return chosen if os.path.isabs(chosen) else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return os.path.join(base, "kubelint", "cache") if base and os.path.isabs(base) else None
    home = os.path.expanduser("~")
    if not os.path.isabs(home):
        return None
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "kubelint")
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG specification: a relative value is ignored
        base = os.path.join(home, ".cache")
    return os.path.join(base, "kubelint")


def _build() -> str:
    """What identifies this kubelint: its version, the Python and PyYAML versions, and the
    size and time of every engine module (a development checkout changes without a new
    version)."""
    import yaml

    from kubelint import __version__

    engine = os.path.dirname(os.path.abspath(__file__))
    parser = f"{yaml.__version__} {getattr(yaml, '__with_libyaml__', False)}"
    digest = hashlib.sha256(f"{__version__} {sys.version} {parser}".encode())
    try:
        for name in sorted(os.listdir(engine)):
            if name.endswith(".py"):
                info = os.stat(os.path.join(engine, name))
                digest.update(f"{name} {info.st_size} {info.st_mtime_ns}".encode())
    except OSError:
        pass
    return f"v{__version__}-{digest.hexdigest()[:16]}"


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else (always true where there are no
    POSIX owners)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _ours(path: str) -> bool:
    if not hasattr(os, "getuid"):
        return True
    return os.stat(path).st_uid == os.getuid()


def _existing_ancestor(path: str) -> str:
    path = os.path.abspath(path)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    return path


class LoadCache:
    """Loaded context files by real path; see the module's docs."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        #: Files changed after this (less the settling time) are not cached.
        self.opened_ns = time.time_ns()
        #: directory key -> {real path: (stamp, pickled SourceFile)}
        self._buckets: dict[str, dict[str, tuple[Stamp, bytes]]] = {}
        self._changed: set[str] = set()

    @classmethod
    def open(cls) -> LoadCache | None:
        """The cache of this kubelint build, created if need be; None when caching is off
        or the directory is missing, shared with others or cannot be made."""
        root = cache_root()
        if root is None:
            return None
        folder = os.path.join(root, _build())
        try:
            if not os.path.isdir(root):
                if not _ours(_existing_ancestor(root)):
                    return None  # not in someone else's directory (sudo with the user's HOME)
                os.makedirs(root, mode=0o700)
                with open(os.path.join(root, "CACHEDIR.TAG"), "w", encoding="ascii") as tag:
                    tag.write(_CACHEDIR_TAG)  # backup tools skip it
            if not _private(os.stat(root)):
                return None
            os.makedirs(folder, mode=0o700, exist_ok=True)
            if not _private(os.stat(folder)):
                return None
        except OSError:
            return None
        return cls(folder)

    @staticmethod
    def stamp(path: str) -> Stamp | None:
        """What must stay the same for a cached copy of ``path`` to be used."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev,
                reads_as_json(path))  # fmt: skip

    def get(self, real: str, stamp: Stamp) -> SourceFile | None:
        """The cached copy of the file at ``real``, if it was cached with ``stamp``."""
        entry = self._bucket(real).get(real)
        if entry is None or tuple(entry[0]) != stamp:
            return None
        try:
            source = _Unpickler(io.BytesIO(entry[1])).load()
        except Exception:  # an older, damaged or foreign entry: read the file instead
            return None
        return source if isinstance(source, SourceFile) else None

    def put(self, real: str, stamp: Stamp, source: SourceFile) -> None:
        """Keep ``source`` (just loaded, with ``stamp`` taken before reading) for later runs,
        unless it holds a Secret or a problem, is large, or changed too recently before the
        run to be trusted."""
        if self.opened_ns - max(stamp[1], stamp[2]) < _SETTLED_NS or stamp[0] > _LARGEST:
            return
        if source.problems or any(obj.kind == "Secret" for obj in source.objects):
            return
        try:
            blob = pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # pragma: no cover - loaded files hold plain data only
            return
        self._bucket(real)[real] = (stamp, blob)
        self._changed.add(_key(real))

    def save(self) -> None:
        """Write the directories' files that changed; never raises (a cache is a shortcut,
        not a result)."""
        for key in sorted(self._changed):
            bucket = {path: entry for path, entry in self._buckets[key].items()
                      if os.path.exists(path)}  # fmt: skip
            try:
                fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
                try:
                    with os.fdopen(fd, "wb") as fh:
                        marshal.dump(bucket, fh)
                    os.replace(temporary, os.path.join(self.folder, key))
                except BaseException:
                    os.unlink(temporary)
                    raise
            except OSError:
                continue
        self._changed.clear()
        self._prune()

    def _bucket(self, real: str) -> dict[str, tuple[Stamp, bytes]]:
        key = _key(real)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = self._read(os.path.join(self.folder, key))
        return bucket

    @staticmethod
    def _read(path: str) -> dict[str, tuple[Stamp, bytes]]:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return {}
        try:
            with os.fdopen(fd, "rb") as fh:
                if not _private(os.fstat(fh.fileno())):
                    return {}
                bucket = marshal.load(fh)
            return bucket if isinstance(bucket, dict) else {}
        except Exception:  # damaged: it is rewritten when one of its files is next cached
            return {}

    def _prune(self) -> None:
        """Remove what no run used for a while: old builds' folders, and files of this one."""
        root = os.path.dirname(self.folder)
        mark = os.path.join(root, _PRUNED_MARK)
        now = time.time()
        try:
            if now - os.stat(mark).st_mtime < _PRUNE_EVERY:
                return
        except OSError:
            pass
        try:
            with open(mark, "w"):
                pass
            folders = [f for f in os.scandir(root) if _BUILD_NAME.fullmatch(f.name)]
        except OSError:
            return
        for folder in folders:
            try:
                if not folder.is_dir(follow_symlinks=False):
                    continue
                entries = list(os.scandir(folder.path))
            except OSError:
                continue
            for entry in entries:
                if not _FILE_NAME.fullmatch(entry.name):
                    continue
                try:
                    info = entry.stat(follow_symlinks=False)
                    unused = now - max(info.st_atime, info.st_mtime) > _UNUSED
                    if unused and stat.S_ISREG(info.st_mode):
                        os.unlink(entry.path)
                except OSError:
                    continue
            if folder.path != self.folder:
                with contextlib.suppress(OSError):
                    os.rmdir(folder.path)  # only when empty


class _Unpickler(pickle.Unpickler):
    """Loads what ``put`` stored, and refuses any other class or function a pickle names."""

    def find_class(self, module: str, name: str) -> object:
        found = _FOUND.get((module, name))
        if found is None:
            if name not in _CLASSES.get(module, ()):
                raise pickle.UnpicklingError(f"{module}.{name} is not part of a loaded file")
            found = _FOUND[module, name] = super().find_class(module, name)
        return found


#: The classes ``find_class`` allowed so far (each cached file names several).
_FOUND: dict[tuple[str, str], object] = {}


def _key(real: str) -> str:
    """The name of the cache file that holds the files of ``real``'s directory."""
    return hashlib.sha256(os.path.dirname(real).encode("utf-8", "surrogateescape")).hexdigest()[
        :32
    ]
