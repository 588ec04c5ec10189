"""VirtualService destination port is not a port of the Service it routes to.

## Why
A destination `port.number` picks one port of the destination host, and Istio sends the
requests to the cluster of that exact host and port. When the Service (or ServiceEntry)
does not expose that port there is no such cluster: every request the route takes fails
with 503, and a mirror silently drops its copies. The port is the Service's `port`, not its
`targetPort`: writing the container's port (8080) where the Service exposes 80 is the usual
slip, and it fails the same way.

## Example
```yaml
kind: Service
metadata:
  name: reviews
spec:
  ports:
  - name: http
    port: 9080
    targetPort: 8080
---
kind: VirtualService
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        port:
          number: 8080   # the targetPort; the Service exposes 9080
```

## Fix
Route to one of the ports the Service exposes (`number: 9080`), or add the port to the
Service or ServiceEntry. Services Istio installs itself (`istiod` and the default gateways
in `istio-system`) are not checked: their ports are not in your files.
"""

from collections.abc import Iterator
from typing import Any

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-unknown-port",
    category="istio",
    severity="error",
    kinds={"VirtualService"},
    messages={
        "number": "{role} port {port} is not a port of {target} (it exposes {exposed}); "
        "route to one of those or add the port to the {target_kind}",
        "target": "{role} port {port} is the targetPort of {target}, not one of its ports; "
        "route to its port {match} instead",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "VirtualService") or obj.namespace is None:
        return
    for dest in istio.destinations(ctx.index, obj):
        if dest.port is None or not dest.host:
            continue
        resolved = _resolved(ctx, obj, dest.host)
        if resolved is None:
            continue
        entries, exposed = resolved
        if dest.port in exposed:
            continue
        fields: dict[str, Any] = {
            "role": "mirror" if dest.mirror else "destination",
            "port": dest.port,
            "target": entries[0].describe(),
        }
        at = (*dest.path, "port", "number")
        match = next(
            (m for m in (istio.target_port_of(e, dest.port) for e in entries) if m is not None),
            None,
        )
        if match is not None:
            yield Problem("target", at, match=match, **fields)
        else:
            yield Problem(
                "number",
                at,
                exposed=_join(exposed),
                target_kind=entries[0].kind,
                **fields,
            )


def _resolved(
    ctx: Context, vs: K8sObject, host: str
) -> tuple[list[istio.RegistryHost], list[int]] | None:
    """The registry hosts a destination resolves to and every port they expose; None when
    the host resolves to nothing or to something whose ports are not known."""
    entries = istio.registry(ctx.index).resolve(host, vs.namespace, vs.get("spec", "exportTo"))
    if not entries:
        return None
    exposed: list[int] = []
    for entry in entries:
        ports = istio.exposed_ports(entry)
        if ports is None:
            return None
        exposed.extend(p for p in ports if p not in exposed)
    return entries, exposed


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values)


@rule(
    "istio-ambiguous-port",
    category="istio",
    severity="warning",
    kinds={"VirtualService"},
    messages={
        "stray": "{role} host {host!r} has no port, and {target} exposes several "
        "({exposed}); Istio then uses the port the request arrived on, so requests arriving "
        "on {stray} go to a port it does not expose; set port.number",
        "unknown": "{role} host {host!r} has no port, and {target} exposes several "
        "({exposed}); Istio then uses the port the request arrived on, which may be none of "
        "them; set port.number",
    },
)
def check_ambiguous(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    """VirtualService destination without a port, to a Service with several ports.

    ## Why
    A destination may leave out `port` only when its host exposes a single port. Otherwise
    Istio sends each request to the destination port equal to the port it arrived on: the
    port of the gateway server for a VirtualService bound to a gateway, the port of the
    Service named in `hosts` for the sidecars. When that port is not one of the
    destination's ports (a gateway listening on 80 in front of a Service exposing 8080 and
    9090), the requests fail with 503; when it is, the route works by coincidence and breaks
    when either side changes.

    kubelint reports it when the arriving ports are known and one of them is not a port of
    the destination (`stray`), and when they cannot be known from the linted files (the
    Gateway, or the Service named in `hosts`, is defined elsewhere). Routes whose matches
    all name a `port` arrive on those ports only.

    ## Example
    ```yaml
    kind: Gateway
    spec:
      servers:
      - port: {number: 80, name: http, protocol: HTTP}
        hosts: ["*"]
    ---
    kind: VirtualService
    spec:
      gateways: [web]
      http:
      - route:
        - destination:
            host: api        # Service api exposes 8080 (http) and 9090 (grpc)
    ```

    ## Fix
    Write the port: `destination: {host: api, port: {number: 8080}}`.
    """
    if not istio.is_networking(obj, "VirtualService") or obj.namespace is None:
        return
    for dest in istio.destinations(ctx.index, obj):
        if dest.port is not None or not dest.host:
            continue
        resolved = _resolved(ctx, obj, dest.host)
        if resolved is None or len(resolved[1]) < 2:
            continue
        entries, exposed = resolved
        fields: dict[str, Any] = {
            "role": "mirror" if dest.mirror else "destination",
            "host": dest.host,
            "target": entries[0].describe(),
            "exposed": _join(exposed),
        }
        arriving = istio.listener_ports(ctx.index, obj, dest)
        if arriving is None:
            yield Problem("unknown", (*dest.path, "host"), **fields)
            continue
        stray = sorted(p for p in arriving if p not in exposed)
        if stray:
            yield Problem("stray", (*dest.path, "host"), stray=_join(stray), **fields)
