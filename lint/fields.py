"""The field names of the Kubernetes types manifests use most, and which type sits where.

Just enough structure to tell whether a key is a field of the mapping it sits in: the YAML
rules use it to recognise entries that lost their indentation. Full OpenAPI schemas
(validation proper) will replace it; until then it covers workloads, pods, Services and
Ingresses, and answers None (unknown) everywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubelint.loader import PosMap, entry_offsets

if TYPE_CHECKING:
    from kubelint.objects import K8sObject

_META = ("name generateName namespace labels annotations uid resourceVersion generation "
         "creationTimestamp deletionTimestamp deletionGracePeriodSeconds ownerReferences "
         "finalizers managedFields selfLink")  # fmt: skip
_POD_SPEC = ("volumes initContainers containers ephemeralContainers restartPolicy "
             "terminationGracePeriodSeconds activeDeadlineSeconds dnsPolicy nodeSelector "
             "serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork "
             "hostPID hostIPC shareProcessNamespace securityContext imagePullSecrets hostname "
             "subdomain affinity schedulerName tolerations hostAliases priorityClassName priority "
             "dnsConfig readinessGates runtimeClassName enableServiceLinks preemptionPolicy "
             "overhead topologySpreadConstraints setHostnameAsFQDN os hostUsers schedulingGates "
             "resourceClaims resources")  # fmt: skip
_CONTAINER = ("name image command args workingDir ports envFrom env resources resizePolicy "
              "restartPolicy volumeMounts volumeDevices livenessProbe readinessProbe startupProbe "
              "lifecycle terminationMessagePath terminationMessagePolicy imagePullPolicy "
              "securityContext stdin stdinOnce tty")  # fmt: skip

#: Type name -> (field names, {field: type of its value (or of its items, for lists)}).
TYPES: dict[str, tuple[frozenset[str], dict[str, str]]] = {}


def _type(name: str, fields: str, children: dict[str, str] | None = None) -> None:
    TYPES[name] = (frozenset(fields.split()), children or {})


_type("ObjectMeta", _META)
_type("LabelSelector", "matchLabels matchExpressions")
_type("PodTemplateSpec", "metadata spec", {"metadata": "ObjectMeta", "spec": "PodSpec"})
_type("PodSpec", _POD_SPEC, {"containers": "Container", "initContainers": "Container",
                             "ephemeralContainers": "Container"})  # fmt: skip
_type("Container", _CONTAINER, {"resources": "ResourceRequirements", "ports": "ContainerPort"})
_type("ResourceRequirements", "limits requests claims")
_type("ContainerPort", "name hostPort containerPort protocol hostIP")
_type("DeploymentSpec",
      "replicas selector template strategy minReadySeconds revisionHistoryLimit paused "
      "progressDeadlineSeconds rollbackTo",
      {"selector": "LabelSelector", "template": "PodTemplateSpec",
       "strategy": "DeploymentStrategy"})  # fmt: skip
_type("DeploymentStrategy", "type rollingUpdate", {"rollingUpdate": "RollingUpdateDeployment"})
_type("RollingUpdateDeployment", "maxSurge maxUnavailable")
_type("StatefulSetSpec",
      "replicas selector template volumeClaimTemplates serviceName podManagementPolicy "
      "updateStrategy revisionHistoryLimit minReadySeconds persistentVolumeClaimRetentionPolicy "
      "ordinals",
      {"selector": "LabelSelector", "template": "PodTemplateSpec"})  # fmt: skip
_type("DaemonSetSpec",
      "selector template updateStrategy minReadySeconds revisionHistoryLimit templateGeneration",
      {"selector": "LabelSelector", "template": "PodTemplateSpec"})  # fmt: skip
_type("ReplicaSetSpec", "replicas minReadySeconds selector template",
      {"selector": "LabelSelector", "template": "PodTemplateSpec"})  # fmt: skip
_type("JobSpec",
      "parallelism completions activeDeadlineSeconds podFailurePolicy successPolicy "
      "backoffLimit backoffLimitPerIndex maxFailedIndexes selector manualSelector template "
      "ttlSecondsAfterFinished completionMode suspend podReplacementPolicy managedBy",
      {"selector": "LabelSelector", "template": "PodTemplateSpec"})  # fmt: skip
_type("CronJobSpec",
      "schedule timeZone startingDeadlineSeconds concurrencyPolicy suspend jobTemplate "
      "successfulJobsHistoryLimit failedJobsHistoryLimit",
      {"jobTemplate": "JobTemplateSpec"})  # fmt: skip
_type("JobTemplateSpec", "metadata spec", {"metadata": "ObjectMeta", "spec": "JobSpec"})
_type("ServiceSpec",
      "ports selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP "
      "loadBalancerSourceRanges externalName externalTrafficPolicy healthCheckNodePort "
      "publishNotReadyAddresses sessionAffinityConfig ipFamilies ipFamilyPolicy "
      "allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy "
      "trafficDistribution",
      {"ports": "ServicePort"})  # fmt: skip
_type("ServicePort", "name protocol appProtocol port targetPort nodePort")
_type("IngressSpec", "ingressClassName defaultBackend backend tls rules",
      {"defaultBackend": "IngressBackend", "backend": "IngressBackend", "tls": "IngressTLS",
       "rules": "IngressRule"})  # fmt: skip
_type("IngressTLS", "hosts secretName")
_type("IngressRule", "host http", {"http": "HTTPIngressRuleValue"})
_type("HTTPIngressRuleValue", "paths", {"paths": "HTTPIngressPath"})
_type("HTTPIngressPath", "path pathType backend", {"backend": "IngressBackend"})
_type("IngressBackend", "service resource serviceName servicePort")

#: The type of ``spec`` (and of the object's other top-level fields) by kind.
_SPEC_BY_KIND = {
    "Deployment": "DeploymentSpec", "StatefulSet": "StatefulSetSpec",
    "DaemonSet": "DaemonSetSpec", "ReplicaSet": "ReplicaSetSpec", "Job": "JobSpec",
    "CronJob": "CronJobSpec", "Service": "ServiceSpec", "Ingress": "IngressSpec", "Pod": "PodSpec",
}  # fmt: skip


def type_at(kind: str, path: tuple[Any, ...]) -> str | None:
    """The type of the mapping at ``path`` inside an object of ``kind``, when known."""
    if not path:
        return None
    first, rest = path[0], path[1:]
    if first == "metadata":
        current: str | None = "ObjectMeta"
    elif first == "spec":
        current = _SPEC_BY_KIND.get(kind)
    elif first == "template" and kind == "PodTemplate":
        current = "PodTemplateSpec"
    else:
        return None
    for step in rest:
        if current is None:
            return None
        if isinstance(step, int):
            continue  # an item of a list keeps the list's item type
        current = TYPES[current][1].get(step) if current in TYPES else None
    return current


def fields_of(type_name: str | None) -> frozenset[str] | None:
    """The field names of a type, or None when the type is not known."""
    if type_name is None or type_name not in TYPES:
        return None
    return TYPES[type_name][0]


# --------------------------------------------------------------------------- indentation


def lost_entries(obj: K8sObject, at: tuple[Any, ...]) -> str | None:
    """Evidence that the entries of the empty mapping or list at ``at`` lost their
    indentation and ended up elsewhere, or None when nothing says so."""
    path, key = at[:-1], at[-1]
    mapping = obj.get(*path) if path else obj.data
    if not isinstance(mapping, dict):
        return None
    base = obj.base
    if any(d.path == (*base, *path) for d in obj.document.duplicates):
        return "the mapping around it repeats a key"
    offset = _key_offset(mapping, key)
    after = _next_key(mapping, offset)
    if after is not None:
        if "/" in str(after) or "." in str(after):
            return f"the next key {after!r} is not a field but looks like an entry of it"
        fields = fields_of(type_at(obj.kind, path))
        if fields is not None and after not in fields:
            return f"the next key {after!r} is not a field of the mapping around it"
        return None
    # The empty key ends its mapping: is the key that follows, wherever it landed, a field
    # of the empty key's own type?
    own = fields_of(type_at(obj.kind, (*path, key)))
    following = _next_key_in(obj.data, offset)
    if own is not None and following is not None and following in own:
        return f"{following!r}, one of its fields, follows outside it"
    return None


def _key_offset(mapping: Any, key: Any) -> int:
    where = entry_offsets(mapping, key)
    return where[0] if where is not None else -1


def _next_key(mapping: Any, offset: int) -> Any:
    """The key of ``mapping`` written right after ``offset``."""
    best, best_offset = None, None
    if isinstance(mapping, PosMap):
        for other in mapping:
            where = _key_offset(mapping, other)
            if where > offset and (best_offset is None or where < best_offset):
                best, best_offset = other, where
    return best


def _next_key_in(node: Any, offset: int) -> Any:
    """The first key anywhere in ``node`` written after ``offset``."""
    best: tuple[int, Any] | None = None
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, PosMap):
            for key, value in current.items():
                where = _key_offset(current, key)
                if where > offset and (best is None or where < best[0]):
                    best = (where, key)
                stack.append(value)
        elif isinstance(current, list):
            stack.extend(current)
    return best[1] if best else None
