"""Read manifest files into Python data that remembers where every key and value came from.

The lint path never uses a YAML constructor: it pulls events from libyaml's C parser and builds
plain dicts and lists itself. That is faster than ``yaml.load`` with ``CSafeLoader`` (no node
objects, a cheap resolver) and lets us record, at the same time, what PyYAML would hide:
duplicate keys, tags Kubernetes does not understand, alias bombs, mappings that became null.

Positions are kept as character offsets into the decoded text, packed into one 64-bit integer
per entry and stored, per mapping or sequence, as a few bytes; they are turned into line and
column only when a finding needs them. Repeated scalars (keys, kinds, images, quantities) are
one object per file, so a file of many small objects costs little more than its data.
"""

from __future__ import annotations

import codecs
import re
import struct
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

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
_KEY_SHIFT = _VALUE_BITS + _FLAG_BITS

#: Nesting deeper than this is reported instead of built (Kubernetes objects, CRD schemas
#: included, stay far below it; rules walk data recursively). Aliases count as the nesting
#: they stand for.
MAX_DEPTH = 400
#: A file whose aliases expand to more nodes than this, and to many times the nodes it
#: really has, is an alias bomb ("billion laughs"): the document where that happens, and any
#: later one with aliases, is not built. The budget is per file, so many documents each
#: just under it are no way around it.
MAX_EXPANDED_NODES = 1_000_000
MAX_EXPANSION_RATIO = 50
#: Merge keys (``<<: *base`` next to other keys) copy the merged entries; a file whose merges
#: copy more entries than this, and many times the nodes it has, is refused like a bomb.
MAX_MERGED_ENTRIES = 100_000
MAX_MERGE_RATIO = 4


# PosMap and PosList pickle (files read by worker processes) with ``pos`` as the whole
# state: the default, a dict of slot values per container, costs half as much again both ways.
def _pos_state(container: Any) -> Any:
    return getattr(container, "pos", None)


def _set_pos_state(container: Any, pos: Any) -> None:
    if pos is not None:
        container.pos = pos


