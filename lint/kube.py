"""What kubelint knows about Kubernetes itself, in one place, so rules do not re-derive it:
API groups, which kinds are cluster-scoped, where each workload keeps its pod template,
how label selectors match, which roles every cluster has, what autoscalers scale, and how
image references are spelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kubelint.lazy import Record, regex

Path = tuple[Any, ...]


def split_api_version(api_version: str) -> tuple[str, str]:
    """``apps/v1`` -> (``apps``, ``v1``); ``v1`` -> (``""``, ``v1``)."""
    group, _, version = api_version.rpartition("/")
    return group, version


# --------------------------------------------------------------------------- scope

#: Built-in kinds that are not namespaced, by API group ("" is the core group).
CLUSTER_SCOPED: frozenset[tuple[str, str]] = frozenset(
    {
        ("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), ("", "ComponentStatus"),
        ("rbac.authorization.k8s.io", "ClusterRole"),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        ("storage.k8s.io", "StorageClass"), ("storage.k8s.io", "CSIDriver"),
        ("storage.k8s.io", "CSINode"), ("storage.k8s.io", "VolumeAttachment"),
        ("storage.k8s.io", "VolumeAttributesClass"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
        ("apiregistration.k8s.io", "APIService"),
        ("scheduling.k8s.io", "PriorityClass"),
        ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "IPAddress"),
        ("networking.k8s.io", "ServiceCIDR"),
        ("extensions", "IngressClass"),
        ("node.k8s.io", "RuntimeClass"),
        ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
        ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
        ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
        ("certificates.k8s.io", "CertificateSigningRequest"),
        ("certificates.k8s.io", "ClusterTrustBundle"),
        ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
        ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        ("policy", "PodSecurityPolicy"), ("extensions", "PodSecurityPolicy"),
        ("resource.k8s.io", "DeviceClass"), ("resource.k8s.io", "ResourceSlice"),
        ("resource.k8s.io", "DeviceTaintRule"),
        ("storagemigration.k8s.io", "StorageVersionMigration"),
        ("authentication.k8s.io", "TokenReview"),
        ("authentication.k8s.io", "SelfSubjectReview"),
        ("authorization.k8s.io", "SubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectAccessReview"),
        ("authorization.k8s.io", "SelfSubjectRulesReview"),
        ("auditregistration.k8s.io", "AuditSink"),
        ("internal.apiserver.k8s.io", "StorageVersion"),
        # Well-known custom resources that are cluster-scoped.
        ("cert-manager.io", "ClusterIssuer"),
        ("gateway.networking.k8s.io", "GatewayClass"),
        ("templates.gatekeeper.sh", "ConstraintTemplate"),
        ("constraints.gatekeeper.sh", "*"),
    }
)  # fmt: skip


def is_cluster_scoped(
    group: str, kind: str, crd_scopes: Mapping[tuple[str, str], str]
) -> bool | None:
    """True or False when known; None for a custom kind whose CRD is not in the linted set."""
    scope = crd_scopes.get((group, kind))
    if scope is not None:
        return scope == "Cluster"
    if (group, kind) in CLUSTER_SCOPED or (group, "*") in CLUSTER_SCOPED:
        return True
    if group in BUILTIN_GROUPS:
        return False
    return None


#: API groups served by Kubernetes itself (not by a CRD).
BUILTIN_GROUPS: frozenset[str] = frozenset(
    {
        "", "apps", "batch", "extensions", "policy", "autoscaling", "networking.k8s.io",
        "rbac.authorization.k8s.io", "storage.k8s.io", "apiextensions.k8s.io",
        "apiregistration.k8s.io", "scheduling.k8s.io", "node.k8s.io", "coordination.k8s.io",
        "discovery.k8s.io", "events.k8s.io", "admissionregistration.k8s.io",
        "certificates.k8s.io", "flowcontrol.apiserver.k8s.io", "authentication.k8s.io",
        "authorization.k8s.io", "resource.k8s.io", "storagemigration.k8s.io",
        "internal.apiserver.k8s.io", "settings.k8s.io", "auditregistration.k8s.io",
        "admission.k8s.io", "apidiscovery.k8s.io", "audit.k8s.io",
    }
)  # fmt: skip

#: API groups of files that configure tools (kustomize, kpt, KRM functions), not the API
#: server: they have no CustomResourceDefinition and are never applied.
TOOL_GROUPS: frozenset[str] = frozenset(
    {"kustomize.config.k8s.io", "config.kubernetes.io", "kpt.dev", "fn.kpt.dev"}
)


# --------------------------------------------------------------------------- pod templates

#: Where each workload kind keeps its PodSpec, by (API group, kind).
_POD_SPEC_PATHS: dict[tuple[str, str], Path] = {
    ("", "Pod"): ("spec",),
    ("", "PodTemplate"): ("template", "spec"),
    ("", "ReplicationController"): ("spec", "template", "spec"),
    ("batch", "Job"): ("spec", "template", "spec"),
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec", "template", "spec"),
    ("argoproj.io", "Rollout"): ("spec", "template", "spec"),
}
for _group in ("apps", "extensions"):
    for _kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        _POD_SPEC_PATHS[(_group, _kind)] = ("spec", "template", "spec")

#: Kinds that carry a pod template (or are a pod), for rule ``kinds=`` filters.
POD_KINDS: frozenset[str] = frozenset(kind for _, kind in _POD_SPEC_PATHS)
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")


def pod_spec_path(group: str, kind: str) -> Path | None:
    return _POD_SPEC_PATHS.get((group, kind))


class Container(Record):
    __slots__ = ("data", "list_name", "path")

    def __init__(self, path: Path, data: Mapping[str, Any], list_name: str) -> None:
        self.path = path  # path of the container mapping inside its object
        self.data = data
        self.list_name = list_name  # "containers", "initContainers" or "ephemeralContainers"

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return name if isinstance(name, str) else f"#{self.path[-1]}"

    @property
    def is_init(self) -> bool:
        return self.list_name == "initContainers"


def format_path(path: Path) -> str:
    """``("spec", "containers", 0, "image")`` -> ``spec.containers[0].image``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out or "the document root"


