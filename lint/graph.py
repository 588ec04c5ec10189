"""The reference graph: objects as nodes, the references between them as edges.

``kubelint graph PATH`` draws what the reference rules resolve: an Ingress's backends and
TLS Secrets, a VirtualService's gateways and destinations, a DestinationRule's host, the
workloads a Service selects, the Secrets, ConfigMaps, claims and ServiceAccounts a pod
template uses, and so on. Each reference is read and resolved by the helpers the rules use
(``kubelint.references``, ``kubelint.ingress``, ``kubelint.istio``); this module only says
which of them make edges, in one table, :data:`REFERENCE_KINDS`.

A reference whose target is missing is a *broken* edge, drawn to a placeholder node for the
missing object. Targets that are not written but exist all the same are drawn too, each
saying why: made by another object (a Certificate's Secret), declared under
``external-objects``, installed by Kubernetes or Istio, or simply outside the files
(a namespace the files say nothing about, where kubelint cannot tell).

Edges start at the objects of the paths asked about; their targets may be anywhere in the
project. Objects without any reference in or out are left out, so a graph of a large
repository shows its wiring, not its inventory. Every output is sorted, so graphs diff.

Three renderings: Mermaid and DOT text, and a self-contained HTML page with an SVG drawn by
the small layered layout at the end of this module.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal

from kubelint import istio, kube, storage
from kubelint.index import ObjectIndex, canonical_group
from kubelint.ingress import (
    ANNOTATION_ONLY_CLASSES,
    backends,
    ingress_class,
    is_ingress,
    tls_secrets,
)
from kubelint.kube import AUTOSCALERS, RBAC_GROUP
from kubelint.lazy import Record
from kubelint.objects import K8sObject
from kubelint.references import (
    ALWAYS_PRESENT,
    Place,
    PodSource,
    account_subjects,
    claim_refs,
    data_refs,
    label_requirements,
    locate,
    made_for,
    may_share_namespace,
    pod_sources,
    render_labels,
    render_requirements,
    scale_target,
    secret_refs,
    selectable,
    service_account,
    sources_near,
    sources_selected,
    sources_to_judge,
    subject_judged,
)
from kubelint.workloads import is_empty_label_selector

#: How a node's object exists. Only ``missing`` is a problem.
Status = Literal["defined", "produced", "installed", "external", "outside", "missing"]
#: Which status wins when one node is reached in several ways.
_STATUS_ORDER: tuple[Status, ...] = (
    "defined", "produced", "installed", "external", "outside", "missing",
)  # fmt: skip
#: How a status reads next to the node.
STATUS_TEXT: dict[Status, str] = {
    "defined": "",
    "produced": "created by another object",
    "installed": "installed with the platform",
    "external": "declared in external-objects",
    "outside": "not in these files",
    "missing": "missing",
}

Key = tuple[str, str, "str | None", str]  # (group, kind, namespace, name)


# --------------------------------------------------------------------------- model


class Node(Record):
    """One object, written or not."""

    __slots__ = ("files", "id", "kind", "name", "namespace", "note", "status")

    def __init__(
        self,
        id: str,
        kind: str,
        name: str,
        namespace: str | None,
        status: Status,
        note: str = "",
        files: tuple[str, ...] = (),
    ) -> None:
        self.id = id  # stable and readable: ``Service/shop/web``; ``PersistentVolume/data``
        self.kind = kind
        self.name = name
        self.namespace = namespace  # None for cluster-scoped objects
        self.status = status
        self.note = note  # why it has that status: "created by Certificate shop/web-tls"
        self.files = files  # where it is written

    @property
    def title(self) -> str:
        """``Service shop/web``, ``PersistentVolume data``."""
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{self.kind} {where}{self.name}"


class Edge(Record):
    """One reference (or several of one object to another, merged)."""

    __slots__ = ("broken", "label", "reason", "source", "target", "upstream")

    def __init__(
        self,
        source: str,
        target: str,
        label: str,
        broken: bool,
        reason: str = "",
        upstream: bool = False,
    ) -> None:
        self.source = source  # node ids
        self.target = target
        self.label = label  # "route :9080 v1, v2"
        self.broken = broken
        self.reason = reason  # for a broken edge: what does not resolve
        #: The target comes before the source in the path of traffic (a VirtualService's
        #: Gateway, an HTTPRoute's parent): layouts draw it to the left.
        self.upstream = upstream


class Graph(Record):
    """Nodes and edges, sorted: by namespace (cluster-scoped last), kind in the order
    traffic meets them, name; edges by their ends."""

    __slots__ = ("edges", "nodes", "objects", "paths")

    def __init__(
        self, nodes: list[Node], edges: list[Edge], objects: int = 0, paths: tuple[str, ...] = ()
    ) -> None:
        self.nodes = nodes
        self.edges = edges
        #: Objects read from the paths asked about, shown or not.
        self.objects = objects
        #: The paths, as given.
        self.paths = paths

    @property
    def broken(self) -> list[Edge]:
        return [e for e in self.edges if e.broken]

    def summary(self) -> str:
        broken = len(self.broken)
        return (
            f"{_plural(len(self.nodes), 'object')}, {_plural(len(self.edges), 'reference')}, "
            f"{broken} broken"
        )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --------------------------------------------------------------------------- targets


class Target(Record):
    """What a reference points at, resolved."""

    __slots__ = ("group", "kind", "made_by", "name", "namespace", "note", "obj", "status")

    def __init__(
        self,
        kind: str,
        name: str,
        namespace: str | None,
        status: Status,
        group: str = "",
        obj: K8sObject | None = None,
        note: str = "",
        made_by: tuple[K8sObject, ...] = (),
    ) -> None:
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.status = status
        self.group = group
        self.obj = obj  # the object, when written
        self.note = note
        self.made_by = made_by  # objects that create it

    @staticmethod
    def of(obj: K8sObject) -> Target:
        return Target(obj.kind, obj.name, obj.namespace, "defined", obj.group, obj)


class Ref(Record):
    """One reference an object makes; ``reason`` is set when it is broken."""

    __slots__ = ("detail", "label", "reason", "target", "upstream")

    def __init__(
        self, label: str, target: Target, reason: str = "", upstream: bool = False, detail: str = ""
    ) -> None:
        self.label = label
        self.target = target
        self.reason = reason
        self.upstream = upstream
        #: What the label is about, merged with the same label's other details on one edge:
        #: ``v1`` and ``v2`` of ``route :9080`` make ``route :9080 v1, v2``.
        self.detail = detail


def _named(index: ObjectIndex, kind: str, name: str, place: Place) -> Target:
    """A core-group object named from ``place``, resolved as ``references.available``
    resolves it: written there, made there by another object, present in every namespace,
    declared external, or else missing."""
    written = locate(index, kind, name, place)
    if written:
        return Target.of(written[0])
    made = made_for(index, kind, name, place)
    if made:
        makers = tuple(sorted({m.producer for m in made}, key=_object_order))
        note = "created by " + ", ".join(m.display_name for m in makers)
        return Target(kind, name, place.namespace, "produced", note=note, made_by=makers)
    if (kind, name) in ALWAYS_PRESENT:
        return Target(kind, name, place.namespace, "installed", note="in every namespace")
    if index.declared_external(kind, name, place.namespace):
        return Target(kind, name, place.namespace, "external")
    return Target(kind, name, place.namespace, "missing")


def _ref(label: str, target: Target, missing_reason: str, *, upstream: bool = False) -> Ref:
    """A reference that is broken when its target is missing."""
    reason = missing_reason if target.status == "missing" else ""
    return Ref(label, target, reason, upstream)


def _provided(
    index: ObjectIndex,
    kind: str,
    name: str,
    namespace: str | None,
    group: str,
    *,
    installed: bool = False,
    others_prove: bool = False,
) -> Target:
    """An object usually provided with the cluster (an IngressClass, a StorageClass, a
    PersistentVolume, a ClusterRole): outside the files when not written, unless
    ``others_prove`` and the files define others of its kind (as ``ingress-unknown-class``
    judges), then missing. It comes with the cluster when ``installed``, and so do
    ``system:`` names."""
    found = index.get(kind, name, namespace, group=group)
    if found is not None:
        return Target.of(found)
    if index.declared_external(kind, name, namespace):
        return Target(kind, name, namespace, "external", group)
    if installed or name.startswith(kube.SYSTEM_ROLE_PREFIX):
        return Target(kind, name, namespace, "installed", group, note="comes with the cluster")
    status: Status = "outside"
    if others_prove and index.of_kind(kind, namespace, group=group):
        status = "missing"
    return Target(kind, name, namespace, status, group)


def _outside_unless_known(
    index: ObjectIndex, kind: str, name: str, namespace: str | None, group: str = ""
) -> Target:
    """A missing object of ``namespace``: missing when the files hold objects of that
    namespace, else outside them (its objects are deployed from elsewhere)."""
    known = namespace is not None and namespace in index.namespaces
    return Target(kind, name, namespace, "missing" if known else "outside", group)


def _mappings(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- Kubernetes


def _ingress_backends(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for backend in backends(obj):
        port = f" :{backend.port}" if backend.port is not None else ""
        target = _named(index, "Service", backend.service, Place.of(obj))
        reason = f"backend Service {backend.service!r} is not defined in namespace {obj.namespace}"
        yield _ref(f"backend{port}", target, reason)


def _ingress_tls(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for tls in tls_secrets(obj):
        target = _named(index, "Secret", tls.name, Place.of(obj))
        reason = f"TLS secretName {tls.name!r} names no Secret in namespace {obj.namespace}"
        yield _ref("tls", target, reason)


def _ingress_class(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    name = ingress_class(obj)
    if name:
        group = "networking.k8s.io"
        target = _provided(index, "IngressClass", name, None, group, others_prove=True)
        annotated = not _text(obj.get("spec", "ingressClassName"))
        if target.status == "missing" and annotated and name in ANNOTATION_ONLY_CLASSES:
            target = Target("IngressClass", name, None, "installed", group, note="served by GKE")
        yield _class_ref(target)


def _class_ref(target: Target) -> Ref:
    reason = f"no {target.kind} {target.name!r}, though the files define others"
    return _ref("class", target, reason, upstream=True)


def _service_selector(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    if obj.group != "" or obj.get("spec", "type") == "ExternalName":
        return
    selector = kube.labels_of(obj.get("spec", "selector"))
    if selector:
        # As service-selects-nothing: broken when anything runs in the Service's namespace.
        yield from _selected_pods(
            obj,
            "selects",
            selectable(index, selector),
            render_labels(selector),
            lambda: any(s.owner.namespace == obj.namespace for s in pod_sources(index)),
        )


def _disruption_budget(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    selector = obj.get("spec", "selector")
    if not isinstance(selector, dict) or is_empty_label_selector(selector):
        return
    requirements = label_requirements(selector)
    if requirements is None:
        return  # malformed: the API rejects it
    # As pdb-selects-nothing: broken when the application runs in the files.
    yield from _selected_pods(
        obj,
        "protects",
        sources_selected(index, obj, requirements),
        render_requirements(requirements),
        lambda: bool(sources_to_judge(index, obj)),
    )


def _selected_pods(
    obj: K8sObject,
    label: str,
    anywhere: list[PodSource],
    selector: str,
    runs_here: Callable[[], bool],
) -> Iterator[Ref]:
    """The workloads whose pods a selector of ``obj`` selects in its namespace, out of
    those it selects ``anywhere``; when none, one reference to a placeholder for the pods,
    broken if it selects pods elsewhere or the application ``runs_here``."""
    sources = [s for s in anywhere if may_share_namespace(obj, s.owner)]
    for source in sources:
        yield Ref(label, Target.of(source.owner))
    if sources:
        return
    reason = f"selector {selector} matches no pod template in namespace {obj.namespace}"
    if anywhere:  # as service-selects-nothing: pods of another namespace are no use
        owner = anywhere[0].owner
        reason += f", only {owner.kind} {owner.name} in namespace {owner.namespace}"
    status: Status = "missing" if anywhere or runs_here() else "outside"
    yield _ref(label, Target("Pods", selector, obj.namespace, status), reason)


def _use(path: tuple[Any, ...]) -> str:
    """How a pod template uses what it names, from where the name is written."""
    if "imagePullSecrets" in path:
        return "image pull"
    if "envFrom" in path:
        return "envFrom"
    if "env" in path:
        return "env"
    return "volume"


def _optional(label: str, optional: bool) -> str:
    return f"{label} (optional)" if optional else label


def _pod_secrets(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for ref in secret_refs(obj):
        target = _named(index, "Secret", ref.name, Place.of(obj))
        reason = "" if ref.optional else f"no Secret {ref.name!r} in namespace {obj.namespace}"
        yield _ref(_optional(_use(ref.path), ref.optional), target, reason)


def _pod_configmaps(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for ref in data_refs(obj, "ConfigMap"):
        target = _named(index, "ConfigMap", ref.name, Place.of(obj))
        reason = "" if ref.optional else f"no ConfigMap {ref.name!r} in namespace {obj.namespace}"
        yield _ref(_optional(_use(ref.path), ref.optional), target, reason)


def _pod_claims(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for ref in claim_refs(obj):
        target = _named(index, "PersistentVolumeClaim", ref.name, Place.of(obj))
        reason = f"no PersistentVolumeClaim {ref.name!r} in namespace {obj.namespace}"
        yield _ref("volume", target, reason)


def _pod_service_account(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    ref = service_account(obj)
    if ref is not None:
        target = _named(index, "ServiceAccount", ref.name, Place.of(obj))
        reason = f"no ServiceAccount {ref.name!r} in namespace {obj.namespace}"
        yield _ref("runs as", target, reason)


def _service_account_secrets(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for field_name, label in (("imagePullSecrets", "image pull"), ("secrets", "token")):
        for item in _mappings(obj.get(field_name)):
            name = _text(item.get("name"))
            if name:
                target = _named(index, "Secret", name, Place.of(obj))
                yield _ref(label, target, f"no Secret {name!r} in namespace {obj.namespace}")


def _claim_volume(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    """The volume a claim binds: the one its ``volumeName`` names, or the class-less one it
    was evidently written for, which it binds only with ``storageClassName: ""``."""
    spec = storage.spec_of(obj)
    name = _text(spec.get("volumeName"))
    if name:  # as pvc-volume-mismatch and pvc-missing-storage-class judge it
        pv = storage.volume_named(index, name)
        if pv is not None:
            reason = _binding_problem(pv, obj, compare_class=True)
            taken = storage.reserved_for_another(pv, obj)
            if taken is not None:
                reason = f"the volume is reserved for claim {taken.name!r} by its claimRef"
            yield Ref("binds", Target.of(pv), reason)
        elif index.declared_external("PersistentVolume", name, None):
            yield Ref("binds", Target("PersistentVolume", name, None, "external"))
        else:
            target = Target("PersistentVolume", name, None, "missing")
            yield _ref("binds", target, f"volumeName {name!r} names no PersistentVolume")
    elif not spec.get("dataSource") and not spec.get("dataSourceRef"):
        unclassed = storage.storage_class(obj) in (None, "")
        for pv in storage.unclassed_volumes(index) if unclassed else ():
            if storage.could_bind_unclassed(pv, obj):
                reason = ""
                if not storage.has_class(obj):
                    reason = (
                        "claim has no storageClassName, so with a default StorageClass it is "
                        "provisioned dynamically and never binds this volume"
                    )
                yield Ref("binds", Target.of(pv), reason)
                break
    yield from _storage_class(obj, index)


def _binding_problem(pv: K8sObject, claim: K8sObject, *, compare_class: bool) -> str:
    """Why a volume cannot bind a claim, as far as the files tell ("" when it can)."""
    if compare_class and not storage.has_class(claim) and not storage.has_class(pv):
        return "claim has no storageClassName, so with a default StorageClass it never binds"
    found = [
        f"{m.reason} {m.wanted!r} wanted, {m.offered!r} offered"
        for m in storage.mismatches(pv, claim, compare_class=compare_class)
    ]
    return "; ".join(found)


def _storage_class(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    name = storage.storage_class(obj)
    if name:
        target = _provided(index, "StorageClass", name, None, "storage.k8s.io")
        reason = f"no StorageClass {name!r}"
        yield _ref("class", target, reason)


def _volume_claim_ref(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    ref = storage.claim_ref(obj)
    if ref is not None:
        claim = storage.reserved_claim(index, obj)
        if claim is not None:
            reason = _binding_problem(obj, claim, compare_class=False)
            yield Ref("reserved for", Target.of(claim), reason, upstream=True)
        else:
            # A reservation for a claim not made yet (or made elsewhere) is no mistake.
            target = Target("PersistentVolumeClaim", ref.name, ref.namespace, "outside")
            yield Ref("reserved for", target, upstream=True)
    yield from _storage_class(obj, index)


def _is_autoscaler(obj: K8sObject) -> bool:
    return (obj.group, obj.kind) in AUTOSCALERS


def _scale_target(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    ref = scale_target(obj)
    if ref is None:
        return
    kind, name = ref.kind, ref.name
    group = kube.split_api_version(ref.api_version or "")[0]
    named = [t for t in index.of_kind(kind) if t.name == name]
    found = index.get(kind, name, obj.namespace) or next(
        (t for t in named if may_share_namespace(obj, t)), None
    )
    if found is not None:
        yield Ref("scales", Target.of(found))
    elif index.declared_external(kind, name, obj.namespace):
        yield Ref("scales", Target(kind, name, obj.namespace, "external", group))
    else:
        # As unknown-scale-target: missing when anything of the application is here, or
        # when the target is in another namespace.
        here = bool(named) or bool(sources_near(index, obj))
        if obj.written_namespace is not None:
            here = here or bool(index.of_kind(kind, obj.namespace))
        status: Status = "missing" if here else "outside"
        target = Target(kind, name, obj.namespace, status, group)
        reason = f"no {kind} {name!r} in namespace {obj.namespace}"
        if named:
            reason += f", only in {named[0].namespace}"
        yield _ref("scales", target, reason)


def _role_binding(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    role = obj.get("roleRef")
    name = _text(role.get("name")) if isinstance(role, dict) else ""
    if isinstance(role, dict) and name:
        kind = _text(role.get("kind")) or "ClusterRole"
        # As unknown-role judges: a missing ClusterRole is missing; a missing Role only
        # where the files hold the namespace's roles, accounts or workloads.
        if kind == "Role" and obj.namespace is not None:
            builtin = kube.is_builtin_role(name, obj.namespace)
            target = _provided(index, "Role", name, obj.namespace, RBAC_GROUP, installed=builtin)
            namespace_known = any(
                index.of_kind(other, obj.namespace) for other in ("Role", "ServiceAccount")
            ) or bool(index.pod_owners(obj.namespace))
            elsewhere_too = index.of_kind("Role", group=RBAC_GROUP) and any(
                r.name == name for r in index.of_kind("Role", group=RBAC_GROUP)
            )
            cluster_role = index.get("ClusterRole", name, None, group=RBAC_GROUP) is not None
            if target.status == "outside" and (namespace_known or elsewhere_too or cluster_role):
                target = Target("Role", name, obj.namespace, "missing", RBAC_GROUP)
        else:
            builtin = kube.is_builtin_cluster_role(name)
            target = _provided(index, "ClusterRole", name, None, RBAC_GROUP, installed=builtin)
            if target.status == "outside":
                target = Target("ClusterRole", name, None, "missing", RBAC_GROUP)
        yield _ref("grants", target, f"roleRef names no {kind} {name!r}")
    for subject, place in account_subjects(obj):
        target = _named(index, "ServiceAccount", subject.name, place)
        # As unknown-service-account: a subject of a namespace the files know nothing of
        # is outside them.
        if target.status == "missing" and not subject_judged(index, subject, place):
            target = Target("ServiceAccount", subject.name, place.namespace, "outside")
        reason = f"no ServiceAccount {subject.name!r} in namespace {place.namespace}"
        yield _ref("subject", target, reason)


# --------------------------------------------------------------------------- Istio


def _istio_host(
    index: ObjectIndex, host: str, referrer: K8sObject, export_to: Any = None
) -> tuple[list[Target], str]:
    """What an Istio host names (resolved by the service registry) and, when it names
    nothing Istio knows, why (``istio.diagnose_host``); then the one target is a
    placeholder, or the object the host is not exported from."""
    namespace = referrer.namespace
    registry = istio.registry(index)
    found = registry.resolve(host, namespace, export_to)
    if found:
        return [_registry_target(entry) for entry in found], ""
    expanded = istio.expand_host(host, namespace)
    cluster = istio.split_service_host(expanded)
    problem = istio.diagnose_host(index, host, namespace, export_to)
    if problem is not None and problem.reason == "not-exported":
        hidden = registry.matching(expanded)
        return [_registry_target(hidden[0])], _host_reason(host, problem)
    if problem is None:  # declared external, or a namespace the files hold nothing of
        status: Status = "external" if registry.declared_external(expanded) else "outside"
    else:
        status = "missing"
    if cluster is not None:
        target = Target("Service", cluster[0], cluster[1], status)
    else:
        target = Target("Host", host, namespace, status, istio.NETWORKING_GROUP)
    return [target], _host_reason(host, problem) if problem is not None else ""


def _host_reason(host: str, problem: istio.UnknownHost) -> str:
    """A short account of an unknown host (the rules say the rest)."""
    namespace, suggestion, owner = problem.namespace, problem.suggestion, problem.owner
    head = f"host {host!r} matches no Service in namespace {namespace}"
    if problem.reason == "workload" and owner is not None:
        return f"{head}: {owner.kind} {owner.name} has that name; did you mean {suggestion!r}?"
    if problem.reason == "unexposed" and owner is not None:
        return f"{head}: {owner.kind} {owner.name} has that name, but no Service selects it"
    if problem.reason == "did-you-mean":
        return f"{head}; did you mean {suggestion!r}?"
    if problem.reason == "not-exported":
        return f"host {host!r} is {problem.target}, which is not exported to namespace {namespace}"
    if problem.reason == "partial":
        return f"host {host!r} is taken literally by Istio; write {suggestion!r}"
    if problem.reason == "no-service-entry":
        return f"host {host!r} matches no ServiceEntry visible in namespace {namespace}"
    return head


def _registry_target(entry: istio.RegistryHost) -> Target:
    if entry.source is not None:
        return Target.of(entry.source)
    name, namespace = istio.split_service_host(entry.host) or (entry.host, istio.ISTIO_NAMESPACE)
    return Target("Service", name, namespace, "installed", note="installed by Istio")


def _virtual_service(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    if obj.namespace is None:
        return
    for reference in dict.fromkeys(name for _, name in istio.gateway_references(obj)):
        parsed = istio.gateway_reference(reference, obj.namespace)
        if parsed is None:  # mesh
            continue
        found = istio.find_gateway(index, reference, obj)
        namespace, name = parsed
        if found is not None:
            target = Target.of(found)
        elif index.declared_external("Gateway", name, namespace):
            target = Target("Gateway", name, namespace, "external", istio.NETWORKING_GROUP)
        else:
            target = _outside_unless_known(
                index, "Gateway", name, namespace, istio.NETWORKING_GROUP
            )
        reason = f"gateway {reference!r} matches no Gateway in namespace {namespace}"
        yield _ref("gateway", target, reason, upstream=True)
    export_to = obj.get("spec", "exportTo")
    for dest in istio.destinations(index, obj):
        if not dest.host:
            continue
        label = "mirror" if dest.mirror else "route"
        if dest.port is not None:
            label += f" :{dest.port}"
        targets, reason = _istio_host(index, dest.host, obj, export_to)
        resolved = targets[0].status != "missing" and not reason
        # As istio-unknown-subset: a subset of a host that resolves must be defined.
        if (
            resolved
            and dest.subset
            and targets[0].status != "outside"
            and not istio.subset_defined(index, dest.host, obj.namespace, dest.subset)
        ):
            reason = (
                f"subset {dest.subset!r} of host {dest.host!r} is defined by no DestinationRule"
            )
        for target in targets:
            yield Ref(label, target, reason, detail=dest.subset or "")


def _destination_rule(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    host = obj.get("spec", "host")
    if obj.namespace is None or not isinstance(host, str) or not host:
        return
    subsets = istio.subset_names(obj)
    targets, reason = _istio_host(index, host, obj, obj.get("spec", "exportTo"))
    for target in targets:
        for subset in subsets:
            yield Ref("subsets", target, reason, detail=subset)
        if not subsets:
            yield Ref("host", target, reason)


def _istio_gateway(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    """The pods that serve a Gateway (when they are in the files) and the Secrets its TLS
    servers name, which are read where those pods run."""
    owners = [source.owner for source in istio.gateway_pods(index, obj)]
    for owner in owners:
        yield Ref("served by", Target.of(owner))
    for credential in istio.server_credentials(obj):
        name = credential.name
        # As istio-gateway-credential: read where the gateway's pods run; when they are
        # not in the files, any Secret of that name may be the one.
        for owner in owners:
            target = _named(index, "Secret", name, Place.of(owner))
            reason = f"no Secret {name!r} in namespace {owner.namespace}, where the gateway runs"
            yield _ref("credential", target, reason)
        if not owners:
            secrets = istio.secrets_named(index, name)
            for secret in secrets:
                yield Ref("credential", Target.of(secret))
            if not secrets:
                note = "read where the gateway runs, not in these files"
                yield Ref("credential", Target("Secret", name, obj.namespace, "outside", note=note))


# --------------------------------------------------------------------------- Gateway API

GATEWAY_API_GROUP = istio.GATEWAY_API_GROUP
ROUTE_KINDS = frozenset({"HTTPRoute", "GRPCRoute", "TCPRoute", "TLSRoute", "UDPRoute"})


def _is_route(obj: K8sObject) -> bool:
    return obj.group == GATEWAY_API_GROUP and obj.kind in ROUTE_KINDS


def _route(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    for parent in _mappings(obj.get("spec", "parentRefs")):
        kind = _text(parent.get("kind")) or "Gateway"
        group = _text(parent.get("group", GATEWAY_API_GROUP))
        upstream = kind == "Gateway"
        yield from _typed_ref(obj, index, parent, kind, group, "parent", upstream=upstream)
    for rule in _mappings(obj.get("spec", "rules")):
        for backend in _mappings(rule.get("backendRefs")):
            kind = _text(backend.get("kind")) or "Service"
            port = backend.get("port")
            label = f"backend :{port}" if isinstance(port, int) else "backend"
            yield from _typed_ref(obj, index, backend, kind, _text(backend.get("group")), label)


def _typed_ref(
    obj: K8sObject,
    index: ObjectIndex,
    ref: Mapping[str, Any],
    kind: str,
    group: str,
    label: str,
    *,
    upstream: bool = False,
) -> Iterator[Ref]:
    """A Gateway API object reference: ``name``, optional ``namespace`` (the referrer's by
    default), with the kind and group given."""
    name = _text(ref.get("name"))
    if not name:
        return
    namespace = _text(ref.get("namespace")) or obj.namespace
    found = index.get(kind, name, namespace, group=group)
    if found is not None:
        target = Target.of(found)
    elif index.declared_external(kind, name, namespace):
        target = Target(kind, name, namespace, "external", group)
    else:
        target = _outside_unless_known(index, kind, name, namespace, group)
    reason = f"no {kind} {name!r} in namespace {namespace}"
    yield _ref(label, target, reason, upstream=upstream)


def _gateway_api_gateway(obj: K8sObject, index: ObjectIndex) -> Iterator[Ref]:
    name = _text(obj.get("spec", "gatewayClassName"))
    if name:
        yield _class_ref(_provided(index, "GatewayClass", name, None, GATEWAY_API_GROUP))
    for listener in _mappings(obj.get("spec", "listeners")):
        tls = listener.get("tls")
        for ref in _mappings(tls.get("certificateRefs") if isinstance(tls, dict) else None):
            if ref.get("kind", "Secret") != "Secret" or ref.get("group", "") != "":
                continue
            namespace = _text(ref.get("namespace"))
            place = Place(namespace) if namespace else Place.of(obj)
            target = _named(index, "Secret", _text(ref.get("name")), place)
            reason = f"no Secret {ref.get('name')!r} in namespace {place.namespace}"
            yield _ref("certificate", target, reason)


# --------------------------------------------------------------------------- the table


class ReferenceKind(Record):
    """One family of references: which objects make them, and how to read them."""

    __slots__ = ("applies", "name", "read")

    def __init__(
        self,
        name: str,
        applies: Callable[[K8sObject], bool],
        read: Callable[[K8sObject, ObjectIndex], Iterator[Ref]],
    ) -> None:
        self.name = name
        self.applies = applies
        self.read = read


def _kind(group: str, *kinds: str) -> Callable[[K8sObject], bool]:
    return lambda obj: obj.group == group and obj.kind in kinds


def _runs_pods(obj: K8sObject) -> bool:
    return obj.pod_spec_path() is not None


#: Every reference the graph draws. A new reference kind is one reader and one row here.
REFERENCE_KINDS: tuple[ReferenceKind, ...] = (
    ReferenceKind("Ingress backends", is_ingress, _ingress_backends),
    ReferenceKind("Ingress TLS Secrets", is_ingress, _ingress_tls),
    ReferenceKind("Ingress classes", is_ingress, _ingress_class),
    ReferenceKind("Service selectors", _kind("", "Service"), _service_selector),
    ReferenceKind("pod Secrets", _runs_pods, _pod_secrets),
    ReferenceKind("pod ConfigMaps", _runs_pods, _pod_configmaps),
    ReferenceKind("pod volume claims", _runs_pods, _pod_claims),
    ReferenceKind("pod ServiceAccounts", _runs_pods, _pod_service_account),
    ReferenceKind("ServiceAccount Secrets", _kind("", "ServiceAccount"), _service_account_secrets),
    ReferenceKind("claim volumes", _kind("", "PersistentVolumeClaim"), _claim_volume),
    ReferenceKind("volume claims", _kind("", "PersistentVolume"), _volume_claim_ref),
    ReferenceKind("autoscaler targets", _is_autoscaler, _scale_target),
    ReferenceKind("disruption budgets", _kind("policy", "PodDisruptionBudget"), _disruption_budget),
    ReferenceKind(
        "role bindings", _kind(RBAC_GROUP, "RoleBinding", "ClusterRoleBinding"), _role_binding
    ),
    ReferenceKind(
        "VirtualService gateways and routes",
        lambda obj: istio.is_networking(obj, "VirtualService"),
        _virtual_service,
    ),
    ReferenceKind(
        "DestinationRule hosts",
        lambda obj: istio.is_networking(obj, "DestinationRule"),
        _destination_rule,
    ),
    ReferenceKind(
        "Istio Gateway pods and credentials",
        lambda obj: istio.is_networking(obj, "Gateway"),
        _istio_gateway,
    ),
    ReferenceKind("Gateway API routes", _is_route, _route),
    ReferenceKind(
        "Gateway API gateways", _kind(GATEWAY_API_GROUP, "Gateway"), _gateway_api_gateway
    ),
)


# --------------------------------------------------------------------------- building


def build(
    objects: Iterable[K8sObject],
    index: ObjectIndex,
    *,
    kinds: Sequence[ReferenceKind] = REFERENCE_KINDS,
    paths: Sequence[str] = (),
) -> Graph:
    """The graph of the references ``objects`` make, resolved against ``index``."""
    builder = _Builder(index)
    count = 0
    for obj in sorted(objects, key=_object_order):
        if obj.kind_guessed or not obj.kind or not obj.api_version:
            continue
        count += 1
        for kind in kinds:
            if kind.applies(obj):
                for ref in kind.read(obj, index):
                    builder.add(obj, ref)
    graph = builder.graph()
    graph.objects = count
    graph.paths = tuple(paths)
    return graph


def _object_order(obj: K8sObject) -> tuple[str, str, str, str, str]:
    return (obj.namespace or "", obj.kind, obj.name, obj.group, obj.file.path)


class _NodeInfo(Record):
    __slots__ = ("files", "kind", "name", "namespace", "note", "status")

    def __init__(
        self,
        kind: str,
        name: str,
        namespace: str | None,
        status: Status,
        note: str = "",
        files: set[str] | None = None,
    ) -> None:
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.status = status
        self.note = note
        self.files: set[str] = files if files is not None else set()


class _EdgeInfo(Record):
    __slots__ = ("labels", "reasons")

    def __init__(
        self, labels: dict[str, set[str]] | None = None, reasons: list[str] | None = None
    ) -> None:
        # label -> details
        self.labels: dict[str, set[str]] = labels if labels is not None else {}
        self.reasons: list[str] = reasons if reasons is not None else []


class _Builder:
    def __init__(self, index: ObjectIndex) -> None:
        self.index = index
        self.nodes: dict[Key, _NodeInfo] = {}
        self.edges: dict[tuple[Key, Key, bool, bool], _EdgeInfo] = {}

    def _node(self, key: Key, status: Status, note: str = "", obj: K8sObject | None = None) -> Key:
        info = self.nodes.get(key)
        if info is None:
            info = self.nodes[key] = _NodeInfo(key[1], key[3], key[2], status, note)
        elif _STATUS_ORDER.index(status) < _STATUS_ORDER.index(info.status):
            info.status, info.note = status, note
        if obj is not None:
            info.files.update(o.file.path for o in self.index.same_identity(obj) or [obj])
        return key

    def object_node(self, obj: K8sObject) -> Key:
        key = (canonical_group(obj.group, obj.kind), obj.kind, obj.namespace, obj.name)
        return self._node(key, "defined", obj=obj)

    def target_node(self, target: Target) -> Key:
        if target.obj is not None:
            return self.object_node(target.obj)
        key = (target.group, target.kind, target.namespace, target.name)
        return self._node(key, target.status, target.note)

    def link(
        self, source: Key, target: Key, label: str, reason: str, upstream: bool, detail: str = ""
    ) -> None:
        info = self.edges.setdefault((source, target, bool(reason), upstream), _EdgeInfo())
        details = info.labels.setdefault(label, set())
        if detail:
            details.add(detail)
        if reason and reason not in info.reasons:
            info.reasons.append(reason)

    def add(self, obj: K8sObject, ref: Ref) -> None:
        source = self.object_node(obj)
        target = self.target_node(ref.target)
        self.link(source, target, ref.label, ref.reason, ref.upstream, ref.detail)
        for maker in ref.target.made_by:
            self.link(self.object_node(maker), target, "creates", "", False)

    def graph(self) -> Graph:
        keys = sorted(self.nodes, key=_key_order)
        ids = _node_ids(keys)
        nodes = [
            Node(
                id=ids[key],
                kind=info.kind,
                name=info.name,
                namespace=info.namespace,
                status=info.status,
                note=info.note or STATUS_TEXT[info.status],
                files=tuple(sorted(info.files)),
            )
            for key in keys
            for info in (self.nodes[key],)
        ]
        order = {key: i for i, key in enumerate(keys)}
        edges = [
            Edge(
                source=ids[source],
                target=ids[target],
                label=_edge_label(info.labels),
                broken=broken,
                reason="; ".join(info.reasons),
                upstream=upstream,
            )
            for (source, target, broken, upstream), info in sorted(
                self.edges.items(),
                key=lambda item: (order[item[0][0]], order[item[0][1]], item[0][2], item[0][3]),
            )
        ]
        return Graph(nodes, edges)


def _edge_label(labels: Mapping[str, set[str]]) -> str:
    """``envFrom, volume``; ``route :9080 v1, v2``; ``mirror v3; route v1``."""
    parts = [
        f"{label} {', '.join(sorted(details))}" if details else label
        for label, details in sorted(labels.items())
    ]
    return ("; " if any(labels.values()) and len(parts) > 1 else ", ").join(parts)


#: Kinds in the order traffic meets them, for sorting within a namespace.
_KIND_ORDER = {
    kind: i
    for i, kind in enumerate(
        (
            "GatewayClass", "IngressClass", "Gateway", "Ingress", "HTTPRoute", "GRPCRoute",
            "TCPRoute", "TLSRoute", "UDPRoute", "VirtualService", "DestinationRule",
            "ServiceEntry", "Host", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget",
            "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod",
            "Pods", "ServiceAccount", "ConfigMap", "Secret", "PersistentVolumeClaim",
            "PersistentVolume", "StorageClass", "RoleBinding", "ClusterRoleBinding", "Role",
            "ClusterRole",
        )
    )
}  # fmt: skip


def _key_order(key: Key) -> tuple[int, str, int, str, str, str]:
    group, kind, namespace, name = key
    cluster = 1 if namespace is None else 0
    return (cluster, namespace or "", _KIND_ORDER.get(kind, len(_KIND_ORDER)), kind, name, group)


def _node_ids(keys: Sequence[Key]) -> dict[Key, str]:
    """``Kind/namespace/name`` (``Kind/name`` when cluster-scoped), with the API group added
    where two kinds of one name would collide (an Istio and a Gateway API Gateway)."""
    base = {key: f"{key[1]}/{key[2]}/{key[3]}" if key[2] else f"{key[1]}/{key[3]}" for key in keys}
    counts: dict[str, int] = {}
    for text in base.values():
        counts[text] = counts.get(text, 0) + 1
    return {
        key: f"{text}@{key[0] or 'core'}" if counts[text] > 1 else text
        for key, text in base.items()
    }


# --------------------------------------------------------------------------- text formats


def render(graph: Graph, output_format: str) -> str:
    """The graph as ``mermaid``, ``dot`` or ``html`` text."""
    renderers: dict[str, Callable[[Graph], str]] = {
        "mermaid": mermaid,
        "dot": dot,
        "html": html_page,
    }
    if output_format not in renderers:
        raise ValueError(f"unknown graph format {output_format!r}")
    return renderers[output_format](graph)


def _by_namespace(graph: Graph) -> list[tuple[str | None, list[Node]]]:
    groups: dict[str | None, list[Node]] = {}
    for node in graph.nodes:
        groups.setdefault(node.namespace, []).append(node)
    return sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or ""))


def _namespace_title(namespace: str | None) -> str:
    return f"namespace {namespace}" if namespace is not None else "cluster-scoped"


def _safe_ids(names: Iterable[str], prefix: str = "") -> dict[str, str]:
    """Identifiers of letters, digits and ``_`` for each name, unique and stable."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        ident = prefix + re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")
        candidate, n = ident, 2
        while candidate in used:
            candidate, n = f"{ident}_{n}", n + 1
        used.add(candidate)
        out[name] = candidate
    return out


