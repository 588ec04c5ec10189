"""Fixes: what a rule proposes to change in an object, and writing it into the file.

A rule attaches a ``Fix`` to a ``Problem``: a few ``Edit``s, each an operation on a path
inside the object (set a scalar, quote one, rename a key, delete an entry, insert an entry),
and whether the fix is safe (it cannot change what the object does) or not.

Applying fixes never re-emits a document. The file is composed with ruamel.yaml, which gives
the exact span of every node; each edit becomes a replacement of one span of the original
text, with new entries indented the way the document already indents. Everything outside
those spans (comments, blank lines, quoting, key order, document separators) stays byte for
byte. Before a file is written, the edited text is loaded again and compared with what the
edits should have produced; a file where they differ is left alone and reported as an
internal error. See ``kubelint.fixer`` for the runs, rounds and atomic writes.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubelint.kube import Path

if TYPE_CHECKING:
    from kubelint.objects import K8sObject, SourceFile

# ------------------------------------------------------------------ what rules build


@dataclass(frozen=True, slots=True)
class Edit:
    """One operation on an object. ``path`` is relative to the object."""

    op: str  # "set" | "quote" | "rename" | "delete" | "insert"
    path: Path
    value: Any = None  # set, insert: the new value
    key: str | None = None  # rename, insert: the new key
    after: str | None = None  # insert: after this key (None: at the end)


def set_value(path: Path, value: Any) -> Edit:
    """Replace the scalar at ``path`` with ``value`` (a scalar)."""
    return Edit("set", tuple(path), value=value)


def quote(path: Path) -> Edit:
    """Turn the scalar at ``path`` into a string with the same text: ``100`` -> ``"100"``."""
    return Edit("quote", tuple(path))


def rename(path: Path, key: str) -> Edit:
    """Rename the mapping key at ``path``, keeping its value."""
    return Edit("rename", tuple(path), key=key)


def delete(path: Path) -> Edit:
    """Remove the mapping entry (or sequence item) at ``path``. A mapping left with no
    entries is removed with it."""
    return Edit("delete", tuple(path))


def insert(path: Path, key: str, value: Any, *, after: str | None = None) -> Edit:
    """Add ``key: value`` to the mapping at ``path`` (after ``after``, else at its end)."""
    return Edit("insert", tuple(path), value=value, key=key, after=after)


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that together repair one problem. ``safe``: cannot change behaviour."""

    edits: tuple[Edit, ...]
    safe: bool = True

    @classmethod
    def of(cls, *edits: Edit, safe: bool = True) -> Fix:
        return cls(tuple(edits), safe)


@dataclass(slots=True)
class PendingFix:
    """A fix the run found, on its object."""

    rule: str
    obj: K8sObject
    fix: Fix


class CannotApply(Exception):
    """An edit whose target is not where (or what) the edit expects."""


# ------------------------------------------------------------------ applying to text


@dataclass(slots=True)
class _Style:
    indent: int = 2  # columns a nested mapping is indented by
    sequence_offset: int = 0  # columns "- " is indented under its key (0: not at all)


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class FileResult:
    text: str
    applied: list[PendingFix] = field(default_factory=list)
    skipped: list[PendingFix] = field(default_factory=list)


