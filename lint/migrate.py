"""Migrations: the edits that move an object off a removed or deprecated apiVersion.

``migrate(obj, replacement)`` returns a ``Migration`` (a ``Fix`` and, when the fix may change
what the object does, the reason) for an object and the replacement ``choose_replacement``
picked at the target version, or None when no mechanical migration exists.

A migration keeps behaviour wherever it can: where the new apiVersion defaults a field
differently, the old default is written explicitly (extensions/v1beta1 Deployments keep their
1/1 rolling update and unlimited history, admission webhooks keep `failurePolicy: Ignore`...),
and where the old API filled a field in (a workload's selector), the value it filled in is
written. Such a fix is safe. A fix that cannot keep behaviour is unsafe and says why (a
PodDisruptionBudget whose empty selector meant "no pods"). Some objects get no fix at all:
CustomResourceDefinitions and CertificateSigningRequests need decisions no tool can make, and
PodSecurityPolicy has no successor.

The facts behind each migration are the API server's own conversion and defaulting code of
the old versions; ``docs/rules.md`` (removed-api) lists what each one does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from kubelint import kube
from kubelint.apis import Replacement, lifecycle
from kubelint.lazy import Record
from kubelint.objects import K8sObject
from kubelint.workloads import is_empty_label_selector

if TYPE_CHECKING:
    from kubelint.fix import Edit, Fix

Path = tuple[Any, ...]

#: The largest int32: how the old APIs spelled "unlimited" or "no deadline" once defaulted.
MAX_INT32 = 2147483647

APPS_KINDS = frozenset({"Deployment", "DaemonSet", "ReplicaSet", "StatefulSet"})

#: apiVersions that hold one kind with the same fields, meaning and defaults: moving between
#: any two of a family changes the apiVersion only. Checked against the Kubernetes API types
#: (and, where both versions are in the shipped schemas, against the schemas).
SAME_SHAPE: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = (
    (frozenset({"NetworkPolicy"}), ("extensions/v1beta1", "networking.k8s.io/v1")),
    (frozenset({"PodSecurityPolicy"}), ("extensions/v1beta1", "policy/v1beta1", "policy/v1")),
    (frozenset({"Ingress"}), ("extensions/v1beta1", "networking.k8s.io/v1beta1")),
    (APPS_KINDS, ("apps/v1beta2", "apps/v1")),
    (frozenset({"CronJob"}), ("batch/v1beta1", "batch/v1")),
    (frozenset({"HorizontalPodAutoscaler"}), ("autoscaling/v2beta2", "autoscaling/v2")),
    (
        frozenset({"Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"}),
        ("rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1"),
    ),
    (
        frozenset({"FlowSchema"}),
        tuple(
            f"flowcontrol.apiserver.k8s.io/{v}"
            for v in ("v1alpha1", "v1beta1", "v1beta2", "v1beta3", "v1")
        ),
    ),
    (
        frozenset({"PriorityLevelConfiguration"}),
        tuple(f"flowcontrol.apiserver.k8s.io/{v}" for v in ("v1alpha1", "v1beta1", "v1beta2")),
    ),
    (
        frozenset({"StorageClass", "CSIDriver", "CSINode"}),
        ("storage.k8s.io/v1beta1", "storage.k8s.io/v1"),
    ),
    (
        frozenset({"VolumeAttachment", "CSIStorageCapacity", "VolumeAttributesClass"}),
        ("storage.k8s.io/v1alpha1", "storage.k8s.io/v1beta1", "storage.k8s.io/v1"),
    ),
    (
        frozenset({"PriorityClass"}),
        ("scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1"),
    ),
    (frozenset({"RuntimeClass"}), ("node.k8s.io/v1beta1", "node.k8s.io/v1")),
    (frozenset({"Lease"}), ("coordination.k8s.io/v1beta1", "coordination.k8s.io/v1")),
    (
        frozenset({"LeaseCandidate"}),
        ("coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1"),
    ),
    (frozenset({"IngressClass"}), ("networking.k8s.io/v1beta1", "networking.k8s.io/v1")),
    (
        frozenset({"IPAddress", "ServiceCIDR"}),
        ("networking.k8s.io/v1alpha1", "networking.k8s.io/v1beta1", "networking.k8s.io/v1"),
    ),
    (frozenset({"APIService"}), ("apiregistration.k8s.io/v1beta1", "apiregistration.k8s.io/v1")),
    (
        frozenset(
            {
                "ValidatingAdmissionPolicy",
                "ValidatingAdmissionPolicyBinding",
                "MutatingAdmissionPolicy",
                "MutatingAdmissionPolicyBinding",
            }
        ),
        tuple(f"admissionregistration.k8s.io/{v}" for v in ("v1alpha1", "v1beta1", "v1")),
    ),
    (
        frozenset({"ClusterTrustBundle"}),
        tuple(f"certificates.k8s.io/{v}" for v in ("v1alpha1", "v1beta1", "v1")),
    ),
    (
        frozenset({"DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"}),
        ("resource.k8s.io/v1beta2", "resource.k8s.io/v1"),
    ),
    (
        frozenset({"DeviceTaintRule"}),
        ("resource.k8s.io/v1alpha3", "resource.k8s.io/v1beta2", "resource.k8s.io/v1"),
    ),
    (
        frozenset({"StorageVersionMigration"}),
        ("storagemigration.k8s.io/v1beta1", "storagemigration.k8s.io/v1"),
    ),
    (frozenset({"Policy"}), ("audit.k8s.io/v1beta1", "audit.k8s.io/v1")),
)

# What an unsafe fix changes, shown in the finding after "--unsafe-fixes migrates it, but"
# (lower case, no trailing period).
CAVEAT_PDB_EMPTY_SELECTOR = "the budget then covers every pod of the namespace instead of none"
CAVEAT_WEBHOOK_SIDE_EFFECTS = (
    "it writes sideEffects: None where v1beta1 assumed Unknown, so dry-run requests reach the "
    "webhook instead of being refused; make sure it has no side effects"
)
CAVEAT_ROLLBACK_TO = (
    "it drops spec.rollbackTo, which apps/v1 does not have; roll back with kubectl rollout "
    "undo instead"
)


class Migration(Record):
    """The fix that migrates an object, and why it is unsafe (None: it is safe)."""

    __slots__ = ("caveat", "fix")

    def __init__(self, fix: Fix, caveat: str | None = None) -> None:
        self.fix = fix
        self.caveat = caveat


class _NoMigration(Exception):
    """The object has a shape no migration handles (or one the new version rejects anyway)."""


def migrate(obj: K8sObject, replacement: Replacement) -> Migration | None:
    """The migration of ``obj`` to ``replacement`` (the same kind in another apiVersion), or
    None when there is no mechanical one."""
    if obj.kind_guessed or not obj.kind or not obj.api_version:
        return None
    if replacement.kind not in (obj.kind, "*") or replacement.api_version == obj.api_version:
        return None
    migrator = _migrator(obj.api_version, obj.kind, replacement.api_version)
    if migrator is None:
        return None
    plan = _Plan()
    plan.set(("apiVersion",), replacement.api_version)
    try:
        migrator(obj, plan, replacement.api_version)
    except _NoMigration:
        return None
    from kubelint.fix import Fix

    caveat = "; ".join(plan.caveats) if plan.caveats else None
    return Migration(Fix.of(*plan.edits(), safe=caveat is None), caveat)


Migrator = Callable[[K8sObject, "_Plan", str], None]


def _migrator(source: str, kind: str, target: str) -> Migrator | None:
    if _same_shape(source, kind, target):
        return _nothing_else
    key = (kind, source, target)
    for (kinds, sources, targets), migrator in _MIGRATORS:
        if key[0] in kinds and key[1] in sources and key[2] in targets:
            return migrator
    return None


def _same_shape(source: str, kind: str, target: str) -> bool:
    return any(
        kind in kinds and source in versions and target in versions
        for kinds, versions in SAME_SHAPE
    )


def _nothing_else(obj: K8sObject, plan: _Plan, target: str) -> None:
    """Only the apiVersion changes."""


# ------------------------------------------------------------------ collecting the edits


class _Plan:
    """The edits of one migration, kept in an order the fix engine can apply: values are set
    and entries inserted while every key still has its old name, then entries are deleted,
    then keys renamed."""

    __slots__ = ("_deletes", "_inserts", "_renames", "_sets", "caveats")

    def __init__(self) -> None:
        self.caveats: list[str] = []
        self._sets: list[Edit] = []
        self._inserts: dict[tuple[Path, str | None], list[Edit]] = {}
        self._deletes: list[Edit] = []
        self._renames: list[Edit] = []

    def set(self, path: Path, value: Any) -> None:
        from kubelint.fix import set_value

        self._sets.append(set_value(path, value))

    def insert(self, path: Path, key: str, value: Any, *, after: str | None = None) -> None:
        """Add ``key: value`` to the mapping at ``path``; entries added at the same place
        come out in the order they are added."""
        from kubelint.fix import insert

        self._inserts.setdefault((path, after), []).append(insert(path, key, value, after=after))

    def delete(self, path: Path) -> None:
        from kubelint.fix import delete

        self._deletes.append(delete(path))

    def rename(self, path: Path, key: str) -> None:
        from kubelint.fix import rename

        self._renames.append(rename(path, key))

    def caveat(self, text: str) -> None:
        if text not in self.caveats:
            self.caveats.append(text)

    def edits(self) -> list[Edit]:
        inserted = [e for group in self._inserts.values() for e in group]
        return [*self._sets, *inserted, *self._deletes, *self._renames]


def _mapping(value: Any) -> Mapping[str, Any]:
    """``value`` when it is a mapping; a shape no migration can handle otherwise."""
    if not isinstance(value, dict):
        raise _NoMigration
    return value


def _optional_mapping(parent: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """``parent[key]`` when it is a mapping, None when absent; anything else (a null written
    as ``key:``, a scalar) cannot receive entries, so no migration."""
    if key not in parent:
        return None
    return _mapping(parent[key])


def _list(parent: Mapping[str, Any], key: str) -> list[Any]:
    """``parent[key]`` when it is a list, [] when absent; anything else: no migration."""
    if key not in parent:
        return []
    value = parent[key]
    if not isinstance(value, list):
        raise _NoMigration
    return value


def _unset(parent: Mapping[str, Any], key: str) -> bool:
    return parent.get(key) is None


def _put_scalar(plan: _Plan, path: Path, parent: Mapping[str, Any], key: str, value: Any) -> None:
    """Write a scalar at ``path + key``: replace a null written there, else add the entry."""
    if key in parent:
        plan.set((*path, key), value)
    else:
        plan.insert(path, key, value)


def _is_flow(obj: K8sObject, path: Path) -> bool:
    """Whether the collection at ``path`` is written in flow style (``{...}``, ``[...]``)."""
    text = obj.file.text
    at = obj.offset(path)
    return at < len(text) and text[at] in "{["


def _plain(value: Any) -> Any:
    """Loaded YAML (position-keeping mappings and lists) as plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# ------------------------------------------------------------------ apps workloads


