"""Validate objects against the OpenAPI schema of their kind, offline.

Schemas come from three places, looked up in this order for an object's apiVersion and kind:

1. CustomResourceDefinitions among the linted files, the project context and the files named
   by ``crds:`` in the configuration (their ``openAPIV3Schema``);
2. ``schemas/istio.json``: Istio's custom resources, shipped so they work out of the box;
3. ``schemas/kubernetes.json``: every built-in kind of Kubernetes 1.25 and newer, per minor
   version (see ``scripts/build-schemas``).

A schema is compiled, lazily and once per run, into ``Node`` trees; ``validate`` walks an
object's data along its node tree the way the API server decodes it, and returns the places
where they disagree as ``Issue``s. The schema rules (``unknown-field``, ``wrong-type``,
``missing-required-field``, ``invalid-value``, ``unknown-kind``) each report their share.

What the API server accepts that a plain JSON Schema validator would not, and the other way
round, is decided here: ``null`` is the same as leaving a field out, a float with an integral
value decodes into an integer field, a map key that is not a string becomes one, and a
CRD's ``x-kubernetes-preserve-unknown-fields`` and ``x-kubernetes-int-or-string`` mean what
they mean to the API server.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from kubelint.kube import Path, format_path
from kubelint.lazy import Record, package_csv, package_text
from kubelint.loader import PosList, PosMap
from kubelint.registry import Problem
from kubelint.versions import KubeVersion
from kubelint.workloads import LABEL_SELECTOR_KINDS

if TYPE_CHECKING:
    from kubelint.engine import Context
    from kubelint.index import ObjectIndex
    from kubelint.objects import K8sObject

OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
#: Fields every object may carry whatever its schema says.
_ROOT_FIELDS = ("apiVersion", "kind", "metadata")
#: Top-level keys of files that a tool rewrites before they reach the API server: SOPS keeps
#: its encryption metadata there, and removes it when it decrypts the file.
_TOOL_ROOT_FIELDS = ("sops",)

# ------------------------------------------------------------------ compiled schema nodes


class Node:
    """One schema node, compiled. ``properties`` values and ``items``/``additional`` may be
    names of definitions until first used (``Schemas.resolve`` replaces them)."""

    __slots__ = (
        "accepts",
        "additional",
        "any_of",
        "checks",
        "closed",
        "embedded",
        "enum",
        "int_or_string",
        "items",
        "limits",
        "negated",
        "one_of",
        "pattern",
        "properties",
        "quick",
        "required",
        "trivial",
        "types",
    )

    def __init__(self) -> None:
        self.types: frozenset[str] | None = None  # None: any type
        self.properties: dict[str, Any] | None = None
        self.additional: Any = None  # schema of map values
        self.closed = False  # unknown fields are errors
        self.embedded = False  # x-kubernetes-embedded-resource
        self.items: Any = None
        self.required: tuple[str, ...] = ()
        self.enum: tuple[Any, ...] | None = None
        self.int_or_string = False
        self.any_of: tuple[Node, ...] = ()
        self.one_of: tuple[Node, ...] = ()
        self.negated: Node | None = None  # `not`
        self.pattern: re.Pattern[str] | None = None
        self.limits: tuple[tuple[str, float], ...] = ()
        #: The exact Python types of the values in which walking finds nothing to report
        #: (values of the node's type, when it checks nothing else): the walker skips them.
        self.trivial: frozenset[type] = frozenset()
        #: The exact Python types of the values that match ``types`` at a glance (see
        #: ``_matches_type``); others need the full test.
        self.accepts: frozenset[type] = frozenset()
        #: Whether the node has an enum, limits, a pattern or alternatives to check: False
        #: lets the walker skip those tests. True until ``_finish`` knows better.
        self.checks = True
        #: A test that is True only for values in which walking the node would find nothing
        #: (a string among the node's enum, a label map of plain strings), cheaper than the
        #: walk: the walker calls it before walking a child. None: no such test.
        self.quick: Callable[[Any], bool] | None = None


ANY = Node()

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
}
_LIMIT_KEYS = (
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
)


class Compiler:
    """Turns schema dictionaries into ``Node``s; ``$ref`` names go through ``lookup``."""

    def __init__(self, lookup: Callable[[str], Mapping[str, Any] | None]) -> None:
        self._lookup = lookup
        self._named: dict[str, Node] = {}

    def named(self, name: str) -> Node:
        node = self._named.get(name)
        if node is None:
            body = self._lookup(name)
            node = self._named[name] = Node()
            if body is not None:
                self._fill(node, body)
        return node

    def compile(self, body: Mapping[str, Any]) -> Node:
        node = Node()
        self._fill(node, body)
        return node

    def _child(self, body: Any) -> Node:
        if not isinstance(body, dict):
            return ANY
        ref = body.get("$ref")
        if isinstance(ref, str):
            return self.named(_ref_name(ref))
        return self.compile(body)

    def _fill(self, node: Node, body: Mapping[str, Any]) -> None:
        ref = body.get("$ref")
        if isinstance(ref, str):
            target = self.named(_ref_name(ref))
            for slot in Node.__slots__:
                setattr(node, slot, getattr(target, slot))
            return
        if body.get("x-kubernetes-int-or-string"):
            node.int_or_string = True
        else:
            types = body.get("type")
            if isinstance(types, str):
                node.types = frozenset((types,))
            elif isinstance(types, list) and types:
                node.types = frozenset(t for t in types if isinstance(t, str))
        preserve = bool(body.get("x-kubernetes-preserve-unknown-fields"))
        node.embedded = bool(body.get("x-kubernetes-embedded-resource"))
        props = body.get("properties")
        if isinstance(props, dict):
            node.properties = {str(k): v for k, v in props.items()}
        extra = body.get("additionalProperties")
        if isinstance(extra, dict):
            node.additional = extra
        elif extra is True:
            preserve = True
        if node.properties is not None and node.additional is None and not preserve:
            node.closed = True
        elif node.properties is None and node.additional is None and not preserve:
            # `type: object` with nothing inside: a CRD prunes everything, Kubernetes' own
            # schemas use it for free-form objects; neither rejects fields
            node.closed = False
        if "items" in body:
            node.items = body["items"]
        required = body.get("required")
        if isinstance(required, list):
            node.required = tuple(r for r in required if isinstance(r, str))
        enum = body.get("enum")
        if isinstance(enum, list) and enum:
            node.enum = tuple(enum)
        pattern = body.get("pattern")
        if isinstance(pattern, str):
            try:
                node.pattern = re.compile(pattern)
            except re.error:
                node.pattern = None  # an RE2 feature Python lacks: not checked
        node.limits = tuple(
            (key, body[key])
            for key in _LIMIT_KEYS
            if isinstance(body.get(key), (int, float)) and not isinstance(body.get(key), bool)
        )
        if body.get("exclusiveMinimum") is True or body.get("exclusiveMaximum") is True:
            # OpenAPI v3.0 booleans modify minimum/maximum
            limits = dict(node.limits)
            if body.get("exclusiveMinimum") is True and "minimum" in limits:
                limits["exclusiveMinimum"] = limits.pop("minimum")
            if body.get("exclusiveMaximum") is True and "maximum" in limits:
                limits["exclusiveMaximum"] = limits.pop("maximum")
            node.limits = tuple(limits.items())
        for key, slot in (("anyOf", "any_of"), ("oneOf", "one_of")):
            options = body.get(key)
            if isinstance(options, list) and options:
                setattr(node, slot, tuple(self._child(o) for o in options))
        if isinstance(body.get("not"), dict):
            node.negated = self._child(body["not"])
        _finish(node)

    def resolve(self, value: Any) -> Node:
        """A child slot's node, compiling it on first use."""
        if isinstance(value, Node):
            return value
        return self._child(value)


