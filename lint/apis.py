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

Kubernetes versions are ``(major, minor)`` tuples.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from kubelint import kube
from kubelint.objects import K8sObject
from kubelint.versions import KubeVersion

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


# --------------------------------------------------------------------------- API versions


@dataclass(frozen=True, slots=True)
class Replacement:
    api_version: str
    kind: str  # as shown to the user; may name two kinds ("A or B"); "*": the same kind

    def __str__(self) -> str:
        return f"{self.api_version} {self.kind}"

    def for_kind(self, kind: str) -> str:
        """How to show it to the user for an object of ``kind``."""
        return f"{self.api_version} {kind if self.kind == ANY else self.kind}"


@dataclass(frozen=True, slots=True)
class ApiLifecycle:
    """The life cycle of one apiVersion/kind (or of every kind of an apiVersion)."""

    api_version: str
    kind: str
    introduced: KubeVersion | None
    deprecated: KubeVersion | None
    removed: KubeVersion | None
    never_served: bool  # the kind never existed in this apiVersion
    replacements: tuple[Replacement, ...]
    note: str  # what a migration must change, in a few words
    component: str  # whose versions these are: "Kubernetes", "Istio", "cert-manager"...

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


@dataclass(frozen=True, slots=True)
class Choice:
    """The replacement to suggest at a target version."""

    replacement: Replacement
    #: None when the target serves it; else the first release that does.
    served_from: KubeVersion | None = None


@functools.cache
def _lifecycle_table() -> dict[tuple[str, str], ApiLifecycle]:
    text = (resources.files("kubelint") / "data" / "api-lifecycle.csv").read_text("utf-8")
    table: dict[tuple[str, str], ApiLifecycle] = {}
    for row in csv.DictReader(io.StringIO(text)):
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


@dataclass(frozen=True, slots=True)
class FieldDeprecation:
    where: str
    kinds: frozenset[str] | None  # None: every kind
    key: str
    value: str | None  # the deprecated value (``field`` only); None: any value
    since: KubeVersion | None  # deprecated in; None: no version is known
    defunct: KubeVersion | None  # no longer has an effect (or no longer works) from
    replacement: str  # what to write instead, in a few words

    def applies(self, target: KubeVersion) -> bool:
        first = self.since or self.defunct
        return first is None or target >= first

    def defunct_at(self, target: KubeVersion) -> bool:
        return self.defunct is not None and target >= self.defunct


@dataclass(frozen=True, slots=True)
class FieldUse:
    """A deprecated field found in an object."""

    deprecation: FieldDeprecation
    path: Path  # where, inside the object
    on_key: bool  # point at the key rather than its value
    name: str  # the annotation or label key, volume type or field path as found


@functools.cache
def _field_table() -> tuple[FieldDeprecation, ...]:
    text = (resources.files("kubelint") / "data" / "api-fields.csv").read_text("utf-8")
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
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
            )
        )
    return tuple(rows)


def field_deprecations() -> tuple[FieldDeprecation, ...]:
    return _field_table()


def deprecated_fields(obj: K8sObject) -> Iterator[FieldUse]:
    """Every deprecated field, annotation, node label or volume type ``obj`` uses, whatever
    the target version (filter with :meth:`FieldDeprecation.applies`)."""
    by_where = _deprecations_for(obj.kind)
    if "annotation" in by_where:
        yield from _annotations(obj, ("metadata",), by_where["annotation"])
    if "pod-annotation" in by_where:
        meta = _pod_metadata_path(obj)
        if meta is not None:
            yield from _annotations(obj, meta, by_where["pod-annotation"])
    if "node-label" in by_where:
        labels = {d.key: d for d in by_where["node-label"]}
        for path, label, on_key in node_label_uses(obj):
            if label in labels:
                yield FieldUse(labels[label], path, on_key, label)
    if "field" in by_where:
        for deprecation in by_where["field"]:
            yield from _fields(obj, deprecation)
    if "volume" in by_where:
        types = {d.key: d for d in by_where["volume"]}
        for path, volume_type in volume_uses(obj):
            if volume_type in types:
                yield FieldUse(types[volume_type], path, True, volume_type)