def _apps(obj: K8sObject, plan: _Plan, target: str) -> None:
    """extensions/v1beta1 and apps/v1beta1 workloads to apps/v1: write what the old version
    defaulted (selector, object labels) and the old defaults apps/v1 changed."""
    spec = _mapping(obj.get("spec"))
    entry = lifecycle(obj.api_version, obj.kind)
    never_served = entry is not None and entry.never_served
    labels_path = kube.template_labels_path(obj.group, obj.kind)
    assert labels_path is not None
    template_labels = obj.get(*labels_path)
    labels = kube.labels_of(template_labels) if isinstance(template_labels, dict) else {}

    # New spec entries go at the end of spec, where missing-selector adds the selector too:
    # the two fixes then meet at one point and only one of them adds it.
    def add(key: str, value: Any) -> None:
        if key in spec:
            plan.set(("spec", key), value)
        else:
            plan.insert(("spec",), key, value)

    if "selector" in spec and spec["selector"] is None:
        raise _NoMigration  # `selector:` with nothing: null-value's business
    if "selector" not in spec:
        if not labels:
            raise _NoMigration  # rejected by every version: nothing to select by
        plan.insert(("spec",), "selector", {"matchLabels": labels})
    if never_served:
        return  # apps/v1beta1 never had this kind: no behaviour to keep
    if labels and not obj.labels:
        # the old versions gave an object without labels its template's labels
        meta = _mapping(obj.data.get("metadata"))
        if "labels" in meta:
            if not isinstance(meta["labels"], dict):
                raise _NoMigration  # `labels:` with nothing, or a scalar
            plan.set(("metadata", "labels"), labels)  # `labels: {}`
        else:
            plan.insert(("metadata",), "labels", labels)

    if obj.kind == "Deployment":
        _deployment_defaults(obj, plan, spec, add)
    elif obj.kind in ("DaemonSet", "StatefulSet"):
        # both defaulted updateStrategy.type to OnDelete; apps/v1 rolls pods instead
        strategy = _optional_mapping(spec, "updateStrategy")
        if strategy is None:
            add("updateStrategy", {"type": "OnDelete"})
        elif _unset(strategy, "type"):
            _put_scalar(plan, ("spec", "updateStrategy"), strategy, "type", "OnDelete")
    if obj.kind == "DaemonSet" and "templateGeneration" in spec:
        plan.delete(("spec", "templateGeneration"))  # written by the server, gone in apps/v1


