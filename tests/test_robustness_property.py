"""Property-based robustness: whatever kubelint reads, it never raises and no rule fails.

Two properties, each fast enough for every CI run:

1. Arbitrary bytes and text (random binary, YAML-ish fragments with tabs, tags, anchors,
   merge keys, directives and unicode, in several encodings) linted with every rule on: no
   exception, no internal error, and every report format renders the result.
2. Generated manifests (realistic objects from the fixtures with random values of every
   type put into random fields, and objects of every built-in kind with random contents):
   no rule fails.

Crashes these properties found are in KNOWN_CRASHES, each with a minimal reproducer that
runs as a regression test. While one is open (listed in OPEN) its reproducer is a strict
xfail and the properties excuse exactly that error location on exactly that shape, so they
stay green until something new breaks.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubelint.cli import REPORT_FORMATS
from kubelint.engine import Settings, lint
from kubelint.findings import Report
from kubelint.kube import PREFERRED_API_VERSION
from kubelint.loader import Document, decode, parse
from kubelint.registry import load_rules

#: Every rule on, the opt-in ones and the Pod Security Standards included.
EVERY_RULE = Settings(
    severities={rule.id: rule.severity for rule in load_rules().values()},
    pod_security=("restricted", None),
)

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,  # nothing written into the shared tree
    print_blob=True,  # a failure prints how to reproduce it
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def lint_bytes(raw: bytes) -> Report:
    """Lint ``raw`` as standard input: the whole pipeline, no file system."""
    return lint(["-"], EVERY_RULE, stdin=io.BytesIO(raw))


def render_every_format(report: Report) -> None:
    for name in REPORT_FORMATS:
        reporter = importlib.import_module(f"kubelint.reporters.{name}")
        reporter.write(report, io.StringIO(), color=False, quiet=False)


# --------------------------------------------------------------------------- known crashes


def _nodes(node: Any) -> Any:
    """Every mapping and list inside ``node``, itself included."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Mapping):
            yield current
            stack.extend(current.values())
        elif isinstance(current, list):
            yield current
            stack.extend(current)


def _expressions(doc: Any) -> list[Mapping[str, Any]]:
    """Every item of every ``matchExpressions`` in ``doc``."""
    found: list[Mapping[str, Any]] = []
    for node in _nodes(doc):
        if isinstance(node, Mapping) and isinstance(node.get("matchExpressions"), list):
            found.extend(e for e in node["matchExpressions"] if isinstance(e, Mapping))
    return found


def _binding_role_kind_unhashable(doc: Any) -> bool:
    ref = doc.get("roleRef")
    return (
        doc.get("kind") in ("RoleBinding", "ClusterRoleBinding")
        and isinstance(ref, Mapping)
        and isinstance(ref.get("kind"), (list, dict))
    )


def _service_ports_a_number(doc: Any) -> bool:
    spec = doc.get("spec")
    return (
        doc.get("kind") == "Service"
        and isinstance(spec, Mapping)
        and isinstance(spec.get("ports"), (int, float))  # true is an int too
        and bool(spec.get("ports"))
    )


def _volume_name_unhashable(doc: Any) -> bool:
    return any(
        isinstance(node, Mapping)
        and isinstance(node.get("volumes"), list)
        and any(
            isinstance(v, Mapping) and isinstance(v.get("name"), (list, dict))
            for v in node["volumes"]
        )
        for node in _nodes(doc)
    )


def _selector_operator_unhashable(doc: Any) -> bool:
    return any(isinstance(e.get("operator"), (list, dict)) for e in _expressions(doc))


def _selector_values_a_number(doc: Any) -> bool:
    return any(
        isinstance(e.get("values"), (int, float)) and bool(e.get("values"))
        for e in _expressions(doc)
    )


@dataclass(frozen=True)
class KnownCrash:
    """A crash found by these properties (``reason``: the bug as it was reported)."""

    triggers: Callable[[Any], bool]  # the shape of document that sets it off
    where: str  # the internal error's location, as the report gives it
    reproducer: str
    reason: str


