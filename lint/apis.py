"""What kubelint knows about the life cycle of APIs: which apiVersion/kind pairs a Kubernetes
release serves, deprecates or no longer serves, what replaces them, and which fields,
annotations and node labels are deprecated.

The knowledge is data, shipped with the package and read on first use:

``data/api-lifecycle.csv``
    One row per (apiVersion, kind). ``kind`` may be ``*`` (every kind of that apiVersion) and
    the version part of ``api_version`` may be ``*`` (every version of that group).
    ``removed`` is the first release that no longer serves the kind (``never``: the kind never
    existed in that apiVersion). ``replacements`` lists candidates oldest first, each
    ``apiVersion`` or ``apiVersion Kind``; the newest one the target serves is suggested.
    ``component`` names whose version numbers these are: for anything but Kubernetes there is
    no target version, so a removal is always in the past.

``data/api-fields.csv``
    Field-level deprecations; ``where`` says how ``key`` is found (see :func:`deprecated_fields`).
    ``fix`` names the mechanical replacement ``--fix`` makes, if there is one (see
    :data:`FIX_KINDS`), and ``fix_from`` the first release that accepts it when that is later
    than the deprecation.

Kubernetes versions are ``(major, minor)`` tuples.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from kubelint import kube
from kubelint.lazy import Record, package_csv
from kubelint.objects import K8sObject
from kubelint.versions import KubeVersion

if TYPE_CHECKING:
    from kubelint.fix import Edit, Fix

Path = tuple[Any, ...]

KUBERNETES = "Kubernetes"
ANY = "*"


def _version(text: str) -> KubeVersion | None:
    """``1.22`` -> (1, 22); empty -> None."""
    text = text.strip()
    if not text:
        return None
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


def _read_csv(name: str) -> list[dict[str, str]]:
    """The rows of ``data/<name>``, read when a table is first needed."""
    return package_csv("kubelint", "data", name)


# --------------------------------------------------------------------------- API versions


class Replacement(Record):
    __slots__ = ("api_version", "kind")

    def __init__(self, api_version: str, kind: str) -> None:
        self.api_version = api_version
        self.kind = kind  # as shown to the user; may name two kinds ("A or B"); "*": the same kind

    def __str__(self) -> str:
        return f"{self.api_version} {self.kind}"

    def for_kind(self, kind: str) -> str:
        """How to show it to the user for an object of ``kind``."""
        return f"{self.api_version} {kind if self.kind == ANY else self.kind}"


class ApiLifecycle(Record):
    """The life cycle of one apiVersion/kind (or of every kind of an apiVersion)."""

    __slots__ = (
        "api_version",
        "component",
        "deprecated",
        "introduced",
        "kind",
        "never_served",
        "note",
        "removed",
        "replacements",
    )

    def __init__(
        self,
        api_version: str,
        kind: str,
        introduced: KubeVersion | None,
        deprecated: KubeVersion | None,
        removed: KubeVersion | None,
        never_served: bool,
        replacements: tuple[Replacement, ...],
        note: str,
        component: str,
    ) -> None:
        self.api_version = api_version
        self.kind = kind
        self.introduced = introduced
        self.deprecated = deprecated
        self.removed = removed
        self.never_served = never_served  # the kind never existed in this apiVersion
        self.replacements = replacements
        self.note = note  # what a migration must change, in a few words
        # whose versions these are: "Kubernetes", "Istio", "cert-manager"...
        self.component = component

    @property
    def is_kubernetes(self) -> bool:
        return self.component == KUBERNETES

    def removed_at(self, target: KubeVersion) -> bool:
        """Not served by ``target`` because it was removed (or never existed)."""
        if self.never_served:
            return True
        if self.removed is None:
            return False
        return not self.is_kubernetes or target >= self.removed

    def deprecated_at(self, target: KubeVersion) -> bool:
        """Deprecated at ``target`` but still served."""
        if self.deprecated is None or self.removed_at(target):
            return False
        return not self.is_kubernetes or target >= self.deprecated

    def served_at(self, target: KubeVersion) -> bool:
        if self.removed_at(target):
            return False
        return not self.is_kubernetes or self.introduced is None or target >= self.introduced


class Choice(Record):
    """The replacement to suggest at a target version."""

    __slots__ = ("replacement", "served_from")

    def __init__(self, replacement: Replacement, served_from: KubeVersion | None = None) -> None:
        self.replacement = replacement
        #: None when the target serves it; else the first release that does.
        self.served_from = served_from


@functools.cache
def _lifecycle_table() -> dict[tuple[str, str], ApiLifecycle]:
    table: dict[tuple[str, str], ApiLifecycle] = {}
    for row in _read_csv("api-lifecycle.csv"):
        removed = row["removed"].strip()
        kind = row["kind"].strip()
        replacements = []
        for item in row["replacements"].split(";"):
            api_version, _, other_kind = item.strip().partition(" ")
            if api_version:
                replacements.append(Replacement(api_version, other_kind.strip() or kind))
        entry = ApiLifecycle(
            api_version=row["api_version"].strip(),
            kind=kind,
            introduced=_version(row["introduced"]),
            deprecated=_version(row["deprecated"]),
            removed=None if removed == "never" else _version(removed),
            never_served=removed == "never",
            replacements=tuple(replacements),
            note=row["note"].strip(),
            component=row["component"].strip() or KUBERNETES,
        )
        table[(entry.api_version, entry.kind)] = entry
    return table


@functools.lru_cache(maxsize=1024)  # asked of every object, by several rules
def lifecycle(api_version: str, kind: str) -> ApiLifecycle | None:
    """What is known about ``kind`` in ``api_version``; None when nothing is.

    A row for the exact pair wins over one for every kind of the apiVersion, which wins over
    one for every version of the group.
    """
    table = _lifecycle_table()
    group, _, _ = api_version.rpartition("/")
    any_version = f"{group}/{ANY}" if group else ""
    for key in (
        (api_version, kind),
        (api_version, ANY),
        (any_version, kind),
        (any_version, ANY),
    ):
        entry = table.get(key)
        if entry is not None:
            return entry
    return None


def choose_replacement(entry: ApiLifecycle, target: KubeVersion) -> Choice | None:
    """The newest replacement ``target`` serves; failing that, the first one a later release
    serves; None when every replacement is gone too (or there never was one)."""
    later: Choice | None = None
    for replacement in reversed(entry.replacements):
        if not entry.is_kubernetes:
            return Choice(replacement)
        known = _lifecycle_table().get((replacement.api_version, replacement.kind))
        if known is None or known.served_at(target):
            return Choice(replacement)
        if not known.removed_at(target) and known.introduced is not None:
            later = Choice(replacement, known.introduced)
    return later


# --------------------------------------------------------------------------- fields

#: How a field deprecation is found:
#: ``annotation``      a key of the object's metadata.annotations (``*`` ends a prefix)
#: ``pod-annotation``  a key of the annotations of the pods the object creates
#: ``node-label``      a node label key used to pick nodes (nodeSelector, node affinity,
#:                     topology keys, PV node affinity, RuntimeClass, StorageClass topologies)
#: ``field``           a dotted path (``[*]`` for every list item) from the object, from the pod
#:                     spec (``@pod.``) or from every container (``@container.``), optionally
#:                     with the deprecated value
#: ``volume``          a volume type in the pod's volumes or in a PersistentVolume's spec
WHERE = ("annotation", "pod-annotation", "node-label", "field", "volume")

_POD_KINDS_TOKEN = "@pods"

#: The mechanical replacements ``--fix`` knows, as written in the ``fix`` column after
#: ``safe`` or ``unsafe``:
#: ``label``                  the node label key becomes the ``replacement`` label
#: ``value V``                the deprecated value becomes ``V``
#: ``rename KEY``             the field becomes its sibling ``KEY``, of which it is an alias
#:                            (``KEY`` wins when both are set)
#: ``move A.B``               the value moves to ``A.B`` beside it (``percent: 5`` becomes
#:                            ``percentage: {value: 5}``; ``A`` wins when both are set)
#: ``rename-annotation KEY V...``  the annotation becomes the annotation ``KEY``, for the
#:                            values listed, each ``V`` or ``old=new`` when ``KEY`` spells it
#:                            differently (other values get no fix)
#: ``to-field PATH TYPE``     the annotation's value becomes the field at ``PATH`` (from the
#:                            object), read as a ``string``, a ``name`` (a string that is not
#:                            empty), a ``bool`` or a comma-separated ``list``
#: ``seccomp pod|container``  the annotation becomes the pod's (or the named container's)
#:                            ``securityContext.seccompProfile``
#: ``apparmor container``     the annotation becomes the named container's
#:                            ``securityContext.appArmorProfile``
#: ``sysctls``                ``name=value,...`` becomes ``spec.securityContext.sysctls``
#: ``init-containers``        the JSON list of containers becomes ``spec.initContainers``
#: ``safe`` means the replacement does what the old spelling does. Where the old spelling has
#: stopped working (``defunct``), a fix that writes the replacement turns the feature back on,
#: so it is unsafe at those versions whatever the column says.
FIX_KINDS = (
    "label",
    "value",
    "rename",
    "move",
    "rename-annotation",
    "to-field",
    "seccomp",
    "apparmor",
    "sysctls",
    "init-containers",
)


class FieldFix(Record):
    """How ``--fix`` replaces a deprecated use (the ``fix`` column)."""

    __slots__ = ("args", "kind", "safe", "since")

    def __init__(
        self, kind: str, args: tuple[str, ...], safe: bool, since: KubeVersion | None
    ) -> None:
        self.kind = kind  # one of FIX_KINDS
        self.args = args
        self.safe = safe  # the replacement does what the old spelling does (while it still works)
        self.since = since  # first release accepting the replacement; None: any


class FieldDeprecation(Record):
    __slots__ = ("defunct", "fix", "key", "kinds", "replacement", "since", "value", "where")

    def __init__(
        self,
        where: str,
        kinds: frozenset[str] | None,
        key: str,
        value: str | None,
        since: KubeVersion | None,
        defunct: KubeVersion | None,
        replacement: str,
        fix: FieldFix | None = None,
    ) -> None:
        self.where = where
        self.kinds = kinds  # None: every kind
        self.key = key
        self.value = value  # the deprecated value (``field`` only); None: any value
        self.since = since  # deprecated in; None: no version is known
        self.defunct = defunct  # no longer has an effect (or no longer works) from
        self.replacement = replacement  # what to write instead, in a few words
        self.fix = fix  # how --fix replaces it; None: it has no mechanical fix

    def applies(self, target: KubeVersion) -> bool:
        first = self.since or self.defunct
        return first is None or target >= first

    def defunct_at(self, target: KubeVersion) -> bool:
        return self.defunct is not None and target >= self.defunct


class FieldUse(Record):
    """A deprecated field found in an object."""

    __slots__ = ("deprecation", "name", "on_key", "path")

    def __init__(self, deprecation: FieldDeprecation, path: Path, on_key: bool, name: str) -> None:
        self.deprecation = deprecation
        self.path = path  # where, inside the object
        self.on_key = on_key  # point at the key rather than its value
        self.name = name  # the annotation or label key, volume type or field path as found


@functools.cache
def _field_table() -> tuple[FieldDeprecation, ...]:
    rows = []
    for row in _read_csv("api-fields.csv"):
        where = row["where"].strip()
        if where not in WHERE:
            raise ValueError(f"api-fields.csv: unknown where {where!r}")
        kinds_text = row["kinds"].split()
        kinds: frozenset[str] | None = None
        if kinds_text:
            expanded: set[str] = set()
            for kind in kinds_text:
                expanded |= kube.POD_KINDS if kind == _POD_KINDS_TOKEN else {kind}
            kinds = frozenset(expanded)
        rows.append(
            FieldDeprecation(
                where=where,
                kinds=kinds,
                key=row["key"].strip(),
                value=row["value"].strip() or None,
                since=_version(row["since"]),
                defunct=_version(row["defunct"]),
                replacement=row["replacement"].strip(),
                fix=_parse_fix(row.get("fix") or "", row.get("fix_from") or ""),
            )
        )
    return tuple(rows)


def _parse_fix(text: str, since: str) -> FieldFix | None:
    """``safe to-field spec.storageClassName string`` -> FieldFix; "" -> None."""
    words = text.split()
    if not words:
        return None
    if len(words) < 2 or words[0] not in ("safe", "unsafe") or words[1] not in FIX_KINDS:
        raise ValueError(f"api-fields.csv: cannot read the fix {text!r}")
    return FieldFix(words[1], tuple(words[2:]), words[0] == "safe", _version(since))


def field_deprecations() -> tuple[FieldDeprecation, ...]:
    return _field_table()


def deprecated_fields(obj: K8sObject) -> list[FieldUse]:
    """Every deprecated field, annotation, node label or volume type ``obj`` uses, whatever
    the target version (filter with :meth:`FieldDeprecation.applies`)."""
    plan = _plan_for(obj.group, obj.kind)
    found: list[FieldUse] = []
    if plan.annotations:
        found += _annotations(obj, ("metadata",), plan.annotations)
    if plan.pod_annotations:
        found += _annotations(obj, plan.pod_meta, plan.pod_annotations)
    # A pod kind is none of the other kinds node_label_uses and volume_uses look into, so
    # where its pod spec lacks the fields they read, they find nothing: skip them.
    spec = obj.pod_spec() if obj.spec_path is not None else None
    pod_kind = obj.spec_path is not None
    if plan.node_labels and not (
        pod_kind and (spec is None or spec.keys().isdisjoint(_NODE_LABEL_FIELDS))
    ):
        labels = plan.node_labels
        for path, label, on_key in node_label_uses(obj):
            if label in labels:
                found.append(FieldUse(labels[label], path, on_key, label))
    for deprecation, head, steps, lead in plan.fields:
        # Look before walking: nearly always, the field is not there.
        if head == "@container":
            if not any(_has(c.data, lead) for c in obj.containers()):
                continue
        elif head == "@pod":
            if spec is None or not _has(spec, lead):
                continue
        elif not _has(obj.data, lead):
            continue
        found += _fields(obj, deprecation, head, steps)
    if plan.volumes and not (pod_kind and (spec is None or "volumes" not in spec)):
        types = plan.volumes
        for path, volume_type in volume_uses(obj):
            if volume_type in types:
                found.append(FieldUse(types[volume_type], path, True, volume_type))
    return found


#: The pod spec fields ``_pod_spec_node_labels`` reads node label keys from.
_NODE_LABEL_FIELDS = frozenset({"nodeSelector", "affinity", "topologySpreadConstraints"})


def _has(node: Any, steps: tuple[str, ...]) -> bool:
    """Whether mappings lead from ``node`` through ``steps`` (as ``_walk`` follows them)."""
    for step in steps:
        if not isinstance(node, dict) or step not in node:
            return False
        node = node[step]
    return True


class _Plan(Record):
    """What ``deprecated_fields`` looks for in the objects of one group and kind: the
    deprecations of the kind, less those that need a place (a pod template, a node label
    or a volume) the kind does not have. Empty for most kinds."""

    __slots__ = ("annotations", "fields", "node_labels", "pod_annotations", "pod_meta", "volumes")

    def __init__(self, group: str, kind: str) -> None:
        by_where = _deprecations_for(kind)
        spec_path = kube.pod_spec_path(group, kind)
        labels = kube.template_labels_path(group, kind)
        self.annotations = by_where.get("annotation", [])
        self.pod_meta: Path = labels[:-1] if labels is not None else ()
        self.pod_annotations = by_where.get("pod-annotation", []) if labels is not None else []
        # node_label_uses and volume_uses find nothing in other kinds
        has_node_labels = spec_path is not None or (group, kind) in _NODE_LABEL_KINDS
        has_volumes = spec_path is not None or (group, kind) == ("", "PersistentVolume")
        self.node_labels = _by_key(kind, "node-label") if has_node_labels else {}
        # a pod or container field is found only where there are pods
        # with the steps before the first ``*``, which must all be there for any use
        self.fields = [
            (d, head, steps, tuple(steps[: steps.index(ANY)] if ANY in steps else steps))
            for d in by_where.get("field", [])
            for head, steps in (_field_steps(d.key),)
            if spec_path is not None or head == ""
        ]
        self.volumes = _by_key(kind, "volume") if has_volumes else {}


#: The kinds besides pods and workloads that ``node_label_uses`` looks into.
_NODE_LABEL_KINDS = frozenset(
    {("", "PersistentVolume"), ("node.k8s.io", "RuntimeClass"), ("storage.k8s.io", "StorageClass")}
)


@functools.cache
def _plan_for(group: str, kind: str) -> _Plan:
    return _Plan(group, kind)


@functools.cache
def _deprecations_for(kind: str) -> dict[str, list[FieldDeprecation]]:
    by_where: dict[str, list[FieldDeprecation]] = {}
    for deprecation in _field_table():
        if deprecation.kinds is None or kind in deprecation.kinds:
            by_where.setdefault(deprecation.where, []).append(deprecation)
    return by_where


@functools.cache
def _by_key(kind: str, where: str) -> dict[str, FieldDeprecation]:
    """The deprecations of ``kind`` found one way (node labels, volume types), by key."""
    return {d.key: d for d in _deprecations_for(kind).get(where, ())}


def _annotations(
    obj: K8sObject, meta: Path, deprecations: list[FieldDeprecation]
) -> list[FieldUse]:
    annotations = obj.get(*meta, "annotations")
    if not isinstance(annotations, dict):
        return []
    found = []
    for key in annotations:
        key_text = str(key)
        for deprecation in deprecations:
            pattern = deprecation.key
            if pattern.endswith(ANY):
                matched = key_text.startswith(pattern[:-1])
            else:
                matched = key_text == pattern
            if matched:
                found.append(FieldUse(deprecation, (*meta, "annotations", key), True, key_text))
                break
    return found


def _fields(
    obj: K8sObject, deprecation: FieldDeprecation, head: str, steps: list[str]
) -> list[FieldUse]:
    """The uses of a ``field`` deprecation, whose key ``_field_steps`` parsed. Lists rather
    than generators here and in ``_walk``: nearly always, nothing is found."""
    bases: list[tuple[Path, Any]]  # (where, what is there)
    if head == "@pod":
        spec_path, spec = obj.spec_path, obj.pod_spec()
        bases = [(spec_path, spec)] if spec_path is not None and spec is not None else []
    elif head == "@container":
        bases = [(c.path, c.data) for c in obj.containers()]
    else:
        bases = [((), obj.data)]
    found = []
    for base, data in bases:
        for path, value in _walk(data, steps, base):
            if value is None or value == "" or value == [] or value == {}:
                continue
            if deprecation.value is not None and str(value) != deprecation.value:
                continue
            found.append(
                FieldUse(deprecation, path, deprecation.value is None, kube.format_path(path))
            )
    return found


@functools.cache
def _field_steps(key: str) -> tuple[str, list[str]]:
    """A ``field`` key as (``@pod``, ``@container`` or "", the steps from there)."""
    head, _, rest = key.partition(".")
    if head in ("@pod", "@container"):
        return head, _parse_steps(rest)
    return "", _parse_steps(key)


def _parse_steps(dotted: str) -> list[str]:
    """``spec.http[*].fault`` -> ["spec", "http", "*", "fault"]."""
    steps: list[str] = []
    for part in dotted.split("."):
        name, *stars = part.split("[*]")
        if name:
            steps.append(name)
        steps.extend(ANY for _ in stars)
    return steps


def _walk(node: Any, steps: list[str], path: Path) -> list[tuple[Path, Any]]:
    """(path, value) of what ``steps`` lead to from ``node`` (at ``path``)."""
    for i, step in enumerate(steps):
        if step == ANY:
            if not isinstance(node, list):
                return []
            rest, here = steps[i + 1 :], (*path, *steps[:i])
            return [found for j, item in enumerate(node) for found in _walk(item, rest, (*here, j))]
        if not isinstance(node, dict) or step not in node:
            return []  # the common case: not there, and no path built
        node = node[step]
    return [((*path, *steps), node)]


# --------------------------------------------------------------------------- fixes


class _Made(Record):
    """The edits of a fix, before its safety is settled."""

    __slots__ = ("edits", "enables", "unsafe")

    def __init__(self, edits: tuple[Edit, ...], enables: bool = True, unsafe: bool = False) -> None:
        self.edits = edits
        #: The fix writes a replacement that takes effect (rather than only deleting an old
        #: spelling that the replacement, already there, overrides).
        self.enables = enables
        #: Unsafe whatever the table says: kubelint cannot tell what the change does here.
        self.unsafe = unsafe


def field_fix(obj: K8sObject, use: FieldUse, target: KubeVersion) -> Fix | None:
    """How ``--fix`` replaces one deprecated use at ``target``: None when there is no
    mechanical replacement, the target does not accept it yet, or the object is not in a
    shape that says what the replacement must be."""
    spec = use.deprecation.fix
    if spec is None or (spec.since is not None and target < spec.since):
        return None
    made = _FIXERS[spec.kind](obj, use, spec.args)
    if made is None:
        return None
    from kubelint.fix import Fix

    turns_on = made.enables and use.deprecation.defunct_at(target)
    return Fix.of(*made.edits, safe=spec.safe and not made.unsafe and not turns_on)


#: Kinds whose node label keys are not read by the scheduler alone: a PersistentVolume's node
#: affinity cannot be changed once the volume exists, and a StorageClass's topologies go to a
#: provisioner that may know only the old key.
_TOPOLOGY_OWNERS = frozenset({("", "PersistentVolume"), ("storage.k8s.io", "StorageClass")})


def _fix_label(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, rename, set_value

    new = use.deprecation.replacement
    unsafe = (obj.group, obj.kind) in _TOPOLOGY_OWNERS
    if not use.on_key:  # an expression's key or a topologyKey: a value
        return _Made((set_value(use.path, new),), unsafe=unsafe)
    selector = obj.get(*use.path[:-1])
    if not isinstance(selector, dict):
        return None
    if new not in selector:
        return _Made((rename(use.path, new),), unsafe=unsafe)
    if _text(selector[new]) == _text(selector[use.path[-1]]):
        return _Made((delete(use.path),), enables=False, unsafe=unsafe)
    return None  # both labels, with different values: which one was meant?


def _fix_value(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import set_value

    return _Made((set_value(use.path, args[0]),))


def _fix_rename(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, rename

    (new,) = args
    holder = obj.get(*use.path[:-1])
    if not isinstance(holder, dict):
        return None
    if new not in holder:
        return _Made((rename(use.path, new),))
    if holder[new] is None or holder[new] == "":
        return None
    return _Made((delete(use.path),), enables=False)  # the field wins over its old alias


def _fix_move(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, insert

    first, *rest = args[0].split(".")
    holder_path = use.path[:-1]
    holder = obj.get(*holder_path)
    value = obj.get(*use.path)
    if not isinstance(holder, dict) or isinstance(value, (dict, list)):
        return None
    if first in holder:
        return _Made((delete(use.path),), enables=False)  # the new field wins
    for step in reversed(rest):
        value = {step: value}
    return _Made((delete(use.path), insert(holder_path, first, value)))


def _fix_rename_annotation(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, rename, set_value

    new, *spellings = args
    annotations = obj.get(*use.path[:-1])
    text = obj.get(*use.path)
    values = dict(item.partition("=")[::2] for item in spellings)
    if not isinstance(annotations, dict) or not isinstance(text, str) or text not in values:
        return None
    value = values[text] or text
    if new in annotations:  # the old annotation wins: only drop it when both say the same
        same = _text(annotations[new]) == value
        return _Made((delete(use.path),), enables=False) if same else None
    if value == text:
        return _Made((rename(use.path, new),))
    return _Made((set_value(use.path, value), rename(use.path, new)))


#: What Go's strconv.ParseBool accepts, which is how the old annotations were read.
_GO_BOOLS = {
    **dict.fromkeys(("1", "t", "T", "TRUE", "true", "True"), True),
    **dict.fromkeys(("0", "f", "F", "FALSE", "false", "False"), False),
}


def _fix_to_field(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, insert

    dotted, kind = args
    *steps, name = dotted.split(".")
    holder_path = tuple(steps)
    holder = obj.get(*holder_path)
    text = obj.get(*use.path)
    if not isinstance(holder, dict) or not isinstance(text, str):
        return None
    value: Any = text
    if kind == "name" and not text.strip():
        return None  # an object's name: an empty one names nothing
    if kind == "bool":
        value = _GO_BOOLS.get(text)
        if value is None:
            return None
    elif kind == "list":  # split at commas, empty items dropped, as the kubelet reads it
        value = [item for item in text.split(",") if item]
    if name in holder:
        current = holder[name]
        same = (
            isinstance(current, list) and set(map(_text, current)) == set(value)
            if kind == "list"
            else current == value
        )
        return _Made((delete(use.path),), enables=False) if same else None
    if value is False or value == []:  # what the missing field means already
        return _Made((delete(use.path),), enables=False)
    return _Made((delete(use.path), insert(holder_path, name, value)))


_SECCOMP_PROFILES = {
    "runtime/default": "RuntimeDefault",
    "docker/default": "RuntimeDefault",
    "unconfined": "Unconfined",
}
_APPARMOR_PROFILES = {"runtime/default": "RuntimeDefault", "unconfined": "Unconfined"}
_LOCALHOST = "localhost/"


def _profile(text: Any, named: Mapping[str, str]) -> dict[str, str] | None:
    """An annotation's profile as the securityContext field, as the API server converts it:
    ``runtime/default`` -> ``{type: RuntimeDefault}``, ``localhost/p`` -> ``{type: Localhost,
    localhostProfile: p}``; None for anything else."""
    if not isinstance(text, str):
        return None
    if text in named:
        return {"type": named[text]}
    if text.startswith(_LOCALHOST) and len(text) > len(_LOCALHOST):
        return {"type": "Localhost", "localhostProfile": text[len(_LOCALHOST) :]}
    return None


def _fix_seccomp(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    profile = _profile(obj.get(*use.path), _SECCOMP_PROFILES)
    holder = obj.pod_spec_path() if args == ("pod",) else _named_container(obj, use)
    if profile is None or holder is None:
        return None
    return _in_security_context(obj, use, holder, "seccompProfile", profile)


def _fix_apparmor(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    profile = _profile(obj.get(*use.path), _APPARMOR_PROFILES)
    holder = _named_container(obj, use)
    if profile is None or holder is None:
        return None
    return _in_security_context(obj, use, holder, "appArmorProfile", profile)


def _named_container(obj: K8sObject, use: FieldUse) -> Path | None:
    """The container a ``prefix/<container name>`` annotation names."""
    name = use.name[len(use.deprecation.key.rstrip(ANY)) :]
    found = [c.path for c in obj.containers() if c.data.get("name") == name]
    return found[0] if len(found) == 1 else None


def _in_security_context(
    obj: K8sObject, use: FieldUse, holder: Path, name: str, value: Any
) -> _Made | None:
    """Delete the annotation at ``use`` and set ``securityContext.<name>`` of the pod spec or
    container at ``holder`` to ``value``."""
    from kubelint.fix import delete, insert

    target = obj.get(*holder)
    if not isinstance(target, dict):
        return None
    if "securityContext" not in target:
        return _Made((delete(use.path), insert(holder, "securityContext", {name: value})))
    context = target["securityContext"]
    if not isinstance(context, dict):
        return None
    if name not in context:
        return _Made((delete(use.path), insert((*holder, "securityContext"), name, value)))
    if _plain(context[name]) == value:
        return _Made((delete(use.path),), enables=False)
    return None  # the field says something else, and wins


def _fix_sysctls(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, set_value

    text = obj.get(*use.path)
    holder = obj.pod_spec_path()
    if not isinstance(text, str) or holder is None:
        return None
    wanted: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        name, sep, value = item.strip().partition("=")
        if not sep or not name or "=" in value or wanted.get(name, value) != value:
            return None
        wanted[name] = value
    context = obj.get(*holder, "securityContext")
    current = context.get("sysctls") if isinstance(context, dict) else None
    if not isinstance(current, list):
        if not wanted:
            return _Made((delete(use.path),), enables=False)
        listed = [{"name": k, "value": v} for k, v in wanted.items()]
        if isinstance(context, dict) and "sysctls" in context:
            return None  # `sysctls:` left empty
        return _in_security_context(obj, use, holder, "sysctls", listed)
    have = {
        str(item.get("name")): _text(item.get("value"))
        for item in current
        if isinstance(item, dict)
    }
    if any(have.get(name, value) != value for name, value in wanted.items()):
        return None  # the pod sets one of them to another value
    added = [{"name": k, "value": v} for k, v in wanted.items() if k not in have]
    if not added:
        return _Made((delete(use.path),), enables=False)
    merged = [*_plain(current), *added]
    return _Made((delete(use.path), set_value((*holder, "securityContext", "sysctls"), merged)))


def _fix_init_containers(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    from kubelint.fix import delete, insert

    holder = obj.pod_spec_path()
    spec = obj.get(*holder) if holder is not None else None
    if holder is None or not isinstance(spec, dict) or "initContainers" in spec:
        return None
    try:
        containers = json.loads(str(obj.get(*use.path)))
    except ValueError:
        return None
    if not isinstance(containers, list) or not containers:
        return None
    if not all(isinstance(c, dict) and c.get("name") for c in containers):
        return None
    return _Made((delete(use.path), insert(holder, "initContainers", containers)))


_FIXERS: dict[str, Callable[[K8sObject, FieldUse, tuple[str, ...]], _Made | None]] = {
    "label": _fix_label,
    "value": _fix_value,
    "rename": _fix_rename,
    "move": _fix_move,
    "rename-annotation": _fix_rename_annotation,
    "to-field": _fix_to_field,
    "seccomp": _fix_seccomp,
    "apparmor": _fix_apparmor,
    "sysctls": _fix_sysctls,
    "init-containers": _fix_init_containers,
}


def _text(value: Any) -> str:
    """A label, annotation or option value as the API reads it."""
    return kube.labels_of({"": value})[""]


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- node labels, volumes


def node_label_uses(obj: K8sObject) -> Iterator[tuple[Path, str, bool]]:
    """(path, label key, points at a key) for every node label key ``obj`` selects nodes by:
    nodeSelector keys, node affinity expressions, pod (anti-)affinity and topology spread
    topology keys, a PersistentVolume's node affinity, a RuntimeClass's node selector and a
    StorageClass's allowed topologies."""
    spec_path = obj.pod_spec_path()
    if spec_path is not None:
        spec = obj.get(*spec_path)
        if isinstance(spec, dict):
            yield from _pod_spec_node_labels(spec, spec_path)
    if obj.group == "" and obj.kind == "PersistentVolume":
        terms = obj.get("spec", "nodeAffinity", "required", "nodeSelectorTerms")
        yield from _selector_terms(terms, ("spec", "nodeAffinity", "required", "nodeSelectorTerms"))
    elif obj.group == "node.k8s.io" and obj.kind == "RuntimeClass":
        selector = obj.get("scheduling", "nodeSelector")
        if isinstance(selector, dict):
            for key in selector:
                yield ("scheduling", "nodeSelector", key), str(key), True
    elif obj.group == "storage.k8s.io" and obj.kind == "StorageClass":
        topologies = obj.get("allowedTopologies")
        for i, term in enumerate(topologies if isinstance(topologies, list) else []):
            expressions = term.get("matchLabelExpressions") if isinstance(term, dict) else None
            for j, expr in enumerate(expressions if isinstance(expressions, list) else []):
                if isinstance(expr, dict) and isinstance(expr.get("key"), str):
                    path = ("allowedTopologies", i, "matchLabelExpressions", j, "key")
                    yield path, expr["key"], False


