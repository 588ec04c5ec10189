"""A port number is out of range, or a port name breaks the syntax the API requires.

## Why
The schema only says "integer" or "string", but the API server checks more and rejects the
object:

- port numbers (`containerPort`, `hostPort`, a Service's `port` and numeric `targetPort`,
  the `httpGet`, `tcpSocket` and `grpc` ports of probes and lifecycle hooks) must be 1 to
  65535; 0 only means "unset" for `hostPort` and `targetPort`;
- a container port's name, and a port name that a `targetPort` or a probe refers to, must
  be an IANA service name: at most 15 lower-case letters, digits and `-`, with at least one
  letter and no `--`. A quoted number (`targetPort: "8080"`) is a string, so it is read as
  a name, and fails because it has no letter;
- a Service port's name must be a DNS label, and when a Service has more than one port,
  every port needs a name;
- a Service may not list the same port number twice with the same protocol.

NodePort ranges are checked by `nodeport-out-of-range`.

## Example
```yaml
        ports:
        - name: metrics-exporter   # 16 characters
          containerPort: 9102
---
kind: Service
spec:
  ports:
  - port: 80
    targetPort: "8080"             # a name, not a number
  - name: https
    port: 443
```

## Fix
Use a number from 1 to 65535, unquoted. Shorten port names (`metrics`, `http-admin`) and
keep them lower case. Name every port of a Service that has several, and update the
`targetPort` and probes that referred to a renamed port.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, format_path
from kubelint.names import dns1123_label, iana_svc_name, is_placeholder
from kubelint.objects import K8sObject
from kubelint.podspec import (
    PORT_MAX,
    PORT_MIN,
    container_ports,
    in_port_range,
    port_values,
    service_ports,
)
from kubelint.registry import Problem, rule


@rule(
    "invalid-port",
    category="validation",
    severity="error",
    kinds=POD_KINDS | {"Service"},
    messages={
        "number": "{field} {value} is not a port number, so the API rejects it; use a number "
        "from {low} to {high}",
        "quoted": "{field} {value!r} is a quoted number, which the API reads as a port name "
        "and rejects (a name needs a letter); write {value} without quotes",
        "reference": "{field} {value!r} is not a valid port name: it {reason}; use the port's "
        "number or the name of a container port",
        "container-port-name": "port name {value!r} {reason}, so the API rejects it; use at "
        "most 15 lower-case letters, digits and '-', with at least one letter",
        "service-port-name": "port name {value!r} of the Service {reason}, so the API rejects it; "
        "use lower-case letters, digits and '-'",
        "unnamed": "port {port} has no name, but the API requires one on every port of a "
        "Service with several ports ({count} here); add a name",
        "repeated": "port {port}/{protocol} is already listed at {first}, and the API rejects "
        "a Service that lists a port twice; remove one or change its number",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.spec_path is None and obj.kind != "Service":
        return  # a kind named like a pod kind in another group: no containers, no ports
    for port in port_values(obj):
        value = port.value
        if port.is_unset or (isinstance(value, str) and is_placeholder(value)):
            continue
        if isinstance(value, int):
            if not in_port_range(value):
                yield Problem("number", port.path, low=PORT_MIN, high=PORT_MAX,
                              field=port.field, value=value)  # fmt: skip
        elif value.isdigit():
            yield Problem("quoted", port.path, field=port.field, value=value)
        else:
            reason = iana_svc_name(value)
            if reason:
                yield Problem("reference", port.path, reason=reason, field=port.field, value=value)
    for container in obj.containers():
        for entry in container_ports(container):
            name = entry.name
            reason = iana_svc_name(name) if name and not is_placeholder(name) else None
            if reason:
                at = (*entry.path, "name")
                yield Problem("container-port-name", at, value=name, reason=reason)
    yield from _service_ports(obj)


def _service_ports(obj: K8sObject) -> Iterator[Problem]:
    ports = service_ports(obj)
    seen: dict[tuple[int, str], tuple[Any, ...]] = {}  # where each port is first listed
    for entry in ports:
        name, number = entry.data.get("name"), entry.data.get("port")
        if isinstance(name, str) and name:
            reason = None if is_placeholder(name) else dns1123_label(name)
            if reason:
                yield Problem("service-port-name", (*entry.path, "name"), value=name, reason=reason)
        elif name in (None, "") and len(ports) > 1:
            yield Problem("unnamed", (*entry.path, "name"), port=number, count=len(ports))
        if isinstance(number, int) and not isinstance(number, bool):
            protocol = entry.data.get("protocol") or "TCP"
            key = (number, str(protocol))
            if key in seen:
                yield Problem(
                    "repeated", (*entry.path, "port"), port=number, protocol=protocol,
                    first=format_path(seen[key]),
                )  # fmt: skip
            else:
                seen[key] = entry.path
