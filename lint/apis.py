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

import csv
import functools
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from kubelint import kube
from kubelint.fix import Edit, Fix, delete, insert, rename, set_value
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


@dataclass(frozen=True, slots=True)
class FieldFix:
    """How ``--fix`` replaces a deprecated use (the ``fix`` column)."""

    kind: str  # one of FIX_KINDS
    args: tuple[str, ...]
    safe: bool  # the replacement does what the old spelling does (while it still works)
    since: KubeVersion | None  # first release accepting the replacement; None: any


@dataclass(frozen=True, slots=True)
class FieldDeprecation:
    where: str
    kinds: frozenset[str] | None  # None: every kind
    key: str
    value: str | None  # the deprecated value (``field`` only); None: any value
    since: KubeVersion | None  # deprecated in; None: no version is known
    defunct: KubeVersion | None  # no longer has an effect (or no longer works) from
    replacement: str  # what to write instead, in a few words
    fix: FieldFix | None = None  # how --fix replaces it; None: it has no mechanical fix

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


# --------------------------------------------------------------------------- fixes


@dataclass(frozen=True, slots=True)
class _Made:
    """The edits of a fix, before its safety is settled."""

    edits: tuple[Edit, ...]
    #: The fix writes a replacement that takes effect (rather than only deleting an old
    #: spelling that the replacement, already there, overrides).
    enables: bool = True
    #: Unsafe whatever the table says: kubelint cannot tell what the change does here.
    unsafe: bool = False


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
    turns_on = made.enables and use.deprecation.defunct_at(target)
    return Fix.of(*made.edits, safe=spec.safe and not made.unsafe and not turns_on)


#: Kinds whose node label keys are not read by the scheduler alone: a PersistentVolume's node
#: affinity cannot be changed once the volume exists, and a StorageClass's topologies go to a
#: provisioner that may know only the old key.
_TOPOLOGY_OWNERS = frozenset({("", "PersistentVolume"), ("storage.k8s.io", "StorageClass")})


def _fix_label(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    new = use.deprecation.replacement
    unsafe = (obj.group, obj.kind) in _TOPOLOGY_OWNERS
    if not use.on_key:  # an expression's key or a topologyKey: a value
        return _Made((set_value(use.path, new),), unsafe=unsafe)
    selector = obj.get(*use.path[:-1])
    if not isinstance(selector, Mapping):
        return None
    if new not in selector:
        return _Made((rename(use.path, new),), unsafe=unsafe)
    if _text(selector[new]) == _text(selector[use.path[-1]]):
        return _Made((delete(use.path),), enables=False, unsafe=unsafe)
    return None  # both labels, with different values: which one was meant?


def _fix_value(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    return _Made((set_value(use.path, args[0]),))


def _fix_rename(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    (new,) = args
    holder = obj.get(*use.path[:-1])
    if not isinstance(holder, Mapping):
        return None
    if new not in holder:
        return _Made((rename(use.path, new),))
    if holder[new] is None or holder[new] == "":
        return None
    return _Made((delete(use.path),), enables=False)  # the field wins over its old alias


def _fix_move(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    first, *rest = args[0].split(".")
    holder_path = use.path[:-1]
    holder = obj.get(*holder_path)
    value = obj.get(*use.path)
    if not isinstance(holder, Mapping) or isinstance(value, (Mapping, list)):
        return None
    if first in holder:
        return _Made((delete(use.path),), enables=False)  # the new field wins
    for step in reversed(rest):
        value = {step: value}
    return _Made((delete(use.path), insert(holder_path, first, value)))


def _fix_rename_annotation(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    new, *spellings = args
    annotations = obj.get(*use.path[:-1])
    text = obj.get(*use.path)
    values = dict(item.partition("=")[::2] for item in spellings)
    if not isinstance(annotations, Mapping) or not isinstance(text, str) or text not in values:
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
    dotted, kind = args
    *steps, name = dotted.split(".")
    holder_path = tuple(steps)
    holder = obj.get(*holder_path)
    text = obj.get(*use.path)
    if not isinstance(holder, Mapping) or not isinstance(text, str):
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
    target = obj.get(*holder)
    if not isinstance(target, Mapping):
        return None
    if "securityContext" not in target:
        return _Made((delete(use.path), insert(holder, "securityContext", {name: value})))
    context = target["securityContext"]
    if not isinstance(context, Mapping):
        return None
    if name not in context:
        return _Made((delete(use.path), insert((*holder, "securityContext"), name, value)))
    if _plain(context[name]) == value:
        return _Made((delete(use.path),), enables=False)
    return None  # the field says something else, and wins


def _fix_sysctls(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
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
    current = context.get("sysctls") if isinstance(context, Mapping) else None
    if not isinstance(current, list):
        if not wanted:
            return _Made((delete(use.path),), enables=False)
        listed = [{"name": k, "value": v} for k, v in wanted.items()]
        if isinstance(context, Mapping) and "sysctls" in context:
            return None  # `sysctls:` left empty
        return _in_security_context(obj, use, holder, "sysctls", listed)
    have = {
        str(item.get("name")): _text(item.get("value"))
        for item in current
        if isinstance(item, Mapping)
    }
    if any(have.get(name, value) != value for name, value in wanted.items()):
        return None  # the pod sets one of them to another value
    added = [{"name": k, "value": v} for k, v in wanted.items() if k not in have]
    if not added:
        return _Made((delete(use.path),), enables=False)
    merged = [*_plain(current), *added]
    return _Made((delete(use.path), set_value((*holder, "securityContext", "sysctls"), merged)))


def _fix_init_containers(obj: K8sObject, use: FieldUse, args: tuple[str, ...]) -> _Made | None:
    holder = obj.pod_spec_path()
    spec = obj.get(*holder) if holder is not None else None
    if holder is None or not isinstance(spec, Mapping) or "initContainers" in spec:
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
    if isinstance(value, Mapping):
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