#: The Python types of loaded values, and the schema types each matches.
_PYTHON_TYPES: dict[type, frozenset[str]] = {
    str: frozenset({"string"}),
    bool: frozenset({"boolean"}),
    int: frozenset({"integer", "number"}),
    float: frozenset({"number"}),  # and "integer" when integral: not trivial
    dict: frozenset({"object"}),
    PosMap: frozenset({"object"}),
    list: frozenset({"array"}),
    PosList: frozenset({"array"}),
}


ANY.trivial = frozenset(_PYTHON_TYPES)


def _finish(node: Node) -> None:
    """Derive the slots the walker's shortcuts read from the others: call it again whenever
    they change."""
    types = node.types
    node.accepts = frozenset(
        () if types is None else (t for t, names in _PYTHON_TYPES.items() if names & types)
    )
    # beyond its type, a value is checked against the enum, limits, pattern, alternatives
    node.checks = bool(
        node.enum is not None
        or node.limits
        or node.pattern is not None
        or node.any_of
        or node.one_of
        or node.negated is not None
    )
    node.trivial = _trivial_types(node)
    node.quick = _enum_test(node)


def _holds_fields(node: Node) -> bool:
    """Whether the node describes what a mapping or list holds (so the walk goes inside)."""
    return (
        node.properties is not None
        or node.additional is not None
        or node.items is not None
        or bool(node.required)
    )


