"""The loader: data identical to PyYAML's, positions for every node, and what PyYAML hides."""

from __future__ import annotations

import codecs
import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubelint.loader import (
    EMPTY,
    QUOTED,
    Document,
    LoadProblem,
    decode,
    entry_offsets,
    parse,
    resolve_plain,
)
from kubelint.objects import SourceFile


def docs(text: str) -> list[Document]:
    return [d for d in parse(text) if isinstance(d, Document)]


def problems(text: str) -> list[LoadProblem]:
    return [p for p in parse(text) if isinstance(p, LoadProblem)]


def line_col(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("x", text).line_col(offset)


@pytest.mark.parametrize(
    "plain",
    ["1", "-1", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "1.5", "1e3", "1.0e+3", ".5",
     ".inf", "-.Inf", ".nan", "yes", "No", "ON", "off", "true", "False", "null", "~", "Null",
     "y", "n", "=", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "3.14.15", "+12",
     "0", "00", "-0", "1__0", "0x", "abc", "0.", "+.5"],
)  # fmt: skip
def test_plain_scalars_resolve_like_pyyaml(plain):
    expected = yaml.safe_load(f"v: {plain}")["v"] if plain not in ("=",) else "="
    if hasattr(expected, "isoformat"):
        expected = plain  # timestamps stay strings: the API receives strings
    got = resolve_plain(plain)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert got == expected and type(got) is type(expected), (plain, got, expected)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
    max_leaves=20,
)  # fmt: skip


@given(yaml_values, st.sampled_from(["block", "flow"]))
@settings(max_examples=300, deadline=None)
def test_any_document_loads_to_what_pyyaml_loads(value, style):
    text = yaml.safe_dump({"root": value}, default_flow_style=(style == "flow"), allow_unicode=True)
    loaded = docs(text)
    assert len(loaded) == 1
    assert loaded[0].data == yaml.safe_load(text)


def test_every_key_and_value_has_its_position():
    text = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: web\n    image: nginx:1\n"
    data = docs(text)[0].data
    container = data["spec"]["containers"][0]
    key, value, _ = entry_offsets(container, "image")
    assert line_col(text, key) == (6, 5)
    assert line_col(text, value) == (6, 12)
    item, _, _ = entry_offsets(data["spec"]["containers"], 0)
    assert line_col(text, item) == (5, 5)


def test_positions_count_characters_not_bytes():
    text = "# 日本語のコメント\nkey: 値\nnext: x\n"
    data = docs(text)[0].data
    assert line_col(text, entry_offsets(data, "next")[1]) == (3, 7)


def test_empty_and_quoted_values_are_flagged():
    data = docs('a:\nb: null\nc: "x"\nd: |\n  text\n')[0].data
    assert entry_offsets(data, "a")[2] == EMPTY
    assert entry_offsets(data, "b")[2] == 0
    assert entry_offsets(data, "c")[2] == QUOTED
    assert entry_offsets(data, "d")[2] == QUOTED


def test_duplicate_keys_are_recorded_with_both_positions_and_the_last_value_wins():
    text = "metadata:\n  name: a\n  labels: {}\n  name: b\n"
    doc = docs(text)[0]
    assert doc.data["metadata"]["name"] == "b"
    (dup,) = doc.duplicates
    assert dup.path == ("metadata",) and dup.key == "name"
    assert line_col(text, dup.first_offset) == (2, 3)
    assert line_col(text, dup.offset) == (4, 3)


def test_a_syntax_error_does_not_hide_later_documents():
    text = "a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n---\ne: 5\n"
    items = list(parse(text))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Document", "LoadProblem", "Document", "Document"]
    assert [d.data for d in items if isinstance(d, Document)] == [{"a": 1}, {"d": 4}, {"e": 5}]
    assert line_col(text, items[1].offset)[0] == 4


def test_tabs_get_a_hint():
    (problem,) = problems("a:\n\tb: 1\n")
    assert "tabs" in problem.message


def test_merge_keys_are_flattened_and_explicit_keys_win():
    text = "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n"
    assert docs(text)[0].data["d"] == {"x": 1, "y": 3}


