"""Read manifest files into Python data that remembers where every key and value came from.

The lint path never uses a YAML constructor: it pulls events from libyaml's C parser and builds
plain dicts and lists itself. That is faster than ``yaml.load`` with ``CSafeLoader`` (no node
objects, a cheap resolver) and lets us record, at the same time, what PyYAML would hide:
duplicate keys, tags Kubernetes does not understand, alias bombs, mappings that became null.

Positions are kept as character offsets into the decoded text, packed into one integer per
entry; they are turned into line and column only when a finding needs them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Parser  # type: ignore[assignment]

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

#: Flags stored in the low bits of a packed position.
EMPTY = 1  # the value is a plain scalar with no text at all (``key:`` followed by nothing)
QUOTED = 2  # the value is a quoted or block scalar

_FLAG_BITS = 2
_VALUE_BITS = 32

#: Nesting deeper than this is reported instead of built (Kubernetes objects, CRD schemas
#: included, stay far below it; rules walk data recursively).
MAX_DEPTH = 400
#: A document whose aliases expand to more nodes than this, and to many times the nodes it
#: really has, is an alias bomb ("billion laughs") and is not built.
MAX_EXPANDED_NODES = 1_000_000
MAX_EXPANSION_RATIO = 50


class PosMap(dict[Any, Any]):
    """A mapping from a YAML document; ``pos[key]`` packs the key's and the value's offsets."""

    __slots__ = ("pos",)
    pos: dict[Any, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pos = {}


class PosList(list[Any]):
    """A sequence from a YAML document; ``pos[i]`` packs the item's offset."""

    __slots__ = ("pos",)
    pos: list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.pos = []


def entry_offsets(container: Any, key: Any) -> tuple[int, int, int] | None:
    """(key offset, value offset, flags) of ``container[key]``, or None when unknown.

    For a sequence item the key offset is the item's own offset.
    """
    if isinstance(container, PosMap):
        packed = container.pos.get(key)
        if packed is None:
            return None
        flags = packed & ((1 << _FLAG_BITS) - 1)
        value = (packed >> _FLAG_BITS) & ((1 << _VALUE_BITS) - 1)
        return packed >> (_FLAG_BITS + _VALUE_BITS), value, flags
    if isinstance(container, PosList) and isinstance(key, int) and 0 <= key < len(container.pos):
        packed = container.pos[key]
        offset = packed >> _FLAG_BITS
        return offset, offset, packed & ((1 << _FLAG_BITS) - 1)
    return None


@dataclass(slots=True)
class DuplicateKey:
    path: tuple[Any, ...]  # path of the mapping inside the document
    key: Any
    first_offset: int
    offset: int


@dataclass(slots=True)
class OddTag:
    path: tuple[Any, ...]
    tag: str
    offset: int


@dataclass(slots=True)
class Document:
    """One YAML document: its data and what the loader noticed while building it."""

    index: int  # 0-based position in the file
    data: Any
    offset: int  # where the document's root node starts
    duplicates: list[DuplicateKey] = field(default_factory=list)
    tags: list[OddTag] = field(default_factory=list)
    #: Paths of mapping values written as nothing at all (``key:``), for the rules about
    #: mappings that lost their entries; recorded here so no rule walks every document.
    empties: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(slots=True)
class LoadProblem:
    """Something that stopped (part of) a file from loading: bad YAML, encoding, bombs."""

    kind: str  # "syntax", "encoding", "binary", "io", "alias-bomb", "too-deep"
    message: str
    offset: int = 0


# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(raw: bytes) -> str | LoadProblem:
    """Decode file bytes the way YAML 1.1 allows (UTF-8, UTF-16, UTF-32 with a BOM)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                return LoadProblem("encoding", f"not valid {encoding.upper()}: {exc.reason}")
            return _normalize_newlines(text)
    if b"\x00" in raw[:8192]:
        guess = _guess_bomless_utf16(raw)
        if guess is None:
            return LoadProblem("binary", "binary file (contains NUL bytes), not YAML or JSON")
        return _normalize_newlines(guess)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return LoadProblem(
            "encoding",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); save the file as UTF-8",
        )
    return _normalize_newlines(text)


def _guess_bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 text without a BOM has a NUL in every other byte of its ASCII characters."""
    sample = raw[:512]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    encoding = None
    if odd_nuls > half * 0.6 and even_nuls == 0:
        encoding = "utf-16-le"
    elif even_nuls > half * 0.6 and odd_nuls == 0:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _normalize_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# --------------------------------------------------------------------------- scalars