def _enum_test(node: Node) -> Callable[[Any], bool] | None:
    """``Node.quick`` for a string node that checks nothing but its enum (``apiVersion``,
    ``kind``, ``protocol``): a string among the values is all right."""
    enum = node.enum
    if (
        enum is None
        or node.int_or_string
        or node.types is None
        or "string" not in node.types
        or not all(type(v) is str for v in enum)
        or node.limits
        or node.pattern is not None
        or node.any_of
        or node.one_of
        or node.negated is not None
        or _holds_fields(node)
    ):
        return None
    values = frozenset(enum)

    def fine(value: Any) -> bool:
        # A str passes the type test, then the enum test (== on str, as set membership is).
        return type(value) is str and value in values

    return fine


def _map_test(node: Node, extra: Node) -> Callable[[Any], bool] | None:
    """``Node.quick`` for a map that checks nothing but the types of its values (labels,
    annotations, ConfigMap data, resource requests), once its ``additional`` node is
    resolved to ``extra``: a mapping whose values ``extra`` has nothing to say of."""
    if (
        node.int_or_string
        or node.checks
        or node.required
        or node.properties is not None
        or node.items is not None
    ):
        return None
    # Mappings of the node's type only (any mapping when it has none), so the type test
    # passes; the walk of such a mapping only walks its values that are not trivial.
    maps = frozenset((dict, PosMap)) if node.types is None else node.accepts & {dict, PosMap}
    # null values are skipped as the walk skips them
    trivial = (frozenset(_PYTHON_TYPES) if extra is ANY else extra.trivial) | {type(None)}

    def fine(value: Any) -> bool:
        return type(value) in maps and trivial.issuperset(map(type, value.values()))

    return fine


def _trivial_types(node: Node) -> frozenset[type]:
    """See ``Node.trivial``: what ``_Walker.walk`` would check nothing but the type of."""
    if node.int_or_string:
        return frozenset({str, int, float})  # walk checks only the type of these
    if node.checks or _holds_fields(node):  # (set by _finish before this is called)
        return frozenset()
    types = node.types
    if types is None or not types <= set(_TYPE_NAMES):  # a type name not known: any value
        return frozenset(_PYTHON_TYPES)
    return frozenset(t for t, names in _PYTHON_TYPES.items() if names & types)


def _ref_name(ref: str) -> str:
    """Bundles refer to definitions by bare name; JSON pointers keep their last part."""
    return ref.rsplit("/", 1)[-1] if ref.startswith("#/") else ref


# ------------------------------------------------------------------ schema sources


@functools.cache
def _bundle(name: str) -> Any:
    return json.loads(package_text("kubelint.schemas", name))


def kubernetes_versions() -> list[KubeVersion]:
    """The minor versions whose built-in schemas kubelint ships, oldest first."""
    return [
        (int(major), int(minor))
        for major, minor in (v.split(".") for v in _bundle("kubernetes.json")["versions"])
    ]