#: Colors shared by the three formats.
BROKEN_COLOR = "#c62828"
MUTED_COLOR = "#757575"


def mermaid(graph: Graph) -> str:
    """A Mermaid flowchart: one subgraph per namespace, broken edges dotted and red."""
    ids = _safe_ids(n.id for n in graph.nodes)
    lines = [f"%% kubelint graph: {graph.summary()}", "flowchart LR"]
    groups = _by_namespace(graph)
    group_ids = _safe_ids((ns or "cluster-scoped" for ns, _ in groups), prefix="ns_")
    for namespace, nodes in groups:
        title = _namespace_title(namespace)
        group_id = group_ids[namespace or "cluster-scoped"]
        lines.append(f'  subgraph {group_id}["{_mermaid_text(title)}"]')
        for node in nodes:
            text = f"{node.kind}<br/>{_mermaid_text(node.name)}"
            if node.status != "defined":
                text += f"<br/>({_mermaid_text(node.note)})"
            lines.append(f'    {ids[node.id]}["{text}"]')
        lines.append("  end")
    broken_links = []
    for i, edge in enumerate(graph.edges):
        arrow = "-.->" if edge.broken else "-->"
        label = _mermaid_text(edge.label + (" (broken)" if edge.broken else ""))
        lines.append(f'  {ids[edge.source]} {arrow}|"{label}"| {ids[edge.target]}')
        if edge.broken:
            broken_links.append(str(i))
    styles = {
        "missing": f"fill:#fdecea,stroke:{BROKEN_COLOR},stroke-width:2px,"
        f"stroke-dasharray:5 3,color:{BROKEN_COLOR}",
        "produced": "fill:#ffffff,stroke:#555555,stroke-dasharray:5 3",
        "elsewhere": f"fill:#f5f5f5,stroke:#9e9e9e,stroke-dasharray:2 2,color:{MUTED_COLOR}",
    }
    classes = {
        "missing": [n for n in graph.nodes if n.status == "missing"],
        "produced": [n for n in graph.nodes if n.status == "produced"],
        "elsewhere": [n for n in graph.nodes if n.status in ("installed", "external", "outside")],
    }
    for name, members in classes.items():
        if members:
            lines.append(f"  classDef {name} {styles[name]}")
            lines.append(f"  class {','.join(ids[n.id] for n in members)} {name}")
    if broken_links:
        lines.append(
            f"  linkStyle {','.join(broken_links)} stroke:{BROKEN_COLOR},stroke-width:2px,"
            f"color:{BROKEN_COLOR}"
        )
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    return (
        text.replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
        .replace("|", "#124;")
    )


