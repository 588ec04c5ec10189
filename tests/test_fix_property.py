"""Property: ``--fix`` changes the nodes its fixes target, and not one other line.

Hypothesis writes multi-document manifests (ConfigMaps with values of every YAML type,
Deployments and Pods carrying what the API server writes, AppArmor annotations, beta node
labels or no selector, cluster-scoped kinds with a namespace, ``kind: List``s of them) in
block and flow style (flow mappings on one line or one entry per line), with comments on
their own lines and after values, blank lines, quoted and plain keys and scalars, 2 or 4
columns of indentation, and now and then CRLF line ends or a byte order mark. The generator
knows which nodes each line belongs to. After ``run_fixes`` (unsafe fixes included, nothing
written):
- every line that belongs to no node a fix targeted is unchanged and in order (as a
  subsequence of the result, which no alignment of equal lines can fool);
- lines are only added when a fix inserts something;
- the result loads, without duplicate keys;
- a second run changes nothing.

A node that a fix deletes takes with it a mapping it empties (the engine removes it rather
than leave ``annotations:`` reading as null); the generator knows those too. The engine bugs
the property found are pinned by the minimal examples at the end of this file.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubelint.engine import Settings, lint, load_text
from kubelint.fix import (
    FileResult,
    Fix,
    PendingFix,
    apply_fixes,
    delete,
    quote,
)
from kubelint.fixer import run_fixes
from kubelint.loader import Document, parse
from kubelint.objects import SourceFile
from kubelint.registry import load_rules
from kubelint.versions import KubeVersion

TARGET: KubeVersion = (1, 30)

# ------------------------------------------------------------------ a small YAML tree


@dataclass
class Scalar:
    text: str  # as written, quotes included


@dataclass
class Block:
    """A literal or folded block scalar."""

    indicator: str  # "|", ">", "|-"...
    lines: list[str]


@dataclass
class Entry:
    key: str
    value: Node
    comment: str | None = None  # after the value (after the key for block collections)
    before: list[str] = field(default_factory=list)  # own-line comments and blank lines ("")
    quote: str = ""  # how the key is quoted: "", "'" or '"'

    @property
    def written_key(self) -> str:
        return f"{self.quote}{self.key}{self.quote}"


@dataclass
class Map:
    entries: list[Entry]
    flow: bool = False
    multiline: bool = False  # a flow mapping with one entry per line


@dataclass
class Seq:
    items: list[Node]
    flow: bool = False


Node = Union[Scalar, Block, Map, Seq]  # noqa: UP007 (a runtime alias)
NodePath = tuple[Any, ...]
Line = tuple[str, frozenset[NodePath]]  # text, and every node (by path) the line is part of
#: Marks the lines of a block scalar among a line's owners.
BLOCK_SCALAR: NodePath = ("<block scalar>",)
#: Marks the lines of a flow mapping written one entry per line: (MULTILINE, *its path).
MULTILINE = "<multi-line flow mapping>"


def prefixes(path: NodePath) -> frozenset[NodePath]:
    return frozenset(path[:i] for i in range(1, len(path) + 1))


def descendants(node: Node, path: NodePath) -> set[NodePath]:
    found = {path}
    if isinstance(node, Map):
        for entry in node.entries:
            found |= descendants(entry.value, (*path, entry.key))
    elif isinstance(node, Seq):
        for i, item in enumerate(node.items):
            found |= descendants(item, (*path, i))
    return found


def flow(node: Node) -> str:
    if isinstance(node, Scalar):
        return node.text
    if isinstance(node, Map):
        return "{" + ", ".join(f"{e.written_key}: {flow(e.value)}" for e in node.entries) + "}"
    if isinstance(node, Seq):
        return "[" + ", ".join(flow(item) for item in node.items) + "]"
    raise AssertionError("block scalars are never written in flow style")


@dataclass
class Style:
    indent: int = 2
    sequence_offset: int = 0


def render_map(node: Map, indent: int, path: NodePath, style: Style) -> list[Line]:
    lines: list[Line] = []
    for entry in node.entries:
        lines.extend(render_entry(entry, indent, path, style))
    return lines


def render_entry(entry: Entry, indent: int, parent: NodePath, style: Style) -> list[Line]:
    path = (*parent, entry.key)
    pad = " " * indent
    lines: list[Line] = [
        (f"{pad}{text}" if text else "", prefixes(parent)) for text in entry.before
    ]
    after = f"  # {entry.comment}" if entry.comment else ""
    value = entry.value
    key = entry.written_key
    if isinstance(value, Map) and value.multiline:
        inner = " " * (indent + style.indent)
        mark = (MULTILINE, *path)
        lines.append((f"{pad}{key}: {{", prefixes(path) | {mark}))
        for n, item in enumerate(value.entries):
            here = (*path, item.key)
            comma = "," if n + 1 < len(value.entries) else ""
            note = f"  # {item.comment}" if item.comment else ""
            owners = prefixes(here) | descendants(item.value, here) | {mark}
            text = f"{inner}{item.written_key}: {flow(item.value)}{comma}{note}"
            lines.append((text, frozenset(owners)))
        lines.append((f"{inner}}}{after}", prefixes(path) | {mark}))
    elif isinstance(value, Scalar) or (isinstance(value, (Map, Seq)) and value.flow):
        owners = prefixes(path) | descendants(value, path)
        lines.append((f"{pad}{key}: {flow(value)}{after}".rstrip(), frozenset(owners)))
    elif isinstance(value, Block):
        owners = prefixes(path) | {BLOCK_SCALAR}
        lines.append((f"{pad}{key}: {value.indicator}{after}", owners))
        inner = " " * (indent + style.indent)
        lines.extend((f"{inner}{text}" if text else "", owners) for text in value.lines)
    elif isinstance(value, Map):
        lines.append((f"{pad}{key}:{after}", prefixes(path)))
        lines.extend(render_map(value, indent + style.indent, path, style))
    else:
        lines.append((f"{pad}{key}:{after}", prefixes(path)))
        lines.extend(render_seq(value, indent + style.sequence_offset, path, style))
    return lines


def render_seq(node: Seq, indent: int, path: NodePath, style: Style) -> list[Line]:
    lines: list[Line] = []
    for i, item in enumerate(node.items):
        here = (*path, i)
        if isinstance(item, Map) and not item.flow:
            body = render_map(item, indent + 2, here, style)
            first, owners = body[0]
            lines.append((" " * indent + "- " + first[indent + 2 :], owners))
            lines.extend(body[1:])
        else:
            owners = prefixes(here) | descendants(item, here)
            lines.append((" " * indent + "- " + flow(item), frozenset(owners)))
    return lines


@dataclass
class Manifest:
    documents: list[Map]
    styles: list[Style]
    heads: list[list[str]]  # comment and blank lines before each document's content
    leading_separator: bool
    crlf: bool = False
    bom: bool = False

    def lines(self) -> list[Line]:
        out: list[Line] = []
        for i, (doc, style, head) in enumerate(
            zip(self.documents, self.styles, self.heads, strict=True)
        ):
            if i or self.leading_separator:
                out.append(("---", frozenset()))
            out.extend((text, frozenset()) for text in head)
            out.extend(render_map(doc, 0, (i,), style))
        return out

    def text(self) -> str:
        return "".join(text + "\n" for text, _ in self.lines())

    def raw(self) -> bytes:
        """The file: with CRLF line ends and a byte order mark when drawn so."""
        text = self.text().replace("\n", "\r\n") if self.crlf else self.text()
        return ("\ufeff" if self.bom else "").encode() + text.encode()

    def node(self, path: NodePath) -> Node | None:
        node: Node = self.documents[path[0]]
        for step in path[1:]:
            if isinstance(node, Map):
                found = [e.value for e in node.entries if e.key == step]
                if not found:
                    return None
                node = found[0]
            elif isinstance(node, Seq) and isinstance(step, int) and step < len(node.items):
                node = node.items[step]
            else:
                return None
        return node


# ------------------------------------------------------------------ what to write

_counter = iter(range(1 << 30))


def unique() -> int:
    return next(_counter)


CONFIG_VALUES = [
    # strings the API takes as they are
    "hello",
    "hello world",
    "'single quoted'",
    '"double quoted"',
    "''",
    '""',
    "'it''s'",
    "http://example.com/a?b=c",
    '"a # not a comment"',
    "y",
    "n",
    "2024-01-02",
    "2001-12-14t21:59:43.10-05:00",
    "'100'",
    '"yes"',
    "v1.2.3",
    "~/path",
    "-dash",
    # numbers and booleans YAML makes of unquoted text: wrong-type quotes them
    "100",
    "-5",
    "0",
    "+12",
    "0x1F",
    "017",
    "0o17",
    "1_000",
    "1.10",
    "1e3",
    ".5",
    "-0.0",
    ".inf",
    "-.Inf",
    ".NaN",
    "6.8523015e+5",
    "yes",
    "No",
    "true",
    "FALSE",
    "on",
    "Off",
    # nothing at all
    "null",
    "~",
    "Null",
]
BLOCK_VALUES = [("|", ["line one", "  indented", "", "last"]), (">-", ["folded", "text"])]

comments = st.sampled_from(
    ["note", "keep this", "TODO: check", "数値", "# double", "a: b", "- not a list"]
)


@st.composite
def befores(draw: st.DrawFn) -> list[str]:
    """Own-line comments and blank lines before an entry."""
    items = draw(st.lists(st.sampled_from(["blank", "comment"]), max_size=2))
    return ["" if kind == "blank" else f"# {draw(comments)} {unique()}" for kind in items]


quotes = st.sampled_from(["", "", "", "", '"', "'"])


@st.composite
def entry(draw: st.DrawFn, key: str, value: Node) -> Entry:
    comment = None
    block_scalar = isinstance(value, Block)
    if not block_scalar and draw(st.booleans()):
        comment = f"{draw(comments)} {unique()}"
    return Entry(key, value, comment, draw(befores()), draw(quotes))


@st.composite
def mapping(draw: st.DrawFn, items: list[tuple[str, Node]], *, flow_ok: bool = True) -> Map:
    as_flow = flow_ok and bool(items) and all(_flowable(v) for _, v in items)
    as_flow = as_flow and draw(st.booleans())
    if as_flow and draw(st.integers(0, 3)) == 0:  # one entry per line, comments after them
        notes = st.none() | comments.map(lambda c: f"{c} {unique()}")
        return Map(
            [Entry(k, _as_flow(v), draw(notes), quote=draw(quotes)) for k, v in items],
            flow=True,
            multiline=True,
        )
    if as_flow:
        return Map([Entry(k, _as_flow(v), quote=draw(quotes)) for k, v in items], flow=True)
    return Map([draw(entry(k, v)) for k, v in items])


def _flowable(node: Node) -> bool:
    if isinstance(node, Map):
        return all(_flowable(e.value) for e in node.entries)
    if isinstance(node, Seq):
        return all(_flowable(item) for item in node.items)
    return isinstance(node, Scalar)


def _as_flow(node: Node) -> Node:
    if isinstance(node, Map):
        entries = [Entry(e.key, _as_flow(e.value), quote=e.quote) for e in node.entries]
        return Map(entries, flow=True)
    if isinstance(node, Seq):
        return Seq([_as_flow(item) for item in node.items], flow=True)
    return node


def s(text: str) -> Scalar:
    return Scalar(text)


@st.composite
def metadata(draw: st.DrawFn, n: int, *, server: bool, namespace: bool, pod: bool = False) -> Map:
    items: list[tuple[str, Node]] = [("name", s(f"obj-{n}"))]
    if namespace:
        items.append(("namespace", s(draw(st.sampled_from([f"ns-{n}", f'"ns-{n}"'])))))
    if server:
        extra = draw(
            st.lists(
                st.sampled_from(
                    ["resourceVersion", "uid", "generation", "creationTimestamp", "selfLink"]
                ),
                unique=True,
                max_size=4,
            )
        )
        values = {
            "resourceVersion": f'"{1000 + n}"',
            "uid": f"5a1c6b0e-6d8c-4d3e-9a55-2f2c1c0b{n:04d}",
            "generation": str(n + 1),
            "creationTimestamp": draw(st.sampled_from(['"2025-03-02T10:11:12Z"', "null"])),
            "selfLink": f"/apis/apps/v1/namespaces/ns-{n}/deployments/obj-{n}",
        }
        items.extend((key, s(values[key])) for key in extra)
        annotations = draw(
            st.lists(
                st.sampled_from(
                    [
                        ("deployment.kubernetes.io/revision", s('"3"')),
                        ("team", s(f"team-{n}")),
                        (
                            "kubectl.kubernetes.io/last-applied-configuration",
                            Block("|", [f'{{"kind": "Deployment", "n": {n}}}']),
                        ),
                    ]
                ),
                unique_by=lambda kv: kv[0],
                max_size=3,
            )
        )
        if draw(st.booleans()):
            managed = Seq([Map([Entry("manager", s("kubectl")), Entry("operation", s("Update"))])])
            items.append(("managedFields", managed))
    else:
        annotations = []
    if pod and draw(st.booleans()):  # an AppArmor annotation: --fix moves it to the container
        annotations = [*annotations, apparmor(n)]
    if annotations:
        items.append(("annotations", draw(mapping(annotations))))
    items.append(("labels", Map([Entry("app", s(f"app-{n}"))], flow=draw(st.booleans()))))
    order = draw(st.permutations(items[1:]))
    return draw(mapping([items[0], *order]))


@st.composite
def config_map(draw: st.DrawFn, n: int) -> Map:
    keys = draw(
        st.lists(
            st.sampled_from([f"KEY_{c}" for c in "ABCDEFGH"]), min_size=1, max_size=6, unique=True
        )
    )
    items: list[tuple[str, Node]] = []
    for key in keys:
        if draw(st.integers(0, 9)) == 0:
            indicator, lines = draw(st.sampled_from(BLOCK_VALUES))
            items.append((key, Block(indicator, list(lines))))
        else:
            items.append((key, s(draw(st.sampled_from(CONFIG_VALUES)))))
    data = draw(mapping(items))
    meta = draw(metadata(n, server=draw(st.booleans()), namespace=True))
    return Map(
        [
            Entry("apiVersion", s("v1")),
            Entry("kind", s("ConfigMap")),
            Entry("metadata", meta),
            draw(entry("data", data)),
        ]
    )


def apparmor(n: int) -> tuple[str, Node]:
    return (f"container.apparmor.security.beta.kubernetes.io/c-{n}", s("runtime/default"))


@st.composite
def pod_spec(draw: st.DrawFn, n: int) -> Map:
    env_values = st.sampled_from(["8080", "true", '"8080"', "debug", "1.5"])
    container: list[tuple[str, Node]] = [
        ("name", s(f"c-{n}")),
        ("image", s(f"registry.example.com/app:{n}.0.1")),
    ]
    if draw(st.booleans()):
        env = Seq(
            [
                Map(
                    [Entry("name", s(f"VAR_{i}")), Entry("value", s(draw(env_values)))],
                    flow=draw(st.booleans()),
                )
                for i in range(draw(st.integers(1, 3)))
            ]
        )
        container.append(("env", env))
    resources = Map(
        [
            Entry("requests", Map([Entry("cpu", s("100m")), Entry("memory", s("64Mi"))])),
            Entry("limits", Map([Entry("memory", s("64Mi"))])),
        ]
    )
    container.append(("resources", draw(mapping([(e.key, e.value) for e in resources.entries]))))
    if draw(st.booleans()):
        context = Map([Entry("runAsNonRoot", s("true"))], flow=draw(st.booleans()))
        container.insert(draw(st.integers(1, len(container))), ("securityContext", context))
    items: list[tuple[str, Node]] = [("containers", Seq([draw(mapping(container, flow_ok=False))]))]
    if draw(st.booleans()):
        label = draw(st.sampled_from(["beta.kubernetes.io/os", "kubernetes.io/os"]))
        items.insert(0, ("nodeSelector", draw(mapping([(label, s("linux"))]))))
    return draw(mapping(items, flow_ok=False))


@st.composite
def workload(draw: st.DrawFn, n: int) -> Map:
    kind = draw(st.sampled_from(["Deployment", "Pod"]))
    server = draw(st.booleans())
    meta = draw(metadata(n, server=server, namespace=True, pod=kind == "Pod"))
    spec = draw(pod_spec(n))
    entries = [
        Entry("apiVersion", s("apps/v1" if kind == "Deployment" else "v1")),
        Entry("kind", s(kind)),
        draw(entry("metadata", meta)),
    ]
    if kind == "Deployment":
        template_meta: list[tuple[str, Node]] = [("labels", Map([Entry("app", s(f"app-{n}"))]))]
        if draw(st.booleans()):
            template_meta.insert(0, ("creationTimestamp", s("null")))
        if draw(st.booleans()):
            template_meta.append(("annotations", Map([Entry(*apparmor(n))])))
        selector = Map([Entry("matchLabels", Map([Entry("app", s(f"app-{n}"))]))])
        # without a selector, missing-selector inserts one
        selecting = [("selector", selector)] if draw(st.integers(0, 3)) else []
        spec = draw(
            mapping(
                [
                    ("replicas", s("2")),
                    *selecting,
                    (
                        "template",
                        Map(
                            [
                                draw(entry("metadata", draw(mapping(template_meta)))),
                                Entry("spec", spec),
                            ]
                        ),
                    ),
                ],
                flow_ok=False,
            )
        )
    entries.append(draw(entry("spec", spec)))
    if draw(st.booleans()):
        status = draw(
            st.sampled_from(
                [
                    Map([Entry("replicas", s("2")), Entry("observedGeneration", s("3"))]),
                    Map([], flow=True),
                    Map([Entry("conditions", Seq([Map([Entry("type", s("Ready"))])]))]),
                ]
            )
        )
        entries.append(draw(entry("status", status)))
    return Map(entries)


@st.composite
def cluster_scoped(draw: st.DrawFn, n: int) -> Map:
    kind = draw(st.sampled_from(["ClusterRole", "PersistentVolume", "StorageClass"]))
    meta = draw(metadata(n, server=False, namespace=True))
    head = [Entry("kind", s(kind)), draw(entry("metadata", meta))]
    if kind == "ClusterRole":
        rule = Map(
            [
                Entry("apiGroups", Seq([s('""')], flow=True)),
                Entry("resources", Seq([s("configmaps")], flow=True)),
                Entry("verbs", Seq([s("get")], flow=True)),
            ]
        )
        return Map(
            [
                Entry("apiVersion", s("rbac.authorization.k8s.io/v1")),
                *head,
                draw(entry("rules", Seq([rule]))),
            ]
        )
    if kind == "StorageClass":
        return Map(
            [
                Entry("apiVersion", s("storage.k8s.io/v1")),
                *head,
                draw(entry("provisioner", s("ebs.csi.aws.com"))),
            ]
        )
    spec = [
        ("capacity", Map([Entry("storage", s("10Gi"))])),
        ("accessModes", Seq([s("ReadWriteOnce")], flow=True)),
        ("hostPath", Map([Entry("path", s(f"/srv/{n}"))])),
    ]
    return Map([Entry("apiVersion", s("v1")), *head, draw(entry("spec", draw(mapping(spec))))])


def objects(n: int) -> st.SearchStrategy[Map]:
    return st.one_of(config_map(n), workload(n), cluster_scoped(n))


@st.composite
def list_of_objects(draw: st.DrawFn, n: int) -> Map:
    """A ``kind: List`` holding a few objects."""
    items = [draw(objects(n * 10 + i)) for i in range(draw(st.integers(1, 3)))]
    return Map(
        [
            Entry("apiVersion", s("v1")),
            Entry("kind", s("List")),
            draw(entry("items", Seq(items))),
        ]
    )


@st.composite
def manifests(draw: st.DrawFn) -> Manifest:
    count = draw(st.integers(1, 4))
    documents = [
        draw(list_of_objects(n) if draw(st.integers(0, 5)) == 0 else objects(n))
        for n in range(count)
    ]
    styles = [
        Style(draw(st.sampled_from([2, 4])), draw(st.sampled_from([0, 2]))) for _ in documents
    ]
    heads = [draw(befores()) for _ in documents]
    return Manifest(
        documents,
        styles,
        heads,
        draw(st.booleans()),
        crlf=draw(st.integers(0, 5)) == 0,
        bom=draw(st.integers(0, 9)) == 0,
    )


# ------------------------------------------------------------------ the property


def _settings() -> Settings:
    rules = load_rules()
    return Settings(
        severities={r.id: r.severity for r in rules.values() if r.default},
        kube_version=TARGET,
    )


def targeted(manifest: Manifest, path: str, settings_: Settings) -> tuple[set[NodePath], bool]:
    """Paths (document index first) of the nodes the fixes of the first round target, with
    the mappings their deletions empty; and whether any fix inserts something."""
    report = lint([path], settings_)
    touched: set[NodePath] = set()
    deleted: set[NodePath] = set()
    inserts = False
    for pending in report.fixes:
        for edit in pending.fix.edits:
            full = (pending.obj.document.index, *pending.obj.base, *edit.path)
            touched.add(full)
            if edit.op == "delete":
                deleted.add(full)
            if edit.op == "insert":
                inserts = True
    changed = True
    while changed:  # a mapping whose entries are all deleted goes too
        changed = False
        for path_ in list(deleted):
            parent = path_[:-1]
            node = manifest.node(parent)
            if (
                len(parent) > 1
                and parent not in deleted
                and isinstance(node, Map)
                and all((*parent, e.key) in deleted for e in node.entries)
            ):
                deleted.add(parent)
                touched.add(parent)
                changed = True
    return touched, inserts


def first_missing(kept: list[tuple[int, str]], new_lines: list[str]) -> str | None:
    """The first of ``kept`` (line number, text) that ``new_lines`` do not hold in the same
    order, or None: a subsequence test, which no alignment of equal lines can fool."""
    position = 0
    for k, text in kept:
        while position < len(new_lines) and new_lines[position] != text:
            position += 1
        if position == len(new_lines):
            return f"{k + 1} ({text!r})"
        position += 1
    return None


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(manifests())
def test_fix_changes_only_the_nodes_it_targets(manifest: Manifest) -> None:
    lines = manifest.lines()
    text = manifest.text()
    settings_ = _settings()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "manifest.yaml"
        path.write_bytes(manifest.raw())
        touched, inserts = targeted(manifest, str(path), settings_)
        outcome = run_fixes([str(path)], settings_, unsafe=True, write=False)
        assert not outcome.report.internal_errors, (outcome.report.internal_errors, text)
        fixed = next(iter(outcome.changed.values()))[2] if outcome.changed else manifest.raw()
        if isinstance(fixed, bytes):
            fixed = fixed.decode()
        assert fixed.startswith("\ufeff") == manifest.bom
        assert ("\r\n" in fixed) == manifest.crlf
        fixed = fixed.removeprefix("\ufeff").replace("\r\n", "\n")

        new_lines = fixed.splitlines()
        kept = [(k, text_) for k, (text_, owners) in enumerate(lines) if not owners & touched]
        missing = first_missing(kept, new_lines)
        assert missing is None, (
            f"line {missing} belongs to no node a fix targets, but is gone or out of order"
            f"\n--- before\n{text}--- after\n{fixed}"
        )
        if not inserts:
            assert len(new_lines) <= len(lines), f"lines were added\n{text}---\n{fixed}"

        documents = list(parse(fixed))
        assert all(isinstance(d, Document) for d in documents), fixed
        assert [d.duplicates for d in documents if isinstance(d, Document)] == [
            [] for _ in documents
        ], fixed
        assert len(documents) == len(manifest.documents)

        path.write_bytes(
            ("\ufeff" if manifest.bom else "").encode()
            + (fixed.replace("\n", "\r\n") if manifest.crlf else fixed).encode()
        )
        again = run_fixes([str(path)], settings_, unsafe=True, write=False)
        assert not again.changed, f"a second run changed the file again:\n{fixed}"


# ------------------------------------------------------------------ engine bugs found on the way
# Minimal examples of the engine bugs the property found, fixed in lint/fix.py.


def _apply(text: str, *fixes: Fix) -> FileResult:
    source = SourceFile("bug.yaml")
    load_text(source, text.encode())
    return apply_fixes(source, [PendingFix("t", source.objects[0], fix) for fix in fixes])


def test_a_fix_on_an_aliased_node_is_skipped_not_fatal() -> None:
    text = "kind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: &n 1\n  b: *n\n"
    result = _apply(text, Fix.of(quote(("data", "b"))))
    assert result.text == text and len(result.skipped) == 1


def test_deleting_a_block_scalar_keeps_the_blank_line_after_it() -> None:
    text = "kind: ConfigMap\nmetadata:\n  annotations:\n    x: |\n      text\n\n    y: z\n"
    result = _apply(text, Fix.of(delete(("metadata", "annotations", "x"))))
    assert result.text == "kind: ConfigMap\nmetadata:\n  annotations:\n\n    y: z\n"


def test_an_edit_in_a_multi_line_flow_mapping_keeps_its_lines() -> None:
    text = "kind: ClusterRole\nmetadata: {\n  name: r,  # the role\n  namespace: x,\n  a: b\n}\n"
    result = _apply(text, Fix.of(delete(("metadata", "namespace"))))
    assert "  name: r,  # the role\n" in result.text