def apply_fixes(source: SourceFile, fixes: Sequence[PendingFix]) -> FileResult:
    """The text of ``source`` with as many of ``fixes`` applied as do not overlap (the first
    one wins; the others wait for the next round). Raises CannotApply when the result does
    not load back as the edits intended, so the file must be left alone."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    text = source.text
    try:
        roots = [r for r in YAML(typ="rt").compose_all(text) if r is not None]
    except YAMLError as exc:
        raise CannotApply("ruamel.yaml cannot read the file") from exc
    by_start = {(r.start_mark.line + 1, r.start_mark.column + 1): r for r in roots}
    result = FileResult(text)
    spans: list[_Span] = []
    expected_docs: dict[int, Any] = {}
    deleted: dict[int, set[int]] = {}  # id(mapping node) -> indexes of its entries deleted
    inserted: set[tuple[int, Path, str]] = set()  # (document, mapping path, key) added
    for pending in fixes:
        obj = pending.obj
        root = by_start.get(source.line_col(obj.document.offset))
        if root is None:
            result.skipped.append(pending)
            continue
        style = _detect_style(root)
        try:
            new_spans = _spans_for(text, root, obj.base, pending.fix.edits, style, deleted)
        except CannotApply:
            result.skipped.append(pending)
            continue
        keys = {
            (obj.document.index, (*obj.base, *e.path), str(e.key))
            for e in pending.fix.edits
            if e.op == "insert"
        }
        if keys & inserted or any(_overlaps(s, t) for s in new_spans for t in spans):
            result.skipped.append(pending)
            continue
        before = expected_docs.get(obj.document.index)
        data = copy.deepcopy(before) if before is not None else _plain(obj.document.data)
        try:
            _apply_to_data(data, root, obj.base, pending.fix.edits)
        except (KeyError, IndexError, ValueError, TypeError, CannotApply):
            result.skipped.append(pending)  # the edits do not fit together
            continue
        expected_docs[obj.document.index] = data
        inserted |= keys
        spans.extend(new_spans)
        result.applied.append(pending)
    # the same point may receive several insertions: they go in the order they were made
    ordered = sorted(enumerate(spans), key=lambda item: (item[1].start, item[1].end, item[0]))
    for _, span in reversed(ordered):
        text = text[: span.start] + span.text + text[span.end :]
    result.text = text
    if spans:
        _verify(source, text, expected_docs)
    return result


def _overlaps(a: _Span, b: _Span) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions: only the same point conflicts
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def _verify(source: SourceFile, text: str, expected_docs: Mapping[int, Any]) -> None:
    """Load the edited text and check each document is what the edits meant."""
    from kubelint.loader import Document, parse

    documents = [d for d in parse(text)]
    if any(not isinstance(d, Document) for d in documents):
        raise CannotApply("the edited file does not load")
    before = [d for d in parse(source.text) if isinstance(d, Document)]
    if len(before) != len(documents):
        raise CannotApply("the edited file has a different number of documents")
    for old, new in zip(before, documents, strict=True):
        assert isinstance(new, Document)
        if len(new.duplicates) > len(old.duplicates):
            raise CannotApply("the edits wrote a key twice")
        want = expected_docs.get(old.index, _plain(old.data))
        if _plain(new.data) != want:
            raise CannotApply("the edited document does not hold what the edits meant")


def _plain(data: Any) -> Any:
    """Plain dicts and lists (the loader's position-keeping types compare the same)."""
    if isinstance(data, Mapping):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


# ---- locating nodes


def _find(root: Any, path: Path) -> tuple[Any, Any, Any]:
    """(parent node, key node or None, node) at ``path``; CannotApply if it is not there."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    parent: Any = None
    key_node: Any = None
    node: Any = root
    for step in path:
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if _key_text(k) == _step_text(step):
                    parent, key_node, node = node, k, v
                    break
            else:
                raise CannotApply(f"no key {step!r}")
        elif isinstance(node, SequenceNode) and isinstance(step, int):
            if not 0 <= step < len(node.value):
                raise CannotApply(f"no item {step}")
            parent, key_node, node = node, None, node.value[step]
        else:
            raise CannotApply(f"cannot step into {step!r}")
    return parent, key_node, node


def _key_text(node: Any) -> str | None:
    value = getattr(node, "value", None)
    return value if isinstance(value, str) else None


def _step_text(step: Any) -> str:
    if isinstance(step, bool):
        return "true" if step else "false"
    return str(step)


def _is_flow(node: Any) -> bool:
    return bool(getattr(node, "flow_style", False))


def _last_end(node: Any, text: str = "") -> int:
    """Where the text of a node really ends: a block collection's own end mark lies at the
    next token, past blank lines and comments, and a block scalar's (``|``, ``>``) past the
    blank lines that follow it. Give ``text`` for the latter."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, MappingNode) and not _is_flow(node) and node.value:
        key, value = node.value[-1]
        return max(_last_end(key, text), _last_end(value, text))
    if isinstance(node, SequenceNode) and not _is_flow(node) and node.value:
        return _last_end(node.value[-1], text)
    end = int(node.end_mark.index)
    if text and isinstance(node, ScalarNode) and node.style in ("|", ">"):
        start = int(node.start_mark.index)
        while end > start + 1 and text[end - 1] == "\n" and text[end - 2] in "\n \t":
            end -= 1  # keep the newline of the last line with content
            while end > start + 1 and text[end - 1] in " \t":
                end -= 1
    return end


def _detect_style(root: Any) -> _Style:
    """How this document indents nested mappings and sequences."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    style = _Style()
    found_indent = found_sequence = False
    stack = [root]
    while stack and not (found_indent and found_sequence):
        node = stack.pop()
        if isinstance(node, MappingNode) and not _is_flow(node):
            for key, value in node.value:
                block = not _is_flow(value) and bool(getattr(value, "value", None))
                if block and not found_indent and isinstance(value, MappingNode):
                    inner = value.value[0][0].start_mark.column - key.start_mark.column
                    if inner > 0:
                        style.indent, found_indent = inner, True
                if block and not found_sequence and isinstance(value, SequenceNode):
                    # the dash sits two columns before the first item's content
                    dash = value.value[0].start_mark.column - 2
                    style.sequence_offset = max(dash - key.start_mark.column, 0)
                    found_sequence = True
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return style


# ---- edits to spans


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Index just past the newline of the line holding ``index`` (or the end of the text)."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _spans_for(
    text: str,
    root: Any,
    base: Path,
    edits: Iterable[Edit],
    style: _Style,
    deleted: dict[int, set[int]],
) -> list[_Span]:
    spans: list[_Span] = []
    edits = list(edits)
    # a mapping that receives an entry is not removed when its last old entry is deleted
    filled = {(*base, *e.path) for e in edits if e.op == "insert"}
    flows: dict[int, _FlowEdits] = {}  # flow mappings are rewritten whole, once
    for edit in edits:
        path = (*base, *edit.path)
        if edit.op == "insert":
            span = _insert_span(text, root, path, edit, style, flows)
            if span is not None:
                spans.append(span)
            continue
        _parent, key_node, node = _find(root, path)
        if _anchored(node) or _anchored_on_the_way(root, path):
            raise CannotApply("the node is shared through an anchor")
        if edit.op == "set":
            spans.append(_set_span(text, node, edit.value, style, key_node))
        elif edit.op == "quote":
            _require_scalar(node)
            if node.style not in (None, ""):
                raise CannotApply("already quoted")
            spans.append(
                _Span(node.start_mark.index, node.end_mark.index, _double_quoted(node.value))
            )
        elif edit.op == "rename":
            if key_node is None:
                raise CannotApply("not a mapping entry")
            spans.append(
                _Span(key_node.start_mark.index, key_node.end_mark.index, render_scalar(edit.key))
            )
        elif edit.op == "delete":
            spans.extend(_delete_spans(text, root, path, deleted, filled, flows))
        else:
            raise CannotApply(f"unknown edit {edit.op}")
    for group in flows.values():
        spans.extend(group.spans(text))
    # deleting a mapping's last entries deletes the mapping: its entries' spans are inside
    return [
        s
        for i, s in enumerate(spans)
        if not any(
            not o.text
            and not s.text
            and o.start <= s.start
            and s.end <= o.end
            and ((o.start, o.end) != (s.start, s.end) or j < i)
            for j, o in enumerate(spans)
            if j != i
        )
    ]


_NULLS = ("", "~", "null", "Null", "NULL")


def _set_span(text: str, node: Any, value: Any, style: _Style, key_node: Any = None) -> _Span:
    """Replace a value: a scalar or flow collection in place (a quoted string keeps its
    quotes); a null value or a block collection by block lines under the key."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    collection = isinstance(value, (Mapping, list)) and bool(value)
    if isinstance(node, ScalarNode) and collection and node.style is None and node.value in _NULLS:
        return _fill_null(text, key_node, value, style)
    if isinstance(node, ScalarNode) or _is_flow(node):
        if collection and not _is_flow(node):
            raise CannotApply("a scalar cannot become a block collection in place")
        if collection:
            rendered = render_flow(value)
        elif isinstance(value, str) and getattr(node, "style", None) in ('"', "'"):
            rendered = _quoted_like(value, node.style)
        else:
            rendered = render_scalar(value)
        return _Span(node.start_mark.index, _last_end(node, text), rendered)
    if not node.value or not collection:
        raise CannotApply("a block collection is replaced only by another")
    if isinstance(node, MappingNode):
        if not isinstance(value, Mapping):
            raise CannotApply("a mapping is replaced only by a mapping")
        first = node.value[0][0]
        column = first.start_mark.column
        lines = _block_mapping(value, style)
    else:
        assert isinstance(node, SequenceNode)
        if not isinstance(value, list):
            raise CannotApply("a sequence is replaced only by a sequence")
        first = node.value[0]
        column = first.start_mark.column - 2
        lines = _block_sequence(value, style)
    start = _line_start(text, first.start_mark.index)
    if text[start : start + column].strip(" "):
        raise CannotApply("the collection does not start its own line")
    end = _line_end(text, _last_end(node, text) - 1)
    return _Span(start, end, "".join(" " * column + line + "\n" for line in lines))


def _quoted_like(value: str, quote: str) -> str:
    if quote == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return _double_quoted(value)


def _fill_null(text: str, key_node: Any, value: Any, style: _Style) -> _Span:
    """``key:`` (or ``key: ~``) becomes ``key:`` followed by the collection's block lines."""
    if key_node is None:
        raise CannotApply("a null item of a sequence is not filled in")
    colon = text.find(":", key_node.end_mark.index)
    end = _line_end(text, colon)
    if colon < 0 or text[colon + 1 : end].strip() not in _NULLS:
        raise CannotApply("the null value shares its line with something else")
    column = key_node.start_mark.column
    if isinstance(value, Mapping):
        lines = [" " * (column + style.indent) + line for line in _block_mapping(value, style)]
    else:
        pad = " " * (column + style.sequence_offset)
        lines = [pad + line for line in _block_sequence(value, style)]
    return _Span(colon + 1, end, "\n" + "".join(line + "\n" for line in lines))


def _anchored_on_the_way(root: Any, path: Path) -> bool:
    """A mapping or sequence holding the target carries an anchor (aliased elsewhere, an
    edit inside it would show up there too)."""
    for depth in range(len(path)):
        _, _, node = _find(root, path[:depth])
        if getattr(node, "anchor", None):
            return True
    return False


def _anchored(node: Any) -> bool:
    """The node, or one inside it, carries an anchor: other places may alias it, and an
    edit here would change them too (or break them)."""
    from ruamel.yaml.nodes import MappingNode, SequenceNode

    if getattr(node, "anchor", None):
        return True
    if isinstance(node, MappingNode):
        return any(_anchored(k) or _anchored(v) for k, v in node.value)
    if isinstance(node, SequenceNode):
        return any(_anchored(v) for v in node.value)
    return False


def _require_scalar(node: Any) -> None:
    from ruamel.yaml.nodes import ScalarNode

    if not isinstance(node, ScalarNode):
        raise CannotApply("not a scalar")


@dataclass(slots=True)
class _FlowEdits:
    """Deletions from and insertions into one flow mapping (``{a: 1, b: 2}``), turned into
    spans together so that adjacent deletions share their commas. Entries written on lines
    of their own keep those lines, and the comments between them."""

    node: Any
    removed: set[int] = field(default_factory=set)
    added: list[str] = field(default_factory=list)

    def spans(self, text: str) -> list[_Span]:
        entries = self.node.value
        addition = "".join(", " + entry for entry in self.added)
        if len(self.removed) == len(entries):
            start, end = self.node.start_mark.index + 1, self.node.end_mark.index - 1
            return [_Span(start, end, ", ".join(self.added))]
        kept = [i for i in range(len(entries)) if i not in self.removed]
        spans = []
        if addition:
            end = _last_end(entries[kept[-1]][1], text)
            spans = [_Span(end, end, addition)]
        i = 0
        while i < len(entries):
            if i not in self.removed:
                i += 1
                continue
            j = i
            while j + 1 < len(entries) and j + 1 in self.removed:
                j += 1
            if j + 1 < len(entries):  # the run ends before a kept entry: up to its key
                start = entries[i][0].start_mark.index
                if not text[_line_start(text, start) : start].strip():
                    start = _line_start(text, start)
                    stop = _line_start(text, entries[j + 1][0].start_mark.index)
                    if stop <= start:
                        stop = entries[j + 1][0].start_mark.index
                else:
                    stop = entries[j + 1][0].start_mark.index
                spans.append(_Span(start, stop, ""))
            else:  # the run ends the mapping: from the comma after the last kept entry
                before = _last_end(entries[i - 1][1], text)
                comma = text.find(",", before, entries[i][0].start_mark.index)
                if comma < 0:
                    raise CannotApply("no comma between flow entries")
                start = entries[i][0].start_mark.index
                stop = _last_end(entries[j][1], text)
                line_start = _line_start(text, start)
                rest = _line_end(text, stop)
                if line_start > comma and not text[line_start:start].strip():
                    # on lines of their own: drop those lines; the comma left after the last
                    # kept entry is valid YAML and keeps that line as it was
                    if not text[stop:rest].strip():
                        start, stop = line_start, rest
                    spans.append(_Span(start, stop, ""))
                else:
                    spans.append(_Span(comma, stop, ""))
            i = j + 1
        return spans


def _flow_group(flows: dict[int, _FlowEdits], node: Any) -> _FlowEdits:
    group = flows.get(id(node))
    if group is None:
        group = flows[id(node)] = _FlowEdits(node)
    return group


def _delete_spans(
    text: str,
    root: Any,
    path: Path,
    deleted: dict[int, set[int]],
    filled: set[Path] = frozenset(),  # type: ignore[assignment]
    flows: dict[int, _FlowEdits] | None = None,
) -> list[_Span]:
    """The entry at ``path``; when it was its mapping's last remaining entry, the mapping's
    own entry instead (an empty `annotations:` would read as null)."""
    from ruamel.yaml.nodes import MappingNode

    parent, key_node, node = _find(root, path)
    if not isinstance(parent, MappingNode) or key_node is None:
        raise CannotApply("only mapping entries are deleted")
    index = next(i for i, (k, _) in enumerate(parent.value) if k is key_node)
    gone = deleted.setdefault(id(parent), set())
    gone.add(index)
    if len(gone) == len(parent.value) and len(path) > 1 and path[:-1] not in filled:
        # every entry of this mapping goes: remove the mapping from its parent instead
        if flows is not None:
            flows.pop(id(parent), None)
        return _delete_spans(text, root, path[:-1], deleted, filled, flows)
    if _is_flow(parent):
        if flows is None:
            raise CannotApply("flow mapping edits need grouping")
        _flow_group(flows, parent).removed.add(index)
        return []
    start = key_node.start_mark.index
    line_start = _line_start(text, start)
    if text[line_start:start].strip() == "-" and index + 1 < len(parent.value):
        # `- key: value` followed by more entries: the next key moves up to the dash
        return [_Span(start, parent.value[index + 1][0].start_mark.index, "")]
    if text[line_start:start].strip():
        raise CannotApply("the entry shares its line with others")
    end = _line_end(text, max(_last_end(node, text), key_node.end_mark.index) - 1)
    return [_Span(line_start, end, "")]


def _insert_span(
    text: str, root: Any, path: Path, edit: Edit, style: _Style, flows: dict[int, _FlowEdits]
) -> _Span | None:
    from ruamel.yaml.nodes import MappingNode

    _, _key_node, node = _find(root, path)
    assert edit.key is not None
    if not isinstance(node, MappingNode):
        raise CannotApply("can only insert into a mapping")
    if getattr(node, "anchor", None) or _anchored_on_the_way(root, path):
        raise CannotApply("the mapping is shared through an anchor")
    if any(_key_text(k) == edit.key for k, _ in node.value):
        raise CannotApply(f"{edit.key!r} is already there")
    if _is_flow(node):
        if text[node.end_mark.index - 1] != "}":
            raise CannotApply("unexpected flow mapping end")
        # in a flow mapping a new entry goes last, whatever `after` says
        _flow_group(flows, node).added.append(
            f"{render_scalar(edit.key)}: {render_flow(edit.value)}"
        )
        return None
    if not node.value:
        raise CannotApply("empty block mapping")
    column = node.value[0][0].start_mark.column
    if edit.after is None:
        anchor_end = _last_end(node, text)
    else:
        found = [(k, v) for k, v in node.value if _key_text(k) == edit.after]
        if not found:
            raise CannotApply(f"no key {edit.after!r} to insert after")
        k, v = found[0]
        anchor_end = max(_last_end(v, text), k.end_mark.index)
    at = _line_end(text, anchor_end - 1)
    lines = render_block(edit.key, edit.value, style)
    block = "".join(" " * column + line + "\n" for line in lines)
    if at == len(text) and not text.endswith("\n"):
        block = "\n" + block
    return _Span(at, at, block)


# ---- applying the same edits to data, for the check


def _apply_to_data(data: Any, root: Any, base: Path, edits: Iterable[Edit]) -> None:
    edits = list(edits)
    filled = {(*base, *e.path) for e in edits if e.op == "insert"}
    for edit in edits:
        path = (*base, *edit.path)
        if edit.op == "insert":
            target = _data_at(data, path)
            items = list(target.items())
            position = len(items)
            if edit.after is not None:
                position = [k for k, _ in items].index(edit.after) + 1
            items.insert(position, (edit.key, copy.deepcopy(edit.value)))
            target.clear()
            target.update(items)
            continue
        parent = _data_at(data, path[:-1])
        last = path[-1]
        if edit.op == "set":
            parent[last] = copy.deepcopy(edit.value)
        elif edit.op == "quote":
            _, _, node = _find(root, path)
            parent[last] = node.value
        elif edit.op == "rename":
            items = [(edit.key if k == last else k, v) for k, v in parent.items()]
            parent.clear()
            parent.update(items)
        elif edit.op == "delete":
            del parent[last]
            # mirror _delete_spans: an emptied mapping goes with its last entry
            trail = path[:-1]
            while len(trail) > 0 and trail not in filled and _data_at(data, trail) == {}:
                del _data_at(data, trail[:-1])[trail[-1]]
                trail = trail[:-1]


def _data_at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


# ------------------------------------------------------------------ rendering

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_./][A-Za-z0-9_./ :@=+-]*$")