@functools.cache
def _deprecations_for(kind: str) -> dict[str, list[FieldDeprecation]]:
    by_where: dict[str, list[FieldDeprecation]] = {}
    for deprecation in _field_table():
        if deprecation.kinds is None or kind in deprecation.kinds:
            by_where.setdefault(deprecation.where, []).append(deprecation)
    return by_where


def _pod_metadata_path(obj: K8sObject) -> Path | None:
    labels = kube.template_labels_path(obj.group, obj.kind)
    return labels[:-1] if labels is not None else None


def _annotations(
    obj: K8sObject, meta: Path, deprecations: list[FieldDeprecation]
) -> Iterator[FieldUse]:
    annotations = obj.get(*meta, "annotations")
    if not isinstance(annotations, Mapping):
        return
    for key in annotations:
        key_text = str(key)
        for deprecation in deprecations:
            pattern = deprecation.key
            if pattern.endswith(ANY):
                matched = key_text.startswith(pattern[:-1])
            else:
                matched = key_text == pattern
            if matched:
                yield FieldUse(deprecation, (*meta, "annotations", key), True, key_text)
                break


def _fields(obj: K8sObject, deprecation: FieldDeprecation) -> Iterator[FieldUse]:
    head, _, rest = deprecation.key.partition(".")
    bases: list[Path]
    if head == "@pod":
        spec = obj.pod_spec_path()
        bases = [spec] if spec is not None else []
    elif head == "@container":
        bases = [c.path for c in obj.containers()]
    else:
        bases, rest = [()], deprecation.key
    steps = _parse_steps(rest)
    for base in bases:
        for path, value in _walk(obj.get(*base) if base else obj.data, steps, base):
            if value is None or value == "" or value == [] or value == {}:
                continue
            if deprecation.value is not None and str(value) != deprecation.value:
                continue
            yield FieldUse(deprecation, path, deprecation.value is None, kube.format_path(path))


def _parse_steps(dotted: str) -> list[str]:
    """``spec.http[*].fault`` -> ["spec", "http", "*", "fault"]."""
    steps: list[str] = []
    for part in dotted.split("."):
        name, *stars = part.split("[*]")
        if name:
            steps.append(name)
        steps.extend(ANY for _ in stars)
    return steps


def _walk(node: Any, steps: list[str], path: Path) -> Iterator[tuple[Path, Any]]:
    if not steps:
        yield path, node
        return
    step, rest = steps[0], steps[1:]
    if step == ANY:
        if isinstance(node, list):
            for i, item in enumerate(node):
                yield from _walk(item, rest, (*path, i))
    elif isinstance(node, Mapping) and step in node:
        yield from _walk(node[step], rest, (*path, step))


# --------------------------------------------------------------------------- node labels, volumes


def node_label_uses(obj: K8sObject) -> Iterator[tuple[Path, str, bool]]:
    """(path, label key, points at a key) for every node label key ``obj`` selects nodes by:
    nodeSelector keys, node affinity expressions, pod (anti-)affinity and topology spread
    topology keys, a PersistentVolume's node affinity, a RuntimeClass's node selector and a
    StorageClass's allowed topologies."""
    spec_path = obj.pod_spec_path()
    if spec_path is not None:
        spec = obj.get(*spec_path)
        if isinstance(spec, Mapping):
            yield from _pod_spec_node_labels(spec, spec_path)
    if obj.group == "" and obj.kind == "PersistentVolume":
        terms = obj.get("spec", "nodeAffinity", "required", "nodeSelectorTerms")
        yield from _selector_terms(terms, ("spec", "nodeAffinity", "required", "nodeSelectorTerms"))
    elif obj.group == "node.k8s.io" and obj.kind == "RuntimeClass":
        selector = obj.get("scheduling", "nodeSelector")
        if isinstance(selector, Mapping):
            for key in selector:
                yield ("scheduling", "nodeSelector", key), str(key), True
    elif obj.group == "storage.k8s.io" and obj.kind == "StorageClass":
        topologies = obj.get("allowedTopologies")
        for i, term in enumerate(topologies if isinstance(topologies, list) else []):
            expressions = term.get("matchLabelExpressions") if isinstance(term, Mapping) else None
            for j, expr in enumerate(expressions if isinstance(expressions, list) else []):
                if isinstance(expr, Mapping) and isinstance(expr.get("key"), str):
                    path = ("allowedTopologies", i, "matchLabelExpressions", j, "key")
                    yield path, expr["key"], False


