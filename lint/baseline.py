"""Baselines: record the findings of a legacy repository once, then report only new ones.

A baseline file is JSON, sorted, one entry per distinct finding key::

    {
      "format": "kubelint-baseline",
      "version": 1,
      "findings": [
        {
          "file": "k8s/web.yaml",
          "object": {"group": "apps", "kind": "Deployment", "namespace": "shop", "name": "web"},
          "rule": "latest-tag",
          "path": "spec.template.spec.containers[name=web].image",
          "message": "...",
          "count": 1
        }
      ]
    }

What identifies a finding, and why:

* ``file``: relative to the baseline file's directory, with ``/`` separators, so the baseline
  matches whichever directory kubelint runs from.
* ``object``: API *group* (not version), kind, namespace, name. The group is the one the kind
  lives in today: ``extensions/v1beta1`` Deployments are recorded under ``apps``, so migrating
  an object to a newer apiVersion keeps its entries. ``namespace`` is null when cluster-scoped.
* ``rule`` and ``path``: where in the object, never a line number. List items are named by an
  identifying field when they have one that no sibling shares (``containers[name=web]``,
  ``volumeMounts[mountPath=/data]``, ``ports[containerPort=8080]``), so inserting an item
  before them changes nothing; other items keep their index (``args[2]``). Naming items needs
  the object's data, which a Finding does not carry: by default the file is read again
  (:class:`FileObjects`); standard input, or an object its file defines twice, keeps plain
  indexes (the same ones at write and at match time, so they still match when nothing moved).
* ``message``: kept for the reader, and with line numbers taken out (``line N``) so moving a
  file's content does not rewrite its baseline. It is part of the key only for findings about
  a file rather than an object (YAML syntax errors, unused suppressions), which have no path;
  there every number in it is ignored when matching.
* ``count``: how many findings share the key. With 2 recorded and 3 found, one is new (the
  last one, in report order).

A finding whose object moved to another file matches the entry its old file no longer
needs: the same object, rule and path, left unmatched where it was recorded. A file renamed
or split keeps its baseline; the same object defined in two files (overlays) does not take
the other file's entries, because those are still matched where they were recorded.
File-level findings do not follow a rename.

A run that checks part of a repository (some files, some rules) says so with ``files`` and
``rules``: the entries of other files and rules are then neither reported as fixed nor dropped
by a rewrite. A recorded file that no longer exists counts as checked.

Nothing in the file comes from a value of the manifests: paths hold keys and the identifying
fields of list items (``name``, ``mountPath``, ``containerPort``, ``port``, ``host``), and
messages are value-free by contract.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kubelint import kube
from kubelint.findings import Finding, ObjectRef, Report

FORMAT = "kubelint-baseline"
FORMAT_VERSION = 1
STDIN_DISPLAY = "<stdin>"  # as kubelint.engine names standard input

#: Fields that identify an item of a list of mappings, tried in this order; the first one the
#: item has and no sibling shares names it. Identifiers only: never a field holding data.
ITEM_KEYS = ("name", "mountPath", "containerPort", "port", "host")

#: Given a finding, the data of its object (the mapping its ``path`` starts from), or None.
Resolver = Callable[[Finding], "Mapping[str, Any] | None"]


class BaselineError(Exception):
    """A baseline that cannot be read or written; the message is meant for the user."""


# --------------------------------------------------------------------------- keys


@dataclass(frozen=True, slots=True)
class ObjectKey:
    group: str
    kind: str
    namespace: str | None
    name: str

    @classmethod
    def of(cls, ref: ObjectRef) -> ObjectKey:
        return cls(current_group(ref.api_version, ref.kind), ref.kind, ref.namespace, ref.name)

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.group, self.kind, self.namespace or "", self.name)

    def __str__(self) -> str:
        kind = f"{self.kind}.{self.group}" if self.group else self.kind
        where = f"{self.namespace}/{self.name}" if self.namespace else self.name
        return f"{kind} {where}"


@cache
def current_group(api_version: str, kind: str) -> str:
    """The API group ``kind`` lives in today, following the replacements of removed
    apiVersions that keep the kind (``extensions/v1beta1`` Deployment -> ``apps``)."""
    from kubelint import apis

    seen = set()
    while api_version not in seen:
        seen.add(api_version)
        entry = apis.lifecycle(api_version, kind)
        if entry is None:
            break
        same_kind = [r for r in entry.replacements if r.kind in (kind, apis.ANY)]
        if not same_kind:
            break
        api_version = same_kind[-1].api_version
    return kube.split_api_version(api_version)[0]


@dataclass(frozen=True, slots=True)
class Item:
    """A list item named by one of its fields: ``containers[name=web]``."""

    key: str
    value: str | int


def anchor(data: Any, path: Sequence[Any]) -> tuple[Any, ...]:
    """``path`` with each list index replaced by an :class:`Item` where the item has an
    identifying field (see :data:`ITEM_KEYS`); indexes of other items stay as they are."""
    node: Any = data
    steps: list[Any] = []
    for step in path:
        if isinstance(node, list) and _is_index(step) and 0 <= step < len(node):
            steps.append(_item(node, step))
            node = node[step]
        elif isinstance(node, Mapping) and _hashable(step) and step in node:
            steps.append(step)
            node = node[step]
        else:
            steps.append(step)
            node = None
    return tuple(steps)


def _is_index(step: Any) -> bool:
    return isinstance(step, int) and not isinstance(step, bool)


def _hashable(step: Any) -> bool:
    try:
        hash(step)
    except TypeError:
        return False
    return True


def _identifier(value: Any) -> str | int | None:
    if isinstance(value, str) and value:
        return value
    if _is_index(value):
        return int(value)
    return None


def _item(items: list[Any], index: int) -> Item | int:
    item = items[index]
    if not isinstance(item, Mapping):
        return index
    for key in ITEM_KEYS:
        value = _identifier(item.get(key))
        if value is None:
            continue
        shared = sum(
            1
            for other in items
            if isinstance(other, Mapping) and _identifier(other.get(key)) == value
        )
        if shared == 1:
            return Item(key, value)
    return index


_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_BARE_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:-]*\Z")


def render_path(steps: Sequence[Any]) -> str:
    """``spec.template.spec.containers[name=web].env[2]``; keys that are not plain words are
    quoted (``metadata.annotations["kubernetes.io/ingress.class"]``)."""
    out: list[str] = []
    for step in steps:
        if isinstance(step, Item):
            value = step.value
            shown = (
                str(value) if isinstance(value, int) or _BARE_VALUE.match(value) else _quote(value)
            )
            out.append(f"[{step.key}={shown}]")
        elif _is_index(step):
            out.append(f"[{step}]")
        elif isinstance(step, str) and _BARE_KEY.match(step):
            out.append(f".{step}" if out else step)
        elif isinstance(step, str):
            out.append(f"[{_quote(step)}]")
        else:  # a YAML key that is not a string (true, 1.5, null)
            out.append(f"[{json.dumps(step, default=str)}]")
    return "".join(out)


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


_LINE_REFERENCE = re.compile(r"\b(lines?|columns?) \d+(?:(?:, | and | to |-)\d+)*")
_NUMBER = re.compile(r"\d+")


def readable_message(message: str) -> str:
    """The message with line and column numbers replaced by N: stable when lines move."""
    return _LINE_REFERENCE.sub(lambda m: f"{m.group(1)} N", message)


def _loose(message: str) -> str:
    """How file-level messages compare: every number ignored (counts, offsets, lines)."""
    return _NUMBER.sub("#", message)


#: (file, object, rule, where): where is the rendered path for object findings, the loose
#: message for file-level ones.
Key = tuple[str, ObjectKey | None, str, str]


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the baseline: findings sharing a key (and a message)."""

    file: str
    object: ObjectKey | None
    rule: str
    path: str | None  # None for file-level findings
    message: str
    count: int = 1

    @property
    def key(self) -> Key:
        if self.object is None:
            return (self.file, None, self.rule, _loose(self.message))
        return (self.file, self.object, self.rule, self.path or "")

    def sort_key(self) -> tuple[Any, ...]:
        obj = self.object.sort_key() if self.object is not None else ()
        return (self.file, self.object is not None, obj, self.rule, self.path or "", self.message)

    def describe(self) -> str:
        where = f"{self.object} {self.path}".rstrip() if self.object is not None else ""
        times = f" (x{self.count})" if self.count > 1 else ""
        return f"{self.file}: {where + ': ' if where else ''}{self.rule}{times}"