def _deployment_defaults(
    obj: K8sObject, plan: _Plan, spec: Mapping[str, Any], add: Callable[[str, Any], None]
) -> None:
    extensions = obj.api_version == "extensions/v1beta1"
    strategy = _optional_mapping(spec, "strategy")
    if extensions:
        # rolling updates surged and dropped one pod at a time (apps/v1: 25% each)
        kind = (strategy or {}).get("type") or "RollingUpdate"
        if strategy is None:
            add("strategy", {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}})
        elif kind == "RollingUpdate" or strategy.get("rollingUpdate") is not None:
            rolling = _optional_mapping(strategy, "rollingUpdate")
            if rolling is None:
                plan.insert(
                    ("spec", "strategy"),
                    "rollingUpdate",
                    {"maxSurge": 1, "maxUnavailable": 1},
                )
            else:
                path = ("spec", "strategy", "rollingUpdate")
                for key in ("maxSurge", "maxUnavailable"):
                    if _unset(rolling, key):
                        _put_scalar(plan, path, rolling, key, 1)
    # every old ReplicaSet kept (apps/v1beta1: 2; apps/v1: 10)
    if _unset(spec, "revisionHistoryLimit"):
        add("revisionHistoryLimit", MAX_INT32 if extensions else 2)
    if extensions and _unset(spec, "progressDeadlineSeconds"):
        add("progressDeadlineSeconds", MAX_INT32)  # no deadline (apps/v1: 600 seconds)
    if "rollbackTo" in spec:
        plan.delete(("spec", "rollbackTo"))
        plan.caveat(CAVEAT_ROLLBACK_TO)