def get_path(data: Any, path: Path) -> Any:
    """Follow ``path`` through mappings and sequences; None where it breaks."""
    for step in path:
        if isinstance(data, dict):  # loaded YAML is plain dicts and lists: no ABC check
            data = data.get(step)
        elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
        else:
            return None
    return data


def iter_containers(pod_spec: Any, spec_path: Path) -> Iterator[Container]:
    if not isinstance(pod_spec, dict):
        return
    for list_name in CONTAINER_LISTS:
        items = pod_spec.get(list_name)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if isinstance(item, dict):
                yield Container((*spec_path, list_name, i), item, list_name)


def template_labels_path(group: str, kind: str) -> Path | None:
    """Path of the labels the workload's pods get (the template's, or the pod's own)."""
    return _TEMPLATE_LABELS_PATHS.get((group, kind))


_TEMPLATE_LABELS_PATHS: dict[tuple[str, str], Path] = {
    key: (*spec[:-1], "metadata", "labels") if len(spec) > 1 else ("metadata", "labels")
    for key, spec in _POD_SPEC_PATHS.items()
}


# --------------------------------------------------------------------------- selectors


def labels_of(value: Any) -> dict[str, str]:
    """Labels as strings (YAML may have turned ``version: 1`` into an int)."""
    if not isinstance(value, dict):
        return {}
    return {
        k if k.__class__ is str else str(k): v if v.__class__ is str else label_text(v)
        for k, v in value.items()
    }