def schema_version(target: KubeVersion) -> KubeVersion | None:
    """The shipped schema version used for ``target``: the same minor version, or the newest
    one for a target newer than every shipped version; None below the oldest."""
    versions = kubernetes_versions()
    if target < versions[0]:
        return None
    return target if target in versions else versions[-1]


class CrdSchema(Record):
    __slots__ = ("body", "source")

    def __init__(self, body: Mapping[str, Any], source: str) -> None:
        self.body = body
        self.source = source  # "CustomResourceDefinition <name>" for messages


def crd_schemas(index: ObjectIndex) -> dict[str, list[CrdSchema]]:
    """``group/version/Kind`` -> the schemas CustomResourceDefinitions give it (several when
    the files hold several versions of one CRD, e.g. a project's standard and experimental
    channels)."""
    found: dict[str, list[CrdSchema]] = {}
    for crd in index.of_kind("CustomResourceDefinition"):
        spec = crd.get("spec")
        if not isinstance(spec, dict):
            continue
        group = spec.get("group")
        names = spec.get("names")
        kind = names.get("kind") if isinstance(names, dict) else None
        if not isinstance(group, str) or not isinstance(kind, str):
            continue
        versions = spec.get("versions")
        shared = spec.get("validation")  # apiextensions.k8s.io/v1beta1: one schema for all
        if not isinstance(versions, list):
            versions = [{"name": spec.get("version")}] if spec.get("version") else []
        for entry in versions:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                continue
            holder = entry.get("schema") or shared
            body = holder.get("openAPIV3Schema") if isinstance(holder, dict) else None
            if isinstance(body, dict):
                line, _ = crd.file.line_col(crd.offset(()))
                found.setdefault(f"{group}/{entry['name']}/{kind}", []).append(
                    CrdSchema(
                        body,
                        f"the schema of CustomResourceDefinition {crd.name} "
                        f"({crd.file.path}:{line})",
                    )
                )
    return found


class Schemas:
    """The schemas of one run: built-in kinds at the target version, Istio's, the CRDs'."""

    def __init__(self, version: KubeVersion | None, crds: dict[str, list[CrdSchema]]) -> None:
        self.version = version
        self.crds = crds
        self._roots: dict[str, list[tuple[Node, str]]] = {}
        self._compiler = Compiler(self._body)

    def _body(self, name: str) -> Mapping[str, Any] | None:
        """A named definition: Kubernetes' own (``io.k8s...``) or Istio's."""
        if name.startswith("io.k8s."):
            return self._builtin_body(name)
        body: Mapping[str, Any] | None = _bundle("istio.json")["definitions"].get(name)
        return body

    def _builtin_body(self, name: str) -> Mapping[str, Any] | None:
        version = self.version or kubernetes_versions()[0]
        bundle = _bundle("kubernetes.json")
        table = bundle["versions"][f"{version[0]}.{version[1]}"]["definitions"]
        position = _name_positions().get(name)
        if position is None or table[position] < 0:
            return None
        body: Mapping[str, Any] = bundle["bodies"][table[position]]
        enums = _enum_table().get(name)
        return _with_enums(body, enums) if enums else body

    def root(self, api_version: str, kind: str) -> Node | None:
        """The compiled schema of a kind (the first, if several), or None when none is known."""
        found = self.roots(api_version, kind)
        return found[0][0] if found else None

    def roots(self, api_version: str, kind: str) -> list[tuple[Node, str]]:
        """Every schema known for a kind, each with where it comes from (for messages)."""
        key = f"{api_version}/{kind}"
        found = self._roots.get(key)
        if found is None:
            found = self._roots[key] = self._find(key)
        return found

    def _find(self, key: str) -> list[tuple[Node, str]]:
        crds = self.crds.get(key)
        if crds:
            found = []
            for crd in crds:
                node = self._compiler.compile(crd.body)
                _adopt_root(node, self._compiler.named(OBJECT_META))
                found.append((node, crd.source))
            return found
        # Istio's kinds are all in its *.istio.io groups: other kinds need not read its bundle.
        if ".istio.io/" in key and key in _bundle("istio.json")["kinds"]:
            return [(self._compiler.named(key), "Istio's schema")]
        if self.version is None:
            return []
        bundle = _bundle("kubernetes.json")
        position = bundle["versions"][f"{self.version[0]}.{self.version[1]}"]["kinds"].get(key)
        if position is None:
            return []
        source = f"the Kubernetes {self.version[0]}.{self.version[1]} schema"
        return [(self._compiler.named(bundle["names"][position]), source)]

    def resolve(self, value: Any) -> Node:
        return self._compiler.resolve(value)