# ------------------------------------------------------------------ Ingress


def _ingress(obj: K8sObject, plan: _Plan, target: str) -> None:
    """extensions/v1beta1 and networking.k8s.io/v1beta1 to networking.k8s.io/v1."""
    spec = _mapping(obj.get("spec"))
    if "backend" in spec:
        if "defaultBackend" in spec:
            raise _NoMigration
        old = _mapping(spec["backend"])
        new = _backend(old)
        if new != _plain(old):
            plan.set(("spec", "backend"), new)
        plan.rename(("spec", "backend"), "defaultBackend")
    for i, rule in enumerate(_list(spec, "rules")):
        http = _optional_mapping(_mapping(rule), "http")
        for j, item in enumerate(_list(http, "paths") if http is not None else []):
            item = _mapping(item)
            here = ("spec", "rules", i, "http", "paths", j)
            if "backend" in item:
                old = _mapping(item["backend"])
                new = _backend(old)
                if new != _plain(old):
                    plan.set((*here, "backend"), new)
            if _unset(item, "pathType"):
                # what both beta versions defaulted it to: the controller's own matching
                if "pathType" in item:
                    plan.set((*here, "pathType"), "ImplementationSpecific")
                else:
                    after = "path" if "path" in item else None
                    plan.insert(here, "pathType", "ImplementationSpecific", after=after)


def _backend(old: Mapping[str, Any]) -> dict[str, Any]:
    """A v1beta1 IngressBackend in its v1 shape (a resource backend stays as it is)."""
    if "serviceName" not in old and "servicePort" not in old:
        if "service" in old or "resource" in old:
            return _plain(old)
        raise _NoMigration
    name = old.get("serviceName")
    port = old.get("servicePort")
    if not isinstance(name, str) or not name or port is None or isinstance(port, bool):
        raise _NoMigration
    if isinstance(port, int):
        port_ref: dict[str, Any] = {"number": port}
    elif isinstance(port, str) and port.isascii() and port.isdigit():
        port_ref = {"number": int(port)}  # "80" was meant as a number, not a port name
    elif isinstance(port, str) and port:
        port_ref = {"name": port}
    else:
        raise _NoMigration
    new: dict[str, Any] = {}
    for key, value in old.items():
        if key == "serviceName":
            new["service"] = {"name": name, "port": port_ref}
        elif key != "servicePort":
            new[str(key)] = _plain(value)
    if "service" not in new:
        new["service"] = {"name": name, "port": port_ref}
    return new