def dot(graph: Graph) -> str:
    """A Graphviz digraph: one cluster per namespace, broken edges dashed and red."""
    lines = [
        f"// kubelint graph: {graph.summary()}",
        "digraph kubelint {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.8];',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica",'
        " fontsize=11];",
        f'  edge [fontname="Helvetica", fontsize=9, color="#607d8b", fontcolor="{MUTED_COLOR}"];',
    ]
    groups = _by_namespace(graph)
    cluster_ids = _safe_ids((ns or "cluster-scoped" for ns, _ in groups), prefix="cluster_")
    for namespace, nodes in groups:
        title = _namespace_title(namespace)
        lines.append(f"  subgraph {cluster_ids[namespace or 'cluster-scoped']} {{")
        lines.append(f'    label={_dot_quote(title)}; style="rounded,dashed"; color="#b0bec5";')
        for node in nodes:
            lines.append(f"    {_dot_quote(node.id)} [{_dot_node_attributes(node)}];")
        lines.append("  }")
    for edge in graph.edges:
        attributes = [f"label={_dot_quote(edge.label)}"]
        if edge.broken:
            attributes += [
                f'color="{BROKEN_COLOR}"',
                f'fontcolor="{BROKEN_COLOR}"',
                "style=dashed",
                "penwidth=2",
                f"tooltip={_dot_quote(edge.reason)}",
            ]
        source, target = edge.source, edge.target
        if edge.upstream:  # drawn from the target, so traffic reads left to right
            source, target = target, source
            attributes.append("dir=back")
        lines.append(f"  {_dot_quote(source)} -> {_dot_quote(target)} [{', '.join(attributes)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node_attributes(node: Node) -> str:
    label = f"{node.kind}\n{node.name}"
    if node.status != "defined":
        label += f"\n({node.note})"
    attributes = [f"label={_dot_quote(label)}", f'color="{_family_color(node.kind)}"']
    if node.status == "missing":
        attributes = [
            f"label={_dot_quote(label)}",
            f'color="{BROKEN_COLOR}"',
            f'fontcolor="{BROKEN_COLOR}"',
            'fillcolor="#fdecea"',
            'style="rounded,filled,dashed"',
            "penwidth=2",
        ]
    elif node.status == "produced":
        attributes.append('style="rounded,filled,dashed"')
    elif node.status != "defined":
        attributes += [
            'fillcolor="#f5f5f5"',
            f'fontcolor="{MUTED_COLOR}"',
            'style="rounded,filled,dotted"',
        ]
    return ", ".join(attributes)


def _dot_quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


# --------------------------------------------------------------------------- colors

#: Kinds drawn in each family's color.
_TRAFFIC_KINDS = frozenset({
    "Ingress", "IngressClass", "Gateway", "GatewayClass", "VirtualService", "DestinationRule",
    "ServiceEntry", "Host", *ROUTE_KINDS,
})  # fmt: skip
_CONFIG_KINDS = frozenset({
    "Secret", "ConfigMap", "ServiceAccount", "PersistentVolumeClaim", "PersistentVolume",
    "StorageClass",
})  # fmt: skip
#: Kind families and their colors, in the legend's order.
FAMILIES: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("traffic", "#7b1fa2", _TRAFFIC_KINDS),
    ("services", "#1565c0", frozenset({"Service"})),
    ("workloads", "#2e7d32", frozenset({*kube.POD_KINDS, "Pods"})),
    ("configuration and storage", "#ef6c00", _CONFIG_KINDS),
    ("other", "#546e7a", frozenset()),
)