class PosMap(dict[Any, Any]):
    """A mapping from a YAML document that knows where each entry was written.

    ``pos`` holds one packed position per key, in the mapping's order: the key's offset,
    the value's offset and flags (see ``entry_offsets``). It is bytes of native 64-bit
    integers (a list of ints for files over 1 GiB); a large mapping swaps it for a dict from
    key to packed position the first time one is looked up. Loaded data is not modified.
    """

    __slots__ = ("pos",)
    pos: bytes | list[int] | dict[Any, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pos = b""

    __getstate__ = _pos_state
    __setstate__ = _set_pos_state


class PosList(list[Any]):
    """A sequence from a YAML document; ``pos`` holds each item's packed offset, in order,
    as bytes of native 64-bit integers (a list of ints for files over 1 GiB)."""

    __slots__ = ("pos",)
    pos: bytes | list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.pos = b""

    __getstate__ = _pos_state
    __setstate__ = _set_pos_state


#: Native 64-bit unsigned integers: "L" where a C long has 64 bits, as Python converts ints
#: to it several times faster than to "Q".
_UINT64: Literal["L", "Q"] = "L" if struct.calcsize("L") == 8 else "Q"
#: Packers for the common sizes of mappings and sequences, by number of entries.
_PACKERS = [struct.Struct(f"{n}{_UINT64}").pack for n in range(33)]
_UNPACK_ONE = struct.Struct(_UINT64).unpack_from
#: Mappings with more keys than this are looked up through a dict built on first use.
_SCAN_LIMIT = 16


def _pack(entries: list[int]) -> bytes | list[int]:
    """``entries`` as bytes; kept as they are when an offset does not fit in 64 bits."""
    try:
        if len(entries) < len(_PACKERS):
            return _PACKERS[len(entries)](*entries)
        return array(_UINT64, entries).tobytes()
    except (struct.error, OverflowError):
        return entries


def _entries(pos: bytes | list[int] | dict[Any, int]) -> Sequence[int]:
    """The packed positions of ``pos``, in order (a dict's values for a looked-up mapping)."""
    if isinstance(pos, bytes):
        return memoryview(pos).cast(_UINT64) if len(pos) % 8 == 0 else ()
    if isinstance(pos, dict):
        return list(pos.values())
    return pos


def _packed_of(container: Any, key: Any) -> int | None:
    if isinstance(container, PosMap):
        pos = container.pos
        if not isinstance(pos, dict):
            if len(container) > _SCAN_LIMIT:
                pos = container.pos = dict(zip(container, _entries(pos), strict=False))
            else:
                entries = _entries(pos)
                for index, k in enumerate(container):
                    if k is key or k == key:
                        return entries[index] if index < len(entries) else None
                return None
        return pos.get(key)
    if isinstance(container, PosList) and isinstance(key, int) and 0 <= key < len(container):
        pos = container.pos
        if isinstance(pos, bytes):
            return _UNPACK_ONE(pos, key * 8)[0] if (key + 1) * 8 <= len(pos) else None
        return pos[key] if key < len(pos) else None
    return None


def entry_offsets(container: Any, key: Any) -> tuple[int, int, int] | None:
    """(key offset, value offset, flags) of ``container[key]``, or None when unknown.

    For a sequence item the key offset is the item's own offset.
    """
    packed = _packed_of(container, key)
    if packed is None:
        return None
    flags = packed & ((1 << _FLAG_BITS) - 1)
    if isinstance(container, PosMap):
        value = (packed >> _FLAG_BITS) & ((1 << _VALUE_BITS) - 1)
        return packed >> _KEY_SHIFT, value, flags
    offset = packed >> _FLAG_BITS
    return offset, offset, flags


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


#: Scalars already read by this process, from any file: plain scalar text -> its value,
#: quoted scalar text -> the one string. Most keys and many values recur from file to file;
#: a run of many small files would otherwise resolve and store them again in each.
_PLAIN: dict[str, Any] = {}
_STRINGS: dict[str, str] = {}


class _FileState:
    """What the documents of one file share: the alias and merge budgets, and the scalars
    already read (in this file or an earlier one), so that a repeated key or value is one
    object."""

    __slots__ = ("copied", "events", "plain", "shared_since", "sharing", "strings", "weight")

    def __init__(self) -> None:
        self.weight = 0  # nodes, with every alias counted as what it expands to
        self.events = 0  # nodes and aliases as written
        self.copied = 0  # entries copied by merge keys
        self.plain = _PLAIN
        self.strings = _STRINGS
        if len(_PLAIN) >= _SHARED_COUNT or len(_STRINGS) >= _SHARED_COUNT:
            # full (an earlier file may have stopped sharing there): a fresh budget
            _PLAIN.clear()
            _STRINGS.clear()
        self.sharing = True  # whether scalars not seen yet are added to those two
        self.shared_since = 0  # this file's events when they were last emptied

    def keep_sharing(self, events: int) -> bool:
        """Called when a cache is full: empty both and go on, so they stay small (and fast);
        or, when most scalars were new ones (a long list of numbers, a huge mapping of
        unique keys), stop adding any, keeping what was shared so far."""
        if events - self.shared_since < _SHARED_COUNT * _NEW_SCALARS_EVENTS:
            self.sharing = False
        else:
            self.plain.clear()
            self.strings.clear()
            self.shared_since = events
        return self.sharing


#: Scalars up to this length are shared within a file, up to this many different ones at
#: a time.
_SHARED_LENGTH = 64
_SHARED_COUNT = 10_000
#: Fewer events than this per new scalar, and sharing is not worth its cost.
_NEW_SCALARS_EVENTS = 4
_MISSING: Any = object()


def parse(text: str) -> Iterator[Document | LoadProblem]:
    """Yield every document of ``text``; a syntax error is yielded as a LoadProblem and
    parsing resumes at the next ``---`` line, so later documents are still checked.

    A file is read in one pass. After an error the rest is read in windows that end at a
    ``---`` line (which always starts a new document, whatever precedes it): one document
    first, twice as many after each window read without error, so that a file of many
    broken documents costs time in proportion to its size.
    """
    state = _FileState()
    index = 0
    start, end = 0, len(text)
    line_base = 0  # lines before ``start``, for messages that name a line
    window = 1
    while True:
        if start == 0 and end == len(text):
            source, stop = text, None
        elif end == len(text):
            source, stop = text[start:], None
        else:
            # The window takes the marker too, so the parser ends the last document the way
            # it does in the whole text; the document the marker starts is the next window's.
            source, stop = text[start : end + 3], end - start
        resume_after: int | None = None
        for item in _parse_stream(source, index, start, line_base, stop, state):
            if isinstance(item, Document):
                index = item.index + 1
            else:  # the stream stopped here: resume at the next document
                resume_after = item.offset
            yield item
        if resume_after is None:
            if end == len(text):
                return
            following = end
            window *= 2
        else:
            # Resume at the next document marker after the error (and after where we started).
            match = _DOC_START_RE.search(text, max(resume_after, start + 1))
            if match is None:
                return
            following = match.start()
            index += 1
            window = 1
        line_base += text.count("\n", start, following)
        start = following
        end = _window_end(text, start, window)


def _window_end(text: str, start: int, documents: int) -> int:
    """Where a window of ``documents`` documents from the marker at ``start`` ends: at a
    later marker not preceded by directives (``%TAG`` belongs to the document after it)."""
    for match in _DOC_START_RE.finditer(text, start + 1):
        documents -= 1
        if documents <= 0 and not _after_directive(text, match.start()):
            return match.start()
    return len(text)


def _after_directive(text: str, marker: int) -> bool:
    """Whether the last line before ``marker`` that is not blank or a comment is a
    directive (``%YAML``, ``%TAG``)."""
    end = marker - 1  # the newline before the marker
    for _ in range(1000):
        if end <= 0:
            return False
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip()
        if line and not line.startswith("#"):
            return line.startswith("%")
        end = begin - 1
    return False


def _error_offset(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return int(mark.index)
    position = getattr(exc, "position", None)  # ReaderError
    return int(position) if isinstance(position, int) else 0


def _error_message(exc: yaml.YAMLError, text: str, line_base: int = 0) -> str:
    """What went wrong; ``text`` is what the parser read, ``line_base`` the lines before it."""
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
        context = f"{context} started on line {context_mark.line + 1 + line_base}"
    message = f"{context}: {problem}" if context else str(problem)
    offset = _error_offset(exc)
    if 0 <= offset < len(text) and text[offset] == "\t":
        message += " (a tab: YAML does not allow tabs for indentation; use spaces)"
    return message


def _parse_stream(
    text: str,
    first_index: int,
    base: int,
    line_base: int,
    stop: int | None,
    state: _FileState,
) -> Iterator[Document | LoadProblem]:
    """The documents of ``text``, which starts at offset ``base`` of the file, up to the
    one whose ``---`` ends at or after ``stop``."""
    parser = _Parser(text)
    doc_index = first_index - 1
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            if isinstance(event, DocumentStartEvent):
                end = event.end_mark
                if stop is not None and end is not None and end.index > stop:
                    return
                doc_index += 1
                yield _build_document(parser, doc_index, base, state)
    except yaml.YAMLError as exc:
        yield LoadProblem("syntax", _error_message(exc, text, line_base), _error_offset(exc) + base)
    except _Abort as abort:
        # Stop reading: libyaml's cost grows with the nesting depth for every token, so a
        # hostile document is not read to its end.
        yield abort.problem
    finally:
        parser.dispose()


def _too_deep(offset: int, through_aliases: bool = False) -> _Abort:
    how = " through its aliases" if through_aliases else ""
    message = f"document is nested more than {MAX_DEPTH} levels deep{how}"
    return _Abort(LoadProblem("too-deep", message, offset))


def _build_document(parser: Any, doc_index: int, base: int, state: _FileState) -> Document:
    """Consume events up to the end of one document and build its data; offsets in the
    parser's text are ``base`` characters into the file's."""
    get_event = parser.get_event
    duplicates: list[DuplicateKey] = []
    tags: list[OddTag] = []
    empties: list[tuple[Any, ...]] = []
    dict_new, list_new = dict.__new__, list.__new__
    # anchor -> (node, weight: nodes it expands to, height: levels of nesting it holds)
    anchors: dict[str, tuple[Any, int, int]] = {}
    plain = state.plain
    plain_get = plain.get
    strings = state.strings
    sharing = state.sharing
    packers = _PACKERS
    small = len(_PACKERS)

    # The current container and its state live in locals; parents wait on ``stack``.
    stack: list[list[Any]] = []
    cur: Any = None
    # packed positions of cur's entries (by key for a mapping), stored as bytes when it ends
    cur_pos: Any = None
    is_map = False
    has_key = False
    key: Any = None
    key_off = 0
    merges: list[Any] | None = None
    start_weight = 0
    anchor: str | None = None
    path_key: Any = None  # the key (or index) this container has in its parent
    key_merge = False  # the pending key is a plain `<<` (a merge key)
    # The deepest level reached (aliases included); an anchored container starts counting
    # afresh, so that its height is known when it ends, and puts back the larger count.
    deepest = 0
    outer_deepest = 0

    root: Any = None
    root_offset = 0
    tag: str | None = None
    weight = state.weight
    events = state.events

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

    try:
        while True:
            event = get_event()
            cls = event.__class__
            events += 1
            if cls is ScalarEvent:
                offset = event.start_mark.index + base
                text = event.value
                tag = event.tag
                flags = 0
                if tag is None and not event.style:
                    if text:
                        value = plain_get(text, _MISSING)
                        if value is _MISSING:
                            value = resolve_plain(text)
                            # (not NaN: every .nan is a different key, as in PyYAML)
                            if sharing and len(text) <= _SHARED_LENGTH and value == value:
                                if len(plain) >= _SHARED_COUNT:
                                    sharing = state.keep_sharing(events)
                                if sharing:
                                    plain[text] = value
                    else:
                        value = None
                        flags = EMPTY
                elif tag is None or tag == "!":
                    value = text
                    if len(text) <= _SHARED_LENGTH:
                        value = strings.get(text, text)
                        if sharing and value is text:
                            if len(strings) >= _SHARED_COUNT:
                                sharing = state.keep_sharing(events)
                            if sharing:
                                strings[text] = text
                    flags = QUOTED
                else:
                    value, known = _tagged_scalar(tag, text)
                    if not known:
                        tags.append(OddTag(here(), tag, offset))
                weight += 1
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, 0)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                offset = event.start_mark.index + base
                if event.tag is not None and event.tag not in (
                    _MAP_TAGS if cls is MappingStartEvent else _SEQ_TAGS
                ):
                    tags.append(OddTag(here(), event.tag, offset))
                depth = len(stack) + 1
                if depth > MAX_DEPTH:
                    raise _too_deep(offset)
                child_key: Any = (
                    (key if has_key else None)
                    if is_map
                    else (len(cur) if cur is not None else None)
                )
                # fmt: off
                stack.append([cur, is_map, has_key, key, key_off, key_merge, merges, start_weight,
                              anchor, path_key, offset, cur_pos, outer_deepest])
                # fmt: on
                # Millions of these: skip the Python-level __init__; ``pos`` is set at the end.
                if cls is MappingStartEvent:
                    cur = dict_new(PosMap)
                    is_map = True
                else:
                    cur = list_new(PosList)
                    is_map = False
                cur_pos = {} if is_map else []
                has_key = False
                key = None
                merges = None
                start_weight = weight
                anchor = event.anchor
                if anchor is not None:
                    outer_deepest = deepest
                    deepest = depth
                elif depth > deepest:
                    deepest = depth
                path_key = child_key
                weight += 1
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = cur
                if merges:
                    # the mapping's own offset waits on the stack
                    value = _merged(cur, cur_pos, merges, state, events, stack[-1][10])
                else:
                    entries = cur_pos.values() if is_map else cur_pos
                    if len(entries) < small:
                        try:
                            cur.pos = packers[len(entries)](*entries)
                        except struct.error:  # an offset beyond 64 bits: a file over 1 GiB
                            cur.pos = list(entries)
                    else:
                        cur.pos = _pack(list(entries))
                if anchor is not None:
                    anchors[anchor] = (value, weight - start_weight, deepest - len(stack) + 1)
                    if outer_deepest > deepest:
                        deepest = outer_deepest
                # fmt: off
                (cur, is_map, has_key, key, key_off, key_merge, merges, start_weight, anchor,
                 path_key, offset, cur_pos, outer_deepest) = stack.pop()
                # fmt: on
                flags = 0
            elif cls is AliasEvent:
                offset = event.start_mark.index + base
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
                value, node_weight, height = target
                weight += node_weight
                if weight > MAX_EXPANDED_NODES and weight > MAX_EXPANSION_RATIO * events:
                    raise _Abort(
                        LoadProblem(
                            "alias-bomb",
                            f"aliases expand this file to more than {MAX_EXPANDED_NODES:,} "
                            f"nodes from {events:,} written ones",
                            offset,
                        )
                    )
                if height:
                    reach = len(stack) + height
                    if reach > MAX_DEPTH:
                        raise _too_deep(offset, through_aliases=True)
                    if reach > deepest:
                        deepest = reach
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
                    # a merge key is a plain `<<` (not quoted, not tagged)
                    key_merge = value == "<<" and cls is ScalarEvent and not flags and tag is None
                    has_key = True
                else:
                    has_key = False
                    if key_merge and isinstance(value, (dict, list)):
                        if merges is None:
                            merges = []
                        merges.append(value)
                        continue
                    if key in cur:
                        first = cur_pos[key] >> _KEY_SHIFT
                        duplicates.append(DuplicateKey(path(), key, first, key_off))
                    cur[key] = value
                    cur_pos[key] = (key_off << _KEY_SHIFT) | (offset << _FLAG_BITS) | flags
                    if flags & EMPTY:
                        empties.append((*path(), key))
            else:
                cur.append(value)
                cur_pos.append((offset << _FLAG_BITS) | flags)
    finally:
        state.weight = weight
        state.events = events


def _merged(
    mapping: PosMap,
    positions: dict[Any, int],
    merges: list[Any],
    state: _FileState,
    events: int,
    offset: int,
) -> PosMap:
    """The mapping with its merge keys (``<<: *defaults``) applied: explicit keys win,
    earlier merges win over later.

    A mapping that is nothing but one merge is the merged mapping itself, shared as an alias
    shares it; otherwise the merged entries are copied, within the file's budget.
    """
    sources: list[PosMap] = []
    for item in merges:
        if isinstance(item, list):
            sources.extend(x for x in item if isinstance(x, PosMap))
        elif isinstance(item, PosMap):
            sources.append(item)
    if not mapping and len(sources) == 1:
        return sources[0]
    state.copied += sum(len(source) for source in sources)
    if state.copied > MAX_MERGED_ENTRIES and state.copied > MAX_MERGE_RATIO * events:
        raise _Abort(
            LoadProblem(
                "alias-bomb",
                f"merge keys (<<) copy more than {MAX_MERGED_ENTRIES:,} entries in this file "
                f"from {events:,} written nodes",
                offset,
            )
        )
    for source in sources:
        entries = _entries(source.pos)
        for index, (k, v) in enumerate(source.items()):
            if k not in mapping:
                mapping[k] = v
                positions[k] = entries[index] if index < len(entries) else 0
    mapping.pos = _pack(list(positions.values()))
    return mapping


# --------------------------------------------------------------------------- salvage

_TOP_KIND_RE = re.compile(r"^kind:[ \t]*[\"']?([A-Za-z][A-Za-z0-9]*)", re.MULTILINE)
_META_RE = re.compile(r"^metadata:[ \t]*\n((?:[ \t]+.*\n?|[ \t]*\n)*)", re.MULTILINE)
_META_FIELD_RE = r"^[ \t]{{1,8}}{field}:[ \t]*[\"']?([A-Za-z0-9][-A-Za-z0-9_.:]*)"


def salvage_identity(text: str, offset: int) -> tuple[str, str, str | None] | None:
    """(kind, name, namespace) of the broken document around ``offset``, read from its raw
    lines, when they can be read: what a broken file defines still exists for its readers."""
    begin = _last_marker(text, offset + 1)
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


def _last_marker(text: str, endpos: int) -> int:
    """Start of the last ``---`` line that ends by ``endpos`` (0 when there is none), found
    backwards so that a file with many broken documents is not scanned once for each."""

    def ends_marker(after: int) -> bool:
        return after == endpos or after >= len(text) or text[after] in " \t\n"

    end = endpos
    while True:
        newline = text.rfind("\n---", 0, end)
        if newline < 0:
            break
        if ends_marker(newline + 4):
            return newline + 1
        end = newline + 3
    return 0
