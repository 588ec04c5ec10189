"""Two fields are set together that the API server rejects together.

## Why
The OpenAPI schema describes each field alone, so a client-side check (and `kubectl apply
--dry-run=client`) lets through combinations that the API server's own validation refuses:
the apply fails, and in a GitOps pipeline the object stays stuck at its old version. Most come
from an indentation slip or a copy-paste (a volume that has both `configMap` and `secret`),
from switching a strategy type without removing the old settings, or from a Helm chart that
sets every option it knows. kubelint reports:

- a volume with more than one source, an env var `valueFrom` with more than one source, an
  `envFrom` entry with both `configMapRef` and `secretRef` (a probe or hook with more than
  one action is `invalid-probe`);
- an env var with both a non-empty `value` and `valueFrom` (an empty `value` is accepted);
- a PodDisruptionBudget with both `minAvailable` and `maxUnavailable`;
- a Deployment with `strategy.type: Recreate` and a `strategy.rollingUpdate` block, a
  StatefulSet with `updateStrategy.type: OnDelete` and an `updateStrategy.rollingUpdate`
  block (a DaemonSet with `OnDelete` accepts and ignores one, so it is not reported);
- a Service with `clusterIP: None` (headless) and type NodePort or LoadBalancer; a Service of
  type ExternalName with `clusterIP` (even `None`), `clusterIPs`, `ipFamilies` or
  `ipFamilyPolicy`, or without `externalName`; a `nodePort` on a Service of type ClusterIP,
  which is also the type of a Service that sets none (the API does not check a nodePort on
  an ExternalName Service); `externalTrafficPolicy` on a Service of type ClusterIP (without
  `externalIPs`) or ExternalName; `loadBalancerSourceRanges` on any type but LoadBalancer;
- a toleration with `operator: Exists` and a `value`;
- an Ingress backend with both `service` (or `serviceName`) and `resource`, or a backend port
  with both `name` and `number`.

In a StatefulSet, and in custom resources such as an Argo Rollout, the API does not check
the pod template this far: the object applies, and its controller then fails to create every
pod.

The finding points at the key of the field written second when the two sit in one mapping
(for a Service, at the field that cannot go with its type), and names the other. A nodePort
outside the NodePort range on a NodePort or LoadBalancer Service is `nodeport-out-of-range`.

## Example
```yaml
      volumes:
      - name: config
        configMap:
          name: app-config
        secret:                 # meant to be a second volume
          secretName: app-tls
```

## Fix
Keep the field you meant and remove the other: split a volume into two, drop `rollingUpdate`
when the strategy is `Recreate`, give a headless Service type ClusterIP, set `type: NodePort`
for a fixed `nodePort`. When `kubectl apply` reports a conflict the file does not show (a
volume changed from `emptyDir` to `persistentVolumeClaim` under the same name), the live
object still holds the old field: replace the object, or remove the field with a JSON patch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.engine import Context
from kubelint.exclusive import ROLLING_UPDATE_FORBIDDEN, one_of_violations, written_order
from kubelint.kube import POD_KINDS, Container, get_path
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

SERVICE_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
#: Service types reachable from outside the cluster (externalTrafficPolicy applies).
EXTERNAL_TYPES = ("NodePort", "LoadBalancer")
#: Fields an ExternalName Service may not set (it has no cluster IP).
EXTERNAL_NAME_FORBIDDEN = ("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")


@rule(
    "conflicting-fields",
    category="validation",
    severity="error",
    kinds=POD_KINDS | {"Service", "PodDisruptionBudget", "Ingress"},
    messages={
        "volume": "volume {name!r} sets both {first} and {second}, but a volume has exactly one "
        "source, so the API rejects it; split it into two volumes or remove one",
        "value-from": "valueFrom of env var {name!r} in container {container!r} sets both "
        "{first} and {second}, but it reads exactly one source, so the API rejects it; keep one",
        "env-from": "an envFrom entry of container {container!r} sets both {first} and "
        "{second}, but an entry imports exactly one object, so the API rejects it; make them "
        "two entries",
        "backend": "this Ingress backend sets both {first} and {second}, but a backend is a "
        "Service or a resource, not both, so the API rejects it; keep one",
        "backend-port": "this backend port sets both name {name!r} and number {number}, which "
        "the API rejects; keep one of them",
        "env-value": "env var {name!r} in container {container!r} sets both {first} and "
        "{second}, which the API rejects; keep valueFrom and remove value, or the other way",
        "pdb": "minAvailable and maxUnavailable are both set, which the API rejects for a "
        "PodDisruptionBudget; keep only one of them",
        "strategy": "{strategy}.type is {type} but {strategy}.rollingUpdate is set too, which "
        "the API rejects for a {kind}; remove rollingUpdate or use type RollingUpdate",
        "headless": "clusterIP None (headless) and type {type} cannot go together, so the API "
        "rejects this Service; use type ClusterIP for a headless Service, or remove clusterIP",
        "external-name-field": "{field} cannot be set on a Service of type ExternalName, which "
        "has no cluster IP, so the API rejects it; remove {field}",
        "external-name-missing": "a Service of type ExternalName needs externalName, the DNS "
        "name it stands for, so the API rejects this one; add externalName or change the type",
        "node-port": "nodePort {node_port} needs type NodePort or LoadBalancer, but this "
        "Service is type {type}, so the API rejects it; set type NodePort or remove nodePort",
        "node-port-default": "nodePort {node_port} needs type NodePort or LoadBalancer, but "
        "this Service sets no type and so is ClusterIP, which the API rejects; add type: "
        "NodePort or remove nodePort",
        "not-external": "externalTrafficPolicy applies only to a Service reachable from outside "
        "the cluster, and this one is type {type}, so the API rejects it; remove "
        "externalTrafficPolicy or use type NodePort or LoadBalancer",
        "not-load-balancer": "loadBalancerSourceRanges applies only to type LoadBalancer, and "
        "this Service is type {type}, so the API rejects it; remove it or use type LoadBalancer",
        "toleration": "toleration of key {key!r} has operator Exists and value {value!r}, which "
        "the API rejects (Exists matches any value); remove value or use operator Equal",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec_path = obj.spec_path
    for group in one_of_violations(obj):
        for second in group.keys[1:]:
            yield Problem(
                group.group,
                (*group.path, second),
                on_key=True,
                first=group.keys[0],
                second=second,
                **group.about,
            )
    if spec_path is not None:
        spec = obj.pod_spec()
        if spec is not None:
            for container in obj.containers():
                env = container.data.get("env")
                if isinstance(env, list):
                    yield from _env_values(container, env)
            tolerations = spec.get("tolerations")
            if isinstance(tolerations, list):
                yield from _tolerations(tolerations, spec_path)
            forbidding = ROLLING_UPDATE_FORBIDDEN.get((obj.group, obj.kind))
            if forbidding is not None:
                yield from _strategy(obj, *forbidding)
    if obj.group == "" and obj.kind == "Service":
        yield from _service(obj)
    if obj.group == "policy" and obj.kind == "PodDisruptionBudget":
        yield from _pair(obj, ("spec",), "minAvailable", "maxUnavailable", "pdb")


def _pair(
    obj: K8sObject, path: tuple[Any, ...], a: str, b: str, message: str, **fields: Any
) -> Iterator[Problem]:
    """Report ``a`` and ``b`` set together in the mapping at ``path``, at the later one."""
    yield from _pair_in(obj.get(*path), path, a, b, message, **fields)


def _pair_in(
    mapping: Any, path: tuple[Any, ...], a: str, b: str, message: str, **fields: Any
) -> Iterator[Problem]:
    """``_pair`` for the ``mapping`` at ``path``."""
    if isinstance(mapping, dict) and mapping.get(a) is not None and mapping.get(b) is not None:
        first, second = written_order(mapping, a, b)
        yield Problem(message, (*path, second), on_key=True, first=first, second=second, **fields)


def _env_values(container: Container, env: list[Any]) -> Iterator[Problem]:
    for i, var in enumerate(env):
        if (
            isinstance(var, dict)
            and var.get("value") not in (None, "")
            and var.get("valueFrom") is not None
        ):
            path = (*container.path, "env", i)
            fields = {"name": var.get("name"), "container": container.name}
            yield from _pair_in(var, path, "value", "valueFrom", "env-value", **fields)


def _tolerations(tolerations: list[Any], spec_path: tuple[Any, ...]) -> Iterator[Problem]:
    for i, toleration in enumerate(tolerations):
        if not isinstance(toleration, dict) or toleration.get("operator") != "Exists":
            continue
        value = toleration.get("value")
        if value not in (None, ""):
            path = (*spec_path, "tolerations", i)
            fields = {"key": toleration.get("key"), "value": value}
            yield from _pair_in(toleration, path, "operator", "value", "toleration", **fields)


def _strategy(obj: K8sObject, path: tuple[Any, ...], forbidding_type: str) -> Iterator[Problem]:
    strategy = get_path(obj.data, path)
    if isinstance(strategy, dict) and strategy.get("type") == forbidding_type:
        fields = {"strategy": path[-1], "type": forbidding_type, "kind": obj.kind}
        yield from _pair_in(strategy, path, "type", "rollingUpdate", "strategy", **fields)


def _service(obj: K8sObject) -> Iterator[Problem]:
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    written_type = spec.get("type")
    kind = written_type if isinstance(written_type, str) and written_type else "ClusterIP"
    if kind not in SERVICE_TYPES:
        return  # an unknown type is rejected for itself
    if kind in EXTERNAL_TYPES and spec.get("clusterIP") == "None":
        yield from _pair(obj, ("spec",), "type", "clusterIP", "headless", type=kind)
    if kind == "ExternalName":
        yield from _external_name(spec)
    if kind == "ClusterIP":
        message = "node-port" if written_type else "node-port-default"
        ports = spec.get("ports")
        for i, port in enumerate(ports if isinstance(ports, list) else ()):
            node_port = port.get("nodePort") if isinstance(port, dict) else None
            if isinstance(node_port, int) and not isinstance(node_port, bool) and node_port:
                port_at: tuple[str, str, int, str] = ("spec", "ports", i, "nodePort")
                yield Problem(message, port_at, on_key=True, node_port=node_port, type=kind)
    external = kind in EXTERNAL_TYPES or (kind == "ClusterIP" and spec.get("externalIPs"))
    if not external and spec.get("externalTrafficPolicy") is not None:
        at = ("spec", "externalTrafficPolicy")
        yield Problem("not-external", at, on_key=True, type=kind)
    if kind != "LoadBalancer" and spec.get("loadBalancerSourceRanges"):
        at = ("spec", "loadBalancerSourceRanges")
        yield Problem("not-load-balancer", at, on_key=True, type=kind)


def _external_name(spec: Mapping[str, Any]) -> Iterator[Problem]:
    for name in EXTERNAL_NAME_FORBIDDEN:
        if spec.get(name) not in (None, "", []):
            yield Problem("external-name-field", ("spec", name), on_key=True, field=name)
    external_name = spec.get("externalName")
    if not isinstance(external_name, str) or not external_name.rstrip("."):
        yield Problem("external-name-missing", ("spec", "type"))