def _family(kind: str) -> tuple[str, str]:
    for name, color, kinds in FAMILIES:
        if kind in kinds:
            return name, color
    return FAMILIES[-1][0], FAMILIES[-1][1]


def _family_color(kind: str) -> str:
    return _family(kind)[1]


# --------------------------------------------------------------------------- layout

NODE_WIDTH = 196
NODE_HEIGHT = 42
POINT_HEIGHT = 10  # the room an edge takes where it passes a column
COLUMN_GAP = 118
ROW_GAP = 12
BAND_PADDING = 14
BAND_TITLE = 22
MARGIN = 16

#: The column each kind prefers, in the order traffic meets objects: classes, entry
#: points, routes, Services, workloads, what pods use, storage. Other kinds are placed by
#: their references alone.
_TIERS: dict[str, int] = {
    **dict.fromkeys(("IngressClass", "GatewayClass"), 0),
    **dict.fromkeys(("Ingress", "Gateway"), 1),
    **dict.fromkeys(("VirtualService", "DestinationRule", *ROUTE_KINDS), 2),
    **dict.fromkeys(("Service", "ServiceEntry", "Host"), 3),
    **dict.fromkeys(("HorizontalPodAutoscaler", "PodDisruptionBudget"), 3),
    **dict.fromkeys((*kube.POD_KINDS, "Pods", "RoleBinding", "ClusterRoleBinding"), 4),
    **dict.fromkeys(("ServiceAccount", "ConfigMap", "Secret", "PersistentVolumeClaim"), 5),
    **dict.fromkeys(("Role", "ClusterRole"), 5),
    "PersistentVolume": 6,
    "StorageClass": 7,
}