def relative_file(display: str, root: str) -> str:
    """A finding's file as the baseline records it: relative to ``root``, ``/``-separated."""
    if display == STDIN_DISPLAY:
        return display
    relative = os.path.relpath(os.path.abspath(display), root)
    return relative.replace(os.sep, "/")


class FileObjects:
    """A :data:`Resolver` that reads a finding's file again to find its object's data.

    The report does not carry the objects, and naming list items needs them. Files are read
    once each; an object that cannot be told apart from another one in its file, or a finding
    on standard input, gets None (plain indexes).
    """

    def __init__(self) -> None:
        self._files: dict[str, list[Any]] = {}

    def __call__(self, finding: Finding) -> Mapping[str, Any] | None:
        ref = finding.object
        if ref is None or finding.file == STDIN_DISPLAY:
            return None
        objects = self._files.get(finding.file)
        if objects is None:
            from kubelint.engine import load_source

            source = load_source(finding.file, finding.file, context_only=True)
            objects = self._files[finding.file] = source.objects
        candidates = [
            o
            for o in objects
            if (o.api_version, o.kind, o.name) == (ref.api_version, ref.kind, ref.name)
        ]
        for narrowed in (
            candidates,
            [o for o in candidates if o.written_namespace == ref.namespace],
            [o for o in candidates if o.written_namespace is None],
        ):
            if len(narrowed) == 1:
                data: Mapping[str, Any] = narrowed[0].data
                return data
        return None