_BOOLS = {
    "yes": True, "Yes": True, "YES": True, "true": True, "True": True, "TRUE": True,
    "on": True, "On": True, "ON": True,
    "no": False, "No": False, "NO": False, "false": False, "False": False, "FALSE": False,
    "off": False, "Off": False, "OFF": False,
}  # fmt: skip
_NULLS = frozenset(("~", "null", "Null", "NULL"))
_INT_RE = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT_RE = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_NUMBER_START = frozenset("-+0123456789.")


def _sexagesimal(digits: str) -> float:
    total = 0.0
    for part in digits.split(":"):
        total = total * 60 + float(part)
    return total


def _to_int(text: str) -> int:
    value = text.replace("_", "")
    sign = 1
    if value[0] in "+-":
        if value[0] == "-":
            sign = -1
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if ":" in value:
        return sign * int(_sexagesimal(value))
    if value[0] == "0":
        return sign * int(value, 8)
    return sign * int(value)


def _to_float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = 1.0
    if value[0] in "+-":
        if value[0] == "-":
            sign = -1.0
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        return sign * _sexagesimal(value)
    return sign * float(value)


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar, as YAML 1.1 and PyYAML read it.

    Timestamps stay strings: Kubernetes receives them as strings in JSON.
    """
    if not text:
        return None
    first = text[0]
    if first in _NUMBER_START:
        try:
            if _INT_RE.fullmatch(text):
                return _to_int(text)
            if _FLOAT_RE.fullmatch(text):
                return _to_float(text)
        except ValueError:  # beyond Python's digit limit for int(): keep the text
            return text
        return text
    if first in "yYnNtTfFoO":
        value = _BOOLS.get(text)
        if value is not None:
            return value
    if text in _NULLS:
        return None
    return text


_STD = "tag:yaml.org,2002:"
_STRING_TAGS = frozenset((_STD + "str", _STD + "binary", _STD + "timestamp", "!"))
_MAP_TAGS = frozenset((_STD + "map", _STD + "set", _STD + "omap", _STD + "pairs"))
_SEQ_TAGS = frozenset((_STD + "seq", _STD + "omap", _STD + "pairs"))


def _tagged_scalar(tag: str, text: str) -> tuple[Any, bool]:
    """Value of an explicitly tagged scalar and whether the tag is one YAML defines."""
    if tag in _STRING_TAGS:
        return text, True
    try:
        if tag == _STD + "int":
            return _to_int(text), True
        if tag == _STD + "float":
            return _to_float(text), True
    except (ValueError, IndexError):
        return text, False
    if tag == _STD + "bool" and text in _BOOLS:
        return _BOOLS[text], True
    if tag == _STD + "null":
        return None, True
    return text, False


# --------------------------------------------------------------------------- documents


class _Abort(Exception):
    """Stop building the current document (alias bomb, nesting too deep)."""

    def __init__(self, problem: LoadProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _hashable(value: Any) -> Any:
    """Complex YAML keys (a mapping or sequence used as a key) become a hashable string;
    one too deep to spell out (through aliases) becomes a placeholder."""
    if isinstance(value, (dict, list)):
        try:
            return repr(value)
        except RecursionError:
            return f"<complex key {id(value):x}>"
    return value


_DOC_START_RE = re.compile(r"^---(?=[ \t\n]|$)", re.MULTILINE)


def parse(text: str) -> Iterator[Document | LoadProblem]:
    """Yield every document of ``text``; a syntax error is yielded as a LoadProblem and
    parsing resumes at the next ``---`` line, so later documents are still checked."""
    start = 0
    index = 0
    while True:
        source = text if start == 0 else _blank_prefix(text, start)
        resume_after: int | None = None
        for item in _parse_stream(source, index):
            if isinstance(item, Document):
                index = item.index + 1
            else:  # the stream stopped here: resume at the next document
                resume_after = item.offset
            yield item
        if resume_after is None:
            return
        # Resume at the next document marker after the error (and after where we started).
        match = _DOC_START_RE.search(text, max(resume_after, start + 1))
        if match is None:
            return
        start = match.start()
        index += 1


def _blank_prefix(text: str, upto: int) -> str:
    """Replace everything before ``upto`` with spaces, keeping newlines and offsets."""
    head = text[:upto]
    return re.sub(r"[^\n]", " ", head) + text[upto:]


def _error_offset(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.index)
    position = getattr(exc, "position", None)  # ReaderError
    return int(position) if isinstance(position, int) else 0


def _error_message(exc: yaml.YAMLError, text: str) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    if (
        context
        and context_mark is not None
        and problem_mark is not None
        and context_mark.line != problem_mark.line
    ):
        context = f"{context} started on line {context_mark.line + 1}"
    message = f"{context}: {problem}" if context else str(problem)
    offset = _error_offset(exc)
    if 0 <= offset < len(text) and text[offset] == "\t":
        message += " (a tab: YAML does not allow tabs for indentation; use spaces)"
    return message


def _parse_stream(text: str, first_index: int) -> Iterator[Document | LoadProblem]:
    parser = _Parser(text)
    doc_index = first_index - 1
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            if isinstance(event, DocumentStartEvent):
                doc_index += 1
                yield _build_document(parser, doc_index)
    except yaml.YAMLError as exc:
        yield LoadProblem("syntax", _error_message(exc, text), _error_offset(exc))
    except _Abort as abort:
        # Stop reading: libyaml's cost grows with the nesting depth for every token, so a
        # hostile document is not read to its end.
        yield abort.problem
    finally:
        parser.dispose()


def _build_document(parser: Any, doc_index: int) -> Document:
    """Consume events up to the end of one document and build its data."""
    get_event = parser.get_event
    duplicates: list[DuplicateKey] = []
    tags: list[OddTag] = []
    empties: list[tuple[Any, ...]] = []
    dict_new, list_new = dict.__new__, list.__new__
    anchors: dict[str, tuple[Any, int]] = {}

    # The current container and its state live in locals; parents wait on ``stack``.
    stack: list[list[Any]] = []
    cur: Any = None
    is_map = False
    has_key = False
    key: Any = None
    key_off = 0
    merges: list[Any] | None = None
    start_weight = 0
    anchor: str | None = None
    path_key: Any = None  # the key (or index) this container has in its parent
    key_merge = False  # the pending key is a plain `<<` (a merge key)
    plain_merge = False

    root: Any = None
    root_offset = 0
    weight = 0  # nodes in the document, with every alias counted as what it expands to
    events = 0

    def path() -> tuple[Any, ...]:
        """Path of the container being built, from the document root."""
        if len(stack) < 2:
            return ()
        return (*(frame[9] for frame in stack[2:]), path_key)

    def here() -> tuple[Any, ...]:
        """Path of the node about to be attached to the current container."""
        if cur is None:
            return ()
        return (*path(), key if is_map else len(cur))

    while True:
        event = get_event()
        cls = event.__class__
        events += 1
        if cls is ScalarEvent:
            offset = event.start_mark.index
            text = event.value
            tag = event.tag
            flags = 0
            plain_merge = text == "<<" and tag is None and not event.style
            if tag is None or tag == "!":
                if not event.style and tag is None:
                    if text:
                        value = resolve_plain(text)
                    else:
                        value = None
                        flags = EMPTY
                else:
                    value = text
                    flags = QUOTED
            else:
                value, known = _tagged_scalar(tag, text)
                if not known:
                    tags.append(OddTag(here(), tag, offset))
            weight += 1
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
            node_weight = 1
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            offset = event.start_mark.index
            if event.tag is not None and event.tag not in (
                _MAP_TAGS if cls is MappingStartEvent else _SEQ_TAGS
            ):
                tags.append(OddTag(here(), event.tag, offset))
            if len(stack) >= MAX_DEPTH:
                raise _Abort(
                    LoadProblem(
                        "too-deep", f"document is nested more than {MAX_DEPTH} levels deep", offset
                    )
                )
            child_key: Any = (
                (key if has_key else None) if is_map else (len(cur) if cur is not None else None)
            )
            # fmt: off
            stack.append([cur, is_map, has_key, key, key_off, key_merge, merges, start_weight,
                          anchor, path_key, offset])
            # fmt: on
            # Millions of these: skip the Python-level __init__ and set ``pos`` here.
            if cls is MappingStartEvent:
                cur = dict_new(PosMap)
                cur.pos = {}
            else:
                cur = list_new(PosList)
                cur.pos = []
            is_map = cls is MappingStartEvent
            has_key = False
            key = None
            merges = None
            start_weight = weight
            anchor = event.anchor
            path_key = child_key
            weight += 1
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            value = cur
            if merges:
                _apply_merges(value, merges)
            node_weight = weight - start_weight
            if anchor is not None:
                anchors[anchor] = (value, node_weight)
            # fmt: off
            (cur, is_map, has_key, key, key_off, key_merge, merges, start_weight, anchor,
             path_key, offset) = stack.pop()
            # fmt: on
            flags = 0
        elif cls is AliasEvent:
            offset = event.start_mark.index
            target = anchors.get(event.anchor)
            if target is None:
                raise _Abort(
                    LoadProblem(
                        "syntax",
                        # The alias name is not quoted: an unquoted value such as
                        # `password: *secret` would otherwise be printed.
                        "an alias (*name) refers to no anchor defined before it",
                        offset,
                    )
                )
            value, node_weight = target
            weight += node_weight
            if weight > MAX_EXPANDED_NODES and weight > MAX_EXPANSION_RATIO * events:
                raise _Abort(
                    LoadProblem(
                        "alias-bomb",
                        f"aliases expand this document to more than {MAX_EXPANDED_NODES:,} nodes "
                        f"from {events:,} written ones",
                        offset,
                    )
                )
            flags = 0
        elif cls is DocumentEndEvent:
            return Document(doc_index, root, root_offset, duplicates, tags, empties)
        else:  # pragma: no cover - the parser emits nothing else inside a document
            continue

        # Attach ``value`` (at ``offset``) to the current container.
        if cur is None:
            root = value
            root_offset = offset
        elif is_map:
            if not has_key:
                key = value if value.__class__ is str else _hashable(value)
                key_off = offset
                key_merge = cls is ScalarEvent and plain_merge
                has_key = True
            else:
                has_key = False
                if key_merge and isinstance(value, (dict, list)):
                    if merges is None:
                        merges = []
                    merges.append(value)
                    continue
                if key in cur:
                    first = cur.pos[key] >> (_VALUE_BITS + _FLAG_BITS)
                    duplicates.append(DuplicateKey(path(), key, first, key_off))
                cur[key] = value
                cur.pos[key] = (
                    (key_off << (_VALUE_BITS + _FLAG_BITS)) | (offset << _FLAG_BITS) | flags
                )
                if flags & EMPTY:
                    empties.append((*path(), key))
        else:
            cur.append(value)
            cur.pos.append((offset << _FLAG_BITS) | flags)


def _apply_merges(mapping: PosMap, merges: list[Any]) -> None:
    """YAML merge keys (``<<: *defaults``): explicit keys win, earlier merges win over later."""
    sources: list[Any] = []
    for item in merges:
        if isinstance(item, list):
            sources.extend(x for x in item if isinstance(x, dict))
        else:
            sources.append(item)
    for source in sources:
        for k, v in source.items():
            if k not in mapping:
                mapping[k] = v
                if isinstance(source, PosMap) and k in source.pos:
                    mapping.pos[k] = source.pos[k]


# --------------------------------------------------------------------------- salvage

_TOP_KIND_RE = re.compile(r"^kind:[ \t]*[\"']?([A-Za-z][A-Za-z0-9]*)", re.MULTILINE)
_META_RE = re.compile(r"^metadata:[ \t]*\n((?:[ \t]+.*\n?|[ \t]*\n)*)", re.MULTILINE)
_META_FIELD_RE = r"^[ \t]{{1,8}}{field}:[ \t]*[\"']?([A-Za-z0-9][-A-Za-z0-9_.:]*)"


def salvage_identity(text: str, offset: int) -> tuple[str, str, str | None] | None:
    """(kind, name, namespace) of the broken document around ``offset``, read from its raw
    lines, when they can be read: what a broken file defines still exists for its readers."""
    starts = [m.start() for m in _DOC_START_RE.finditer(text, 0, offset + 1)]
    begin = starts[-1] if starts else 0
    following = _DOC_START_RE.search(text, offset + 1)
    region = text[begin : following.start() if following else len(text)]
    kind = _TOP_KIND_RE.search(region)
    meta = _META_RE.search(region)
    if kind is None or meta is None:
        return None
    block = meta.group(1)
    name = re.search(_META_FIELD_RE.format(field="name"), block, re.MULTILINE)
    if name is None:
        return None
    namespace = re.search(_META_FIELD_RE.format(field="namespace"), block, re.MULTILINE)
    return kind.group(1), name.group(1), namespace.group(1) if namespace else None