def ranks(graph: Graph) -> dict[str, int]:
    """Each node's column, counted from 0 with no empty column: at least its kind's tier,
    and right of everything before it in the path of traffic (an edge marked upstream
    counts from its target). Nodes of other kinds that only refer to others sit just left
    of the first of them."""
    flow: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    for edge in graph.edges:
        before, after = (edge.target, edge.source) if edge.upstream else (edge.source, edge.target)
        if before != after and after not in flow[before]:
            flow[before].append(after)
    tier = {n.id: _TIERS.get(n.kind) for n in graph.nodes}
    order = _acyclic_order(flow)
    position = {node: i for i, node in enumerate(order)}
    forward = {u: [v for v in flow[u] if position[v] > position[u]] for u in flow}
    incoming: dict[str, list[str]] = {n: [] for n in flow}
    for u, targets in forward.items():
        for v in targets:
            incoming[v].append(u)
    rank: dict[str, int] = {}
    for node in order:
        rank[node] = max([tier[node] or 0, *(rank[u] + 1 for u in incoming[node])])
    for node in reversed(order):
        if tier[node] is None and not incoming[node] and forward[node]:
            rank[node] = max(min(rank[v] for v in forward[node]) - 1, 0)
    used = {r: i for i, r in enumerate(sorted(set(rank.values())))}
    return {node: used[r] for node, r in rank.items()}