def _entry_for(finding: Finding, root: str, resolver: Resolver) -> Entry:
    file = relative_file(finding.file, root)
    message = readable_message(finding.message)
    if finding.object is None:
        return Entry(file, None, finding.rule, None, message)
    steps: tuple[Any, ...] = tuple(finding.path)
    if any(_is_index(step) for step in steps):
        data = resolver(finding)
        if data is not None:
            steps = anchor(data, steps)
    return Entry(file, ObjectKey.of(finding.object), finding.rule, render_path(steps), message)


def entries_for(report: Report, root: str, resolver: Resolver | None = None) -> list[Entry]:
    """The report's findings as baseline entries (counted, sorted), files relative to root."""
    resolver = resolver if resolver is not None else FileObjects()
    counts = Counter(_entry_for(f, root, resolver) for f in report.findings)
    return _sorted(Entry(e.file, e.object, e.rule, e.path, e.message, n) for e, n in counts.items())


def _sorted(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=Entry.sort_key)


# --------------------------------------------------------------------------- scope


@dataclass(slots=True)
class _Scope:
    """Which entries this run checked: those of the files linted and the rules enabled.
    Entries outside it are not counted as fixed, do not move to another file, and a partial
    ``write_baseline`` keeps them. A file that no longer exists counts as checked."""

    root: str
    files: frozenset[str] | None
    rules: frozenset[str] | None

    @classmethod
    def of(cls, root: str, files: Iterable[str] | None, rules: Iterable[str] | None) -> _Scope:
        return cls(
            root,
            None if files is None else frozenset(relative_file(f, root) for f in files),
            None if rules is None else frozenset(rules),
        )

    def checks(self, entry: Entry) -> bool:
        if self.rules is not None and entry.rule not in self.rules:
            return False
        if self.files is None or entry.file in self.files:
            return True
        if entry.file == STDIN_DISPLAY:
            return False
        return not os.path.exists(os.path.join(self.root, entry.file))


# --------------------------------------------------------------------------- matching


@dataclass(slots=True)
class BaselineMatch:
    """What a baseline made of a report."""

    #: The report with only the findings the baseline does not hold.
    report: Report
    #: Findings left out because the baseline holds them.
    suppressed: int = 0
    #: Of those, how many matched an entry recorded for another file (the object moved).
    moved: int = 0
    #: Entries (with the count still missing) that match nothing any more: fixed findings.
    fixed: list[Entry] = field(default_factory=list)

    @property
    def fixed_count(self) -> int:
        return sum(e.count for e in self.fixed)

    def messages(self) -> list[str]:
        """One-line notes for the user (the CLI prints them as notes)."""
        notes = []
        if self.suppressed:
            notes.append(f"{self.suppressed} known finding(s) not shown: they are in the baseline")
        if self.fixed_count:
            notes.append(
                f"{self.fixed_count} baseline finding(s) are fixed; run with --write-baseline "
                "to drop them from the baseline"
            )
        if self.moved:
            notes.append(
                f"{self.moved} baseline finding(s) matched in another file (moved objects); run "
                "with --write-baseline to record where they are now"
            )
        return notes