KNOWN_CRASHES = {
    "binding-role-kind-not-a-string": KnownCrash(
        _binding_role_kind_unhashable,
        "TypeError at rbac.py",
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
        "metadata: {name: b}\n"
        "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: [], name: view}\n"
        "subjects: [{kind: Group, name: x, apiGroup: rbac.authorization.k8s.io}]\n",
        "BUG: rbac.role_ref tests `kind not in ROLE_KINDS` before checking that kind is a "
        "string: roleRef.kind written as a list or mapping raises TypeError (unhashable) in "
        "anonymous-binding, authenticated-binding, cluster-admin-binding and "
        "cluster-wide-secret-access",
    ),
    "service-ports-a-number": KnownCrash(
        _service_ports_a_number,
        "TypeError at conflicting_fields.py",
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: 5\n",
        "BUG: conflicting-fields iterates `spec.get('ports') or ()`: a Service whose ports is "
        "a number or true raises TypeError (rules/conflicting_fields.py)",
    ),
    "volume-name-not-a-string": KnownCrash(
        _volume_name_unhashable,
        "TypeError at references.py",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
        "spec:\n  containers: [{name: a, image: 'x:1'}]\n  volumes: [{name: []}]\n",
        "BUG: references.claim_refs tests `volume.get('name') in templates` (a set): a volume "
        "whose name is a list or mapping raises TypeError in unknown-pvc",
    ),
    "selector-operator-not-a-string": KnownCrash(
        _selector_operator_unhashable,
        "TypeError at references.py",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb}\n"
        "spec:\n  selector:\n    matchExpressions: [{key: app, operator: []}]\n",
        "BUG: references.label_requirements tests `expr.get('operator') not in _OPERATORS` (a "
        "set): an operator written as a list or mapping raises TypeError in "
        "pdb-selects-nothing and network-policy-selects-nothing (and a traceback from "
        "`kubelint graph`, see test_hostile)",
    ),
    "selector-values-a-number": KnownCrash(
        _selector_values_a_number,
        "TypeError at kube.py",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n"
        "    matchLabels: {app: web}\n"
        "    matchExpressions: [{key: app, operator: In, values: true}]\n"
        "  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: a, image: 'x:1'}]}\n",
        "BUG: kube.selector_matches iterates `expr.get('values') or []`: matchExpressions "
        "values written as a number or true raises TypeError in selector-mismatch (and in "
        "authenticated-binding and cluster-wide-secret-access through a ClusterRole's "
        "aggregationRule)",
    ),
}


#: The crashes not fixed yet: the properties excuse them (on their shapes, at their
#: location only) and their reproducers are strict xfails. Fixed ones stay as regressions.
OPEN: frozenset[str] = frozenset()


def unexpected_errors(report: Report, docs: list[Any]) -> list[str]:
    """The report's internal errors, less those of open crashes these documents trigger."""
    excused = [
        crash.where
        for name, crash in KNOWN_CRASHES.items()
        if name in OPEN and any(isinstance(doc, Mapping) and crash.triggers(doc) for doc in docs)
    ]
    return [e for e in report.internal_errors if not any(f" {w}:" in e for w in excused)]


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=crash.reason))
     if name in OPEN else name
     for name, crash in KNOWN_CRASHES.items()],
)  # fmt: skip
def test_a_crash_found_by_these_properties_stays_fixed(name):
    crash = KNOWN_CRASHES[name]
    docs = list(yaml.safe_load_all(crash.reproducer))
    assert any(crash.triggers(doc) for doc in docs)  # the shape the properties excuse
    report = lint_bytes(crash.reproducer.encode())
    assert report.internal_errors == []


# --------------------------------------------------------------------------- 1. any input