# ------------------------------------------------------------------ CronJob


def _cronjob_v2alpha1(obj: K8sObject, plan: _Plan, target: str) -> None:
    """batch/v2alpha1 kept every finished Job unless told otherwise; batch/v1beta1 and v1
    keep 3 successful and 1 failed."""
    spec = _mapping(obj.get("spec"))
    for key in ("successfulJobsHistoryLimit", "failedJobsHistoryLimit"):
        if _unset(spec, key):
            _put_scalar(plan, ("spec",), spec, key, MAX_INT32)


# ------------------------------------------------------------------ PodDisruptionBudget


def _pdb(obj: K8sObject, plan: _Plan, target: str) -> None:
    selector = obj.get("spec", "selector")
    if isinstance(selector, dict) and is_empty_label_selector(selector):
        plan.caveat(CAVEAT_PDB_EMPTY_SELECTOR)
    # a missing or null selector selects no pod in both versions: nothing changes


# ------------------------------------------------------------------ HorizontalPodAutoscaler

_METRIC_SOURCES = {
    "Resource": "resource",
    "ContainerResource": "containerResource",
    "Pods": "pods",
    "Object": "object",
    "External": "external",
}


def _hpa_v2beta1(obj: K8sObject, plan: _Plan, target: str) -> None:
    """autoscaling/v2beta1 metrics to the v2beta2 (= v2) shape: every target becomes a
    MetricTarget, every metric name and selector a MetricIdentifier."""
    for i, metric in enumerate(_list(_mapping(obj.get("spec")), "metrics")):
        metric = _mapping(metric)
        key = _METRIC_SOURCES.get(str(metric.get("type")))
        if key is None:
            raise _NoMigration
        source = _mapping(metric.get(key))
        new = _metric_source(key, source)
        if new != _plain(source):
            plan.set(("spec", "metrics", i, key), new)


def _metric_source(key: str, old: Mapping[str, Any]) -> dict[str, Any]:
    def present(name: str) -> bool:
        return old.get(name) is not None

    if "metric" in old or ("describedObject" if key == "object" else "target") in old:
        return _plain(old)  # already in the new shape
    new: dict[str, Any] = {}
    if key in ("resource", "containerResource"):
        for field_name in ("name", "container") if key == "containerResource" else ("name",):
            if not isinstance(old.get(field_name), str):
                raise _NoMigration
            new[field_name] = old[field_name]
        if present("targetAverageUtilization") == present("targetAverageValue"):
            raise _NoMigration  # neither or both: rejected by both versions
        if present("targetAverageUtilization"):
            target = {"type": "Utilization", "averageUtilization": old["targetAverageUtilization"]}
        else:
            target = {"type": "AverageValue", "averageValue": old["targetAverageValue"]}
        new["target"] = target
        return new
    name = old.get("metricName")
    if not isinstance(name, str) or not name:
        raise _NoMigration
    metric: dict[str, Any] = {"name": name}
    selector_key = "metricSelector" if key == "external" else "selector"
    if present(selector_key):
        metric["selector"] = _plain(old[selector_key])
    if key == "pods":
        if not present("targetAverageValue"):
            raise _NoMigration
        return {
            "metric": metric,
            "target": {"type": "AverageValue", "averageValue": old["targetAverageValue"]},
        }
    if key == "object":
        if not isinstance(old.get("target"), dict):
            raise _NoMigration
        new["describedObject"] = _plain(old["target"])
        new["metric"] = metric
        if present("averageValue"):  # the value per pod wins; targetValue is then unused
            new["target"] = {"type": "AverageValue", "averageValue": old["averageValue"]}
        elif present("targetValue"):
            new["target"] = {"type": "Value", "value": old["targetValue"]}
        else:
            raise _NoMigration
        return new
    # external
    if present("targetValue") == present("targetAverageValue"):
        raise _NoMigration
    if present("targetValue"):
        target = {"type": "Value", "value": old["targetValue"]}
    else:
        target = {"type": "AverageValue", "averageValue": old["targetAverageValue"]}
    return {"metric": metric, "target": target}