def test_unknown_and_python_tags_are_recorded_never_constructed():
    text = "a: !Ref thing\nb: !!python/object:os.system echo\nc: !!str 1\n"
    doc = docs(text)[0]
    assert doc.data == {"a": "thing", "b": "echo", "c": "1"}
    assert [t.tag for t in doc.tags] == ["!Ref", "tag:yaml.org,2002:python/object:os.system"]


def test_the_unconstructible_value_tag_loads():
    # prometheus-operator's AlertmanagerConfig CRD has a plain `=` (PyYAML: tag:yaml.org,2002:value)
    assert docs("enum:\n- =\n- '!='\n")[0].data == {"enum": ["=", "!="]}


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    items = list(parse("\n".join(lines)))
    assert [p.kind for p in items if isinstance(p, LoadProblem)] == ["alias-bomb"]


def test_deep_nesting_is_refused_without_recursion_errors():
    items = list(parse("a: " + "[" * 100_000 + "]" * 100_000))
    assert [p.kind for p in items if isinstance(p, LoadProblem)] == ["too-deep"]


def test_undefined_alias_is_a_problem_that_does_not_quote_the_name():
    (problem,) = problems("a: *nothing\n")
    assert problem.message == "an alias (*name) refers to no anchor defined before it"


def test_an_error_right_at_a_document_marker_does_not_skip_that_document():
    text = 'a: "unclosed\n---\nb: 2\n'
    items = list(parse(text))
    assert [type(i).__name__ for i in items][-1] == "Document"
    assert items[-1].data == {"b": 2}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF8 + b"a: 1\n", "a: 1\n"),
        (codecs.BOM_UTF16_LE + "a: é\n".encode("utf-16-le"), "a: é\n"),
        (codecs.BOM_UTF16_BE + "a: é\n".encode("utf-16-be"), "a: é\n"),
        ("a: é\n".encode("utf-16-le"), "a: é\n"),
        (b"a: 1\r\nb: 2\r\n", "a: 1\nb: 2\n"),
    ],
)
def test_decoding(raw, expected):
    assert decode(raw) == expected


def test_undecodable_bytes_are_a_clear_problem():
    problem = decode("a: 1\nb: 日本\n".encode("shift_jis"))
    assert isinstance(problem, LoadProblem) and problem.kind == "encoding"
    assert "line 2" in problem.message and "UTF-8" in problem.message


def test_binary_files_are_recognised():
    problem = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert isinstance(problem, LoadProblem) and problem.kind == "binary"


def test_empty_and_comment_only_files_have_no_documents_and_no_problems():
    assert [d.data for d in docs("")] == []
    assert [d.data for d in docs("# just a comment\n")] == []
    assert problems("---\n---\n") == []


def test_an_enormous_integer_stays_text_instead_of_crashing():
    digits = "9" * 5000
    assert docs(f"n: {digits}\n")[0].data == {"n": digits}


def test_a_key_or_value_repeated_in_another_file_is_one_object():
    """Many small files repeat the same keys and values: each is kept once (memory, and
    less to send between processes)."""
    first, second = (docs(f"apiVersion: v1\nkind: ConfigMap\ndata: {{level: 'in{'fo'}'}}\n")[0].data
                     for _ in range(2))  # fmt: skip
    assert first == second
    assert next(iter(first)) is next(iter(second))
    assert first["kind"] is second["kind"]
    assert first["data"]["level"] is second["data"]["level"]


def test_a_file_of_unique_scalars_leaves_the_next_file_loading_right():
    """A file of many values seen once stops sharing for itself only; the values of the
    files after it are still right, and still shared."""
    many = docs("[" + ", ".join(f"v{i}, '{i}x'" for i in range(30_000)) + "]\n")[0].data
    assert many[:4] == ["v0", "0x", "v1", "1x"] and many[-1] == "29999x"
    after = [docs("kind: Pod\nreplicas: 3\nname: 'web'\n")[0].data for _ in range(2)]
    assert after[0] == {"kind": "Pod", "replicas": 3, "name": "web"}
    assert after[0]["kind"] is after[1]["kind"] and after[0]["name"] is after[1]["name"]