def _adopt_root(node: Node, metadata: Node) -> None:
    """A custom resource's apiVersion, kind and metadata are the API server's, whatever the
    CRD's schema says of them."""
    props = dict(node.properties or {})
    props.setdefault("apiVersion", {"type": "string"})
    props.setdefault("kind", {"type": "string"})
    props["metadata"] = metadata
    node.properties = props
    node.types = frozenset(("object",))
    _finish(node)


@functools.cache
def _enum_table() -> dict[str, dict[str, tuple[str, ...]]]:
    """Values the API server accepts for fields the OpenAPI document types only as strings
    (``lint/data/api-enums.csv``; ``""`` stands for the empty string)."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in package_csv("kubelint", "data", "api-enums.csv"):
        values = tuple("" if v == '""' else v for v in row["values"].split())
        table.setdefault(row["definition"], {})[row["field"]] = values
    return table


def _with_enums(body: Mapping[str, Any], enums: Mapping[str, tuple[str, ...]]) -> Mapping[str, Any]:
    props = dict(body.get("properties") or {})
    for name, values in enums.items():
        if name.endswith("[]"):
            name = name[:-2]
            if name in props:
                items = props[name].get("items") or {}
                props[name] = {**props[name], "items": {**items, "enum": list(values)}}
        elif name in props:
            props[name] = {**props[name], "enum": list(values)}
    return {**body, "properties": props}


@functools.cache
def _name_positions() -> dict[str, int]:
    return {name: i for i, name in enumerate(_bundle("kubernetes.json")["names"])}


def schemas_for(ctx: Context) -> Schemas:
    """The run's schemas, built on first use."""
    return ctx.index.derived(
        _schemas_key(ctx.kube_version),
        lambda index: Schemas(schema_version(ctx.kube_version), crd_schemas(index)),
    )


@functools.cache
def _schemas_key(version: KubeVersion) -> str:
    """The name ``schemas_for`` keeps the schemas under: formatting a tuple on every call
    costs more than looking it up."""
    return f"schemas-{version}"


# ------------------------------------------------------------------ validation


class Issue(Record):
    """One disagreement between an object and its schema."""

    __slots__ = ("fields", "message", "on_key", "path", "rule")

    def __init__(
        self, rule: str, message: str, path: Path, fields: dict[str, Any], on_key: bool = False
    ) -> None:
        self.rule = rule  # the schema rule that reports it
        self.message = message  # that rule's message id
        self.path = path
        self.fields = fields
        self.on_key = on_key


def validate(obj: K8sObject, ctx: Context) -> list[Issue] | None:
    """Where ``obj`` disagrees with its schema; None when no schema is known for its kind.
    Computed once per object and run."""
    found = obj.memo.get("schema-issues", False)
    if found is False:
        schemas = schemas_for(ctx)
        covers_selector = (obj.group, obj.kind) in LABEL_SELECTOR_KINDS
        found = None
        for root, source in schemas.roots(obj.api_version, obj.kind):
            issues = _Walker(schemas, covers_selector, source).run(root, obj.data)
            if found is None or len(issues) < len(found):
                found = issues  # valid against any one of the CRDs is valid
            if not found:
                break
        obj.memo["schema-issues"] = found
    return found