def _acyclic_order(flow: Mapping[str, list[str]]) -> list[str]:
    """A topological order of the flow graph, ignoring the edges that close cycles."""
    done: set[str] = set()
    active: set[str] = set()
    out: list[str] = []
    for start in flow:
        if start in done:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(flow[start]))]
        active.add(start)
        while stack:
            node, successors = stack[-1]
            for succ in successors:
                if succ not in done and succ not in active:
                    active.add(succ)
                    stack.append((succ, iter(flow[succ])))
                    break
            else:
                stack.pop()
                active.discard(node)
                done.add(node)
                out.append(node)
    out.reverse()
    return out


class Route(Record):
    """How one edge is drawn: ``points`` from its left end to its right end, two for each
    column it passes (where it enters and leaves it); ``reverse`` when the arrow points
    left (at the first point)."""

    __slots__ = ("label_anchor", "label_at", "loop", "points", "reverse")

    def __init__(
        self,
        points: list[tuple[float, float]],
        reverse: bool,
        label_at: tuple[float, float],
        label_anchor: str,
        loop: bool = False,
    ) -> None:
        self.points = points
        self.reverse = reverse
        self.label_at = label_at
        self.label_anchor = label_anchor  # "start" or "end"
        self.loop = loop  # both ends in one column


class Layout(Record):
    """Where everything sits: columns by :func:`ranks`, a horizontal band per namespace."""

    __slots__ = ("bands", "boxes", "height", "routes", "width")

    def __init__(
        self,
        boxes: dict[str, tuple[float, float]],
        routes: list[Route],
        bands: list[tuple[str, float, float]],
        width: float,
        height: float,
    ) -> None:
        self.boxes = boxes  # node id -> top-left corner
        self.routes = routes  # one per edge, in the graph's order
        self.bands = bands  # (title, top, height)
        self.width = width
        self.height = height


def layout(graph: Graph) -> Layout:
    """A layered drawing of the graph. Edges that span columns pass each column through a
    point of their own, placed like a small node, so they go around nodes instead of
    through them. Items in a column are ordered by the mean position of their neighbours
    (sweeps both ways), then moved as close to their neighbours' height as the order and
    the spacing allow."""
    rank = ranks(graph)
    groups = _by_namespace(graph)
    band_of = {node.id: b for b, (_, nodes) in enumerate(groups) for node in nodes}
    columns = max(rank.values(), default=0) + 1
    height_of: dict[str, float] = {n.id: NODE_HEIGHT for n in graph.nodes}
    column_of = dict(rank)
    cells: dict[tuple[int, int], list[str]] = {}
    for node in graph.nodes:
        cells.setdefault((band_of[node.id], rank[node.id]), []).append(node.id)
    neighbours: dict[str, list[str]] = {n.id: [] for n in graph.nodes}
    chains: list[list[str]] = []
    for i, edge in enumerate(graph.edges):
        left, right = sorted((edge.source, edge.target), key=lambda n: rank[n])
        chain = [left]
        for c in range(rank[left] + 1, rank[right]):
            point = f"{i}:{c}"
            height_of[point], column_of[point] = POINT_HEIGHT, c
            neighbours[point] = []
            cells.setdefault((band_of[left], c), []).append(point)
            band_of[point] = band_of[left]
            chain.append(point)
        chain.append(right)
        for upper, lower in itertools.pairwise(chain):
            neighbours[upper].append(lower)
            neighbours[lower].append(upper)
        chains.append(chain)
    _order_cells(cells, neighbours, column_of, len(groups), columns)
    tops, band_heights = _place_cells(cells, neighbours, height_of, band_of, len(groups), columns)

    band_boxes: list[tuple[str, float, float]] = []
    band_top: list[float] = []
    top = float(MARGIN)
    for b, (namespace, _) in enumerate(groups):
        height = BAND_TITLE + 2 * BAND_PADDING + band_heights[b]
        band_boxes.append((_namespace_title(namespace), top, height))
        band_top.append(top + BAND_TITLE + BAND_PADDING)
        top += height + BAND_PADDING

    def x_of(column: int) -> float:
        return MARGIN + BAND_PADDING + column * (NODE_WIDTH + COLUMN_GAP)

    def y_of(item: str) -> float:
        return band_top[band_of[item]] + tops[item]

    boxes = {n.id: (x_of(rank[n.id]), y_of(n.id)) for n in graph.nodes}
    routes = []
    seen: dict[tuple[str, str], int] = {}
    fan_out: dict[str, int] = {}
    fan_in: dict[str, int] = {}
    for edge in graph.edges:
        fan_out[edge.source] = fan_out.get(edge.source, 0) + 1
        fan_in[edge.target] = fan_in.get(edge.target, 0) + 1
    for edge, chain in zip(graph.edges, chains, strict=True):
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        shift = 6.0 * seen.get(pair, 0)  # parallel edges (one broken, one not) side by side
        seen[pair] = seen.get(pair, 0) + 1
        points: list[tuple[float, float]] = []
        for k, item in enumerate(chain):
            x, y = x_of(column_of[item]), y_of(item) + height_of[item] / 2 + shift
            if k > 0:
                points.append((x, y))
            if k < len(chain) - 1:
                points.append((x + NODE_WIDTH, y))
        reverse = chain[0] == edge.target and chain[-1] != chain[0]
        loop = rank[edge.source] == rank[edge.target]
        if loop:
            points = [points[0], points[-1]]
        # The label goes beside the referring object, or beside the target when the
        # referring object has more edges than the target has (so labels do not pile up).
        near_target = fan_out[edge.source] > 1 and fan_in[edge.target] < fan_out[edge.source]
        at_left = reverse == near_target
        if loop:
            label_at, anchor = (points[0][0] + 30, (points[0][1] + points[-1][1]) / 2), "start"
        elif at_left:
            label_at, anchor = (points[0][0] + 8, points[0][1]), "start"
        else:
            label_at, anchor = (points[-1][0] - 10, points[-1][1]), "end"
        routes.append(Route(points, reverse, label_at, anchor, loop))
    width = 2 * (MARGIN + BAND_PADDING) + columns * NODE_WIDTH + (columns - 1) * COLUMN_GAP
    return Layout(boxes, routes, band_boxes, float(width), top + MARGIN - BAND_PADDING)