def label_text(value: Any) -> str:
    """A label value as the string it stands for (``true``, ``1``; nothing for null)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def selector_matches(selector: Any, labels: Mapping[str, str]) -> bool:
    """Whether a LabelSelector (``matchLabels`` + ``matchExpressions``) selects ``labels``.

    An empty selector selects everything; a malformed one selects nothing.
    """
    if not isinstance(selector, dict):
        return False
    for key, value in labels_of(selector.get("matchLabels")).items():
        if labels.get(key) != value:
            return False
    expressions = selector.get("matchExpressions") or []
    if not isinstance(expressions, list):
        return False
    for expr in expressions:
        if not isinstance(expr, dict):
            return False
        key = str(expr.get("key", ""))
        operator = expr.get("operator")
        raw = expr.get("values")
        values = {label_text(v) for v in (raw if isinstance(raw, list) else [])}
        if operator == "In":
            if labels.get(key) not in values:
                return False
        elif operator == "NotIn":
            if key in labels and labels[key] in values:
                return False
        elif operator == "Exists":
            if key not in labels:
                return False
        elif operator == "DoesNotExist":
            if key in labels:
                return False
        else:
            return False
    return True


def map_selector_matches(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    """A plain ``key: value`` selector (Service, ReplicationController, Istio)."""
    return all(labels.get(k) == v for k, v in selector.items())


def format_expression(key: str, operator: str, values: Iterable[str] | None = None) -> str:
    """A matchExpressions requirement as messages show it: ``tier In (api, web)`` (the
    values in the order given), ``canary DoesNotExist``, or the operator alone when an
    ``In`` or ``NotIn`` has no list of values."""
    if operator in ("In", "NotIn") and values is not None:
        return f"{key} {operator} ({', '.join(values)})"
    return f"{key} {operator}"


# --------------------------------------------------------------------------- RBAC

RBAC_GROUP = "rbac.authorization.k8s.io"
#: The prefix of the roles the control plane creates for itself (``system:auth-delegator``).
SYSTEM_ROLE_PREFIX = "system:"
#: The user-facing ClusterRoles the API server creates; the others are all ``system:``.
BUILTIN_CLUSTER_ROLES = frozenset({"cluster-admin", "admin", "edit", "view"})
#: The namespaces the API server creates Roles in: their ``system:`` Roles, and these.
BUILTIN_ROLES: dict[str, frozenset[str]] = {
    "kube-system": frozenset({"extension-apiserver-authentication-reader"}),
    "kube-public": frozenset(),
}


def is_builtin_cluster_role(name: str) -> bool:
    """Whether every cluster has the ClusterRole ``name`` (``view``, ``system:...``)."""
    return name in BUILTIN_CLUSTER_ROLES or name.startswith(SYSTEM_ROLE_PREFIX)


def is_builtin_role(name: str, namespace: str | None) -> bool:
    """Whether every cluster has the Role ``name`` in ``namespace``: the ``system:`` Roles
    of kube-system and kube-public, and ``BUILTIN_ROLES``."""
    if namespace not in BUILTIN_ROLES:
        return False
    return name.startswith(SYSTEM_ROLE_PREFIX) or name in BUILTIN_ROLES[namespace]


# --------------------------------------------------------------------------- autoscalers


class Autoscaler(Record):
    """How an autoscaler kind names the object it acts on."""

    __slots__ = ("builtin_targets", "default_api_version", "default_kind", "path")

    def __init__(
        self,
        path: Path,
        default_kind: str | None,
        default_api_version: str | None,
        builtin_targets: frozenset[tuple[str, str]],
    ) -> None:
        self.path = path  # where the reference is
        self.default_kind = default_kind  # the kind when the reference gives none
        self.default_api_version = default_api_version
        #: Built-in (group, kind) pairs it can act on; custom kinds need a scale subresource.
        self.builtin_targets = builtin_targets


#: Built-in kinds with a scale subresource, by API group.
SCALABLE: frozenset[tuple[str, str]] = frozenset(
    {("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"),
     ("", "ReplicationController")}
)  # fmt: skip
#: Autoscalers by (API group, kind).
AUTOSCALERS: dict[tuple[str, str], Autoscaler] = {
    ("autoscaling", "HorizontalPodAutoscaler"): Autoscaler(
        ("spec", "scaleTargetRef"), None, None, SCALABLE
    ),
    ("keda.sh", "ScaledObject"): Autoscaler(
        ("spec", "scaleTargetRef"), "Deployment", "apps/v1", SCALABLE
    ),
    # The VPA recommender knows these controllers itself; other kinds need /scale.
    ("autoscaling.k8s.io", "VerticalPodAutoscaler"): Autoscaler(
        ("spec", "targetRef"),
        None,
        None,
        SCALABLE | {("apps", "DaemonSet"), ("batch", "Job"), ("batch", "CronJob")},
    ),
}


# --------------------------------------------------------------------------- images

_DIGEST_RE = regex(r"@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")


class ImageRef(Record):
    __slots__ = ("digest", "registry", "repository", "tag")

    def __init__(self, registry: str, repository: str, tag: str, digest: str) -> None:
        self.registry = registry  # "" when the reference names none (Docker Hub)
        self.repository = repository
        self.tag = tag  # "" when absent
        self.digest = digest  # "" when absent


def split_image(image: str) -> ImageRef:
    """Split ``registry/repo:tag@digest`` without validating it."""
    digest = ""
    match = _DIGEST_RE().search(image) if "@" in image else None
    if match:
        digest = match.group()[1:]
        image = image[: match.start()]
    registry = ""
    first, sep, rest = image.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        registry, image = first, rest
    tag = ""
    name, colon, candidate = image.rpartition(":")
    if colon and "/" not in candidate:
        image, tag = name, candidate
    return ImageRef(registry, image, tag, digest)


# --------------------------------------------------------------------------- kind inference

_SECRET_TYPE_RE = regex(r"^(Opaque|kubernetes\.io/[a-z-]+|bootstrap\.kubernetes\.io/token)$")


def guess_kind(data: Mapping[str, Any]) -> str | None:
    """The kind a document without ``kind`` most likely meant, when its shape is unambiguous."""
    secret_type = data.get("type")
    if (
        isinstance(secret_type, str)
        and _SECRET_TYPE_RE().match(secret_type)
        and ("data" in data or "stringData" in data)
    ):
        return "Secret"
    return None


#: The apiVersion to suggest for a built-in kind written without one.
PREFERRED_API_VERSION: dict[str, str] = {
    "Pod": "v1", "Service": "v1", "ConfigMap": "v1", "Secret": "v1", "Namespace": "v1",
    "ServiceAccount": "v1", "PersistentVolume": "v1", "PersistentVolumeClaim": "v1",
    "ReplicationController": "v1", "LimitRange": "v1", "ResourceQuota": "v1", "Endpoints": "v1",
    "Deployment": "apps/v1", "StatefulSet": "apps/v1", "DaemonSet": "apps/v1",
    "ReplicaSet": "apps/v1", "Job": "batch/v1", "CronJob": "batch/v1",
    "Ingress": "networking.k8s.io/v1", "IngressClass": "networking.k8s.io/v1",
    "NetworkPolicy": "networking.k8s.io/v1", "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1", "Role": "rbac.authorization.k8s.io/v1",
    "RoleBinding": "rbac.authorization.k8s.io/v1", "ClusterRole": "rbac.authorization.k8s.io/v1",
    "ClusterRoleBinding": "rbac.authorization.k8s.io/v1", "StorageClass": "storage.k8s.io/v1",
    "PriorityClass": "scheduling.k8s.io/v1", "CustomResourceDefinition": "apiextensions.k8s.io/v1",
}  # fmt: skip