def schema_problems(obj: K8sObject, ctx: Context, rule_id: str) -> Iterator[Problem]:
    """The share of ``obj``'s schema issues that the rule ``rule_id`` reports."""
    for issue in validate(obj, ctx) or ():
        if issue.rule == rule_id:
            fix = None
            if issue.message == "quote":
                from kubelint.fix import Fix, quote

                fix = Fix.of(quote(issue.path))
            yield Problem(issue.message, issue.path, on_key=issue.on_key, fix=fix, **issue.fields)


@functools.cache
def builtin_kinds() -> dict[str, frozenset[str]]:
    """API group ("" for core) -> every kind some shipped Kubernetes version serves in it."""
    kinds: dict[str, set[str]] = {}
    for version in _bundle("kubernetes.json")["versions"].values():
        for key in version["kinds"]:
            api_version, _, kind = key.rpartition("/")
            group = api_version.rpartition("/")[0]
            kinds.setdefault(group, set()).add(kind)
    return {group: frozenset(names) for group, names in kinds.items()}


@functools.cache
def builtin_versions(group: str, kind: str) -> list[str]:
    """The apiVersions in which some shipped Kubernetes version serves ``kind``."""
    found = {
        key.rpartition("/")[0]
        for version in _bundle("kubernetes.json")["versions"].values()
        for key in version["kinds"]
        if key.rpartition("/")[2] == kind and key.rpartition("/")[0].rpartition("/")[0] == group
    }
    return sorted(found)