def _order_cells(
    cells: dict[tuple[int, int], list[str]],
    neighbours: Mapping[str, list[str]],
    column_of: Mapping[str, int],
    bands: int,
    columns: int,
) -> None:
    """Order each cell to keep edges from crossing: sweeps left to right and back, each
    item sorted by the mean slot of its neighbours on the side swept from, then swaps of
    adjacent items wherever a swap removes crossings."""

    def slots() -> dict[str, float]:
        out: dict[str, float] = {}
        offset = 0
        for b in range(bands):
            height = max((len(cells.get((b, c), [])) for c in range(columns)), default=0)
            for c in range(columns):
                for i, item in enumerate(cells.get((b, c), [])):
                    out[item] = offset + i
            offset += height + 1
        return out

    where = slots()
    for sweep in range(8):
        forward = sweep % 2 == 0
        for c in range(columns) if forward else range(columns - 1, -1, -1):
            side = c - 1 if forward else c + 1
            for b in range(bands):
                cell = cells.get((b, c))
                if not cell or len(cell) < 2:
                    continue
                current = {item: i for i, item in enumerate(cell)}

                def weight(
                    item: str,
                    side: int = side,
                    where: dict[str, float] = where,
                    current: dict[str, int] = current,
                ) -> tuple[float, int]:
                    near = [where[n] for n in neighbours[item] if column_of[n] == side]
                    if not near:
                        own = column_of[item]
                        near = [where[n] for n in neighbours[item] if column_of[n] != own]
                    return (sum(near) / len(near) if near else where[item], current[item])

                base = min(where[item] for item in cell)
                cell.sort(key=weight)
                for i, item in enumerate(cell):
                    where[item] = base + i

    def crossings(upper: str, lower: str) -> int:
        return sum(
            1
            for a in neighbours[upper]
            for b in neighbours[lower]
            if column_of[a] == column_of[b] != column_of[upper] and where[a] > where[b]
        )

    for _ in range(6):
        swapped = False
        for cell in cells.values():
            for i in range(len(cell) - 1):
                upper, lower = cell[i], cell[i + 1]
                if crossings(upper, lower) > crossings(lower, upper):
                    cell[i], cell[i + 1] = lower, upper
                    where[upper], where[lower] = where[lower], where[upper]
                    swapped = True
        if not swapped:
            break


def _place_cells(
    cells: Mapping[tuple[int, int], list[str]],
    neighbours: Mapping[str, list[str]],
    height_of: Mapping[str, float],
    band_of: Mapping[str, int],
    bands: int,
    columns: int,
) -> tuple[dict[str, float], list[float]]:
    """The top of each item within its band, and each band's height: items keep their
    order and spacing and move toward the mean height of their neighbours in the band."""
    top: dict[str, float] = {}
    for cell in cells.values():
        y = 0.0
        for item in cell:
            top[item] = y
            y += height_of[item] + ROW_GAP
    for sweep in range(12):
        for c in range(columns) if sweep % 2 == 0 else range(columns - 1, -1, -1):
            for b in range(bands):
                cell = cells.get((b, c), [])
                desired = []
                for item in cell:
                    near = [top[n] + height_of[n] / 2 for n in neighbours[item] if band_of[n] == b]
                    centre = sum(near) / len(near) if near else top[item] + height_of[item] / 2
                    desired.append(centre - height_of[item] / 2)
                heights = [height_of[item] for item in cell]
                for item, y in zip(cell, _spaced(desired, heights, ROW_GAP), strict=True):
                    top[item] = y
    band_heights = []
    for b in range(bands):
        items = [item for c in range(columns) for item in cells.get((b, c), [])]
        band_heights.append(_close_gaps(items, top, height_of))
    return top, band_heights


def _close_gaps(
    items: Sequence[str], top: dict[str, float], height_of: Mapping[str, float]
) -> float:
    """Move items up over the empty stripes of a band (heights no item of any column
    covers), leaving ``ROW_GAP`` of each; the band's height."""
    shift, bottom = 0.0, 0.0
    moves: dict[str, float] = {}
    for item in sorted(items, key=lambda i: top[i]):
        gap = top[item] - bottom - shift
        if gap > ROW_GAP or not moves:
            shift += gap - (ROW_GAP if moves else 0.0)
        moves[item] = shift
        bottom = max(bottom, top[item] - shift + height_of[item])
    for item, moved in moves.items():
        top[item] -= moved
    return bottom