FRAGMENTS = [
    "- ", ": ", ":", "---\n", "...\n", "--- ", "&a ", "*a", "&b ", "*b ", "<<: ", "<<: *a\n",
    "!Ref ", "!vault ", "!!python/object/apply:os.system ", "!!python/name:os.system ",
    "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!map ", "!!seq ",
    "!!set ", "!!omap ", "!!timestamp ", "!<tag:example.com,2000:x> ", "!e!x ", "! ",
    "{", "}", "[", "]", ", ", "? ", "|\n", "|-\n", ">+\n", "'", '"', "\\", "#", "# c\n",
    "%YAML 1.1\n", "%TAG !e! tag:example.com,2000:\n", "\t", " ", "  ", "\n", "\n  ", "\n    ",
    "\n- ", "\r\n", "\r", "\ufeff", "\x85", "\u2028", "\x00", "\x1b", "\x7f",
    "apiVersion: v1\n", "apiVersion: apps/v1\n", "kind: Pod\n", "kind: Deployment\n",
    "kind: List\nitems:\n", "kind: Secret\n", "kind: CustomResourceDefinition\n",
    "kind: ClusterRoleBinding\n", "kind: Service\n", "metadata:\n  name: x\n",
    "  namespace: ns\n", "  labels: ", "  annotations: ", "spec:\n", "  containers:\n",
    "  - name: c\n    image: nginx:latest\n", "  template:\n", "data:\n", "  key: ",
    "stringData:\n", "  password: ", "roleRef: ", "subjects:\n", "ports: ", "selector: ",
    "kubelint.io/ignore: ", "# kubelint: disable=latest-tag\n",
    "# kubelint: disable-next-line=all\n", "1e9", ".inf", "-.nan", "0x1F", "0o17", "0b1",
    "1_000", "12:30:00", "2001-12-14", "~", "null", "yes", "off", "=", "<<", "日本語", "é",
    "\U0001f600", "a" * 300,
]  # fmt: skip
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1"]

yamlish = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=60).map("".join)


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(st.binary(max_size=400))
    if choice == 1:
        return draw(st.text(max_size=300)).encode("utf-8", "surrogatepass")
    text = draw(yamlish)
    encoding = draw(st.sampled_from(ENCODINGS)) if choice == 3 else "utf-8"
    return text.encode(encoding, "replace" if encoding == "latin-1" else "surrogatepass")


def _documents(raw: bytes) -> list[Any]:
    """What the loader makes of ``raw``: its documents, and the items of any List."""
    text = decode(raw)
    if not isinstance(text, str):
        return []
    docs = [item.data for item in parse(text) if isinstance(item, Document)]
    items = [
        item
        for doc in docs
        if isinstance(doc, Mapping) and isinstance(doc.get("items"), list)
        for item in doc["items"]
    ]
    return docs + items


@settings(FAST, max_examples=400)  # a few milliseconds each
@given(hostile_bytes())
def test_any_input_never_raises_nor_fails_a_rule(raw):
    report = lint_bytes(raw)
    assert unexpected_errors(report, _documents(raw)) == []
    render_every_format(report)


# --------------------------------------------------------------------------- 2. manifests

FIXTURES = Path(__file__).parent / "fixtures"


def _seeds() -> tuple[list[dict[str, Any]], list[str]]:
    """Every object in the rule fixtures, and every key they use (field names to reuse)."""
    docs: list[dict[str, Any]] = []
    keys: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(k for k in node if isinstance(k, str))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in sorted(FIXTURES.rglob("*.yaml")):
        try:
            loaded = list(yaml.load_all(path.read_text("utf-8"), Loader=yaml.CSafeLoader))
        except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
            continue  # the fixtures of yaml-syntax and friends
        for doc in loaded:
            # not the fixtures of excessive-aliases and excessive-nesting: copied, their
            # shared nodes would become a real billion laughs
            if isinstance(doc, dict) and isinstance(doc.get("kind"), str) and _small(doc):
                docs.append(doc)
                collect(doc)
    return docs, sorted(keys)


def _small(doc: Any, limit: int = 5000, depth: int = 40) -> bool:
    """Whether ``doc`` has at most ``limit`` nodes, aliases expanded, and ``depth`` levels."""
    count = 0
    stack = [(doc, 0)]
    while stack:
        node, level = stack.pop()
        count += 1
        if count > limit or level > depth:
            return False
        if isinstance(node, dict):
            stack.extend((v, level + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, level + 1) for v in node)
    return True