def _describe(value: Any) -> str:
    """The type of a YAML value, in words. Never the value: it may be a secret."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a value of another type"


def _matches_type(value: Any, types: frozenset[str]) -> bool:
    accepted = _PYTHON_TYPES.get(type(value))
    if accepted is not None and not accepted.isdisjoint(types):
        return True  # the common case, in one lookup
    for t in types:
        if t == "string":
            if isinstance(value, str):
                return True
        elif t == "integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return True
            if isinstance(value, float) and value.is_integer():
                return True  # 3.0 decodes into an integer field
        elif t == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return True
        elif t == "boolean":
            if isinstance(value, bool):
                return True
        elif t == "object":
            if isinstance(value, dict):  # loaded YAML: plain dicts, no ABC check
                return True
        elif t == "array":
            if isinstance(value, list):
                return True
        else:
            return True  # a type name we do not know: do not guess
    return False


def similar_field(name: str, known: Iterable[str]) -> str | None:
    """The field ``name`` was most likely meant to be: same letters in another case, or a
    close misspelling (``contianers``)."""
    candidates = list(known)
    lowered = name.lower()
    for candidate in candidates:
        if candidate.lower() == lowered:
            return candidate
    import difflib

    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.75)
    return close[0] if close else None


class _Walker:
    def __init__(self, schemas: Schemas, covers_selector: bool = False, source: str = "") -> None:
        self.schemas = schemas
        self.resolve = schemas.resolve
        self.issues: list[Issue] = []
        self.covers_selector = covers_selector
        self.source = source
        self.enclosing: list[tuple[Path, Node]] = []

    def run(self, root: Node, data: Any) -> list[Issue]:
        self.walk(root, data, ())
        return self.issues

    def add(self, rule: str, message: str, path: Path, on_key: bool = False, **fields: Any) -> None:
        self.issues.append(Issue(rule, message, path, fields, on_key))

    def walk(self, node: Node, value: Any, path: Path) -> None:
        """Check ``value`` against ``node``, then its entries or items. The hot path of a
        lint: mappings are walked here, not in a method of their own (one call fewer per
        mapping), and the ``accepts`` and ``checks`` slots skip the tests that cannot fail."""
        if value is None or node is ANY:
            return  # null is the same as leaving the field out
        if node.int_or_string:
            if isinstance(value, str) or (
                isinstance(value, (int, float)) and not isinstance(value, bool)
            ):
                return
            self.add(
                "wrong-type",
                "type",
                path,
                field=_field_name(path),
                expected="an integer or a string",
                actual=_describe(value),
                hint="",
            )
            return
        types = node.types
        if (
            types is not None
            and type(value) not in node.accepts
            and not _matches_type(value, types)
        ):
            expected = " or ".join(sorted(_TYPE_NAMES.get(t, t) for t in types))
            hint = ""
            if types == {"string"} and isinstance(value, (bool, int, float)):
                hint = "quote it"
            self.add(
                "wrong-type",
                "type" if not hint else "quote",
                path,
                field=_field_name(path),
                expected=expected,
                actual=_describe(value),
                hint=hint,
            )
            return
        if node.checks:
            if node.enum is not None and value not in node.enum:
                self.add(
                    "invalid-value",
                    "enum",
                    path,
                    field=_field_name(path),
                    value=_show(value),
                    allowed=", ".join(_show(v) for v in node.enum[:12]),
                )
            if node.limits or node.pattern is not None:
                self.check_constraints(node, value, path)
            if node.any_of or node.one_of or node.negated is not None:
                self.check_alternatives(node, value, path)
        if isinstance(value, dict):
            # No try/finally: an exception ends the walk, and the walker with it.
            enclosing = self.enclosing
            enclosing.append((path, node))
            if node.required:
                self.check_required(node, value, path)
            props = node.properties
            if props is not None:
                walk = self.walk
                for key, child in value.items():
                    name = key if isinstance(key, str) else _go_key(key)
                    schema = props.get(name)
                    if schema is None:
                        self.not_a_property(node, value, path, key, name, child)
                        continue
                    if type(schema) is not Node:
                        schema = props[name] = self.resolve(schema)
                    if (
                        child is not None
                        and type(child) not in schema.trivial
                        and (schema.quick is None or not schema.quick(child))
                    ):
                        walk(schema, child, (*path, key))
            elif node.additional is not None:
                extra = node.additional
                if not isinstance(extra, Node):
                    extra = node.additional = self.resolve(extra)
                    node.quick = _map_test(node, extra)
                if extra is not ANY:
                    trivial = extra.trivial
                    quick = extra.quick
                    walk = self.walk
                    for key, child in value.items():
                        if (
                            child is not None
                            and type(child) not in trivial
                            and (quick is None or not quick(child))
                        ):
                            walk(extra, child, (*path, key))
            enclosing.pop()
        elif isinstance(value, list) and node.items is not None:
            items = node.items
            if not isinstance(items, Node):
                items = node.items = self.resolve(items)
            if items is not ANY:
                trivial = items.trivial
                walk = self.walk
                for i, item in enumerate(value):
                    if item is not None and type(item) not in trivial:
                        walk(items, item, (*path, i))

    def check_required(self, node: Node, value: Mapping[Any, Any], path: Path) -> None:
        for name in node.required:
            if value.get(name) is None and (path or name not in _ROOT_FIELDS):
                if path == ("spec",) and name == "selector" and self.covers_selector:
                    continue  # missing-selector says it better
                self.add(
                    "missing-required-field",
                    "missing",
                    path,
                    field=name,
                    where=format_path(path) if path else "the object",
                )

    def not_a_property(
        self, node: Node, value: Mapping[Any, Any], path: Path, key: Any, name: str, child: Any
    ) -> None:
        """A field of a mapping whose schema does not list it: unknown, or a value of the
        mapping's additional properties."""
        if node.closed and not (node.embedded and name in _ROOT_FIELDS):
            if not path and (name in _ROOT_FIELDS or name in _TOOL_ROOT_FIELDS):
                return
            if self.reported_elsewhere(node, value, path, name):
                return
            suggestion = similar_field(name, node.properties or ())
            owner = None if suggestion else self.owner_of(name)
            message = "similar" if suggestion else "misplaced" if owner else "unknown"
            if self.source.startswith("the schema of CustomResourceDefinition"):
                message += "-crd"
            self.add(
                "unknown-field",
                message,
                (*path, key),
                on_key=True,
                field=name,
                where=format_path(path) if path else "the object",
                suggestion=suggestion,
                owner=owner,
                schema=self.source,
            )
        elif node.additional is not None:
            extra = node.additional = self.resolve(node.additional)
            if child is not None and type(child) not in extra.trivial:
                self.walk(extra, child, (*path, key))

    def owner_of(self, name: str) -> str | None:
        """An enclosing mapping (up to three levels up) whose schema has the field ``name``:
        the field was most likely indented one level too deep."""
        for path, node in reversed(self.enclosing[-4:-1]):
            if node.properties and name in node.properties:
                return format_path(path) if path else "the object's top level"
        return None

    def reported_elsewhere(
        self, node: Node, value: Mapping[Any, Any], path: Path, name: str
    ) -> bool:
        """Unknown fields that rules with a better explanation report: a workload selector
        written the way a Service writes it or left out around its matchLabels
        (``selector-mismatch``, ``missing-selector``), and entries that escaped a mapping left
        empty by bad indentation (``null-value``)."""
        if self.covers_selector:
            if path == ("spec", "selector"):
                return True
            if path == ("spec",) and name in ("matchLabels", "matchExpressions"):
                return True
        props = node.properties or {}
        for key, child in value.items():
            if child is None and isinstance(key, str) and key in props:
                schema = props[key] = self.resolve(props[key])
                if schema.types is not None and schema.types & {"object", "array"}:
                    return True
        return False

    def check_constraints(self, node: Node, value: Any, path: Path) -> None:
        for key, limit in node.limits:
            size: float | None = None
            if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    size = value
            elif key in ("minLength", "maxLength"):
                size = len(value) if isinstance(value, str) else None
            elif key in ("minItems", "maxItems"):
                size = len(value) if isinstance(value, list) else None
            elif isinstance(value, dict):
                size = len(value)
            if size is None:
                continue
            broken = (
                (key.startswith("min") and size < limit)
                or (key.startswith("max") and size > limit)
                or (key == "exclusiveMinimum" and size <= limit)
                or (key == "exclusiveMaximum" and size >= limit)
            )
            if broken:
                self.add(
                    "invalid-value",
                    key,
                    path,
                    field=_field_name(path),
                    limit=_show(limit),
                    size=_show(size),
                )
        if node.pattern is not None and isinstance(value, str) and not node.pattern.search(value):
            self.add(
                "invalid-value",
                "pattern",
                path,
                field=_field_name(path),
                pattern=node.pattern.pattern,
            )

    def check_alternatives(self, node: Node, value: Any, path: Path) -> None:
        """anyOf / oneOf / not of a CRD. Each option is checked for its own constraints only
        (structural schemas declare fields outside them). A oneOf is held to "at least one":
        the API server applies defaults before it validates, and kubelint does not, so two
        options that both seem to fit may not both fit on the server."""
        for options in (node.any_of, node.one_of):
            if not options or any(self.fits(option, value) for option in options):
                continue
            required = [o.required for o in options if o.required]
            if isinstance(value, dict) and len(required) == len(options):
                names = ", ".join(sorted({"/".join(r) for r in required}))
                message = "one-of" if options is node.one_of else "any-of"
                self.add("invalid-value", message, path, field=_field_name(path), names=names)
            else:
                self.add("invalid-value", "alternatives", path, field=_field_name(path))
        if node.negated is not None and self.fits(node.negated, value):
            self.add("invalid-value", "alternatives", path, field=_field_name(path))

    def fits(self, option: Node, value: Any) -> bool:
        probe = _Walker(self.schemas, source=self.source)
        saved = option.closed
        option.closed = False  # an option does not list every field of its object
        try:
            probe.walk(option, value, ())
        finally:
            option.closed = saved
        return not probe.issues


def _go_key(key: Any) -> str:
    """How Kubernetes' YAML decoder spells a non-string key: ``true``, ``1``."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def _field_name(path: Path) -> str:
    return format_path(path) if path else "the object"


def _show(value: Any) -> str:
    text = (
        json.dumps(value)
        if not isinstance(value, float) or not value.is_integer()
        else str(int(value))
    )
    return text if len(text) <= 60 else text[:57] + "..."
