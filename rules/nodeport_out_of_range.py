"""A Service asks for a `nodePort` outside the NodePort range 30000-32767.

## Why
A Service of type NodePort or LoadBalancer opens its `nodePort` on every node, and the API
server only hands out ports from the range it was started with (`--service-node-port-range`,
30000-32767 unless the cluster administrator changed it). A Service that asks for a port
outside that range is rejected when it is applied (`provided port is not in the valid range`),
so a chart that works on a cluster with a widened range fails on a default one. The same holds
for `healthCheckNodePort` of a LoadBalancer Service with `externalTrafficPolicy: Local`.

kubelint assumes the default range. If your clusters really run with another one, disable the
rule for those manifests (`# kubelint: disable=nodeport-out-of-range`) or in the
configuration. A `nodePort` on a Service of type ClusterIP (the type of a Service that sets
none) is rejected whatever its number: `conflicting-fields` reports it.

## Example
```yaml
spec:
  type: NodePort
  ports:
  - port: 80
    targetPort: http
    nodePort: 8080
```

## Fix
Choose a port between 30000 and 32767, or leave `nodePort` out and let the API server pick a
free one (read it back with `kubectl get service`). To expose port 80 or 443 on the nodes
themselves, use a LoadBalancer Service or an Ingress controller instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

#: The range the API server allocates node ports from unless --service-node-port-range says
#: otherwise.
DEFAULT_RANGE = range(30000, 32768)
#: Service types that open node ports.
NODE_PORT_TYPES = ("NodePort", "LoadBalancer")


@rule(
    "nodeport-out-of-range",
    category="validation",
    severity="error",
    kinds=["Service"],
    messages={
        "node-port": "nodePort {port} is outside the default NodePort range 30000-32767, so the "
        "API rejects this Service (unless the cluster runs with another "
        "--service-node-port-range); pick a port in the range or leave nodePort out",
        "health-check": "healthCheckNodePort {port} is outside the default NodePort range "
        "30000-32767, so the API rejects this Service (unless the cluster runs with another "
        "--service-node-port-range); pick a port in the range or leave it out",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.get("spec")
    if obj.group != "" or not isinstance(spec, dict) or spec.get("type") not in NODE_PORT_TYPES:
        return
    ports = spec.get("ports")
    for i, port in enumerate(ports if isinstance(ports, list) else ()):
        node_port = port.get("nodePort") if isinstance(port, dict) else None
        if _out_of_range(node_port):
            yield Problem("node-port", ("spec", "ports", i, "nodePort"), port=node_port)
    health = spec.get("healthCheckNodePort")
    local = spec.get("externalTrafficPolicy") == "Local"
    if spec["type"] == "LoadBalancer" and local and _out_of_range(health):
        yield Problem("health-check", ("spec", "healthCheckNodePort"), port=health)


def _out_of_range(value: Any) -> bool:
    """A port number given (0 means none) and outside the default range."""
    is_int = isinstance(value, int) and not isinstance(value, bool)
    return is_int and value != 0 and value not in DEFAULT_RANGE
