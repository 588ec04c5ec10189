"""An Ingress backend uses a port the Service does not expose.

## Why
An Ingress backend names a port of the Service (its `port` number or its `name`), not a
container port. When no Service port matches, the controller has no endpoint to send the
path to: clients get 502/503 and GKE's load balancer health checks fail, although every
object applies cleanly. It often happens when the Service port is changed (80 to 8080) and
the Ingress is not.

## Example
```yaml
kind: Service
metadata:
  name: hoge-service
spec:
  ports:
  - port: 8080
---
kind: Ingress
spec:
  defaultBackend:
    service:
      name: hoge-service
      port:
        number: 80        # the Service exposes only 8080
```

## Fix
Use one of the Service's `ports[].port` numbers (or a `ports[].name`) in the backend, or add
the port to the Service. The Service's `targetPort` decides which container port the traffic
reaches; it is not a valid backend port (ingress-nginx happens to accept it, other
controllers do not, so kubelint reports it unless the Ingress uses the `nginx` class).
"""

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kubelint.engine import Context
from kubelint.ingress import backends, ingress_class, is_ingress, port_value
from kubelint.objects import K8sObject
from kubelint.references import find
from kubelint.registry import Problem, rule

#: Ingress classes whose controller also accepts a Service's targetPort as backend port.
_TARGET_PORT_TOLERANT = frozenset({"nginx"})


@rule(
    "ingress-port-not-exposed",
    category="references",
    severity="error",
    kinds={"Ingress"},
    messages={
        "number": "backend port {port} is not a port of Service {service!r} (it exposes "
        "{exposed}); point the backend at one of those or add the port to the Service",
        "target": "backend port {port} is the targetPort of Service {service!r}, not one of "
        "its ports; use its port {match} instead",
        "name": "backend port name {port!r} is not a port of Service {service!r} (its ports: "
        "{exposed}); use one of those names or a port number",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_ingress(obj):
        return
    for backend in backends(obj):
        if backend.port is None:
            continue
        service = find(ctx.index, "Service", backend.service, obj)
        if service is None or service.get("spec", "type") == "ExternalName":
            continue
        written = service.get("spec", "ports")
        ports = [p for p in written if isinstance(p, dict)] if isinstance(written, list) else []
        if not ports:
            continue
        fields: dict[str, Any] = {"service": backend.service, "port": backend.port}
        if isinstance(backend.port, str):
            if not any(p.get("name") == backend.port for p in ports):
                exposed = _join(_named(p) for p in ports)
                yield Problem("name", backend.port_path, exposed=exposed, **fields)
            continue
        if any(port_value(p.get("port")) == backend.port for p in ports):
            continue
        by_target = [p for p in ports if _target(p) == backend.port]
        if not by_target:
            exposed = _join(p.get("port") for p in ports)
            yield Problem("number", backend.port_path, exposed=exposed, **fields)
        elif ingress_class(obj) not in _TARGET_PORT_TOLERANT:
            match = by_target[0].get("port")
            yield Problem("target", backend.port_path, match=match, **fields)


def _target(port: Mapping[str, Any]) -> int | str | None:
    """The targetPort, which defaults to the port."""
    return port_value(port.get("targetPort", port.get("port")))


def _named(port: Mapping[str, Any]) -> str:
    name = port.get("name")
    return f"{name}={port.get('port')}" if name else str(port.get("port"))


def _join(values: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in values)