SEEDS, FIELD_NAMES = _seeds()

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.integers(),  # beyond int64 too
    st.floats(),  # nan and infinities too
    st.text(max_size=12),
    st.sampled_from(
        ["", " ", "latest", "nginx:latest", "nginx@sha256:", "*", "-", "0", "-1", "1.5",
         "65536", "100Mi", "1e3", "0x1F", "TCP", "UDP", "ALL", "NET_ADMIN", "Always",
         "IfNotPresent", "RuntimeDefault", "Unconfined", "true", "v1", "apps/v1", "http",
         "/", "..", "/var/run/docker.sock", "kube-system", "default", "system:masters",
         "cluster-admin", "Role", "ClusterRole", "Group", "User", "ServiceAccount",
         "LoadBalancer", "NodePort", "ExternalName", "None", "In", "NotIn", "Exists",
         "*/5 * * * *", "@hourly", "postgres://u:p@db/x", "${PASSWORD}", "changeme",
         "ZGVtbw==", "not base64!", "\x00", "\u202e", "日本"]
    ),
)  # fmt: skip
keys = st.one_of(
    st.sampled_from(FIELD_NAMES), st.text(max_size=8), st.integers(-3, 3), st.none(),
    st.booleans(),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=12,
)


def _copy(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


@st.composite
def mutated_seed(draw: st.DrawFn) -> dict[str, Any]:
    """A real object from the fixtures with random values written into random places."""
    doc = _copy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        node: Any = doc
        for _ in range(draw(st.integers(0, 8))):  # walk down to a random container
            if isinstance(node, dict) and node:
                child = node[draw(st.sampled_from(sorted(node, key=repr)))]
            elif isinstance(node, list) and node:
                child = node[draw(st.integers(0, len(node) - 1))]
            else:
                break
            if not isinstance(child, (dict, list)):
                break
            node = child
        action = draw(st.sampled_from(["replace", "add", "delete"]))
        if isinstance(node, dict):
            existing = sorted(node, key=repr)
            if action == "delete" and existing:
                del node[draw(st.sampled_from(existing))]
            elif action == "replace" and existing:
                node[draw(st.sampled_from(existing))] = draw(values)
            else:
                node[draw(keys)] = draw(values)
        elif isinstance(node, list):
            if action == "delete" and node:
                node.pop(draw(st.integers(0, len(node) - 1)))
            elif action == "replace" and node:
                node[draw(st.integers(0, len(node) - 1))] = draw(values)
            else:
                node.append(draw(values))
    return doc


@st.composite
def random_object(draw: st.DrawFn) -> dict[str, Any]:
    """An object of a built-in kind whose every field is random."""
    kind = draw(st.sampled_from(sorted(PREFERRED_API_VERSION)))
    metadata = draw(
        st.fixed_dictionaries(
            {"name": scalars},
            optional={"namespace": scalars, "labels": values, "annotations": values},
        )
        | values
    )
    doc: dict[str, Any] = {
        "apiVersion": PREFERRED_API_VERSION[kind],
        "kind": kind,
        "metadata": metadata,
    }
    fields = ["spec", "data", "stringData", "binaryData", "rules", "subjects", "roleRef",
              "items", "status", "type", "webhooks", "aggregationRule"]  # fmt: skip
    for name in draw(st.lists(st.sampled_from(fields), max_size=3, unique=True)):
        doc[name] = draw(values)
    return doc


@FAST
@given(st.lists(mutated_seed() | random_object(), min_size=1, max_size=3))
def test_generated_manifests_never_fail_a_rule(docs):
    text = yaml.safe_dump_all(docs, allow_unicode=True)
    report = lint_bytes(text.encode("utf-8"))
    assert unexpected_errors(report, docs) == []
    render_every_format(report)


@FAST
@given(st.lists(mutated_seed(), min_size=1, max_size=3), st.sampled_from(["flow", "block"]))
def test_generated_manifests_in_a_list_never_fail_a_rule(items, style):
    """The same objects as items of a ``kind: List``, in flow or block style."""
    doc = {"apiVersion": "v1", "kind": "List", "items": items}
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=style == "flow")
    report = lint_bytes(text.encode("utf-8"))
    assert unexpected_errors(report, items) == []
