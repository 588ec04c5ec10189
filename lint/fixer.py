"""``kubelint --fix`` and ``--diff``: rounds of lint-and-fix in memory, then atomic writes.

A round lints every file (with the texts fixed so far), applies the fixes the findings carry
(``kubelint.fix``) and keeps the new texts in memory; rounds repeat until nothing changes,
so a fix that waited because it overlapped another gets its turn, and a second ``--fix`` has
nothing left to do. Only then are files written, each through a temporary file in its own
directory renamed over it, keeping its mode, byte order mark and line endings.

Files are left alone when they cannot be fixed faithfully: a file that does not load
(syntax error, bad encoding), a file with a duplicate key (which copy would an edit mean?),
a JSON file, a file not in UTF-8, a file with mixed line
endings, standard input, and a symbolic link that leads outside the current directory.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kubelint.engine import STDIN, Settings, lint, reads_as_json
from kubelint.findings import Report
from kubelint.fix import CannotApply, PendingFix, apply_fixes
from kubelint.objects import SourceFile

MAX_ROUNDS = 10
_BOM = "\ufeff"


@dataclass(slots=True)
class FixOutcome:
    report: Report  # the findings that remain
    #: real path -> (display path, original text, fixed text), both as written to disk
    changed: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    applied: Counter[str] = field(default_factory=Counter)  # rule -> fixes applied
    #: fixes that are there but only --unsafe-fixes applies
    unsafe_available: int = 0
    notes: list[str] = field(default_factory=list)


def run_fixes(
    paths: Sequence[str],
    settings: Settings,
    *,
    context: Sequence[str] = (),
    unsafe: bool = False,
    write: bool = True,
) -> FixOutcome:
    """Fix ``paths`` (in memory; on disk too when ``write``) and lint what is left."""
    contents: dict[str, str] = {}
    originals: dict[str, tuple[str, str, _Form]] = {}  # real path -> display, text, form
    refused: set[str] = set()
    outcome = FixOutcome(Report())
    for round_number in range(MAX_ROUNDS):
        report = lint(paths, settings, context=context, contents=contents)
        outcome.report = report
        if round_number and not gc.isenabled():
            gc.collect()  # the round before: the command line runs without the cycle collector
        by_file: dict[int, tuple[SourceFile, list[PendingFix]]] = {}
        for pending in report.fixes:
            if not pending.fix.safe and not unsafe:
                continue
            source = pending.obj.file
            if source.real_path in refused:
                continue
            by_file.setdefault(id(source), (source, []))[1].append(pending)
        progress = False
        for source, fixes in by_file.values():
            if source.real_path not in originals:
                checked = _writable_form(source)
                if isinstance(checked, str):
                    refused.add(source.real_path)
                    outcome.notes.append(f"{source.path}: not fixed: {checked}")
                    continue
                originals[source.real_path] = (source.path, source.text, checked)
            try:
                result = apply_fixes(source, fixes)
            except CannotApply:
                refused.add(source.real_path)
                report.internal_errors.append(
                    f"{source.path}: a fix did not come out as intended, so the file was left "
                    "unchanged; please report this"
                )
                continue
            if result.applied and result.text != source.text:
                contents[source.real_path] = result.text
                outcome.applied.update(p.rule for p in result.applied)
                progress = True
        if not progress:
            break
    outcome.unsafe_available = (
        0 if unsafe else sum(1 for p in outcome.report.fixes if not p.fix.safe)
    )
    for real, text in contents.items():
        display, original, form = originals[real]
        if text != original:
            outcome.changed[real] = (display, form.encode(original), form.encode(text))
    if write:
        for real, (display, old, new) in list(outcome.changed.items()):
            if not _still(real, old):
                del outcome.changed[real]
                outcome.report.internal_errors.append(
                    f"{display}: changed while kubelint was fixing it; not written, run --fix again"
                )
                continue
            _write_atomically(real, new)
    outcome.report.notes.extend(outcome.notes)
    return outcome


def unified_diff(outcome: FixOutcome) -> str:
    """The changes as one unified diff, in the order of the report's files."""
    chunks: list[str] = []
    for _, (display, old, new) in sorted(outcome.changed.items(), key=lambda kv: kv[1][0]):
        absolute = os.path.isabs(display)
        before, after = (display, display) if absolute else (f"a/{display}", f"b/{display}")
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=before,
                tofile=after,
            )
        )
    return "".join(chunks)


# ------------------------------------------------------------------ files


@dataclass(frozen=True, slots=True)
class _Form:
    """How a file is written: the loader gives kubelint newline-normalized text without a
    byte order mark; this puts them back."""

    bom: bool
    crlf: bool

    def encode(self, text: str) -> str:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (_BOM if self.bom else "") + text


def _writable_form(source: SourceFile) -> _Form | str:
    """How to write ``source`` back, or why it must not be touched."""
    if source.real_path == STDIN or source.path == "-":
        return "standard input is never rewritten"
    if source.problems:
        return "it does not load cleanly"
    if any(obj.document.duplicates for obj in source.objects):
        return "it repeats a key in a mapping; remove the duplicate first"
    if reads_as_json(source.path):
        return "JSON files are not rewritten"
    if os.path.islink(source.path) or source.real_path != os.path.abspath(source.path):
        inside = os.path.realpath(os.getcwd()) + os.sep
        if not source.real_path.startswith(inside):
            return "it is a symbolic link to a file outside the current directory"
    try:
        with open(source.real_path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return f"cannot read it again: {exc.strerror or exc}"
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return "only UTF-8 files are rewritten"
    crlf = "\r\n" in text
    rest = text.replace("\r\n", "")
    if "\r" in rest or (crlf and "\n" in rest):
        return "it mixes line endings"
    if _Form(False, crlf).encode(source.text) != text:
        return "it changed since it was read"
    return _Form(bom, crlf)


def _still(path: str, text: str) -> bool:
    """The file still holds ``text`` (nobody saved it while the rounds ran)."""
    try:
        with open(path, "rb") as fh:
            return fh.read() == text.encode("utf-8")
    except OSError:
        return False


def _write_atomically(path: str, text: str) -> None:
    """Write through a temporary file in the same directory, then rename over ``path``."""
    directory = os.path.dirname(path) or "."
    mode = os.stat(path).st_mode
    fd, temp = tempfile.mkstemp(prefix=".kubelint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, mode & 0o7777)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def describe(outcome: FixOutcome, *, wrote: bool) -> list[Any]:
    """Lines for stderr: what was (or would be) fixed, and what waits for --unsafe-fixes."""
    total = sum(outcome.applied.values())
    files = len(outcome.changed)
    verb = "fixed" if wrote else "would fix"
    lines = [f"{verb} {total} problem{'s' * (total != 1)} in {files} file{'s' * (files != 1)}"]
    if not total:
        lines = ["nothing to fix"]
    if outcome.unsafe_available:
        n = outcome.unsafe_available
        lines.append(f"{n} more fix{'es' * (n != 1)} available with --unsafe-fixes")
    return lines