@dataclass(slots=True)
class Baseline:
    """A loaded baseline: entries, with files relative to ``root`` (the file's directory)."""

    entries: list[Entry]
    root: str
    path: str | None = None

    def __len__(self) -> int:
        return sum(e.count for e in self.entries)

    def filter(
        self,
        report: Report,
        *,
        files: Iterable[str] | None = None,
        rules: Iterable[str] | None = None,
        resolver: Resolver | None = None,
    ) -> tuple[Report, int]:
        """The report with only new findings, and how many known ones were left out.
        :meth:`match` says more (fixed entries)."""
        result = self.match(report, files=files, rules=rules, resolver=resolver)
        return result.report, result.suppressed

    def match(
        self,
        report: Report,
        *,
        files: Iterable[str] | None = None,
        rules: Iterable[str] | None = None,
        resolver: Resolver | None = None,
    ) -> BaselineMatch:
        """Match the report's findings against the baseline.

        ``files`` (display paths, as the engine names them) and ``rules`` (enabled rule ids)
        say what the run checked, so the entries of other files and rules do not count as
        fixed; None means everything. ``resolver`` finds an object's data to name list
        items; by default the files are read again (:class:`FileObjects`).
        """
        resolver = resolver if resolver is not None else FileObjects()
        scope = _Scope.of(self.root, files, rules)
        left: Counter[Key] = Counter()
        for entry in self.entries:
            left[entry.key] += entry.count

        keys = [_entry_for(f, self.root, resolver).key for f in report.findings]
        new: list[int] = []
        result = BaselineMatch(report=report)
        for i, key in enumerate(keys):
            if left[key] > 0:
                left[key] -= 1
                result.suppressed += 1
            else:
                new.append(i)

        # Objects that moved: an entry left unmatched in the file it was recorded for (and
        # checked: that file was linted, or is gone) matches the same object, rule and path
        # elsewhere.
        movable: dict[tuple[Any, ...], list[Key]] = defaultdict(list)
        for entry in self.entries:
            if entry.object is not None and left[entry.key] > 0 and scope.checks(entry):
                where = entry.key[1:]
                if entry.key not in movable[where]:
                    movable[where].append(entry.key)
        still_new = []
        for i in new:
            key = keys[i]
            found = next((k for k in movable.get(key[1:], ()) if left[k] > 0), None)
            if found is not None:
                left[found] -= 1
                result.suppressed += 1
                result.moved += 1
            else:
                still_new.append(i)

        result.report = _with_findings(report, [report.findings[i] for i in still_new])
        result.fixed = _leftover(self.entries, left, scope)
        return result


def _with_findings(report: Report, findings: list[Finding]) -> Report:
    return Report(
        findings=findings,
        files=report.files,
        objects=report.objects,
        internal_errors=list(report.internal_errors),
        notes=list(report.notes),
        fixes=list(report.fixes),
    )


def _leftover(entries: Sequence[Entry], left: Counter[Key], scope: _Scope) -> list[Entry]:
    """The entries (with the counts) nothing matched, among those the run checked."""
    out = []
    remaining = Counter(left)
    for entry in reversed(entries):
        n = min(entry.count, remaining[entry.key])
        if n > 0 and scope.checks(entry):
            out.append(Entry(entry.file, entry.object, entry.rule, entry.path, entry.message, n))
        remaining[entry.key] -= max(n, 0)
    return _sorted(out)


# --------------------------------------------------------------------------- files