# ------------------------------------------------------------------ flow control


def _priority_level(obj: K8sObject, plan: _Plan, target: str) -> None:
    """assuredConcurrencyShares became nominalConcurrencyShares in v1beta3; v1 keeps an
    explicit 0 as 0, where the betas read it as the default, 30."""
    limited = obj.get("spec", "limited")
    if not isinstance(limited, dict):
        return
    path = ("spec", "limited")
    old_key = "assuredConcurrencyShares" if obj.version != "v1beta3" else "nominalConcurrencyShares"
    if old_key not in limited:
        return
    if "nominalConcurrencyShares" in limited and old_key != "nominalConcurrencyShares":
        raise _NoMigration
    value = limited[old_key]
    if target.endswith("/v1") and (value == 0 or value is None) and not isinstance(value, bool):
        plan.set((*path, old_key), 30)
    if old_key != "nominalConcurrencyShares":
        plan.rename((*path, old_key), "nominalConcurrencyShares")


# ------------------------------------------------------------------ RBAC


def _rbac_v1alpha1_binding(obj: K8sObject, plan: _Plan, target: str) -> None:
    """v1alpha1 subjects name an apiVersion; v1 subjects an apiGroup."""
    for i, subject in enumerate(_list(obj.data, "subjects")):
        subject = _mapping(subject)
        here = ("subjects", i)
        kind = subject.get("kind")
        if "apiGroup" in subject:
            raise _NoMigration
        if kind in ("User", "Group"):
            group = kube.RBAC_GROUP
        elif kind == "ServiceAccount":
            group = ""
        else:
            version = subject.get("apiVersion")
            group = str(version).rpartition("/")[0] if version else ""
        if "apiVersion" in subject:
            if group:
                plan.set((*here, "apiVersion"), group)
                plan.rename((*here, "apiVersion"), "apiGroup")
            else:
                plan.delete((*here, "apiVersion"))
        if kind == "User" and subject.get("name") == "*":
            # v1alpha1 read user * as every authenticated user
            plan.set((*here, "kind"), "Group")
            plan.set((*here, "name"), "system:authenticated")


# ------------------------------------------------------------------ EndpointSlice

_ZONE = "topology.kubernetes.io/zone"
_HOSTNAME = "kubernetes.io/hostname"


def _endpoint_slice(obj: K8sObject, plan: _Plan, target: str) -> None:
    """endpoints[].topology: the zone becomes endpoints[].zone, the hostname nodeName, the
    rest deprecatedTopology (what the API server's conversion does)."""
    if obj.get("addressType") == "IP":
        raise _NoMigration  # v1alpha1's "IP" is IPv4 or IPv6: only the addresses can tell
    for i, endpoint in enumerate(_list(obj.data, "endpoints")):
        endpoint = _mapping(endpoint)
        if "topology" not in endpoint:
            continue
        here = ("endpoints", i)
        topology = _mapping(endpoint["topology"])
        rest = {str(k): _plain(v) for k, v in topology.items()}
        zone = rest.pop(_ZONE, None)
        node = endpoint.get("nodeName")
        host = rest.get(_HOSTNAME)
        if host is not None and (node is None or host == node):
            del rest[_HOSTNAME]
        if host is not None and node is None:
            if "nodeName" in endpoint:
                raise _NoMigration
            plan.insert(here, "nodeName", host, after="topology")
        if zone is not None:
            if "zone" in endpoint or "deprecatedTopology" in endpoint:
                raise _NoMigration
            plan.insert(here, "zone", zone, after="topology")
        if not rest:
            plan.delete((*here, "topology"))
            continue
        if rest != _plain(topology):
            if _is_flow(obj, (*here, "topology")):
                plan.set((*here, "topology"), rest)  # rewritten whole: one edit, one span
            else:
                for key in topology:
                    if str(key) not in rest:
                        plan.delete((*here, "topology", key))
        plan.rename((*here, "topology"), "deprecatedTopology")


# ------------------------------------------------------------------ admission webhooks