def render_scalar(value: Any) -> str:
    """A scalar as YAML that reads back as exactly ``value``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _plain_reads_back(text):
        return text
    return _double_quoted(text)


def _plain_reads_back(text: str) -> bool:
    from kubelint.loader import resolve_plain

    if not text or not _PLAIN_SAFE.match(text) or text != text.strip():
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    return resolve_plain(text) == text


def _double_quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render_flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return (
            "{" + ", ".join(f"{render_scalar(k)}: {render_flow(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list):
        return "[" + ", ".join(render_flow(v) for v in value) + "]"
    return render_scalar(value)


def render_block(key: str, value: Any, style: _Style) -> list[str]:
    """``key: value`` as block YAML lines, indented relative to the key."""
    head = f"{render_scalar(key)}:"
    if isinstance(value, Mapping) and value:
        return [head, *(" " * style.indent + line for line in _block_mapping(value, style))]
    if isinstance(value, list) and value:
        pad = " " * style.sequence_offset
        return [head, *(pad + line for line in _block_sequence(value, style))]
    return [f"{head} {render_flow(value)}"]


def _block_mapping(value: Mapping[str, Any], style: _Style) -> list[str]:
    lines: list[str] = []
    for k, v in value.items():
        lines.extend(render_block(k, v, style))
    return lines


def _block_sequence(items: list[Any], style: _Style) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and item:
            inner = _block_mapping(item, style)
            lines.append("- " + inner[0])
            lines.extend("  " + line for line in inner[1:])
        elif isinstance(item, list) and item:
            inner = _block_sequence(item, style)
            lines.append("- " + inner[0])
            lines.extend("  " + line for line in inner[1:])
        else:
            lines.append("- " + render_flow(item))
    return lines