def _pod_spec_node_labels(spec: Mapping[str, Any], base: Path) -> Iterator[tuple[Path, str, bool]]:
    selector = spec.get("nodeSelector")
    if isinstance(selector, Mapping):
        for key in selector:
            yield (*base, "nodeSelector", key), str(key), True
    affinity = spec.get("affinity")
    affinity = affinity if isinstance(affinity, Mapping) else {}
    node = affinity.get("nodeAffinity")
    if isinstance(node, Mapping):
        here = (*base, "affinity", "nodeAffinity")
        required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
        if isinstance(required, Mapping):
            yield from _selector_terms(
                required.get("nodeSelectorTerms"),
                (*here, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"),
            )
        preferred = node.get("preferredDuringSchedulingIgnoredDuringExecution")
        for i, item in enumerate(preferred if isinstance(preferred, list) else []):
            if isinstance(item, Mapping):
                path = (*here, "preferredDuringSchedulingIgnoredDuringExecution", i, "preference")
                yield from _selector_terms([item.get("preference")], path, single=True)
    for kind in ("podAffinity", "podAntiAffinity"):
        pod = affinity.get(kind)
        if not isinstance(pod, Mapping):
            continue
        here = (*base, "affinity", kind)
        required = pod.get("requiredDuringSchedulingIgnoredDuringExecution")
        for i, term in enumerate(required if isinstance(required, list) else []):
            if isinstance(term, Mapping) and isinstance(term.get("topologyKey"), str):
                path = (*here, "requiredDuringSchedulingIgnoredDuringExecution", i, "topologyKey")
                yield path, term["topologyKey"], False
        preferred = pod.get("preferredDuringSchedulingIgnoredDuringExecution")
        for i, item in enumerate(preferred if isinstance(preferred, list) else []):
            term = item.get("podAffinityTerm") if isinstance(item, Mapping) else None
            if isinstance(term, Mapping) and isinstance(term.get("topologyKey"), str):
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
        if isinstance(constraint, Mapping) and isinstance(constraint.get("topologyKey"), str):
            path = (*base, "topologySpreadConstraints", i, "topologyKey")
            yield path, constraint["topologyKey"], False


def _selector_terms(
    terms: Any, path: Path, *, single: bool = False
) -> Iterator[tuple[Path, str, bool]]:
    """NodeSelectorTerms (a list, or one term when ``single``): their matchExpressions keys."""
    for i, term in enumerate(terms if isinstance(terms, list) else []):
        if not isinstance(term, Mapping):
            continue
        here = path if single else (*path, i)
        expressions = term.get("matchExpressions")
        for j, expr in enumerate(expressions if isinstance(expressions, list) else []):
            if isinstance(expr, Mapping) and isinstance(expr.get("key"), str):
                yield (*here, "matchExpressions", j, "key"), expr["key"], False


def volume_uses(obj: K8sObject) -> Iterator[tuple[Path, str]]:
    """(path of the volume-type key, volume type) for every volume source in the pod's
    volumes, or in a PersistentVolume's spec."""
    spec_path = obj.pod_spec_path()
    if spec_path is not None:
        volumes = obj.get(*spec_path, "volumes")
        for i, volume in enumerate(volumes if isinstance(volumes, list) else []):
            if isinstance(volume, Mapping):
                for key in volume:
                    if key != "name":
                        yield (*spec_path, "volumes", i, key), str(key)
    if obj.group == "" and obj.kind == "PersistentVolume":
        spec = obj.get("spec")
        if isinstance(spec, Mapping):
            for key in spec:
                yield ("spec", key), str(key)