def _webhooks(obj: K8sObject, plan: _Plan, target: str) -> None:
    """v1 changed three defaults and requires sideEffects and admissionReviewVersions; write
    what v1beta1 assumed."""
    for i, webhook in enumerate(_list(obj.data, "webhooks")):
        webhook = _mapping(webhook)
        here = ("webhooks", i)
        for key, old_default in (
            ("failurePolicy", "Ignore"),
            ("matchPolicy", "Exact"),
        ):
            if _unset(webhook, key):
                _put_scalar(plan, here, webhook, key, old_default)
        side_effects = webhook.get("sideEffects")
        if side_effects is None or side_effects == "Unknown":
            # v1 has no Unknown: None is the only value that keeps the webhook working
            _put_scalar(plan, here, webhook, "sideEffects", "None")
            plan.caveat(CAVEAT_WEBHOOK_SIDE_EFFECTS)
        elif side_effects not in ("None", "NoneOnDryRun"):
            raise _NoMigration  # Some: the webhook must learn to skip them on dry runs
        if _unset(webhook, "timeoutSeconds"):
            _put_scalar(plan, here, webhook, "timeoutSeconds", 30)
        versions = webhook.get("admissionReviewVersions")
        if versions is None or versions == []:
            if "admissionReviewVersions" in webhook and versions is None:
                raise _NoMigration
            # the v1beta1 API server sent AdmissionReview v1beta1, which is what it answers
            if "admissionReviewVersions" in webhook:
                plan.set((*here, "admissionReviewVersions"), ["v1beta1"])
            else:
                plan.insert(here, "admissionReviewVersions", ["v1beta1"])


# ------------------------------------------------------------------ the table

_FLOWCONTROL = "flowcontrol.apiserver.k8s.io"
_BETA_FLOWCONTROL = frozenset(f"{_FLOWCONTROL}/{v}" for v in ("v1alpha1", "v1beta1", "v1beta2"))

_MIGRATORS: tuple[tuple[tuple[frozenset[str], frozenset[str], frozenset[str]], Migrator], ...] = (
    (
        (APPS_KINDS, frozenset({"extensions/v1beta1", "apps/v1beta1"}), frozenset({"apps/v1"})),
        _apps,
    ),
    (
        (
            frozenset({"Ingress"}),
            frozenset({"extensions/v1beta1", "networking.k8s.io/v1beta1"}),
            frozenset({"networking.k8s.io/v1"}),
        ),
        _ingress,
    ),
    (
        (
            frozenset({"CronJob"}),
            frozenset({"batch/v2alpha1"}),
            frozenset({"batch/v1beta1", "batch/v1"}),
        ),
        _cronjob_v2alpha1,
    ),
    (
        (
            frozenset({"PodDisruptionBudget"}),
            frozenset({"policy/v1beta1"}),
            frozenset({"policy/v1"}),
        ),
        _pdb,
    ),
    (
        (
            frozenset({"HorizontalPodAutoscaler"}),
            frozenset({"autoscaling/v2beta1"}),
            frozenset({"autoscaling/v2beta2", "autoscaling/v2"}),
        ),
        _hpa_v2beta1,
    ),
    (
        (
            frozenset({"PriorityLevelConfiguration"}),
            _BETA_FLOWCONTROL | {f"{_FLOWCONTROL}/v1beta3"},
            frozenset({f"{_FLOWCONTROL}/v1beta3", f"{_FLOWCONTROL}/v1"}),
        ),
        _priority_level,
    ),
    (
        (
            frozenset({"RoleBinding", "ClusterRoleBinding"}),
            frozenset({"rbac.authorization.k8s.io/v1alpha1"}),
            frozenset({"rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1"}),
        ),
        _rbac_v1alpha1_binding,
    ),
    (
        (
            frozenset({"Role", "ClusterRole"}),
            frozenset({"rbac.authorization.k8s.io/v1alpha1"}),
            frozenset({"rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1"}),
        ),
        _nothing_else,
    ),
    (
        (
            frozenset({"EndpointSlice"}),
            frozenset({"discovery.k8s.io/v1alpha1", "discovery.k8s.io/v1beta1"}),
            frozenset({"discovery.k8s.io/v1"}),
        ),
        _endpoint_slice,
    ),
    (
        (
            frozenset({"ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"}),
            frozenset({"admissionregistration.k8s.io/v1beta1"}),
            frozenset({"admissionregistration.k8s.io/v1"}),
        ),
        _webhooks,
    ),
)