def _pod_spec_node_labels(spec: Mapping[str, Any], base: Path) -> Iterator[tuple[Path, str, bool]]:
    selector = spec.get("nodeSelector")
    if isinstance(selector, dict):
        for key in selector:
            yield (*base, "nodeSelector", key), str(key), True
    affinity = spec.get("affinity")
    affinity = affinity if isinstance(affinity, dict) else {}
    node = affinity.get("nodeAffinity")
    if isinstance(node, dict):
        here = (*base, "affinity", "nodeAffinity")
        required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
        if isinstance(required, dict):
            yield from _selector_terms(
                required.get("nodeSelectorTerms"),
                (*here, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"),
            )
        preferred = node.get("preferredDuringSchedulingIgnoredDuringExecution")
        for i, item in enumerate(preferred if isinstance(preferred, list) else []):
            if isinstance(item, dict):
                path = (*here, "preferredDuringSchedulingIgnoredDuringExecution", i, "preference")
                yield from _selector_terms([item.get("preference")], path, single=True)
    for kind in ("podAffinity", "podAntiAffinity"):
        pod = affinity.get(kind)
        if not isinstance(pod, dict):
            continue
        here = (*base, "affinity", kind)
        required = pod.get("requiredDuringSchedulingIgnoredDuringExecution")
        for i, term in enumerate(required if isinstance(required, list) else []):
            if isinstance(term, dict) and isinstance(term.get("topologyKey"), str):
                path = (*here, "requiredDuringSchedulingIgnoredDuringExecution", i, "topologyKey")
                yield path, term["topologyKey"], False
        preferred = pod.get("preferredDuringSchedulingIgnoredDuringExecution")
        for i, item in enumerate(preferred if isinstance(preferred, list) else []):
            term = item.get("podAffinityTerm") if isinstance(item, dict) else None
            if isinstance(term, dict) and isinstance(term.get("topologyKey"), str):
                path = (
                    *here,
                    "preferredDuringSchedulingIgnoredDuringExecution",
                    i,
                    "podAffinityTerm",
                    "topologyKey",
                )
                yield path, term["topologyKey"], False
    spread = spec.get("topologySpreadConstraints")
    for i, constraint in enumerate(spread if isinstance(spread, list) else []):
        if isinstance(constraint, dict) and isinstance(constraint.get("topologyKey"), str):
            path = (*base, "topologySpreadConstraints", i, "topologyKey")
            yield path, constraint["topologyKey"], False


def _selector_terms(
    terms: Any, path: Path, *, single: bool = False
) -> Iterator[tuple[Path, str, bool]]:
    """NodeSelectorTerms (a list, or one term when ``single``): their matchExpressions keys."""
    for i, term in enumerate(terms if isinstance(terms, list) else []):
        if not isinstance(term, dict):
            continue
        here = path if single else (*path, i)
        expressions = term.get("matchExpressions")
        for j, expr in enumerate(expressions if isinstance(expressions, list) else []):
            if isinstance(expr, dict) and isinstance(expr.get("key"), str):
                yield (*here, "matchExpressions", j, "key"), expr["key"], False


def volume_uses(obj: K8sObject) -> Iterator[tuple[Path, str]]:
    """(path of the volume-type key, volume type) for every volume source in the pod's
    volumes, or in a PersistentVolume's spec."""
    spec_path = obj.pod_spec_path()
    if spec_path is not None:
        volumes = obj.get(*spec_path, "volumes")
        for i, volume in enumerate(volumes if isinstance(volumes, list) else []):
            if isinstance(volume, dict):
                for key in volume:
                    if key != "name":
                        yield (*spec_path, "volumes", i, key), str(key)
    if obj.group == "" and obj.kind == "PersistentVolume":
        spec = obj.get("spec")
        if isinstance(spec, dict):
            for key in spec:
                yield ("spec", key), str(key)