def _spaced(desired: Sequence[float], heights: Sequence[float], gap: float) -> list[float]:
    """Tops as close to ``desired`` as possible (least squares) with the items kept in
    order, ``gap`` apart and none above 0: isotonic regression by pooling adjacent
    violators, on the tops less the room the items above need."""
    offsets, room = [], 0.0
    for height in heights:
        offsets.append(room)
        room += height + gap
    blocks: list[list[float]] = []  # [sum, count]
    for value, offset in zip(desired, offsets, strict=True):
        blocks.append([value - offset, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted = [max(total / count, 0.0) for total, count in blocks for _ in range(int(count))]
    return [value + offset for value, offset in zip(fitted, offsets, strict=True)]


# --------------------------------------------------------------------------- HTML


def html_page(graph: Graph) -> str:
    """One self-contained page: the graph as inline SVG, a legend, and the broken
    references as a list. No network access; the small script only highlights on hover."""
    where = layout(graph)
    title = "kubelint graph" + (f": {' '.join(graph.paths)}" if graph.paths else "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_esc(title)}</h1>",
        f'<p class="summary">{_esc(graph.summary())}'
        f" (from {_plural(graph.objects, 'object')} in the files)</p>",
        _legend(),
        "</header>",
        '<main class="canvas">',
        _svg(graph, where),
        "</main>",
        _broken_list(graph),
        f"<script>{_SCRIPT.replace('__BOX__', str(NODE_WIDTH))}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _svg(graph: Graph, where: Layout) -> str:
    width, height = max(where.width, 320.0), max(where.height, 80.0)
    out = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'style="min-width: {min(width, max(0.6 * width, 720)):.0f}px" '
        f'aria-label="{_esc(graph.summary())}">',
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="arrowhead"/></marker>',
        '<marker id="arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="arrowhead broken"/></marker>',
        "</defs>",
    ]
    for title, top, band_height in where.bands:
        out.append(
            f'<g class="band"><rect x="{MARGIN}" y="{top:.1f}" width="{width - 2 * MARGIN:.0f}" '
            f'height="{band_height:.1f}" rx="10"/><text x="{MARGIN + 12}" y="{top + 18:.1f}">'
            f"{_esc(title)}</text></g>"
        )
    out.append('<g class="edges">')
    out.extend(
        _svg_edge(edge, route) for edge, route in zip(graph.edges, where.routes, strict=True)
    )
    out.append("</g>")
    out.append('<g class="nodes">')
    out.extend(_svg_node(node, *where.boxes[node.id]) for node in graph.nodes)
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _svg_path(route: Route) -> str:
    """Curves across the gaps between columns, straight lines through columns."""
    points = route.points
    (x, y), rest = points[0], points[1:]
    if route.loop:
        (x2, y2) = rest[0]
        bend = 40 + abs(y2 - y) / 4
        return (
            f"M{x:.1f},{y:.1f} C{x + bend:.1f},{y:.1f} {x2 + bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        )
    path = [f"M{x:.1f},{y:.1f}"]
    for k, (x2, y2) in enumerate(rest):
        if k % 2 == 0:  # across a gap
            bend = (x2 - x) / 2
            path.append(f"C{x + bend:.1f},{y:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}")
        else:  # through a column
            path.append(f"L{x2:.1f},{y2:.1f}")
        x, y = x2, y2
    return " ".join(path)


def _svg_edge(edge: Edge, route: Route) -> str:
    cls = "edge broken" if edge.broken else "edge"
    marker = "url(#arrow-broken)" if edge.broken else "url(#arrow)"
    end = "marker-start" if route.reverse else "marker-end"
    tip = f"{edge.source} → {edge.target}: {edge.label}"
    if edge.reason:
        tip += f"\n{edge.reason}"
    lx, ly = route.label_at
    return (
        f'<g class="{cls}" data-from="{_esc(edge.source)}" data-to="{_esc(edge.target)}">'
        f"<title>{_esc(tip)}</title>"
        f'<path d="{_svg_path(route)}" {end}="{marker}"/>'
        f'<text x="{lx:.1f}" y="{ly - 4:.1f}" text-anchor="{route.label_anchor}">'
        f"{_esc(_shorten(edge.label, 26))}</text></g>"
    )


def _svg_node(node: Node, x: float, y: float) -> str:
    family, color = _family(node.kind)
    classes = f"node {node.status}"
    if node.status in ("installed", "external", "outside"):
        classes += " elsewhere"
    tip = [node.title]
    if node.note:
        tip.append(node.note)
    tip.extend(node.files)
    status = "" if node.status == "defined" else f" · {node.note}"
    kind_line = _shorten(node.kind + status, 48)
    return (
        f'<g class="{classes}" data-id="{_esc(node.id)}" data-family="{_esc(family)}" '
        f'transform="translate({x:.1f},{y:.1f})">'
        f"<title>{_esc(chr(10).join(tip))}</title>"
        f'<rect class="box" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6"/>'
        f'<rect class="bar" width="6" height="{NODE_HEIGHT}" rx="3" fill="{color}"/>'
        f'<text class="kind" x="14" y="15">{_esc(kind_line)}</text>'
        f'<text class="name" x="14" y="32">{_esc(_shorten(node.name, 40))}</text></g>'
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _legend() -> str:
    items = []
    for name, color, _ in FAMILIES:
        items.append(
            f'<span class="item"><svg width="14" height="14"><rect width="14" height="14" '
            f'rx="3" fill="{color}"/></svg>{_esc(name)}</span>'
        )
    samples = [
        ("defined", "written in the files"),
        ("produced", "created by another object"),
        ("elsewhere", "installed, external, or not in these files"),
        ("missing", "missing"),
    ]
    for cls, text in samples:
        items.append(
            f'<span class="item"><svg width="34" height="18"><g class="node {cls}">'
            f'<rect class="box" x="1" y="1" width="32" height="16" rx="4"/></g></svg>'
            f"{_esc(text)}</span>"
        )
    items.append(
        '<span class="item"><svg width="40" height="12"><g class="edge">'
        '<path d="M2,6 L30,6" marker-end="url(#arrow)"/></g></svg>reference</span>'
    )
    items.append(
        '<span class="item"><svg width="40" height="12"><g class="edge broken">'
        '<path d="M2,6 L30,6" marker-end="url(#arrow-broken)"/></g></svg>broken reference'
        "</span>"
    )
    return f'<div class="legend">{"".join(items)}</div>'


def _broken_list(graph: Graph) -> str:
    broken = graph.broken
    if not broken:
        return '<section class="broken-list"><h2>Broken references</h2><p>None.</p></section>'
    by_id = {node.id: node for node in graph.nodes}
    rows = []
    for edge in broken:
        source, target = by_id[edge.source], by_id[edge.target]
        rows.append(
            f"<li><b>{_esc(source.title)}</b> → <b>{_esc(target.title)}</b> "
            f'<span class="label">({_esc(edge.label)})</span>: {_esc(edge.reason)}</li>'
        )
    return (
        f'<section class="broken-list"><h2>Broken references ({len(broken)})</h2>'
        f"<ul>{''.join(rows)}</ul></section>"
    )


_CSS = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
  "DejaVu Sans", sans-serif; color: #212121; }
body { margin: 0; background: #fafafa; }
header { padding: 12px 20px 4px; }
h1 { font-size: 18px; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 15px; margin: 0 0 6px; }
.summary { margin: 0 0 8px; color: #555; font-size: 13px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 12px; color: #424242; }
.legend .item { display: inline-flex; align-items: center; gap: 6px; }
.canvas { overflow: auto; padding: 0 4px; }
svg.graph { display: block; font-size: 12px; max-width: 100%; height: auto; }
.band rect { fill: #ffffff; stroke: #cfd8dc; stroke-dasharray: 4 3; }
.band text { fill: #607d8b; font-size: 12px; font-weight: 600; }
.node .box { fill: #ffffff; stroke: #90a4ae; stroke-width: 1.2; }
.node .kind { fill: #616161; font-size: 10.5px; }
.node .name { fill: #212121; font-size: 12.5px; font-weight: 600; }
.node.produced .box { stroke-dasharray: 5 3; stroke: #616161; }
.node.elsewhere .box { fill: #f5f5f5; stroke: #9e9e9e; stroke-dasharray: 2 2; }
.node.elsewhere .name { fill: #616161; }
.node.missing .box { fill: #fdecea; stroke: #c62828; stroke-width: 2; stroke-dasharray: 5 3; }
.node.missing .kind, .node.missing .name { fill: #b71c1c; }
.edge path { fill: none; stroke: #78909c; stroke-width: 1.4; }
.edge text { fill: #546e7a; font-size: 10.5px; paint-order: stroke;
  stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
.edge.broken path { stroke: #c62828; stroke-width: 2.2; stroke-dasharray: 6 4; }
.edge.broken text { fill: #c62828; font-weight: 600; }
.arrowhead { fill: #78909c; }
.arrowhead.broken { fill: #c62828; }
svg.graph.focus .node:not(.on), svg.graph.focus .edge:not(.on) { opacity: 0.15; }
svg.graph.focus .edge.on path { stroke-width: 2.6; }
.node { cursor: default; }
.broken-list { padding: 8px 20px 20px; font-size: 13px; }
.broken-list ul { margin: 0; padding-left: 18px; }
.broken-list li { margin: 3px 0; }
.broken-list .label { color: #757575; }
"""

#: Hover a node to see only it, its references and their ends. The last lines record what
#: the browser laid out (used by the tests, harmless otherwise).
_SCRIPT = """
(function () {
  var BOX = __BOX__;
  var svg = document.querySelector("svg.graph");
  if (!svg) return;
  var nodes = Array.prototype.slice.call(svg.querySelectorAll(".node"));
  var edges = Array.prototype.slice.call(svg.querySelectorAll(".edge"));
  function clear() {
    svg.classList.remove("focus");
    nodes.concat(edges).forEach(function (el) { el.classList.remove("on"); });
  }
  nodes.forEach(function (node) {
    var id = node.getAttribute("data-id");
    node.addEventListener("mouseenter", function () {
      clear();
      svg.classList.add("focus");
      node.classList.add("on");
      edges.forEach(function (edge) {
        var from = edge.getAttribute("data-from"), to = edge.getAttribute("data-to");
        if (from !== id && to !== id) return;
        edge.classList.add("on");
        nodes.forEach(function (other) {
          var oid = other.getAttribute("data-id");
          if (oid === from || oid === to) other.classList.add("on");
        });
      });
    });
    node.addEventListener("mouseleave", clear);
  });
  // Names longer than their box are cut to fit, with the whole name in the tooltip.
  nodes.forEach(function (node) {
    Array.prototype.forEach.call(node.querySelectorAll("text"), function (text) {
      var room = BOX - 20, full = text.textContent;
      if (text.getComputedTextLength() <= room) return;
      var keep = full.length;
      while (keep > 1 && text.getComputedTextLength() > room) {
        keep -= 1;
        text.textContent = full.slice(0, keep) + "\u2026";
      }
    });
  });
  var drawn = nodes.filter(function (node) {
    var box = node.getBBox(), name = node.querySelector(".name");
    return box.width > 0 && box.height > 0 && name && name.getComputedTextLength() > 0;
  });
  document.body.setAttribute("data-rendered",
    "nodes=" + nodes.length + " drawn=" + drawn.length + " edges=" + edges.length);
})();
"""