def dumps(entries: Iterable[Entry]) -> str:
    """The text of a baseline file holding ``entries`` (sorted here): JSON with one field a
    line, the object on one line, so a finding added or fixed is a block of the diff."""
    rows = []
    for e in _sorted(entries):
        fields = {
            "file": e.file,
            "object": None if e.object is None else _object_dict(e.object),
            "rule": e.rule,
            "path": e.path,
            "message": e.message,
            "count": e.count,
        }
        lines = ",\n".join(f"      {_json(name)}: {_json(value)}" for name, value in fields.items())
        rows.append("    {\n" + lines + "\n    }")
    findings = "[\n" + ",\n".join(rows) + "\n  ]" if rows else "[]"
    return (
        f'{{\n  "format": {_json(FORMAT)},\n  "version": {FORMAT_VERSION},\n'
        f'  "findings": {findings}\n}}\n'
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _object_dict(obj: ObjectKey) -> dict[str, Any]:
    return {"group": obj.group, "kind": obj.kind, "namespace": obj.namespace, "name": obj.name}


def write_baseline(
    report: Report,
    path: str,
    *,
    files: Iterable[str] | None = None,
    rules: Iterable[str] | None = None,
    resolver: Resolver | None = None,
) -> int:
    """Record the report's findings in ``path``; return how many were recorded.

    With ``files`` or ``rules`` (what the run checked, as for :meth:`Baseline.match`), the
    entries an existing baseline holds for other files and rules are kept, so linting part of
    a repository does not drop the rest. Raises :class:`BaselineError` when the run had
    errors (a baseline written then would miss findings) or the file cannot be written.
    """
    if report.internal_errors:
        raise BaselineError(
            f"{path}: baseline not written: the run had errors, so findings may be missing"
        )
    root = _root(path)
    entries = entries_for(report, root, resolver)
    if (files is not None or rules is not None) and os.path.exists(path):
        scope = _Scope.of(root, files, rules)
        entries += [e for e in load_baseline(path).entries if not scope.checks(e)]
    text = dumps(_merged(entries))
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, temporary = tempfile.mkstemp(prefix=".kubelint-baseline-", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None
    return sum(e.count for e in entries)


def _merged(entries: Iterable[Entry]) -> list[Entry]:
    counts: Counter[Entry] = Counter()
    for e in entries:
        counts[Entry(e.file, e.object, e.rule, e.path, e.message)] += e.count
    return [Entry(e.file, e.object, e.rule, e.path, e.message, n) for e, n in counts.items()]


def _root(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def load_baseline(path: str) -> Baseline:
    """Read a baseline file. Raises :class:`BaselineError` when it is missing, unreadable,
    not a baseline, or written in a newer format than this kubelint reads."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise BaselineError(
            f"{path}: no such baseline file; create it with --write-baseline"
        ) from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a kubelint baseline: not UTF-8 text") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    return parse_baseline(text, path)


def parse_baseline(text: str, path: str) -> Baseline:
    """A baseline from its text; ``path`` names it in errors and anchors its file paths."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path}: not a kubelint baseline: invalid JSON on line {exc.lineno}, column "
            f"{exc.colno} ({exc.msg}); re-create it with --write-baseline"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(
            f'{path}: not a kubelint baseline (it has no "format": "{FORMAT}"); '
            "create one with --write-baseline"
        )
    version = _positive(document.get("version"))
    if version is None:
        raise BaselineError(f'{path}: "version" must be a positive integer')
    if version > FORMAT_VERSION:
        raise BaselineError(
            f"{path}: baseline format {version} is newer than this kubelint reads "
            f"({FORMAT_VERSION}); upgrade kubelint"
        )
    rows = document.get("findings")
    if not isinstance(rows, list):
        raise BaselineError(f'{path}: "findings" must be a list')
    entries = [_entry_from(row, f"{path}: finding {i}") for i, row in enumerate(rows, start=1)]
    return Baseline(_sorted(_merged(entries)), _root(path), path)


def _positive(value: Any) -> int | None:
    return int(value) if _is_index(value) and value >= 1 else None


def _entry_from(row: Any, where: str) -> Entry:
    if not isinstance(row, dict):
        raise BaselineError(f"{where}: must be a mapping")

    def text(mapping: dict[str, Any], name: str, *, optional: bool = False) -> Any:
        value = mapping.get(name)
        if isinstance(value, str) or (optional and value is None):
            return value
        shown = name if mapping is row else f"object.{name}"
        raise BaselineError(f"{where}: {shown!r} must be a string{' or null' if optional else ''}")

    count = _positive(row.get("count", 1))
    if count is None:
        raise BaselineError(f"{where}: 'count' must be a positive integer")
    raw = row.get("object")
    obj = None
    if raw is not None:
        if not isinstance(raw, dict):
            raise BaselineError(f"{where}: 'object' must be a mapping or null")
        obj = ObjectKey(
            text(raw, "group"),
            text(raw, "kind"),
            text(raw, "namespace", optional=True),
            text(raw, "name"),
        )
    path = text(row, "path", optional=True)
    if obj is not None and path is None:
        raise BaselineError(f"{where}: 'path' must be a string for a finding about an object")
    file, rule, message = text(row, "file"), text(row, "rule"), text(row, "message")
    return Entry(file, obj, rule, path if obj is not None else None, message, count)


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Baseline",
    "BaselineError",
    "BaselineMatch",
    "Entry",
    "FileObjects",
    "Item",
    "ObjectKey",
    "Resolver",
    "anchor",
    "current_group",
    "dumps",
    "entries_for",
    "load_baseline",
    "parse_baseline",
    "readable_message",
    "render_path",
    "write_baseline",
]
