"""A Service port sends traffic to a container port the selected pods do not declare.

## Why
Each Service port forwards to `targetPort` on the pods its selector matches: a number, the
name of a container port, or (when left out) the same number as `port`. A named targetPort
that no container of those pods declares (with the Service port's protocol) gives the
endpoints no address for that port, so clients get connection refused. A number that none
of the containers declares, while they do declare their ports, usually means the
application listens elsewhere (8080 in the container, 80 in the Service) and every request
fails, although every object applies cleanly.

## Example
```yaml
kind: Deployment
spec:
  template:
    spec:
      containers:
      - name: api
        ports:
        - name: http
          containerPort: 8080
---
kind: Service
spec:
  selector:
    app: api
  ports:
  - port: 80
    targetPort: web        # the container port is named http
```

## Fix
Point `targetPort` at a `containerPort` (or its `name`) of the selected containers, or add
the port to the container. Leaving `targetPort` out means "the same number as `port`".
Sidecar containers (init containers with `restartPolicy: Always`) count, like the
endpoints controller counts them. The rule only looks at Services whose pods are in the
linted files and fully written there (pods that an operator runs from a custom resource
are not). Declaring container ports is optional, so a number is only checked when every
selected pod template declares its ports, and not when the number appears in a
container's command, arguments or environment or in a ConfigMap the pods read
(`--port=18080`, `endpoint: 0.0.0.0:5317`): the application is then told to listen there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.engine import Context
from kubelint.ingress import port_value
from kubelint.kube import labels_of
from kubelint.lazy import Record
from kubelint.objects import K8sObject
from kubelint.references import PodSource, find, may_share_namespace, selectable
from kubelint.registry import Problem, rule


@rule(
    "service-target-port",
    category="references",
    severity="warning",
    kinds={"Service"},
    messages={
        "name": "targetPort {target!r} names no container port of the pods this Service "
        "selects (pods of {owners} declare {declared}); name a container port {target!r} "
        "or use one of those",
        "protocol": "targetPort {target!r} names a {declared_protocol} container port of "
        "{owners}, but this Service port is {protocol}; set protocol: {declared_protocol} on "
        "the Service port",
        "number": "targetPort {target} is not a container port of the pods this Service "
        "selects (pods of {owners} declare {declared}); use one of those or declare the "
        "port on the container",
        "defaulted": "port {target} has no targetPort, so traffic goes to container port "
        "{target}, which the pods this Service selects do not declare (pods of {owners} "
        "declare {declared}); set targetPort to one of those",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.data.get("spec") if obj.group == "" else None
    if not isinstance(spec, dict) or spec.get("type") == "ExternalName":
        return
    written = spec.get("selector")
    ports = spec.get("ports")
    if not isinstance(written, dict) or not written or not isinstance(ports, list):
        return
    selected: list[PodSource] = []
    known: list[_Pods] = []
    for source in selectable(ctx.index, labels_of(written)):
        if may_share_namespace(obj, source.owner):
            pods = _Pods.of(source)
            if pods is None:
                return  # pods whose containers are not written in the linted files
            selected.append(source)
            known.append(pods)
    if not known:
        return  # no pods in the linted files
    declared = [port for p in known for port in p.ports]
    # A number is only judged when every pod declares its ports: declaring them is optional.
    numbers_known = all(p.ports for p in known)
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        written_target = port.get("targetPort")
        target = port_value(written_target if written_target is not None else port.get("port"))
        if isinstance(target, str):
            protocol = str(port.get("protocol") or "TCP")
            named = [p for p in declared if p.name == target]
            if any(p.protocol == protocol for p in named):
                continue
            fields = _fields(target, known, declared)
            if named:
                yield Problem("protocol", ("spec", "ports", i, "targetPort"), protocol=protocol,
                              declared_protocol=named[0].protocol, **fields)  # fmt: skip
            else:
                yield Problem("name", ("spec", "ports", i, "targetPort"), **fields)
        elif isinstance(target, int) and numbers_known:
            if any(p.number == target for p in declared):
                continue
            if any(_mentions(ctx, source, target) for source in selected):
                continue  # configured by a flag, a variable or a config file
            fields = _fields(target, known, declared)
            if written_target is None:
                yield Problem("defaulted", ("spec", "ports", i, "port"), **fields)
            else:
                yield Problem("number", ("spec", "ports", i, "targetPort"), **fields)


def _fields(target: int | str, known: list[_Pods], declared: list[_Port]) -> dict[str, Any]:
    """What a message says of the pods: worked out for a finding only."""
    owners = ", ".join(dict.fromkeys(p.owner for p in known))
    shown = ", ".join(dict.fromkeys(port.describe() for port in declared)) or "no ports"
    return {"target": target, "owners": owners, "declared": shown}


class _Port(Record):
    __slots__ = ("name", "number", "protocol")

    def __init__(self, name: str | None, number: int | None, protocol: str) -> None:
        self.name = name
        self.number = number
        self.protocol = protocol

    def describe(self) -> str:
        text = str(self.number) if self.protocol == "TCP" else f"{self.number}/{self.protocol}"
        return f"{text} ({self.name})" if self.name else text


class _Pods(Record):
    """The ports the containers of one pod source declare."""

    __slots__ = ("owner", "ports")

    def __init__(self, owner: str, ports: tuple[_Port, ...]) -> None:
        self.owner = owner  # ``Deployment web``
        self.ports = ports

    @staticmethod
    def of(source: PodSource) -> _Pods | None:
        """None when the source's containers are not written in the linted files (an
        operator's custom resource, an Argo Rollout referring to another workload). Kept
        on the owner: several Services may select its pods."""
        memo = source.owner.memo
        if _PODS in memo:
            found: _Pods | None = memo[_PODS]
            return found
        found = memo[_PODS] = _Pods._of(source)
        return found

    @staticmethod
    def _of(source: PodSource) -> _Pods | None:
        containers = _serving_containers(source.owner)
        if not containers:
            return None
        ports: list[_Port] = []
        for container in containers:
            for port in _mappings(container.get("ports")):
                number = port_value(port.get("containerPort"))
                name = port.get("name")
                ports.append(
                    _Port(
                        name if isinstance(name, str) and name else None,
                        number if isinstance(number, int) else None,
                        str(port.get("protocol") or "TCP"),
                    )
                )
        return _Pods(f"{source.owner.kind} {source.owner.name}", tuple(ports))


_PODS = "service-target-port.pods"


def _serving_containers(owner: K8sObject) -> list[Mapping[str, Any]]:
    """The containers whose ports a Service can reach: app containers and sidecars (init
    containers that keep running, ``restartPolicy: Always``), in that order."""
    containers = owner.containers()
    found = [c.data for c in containers if c.list_name == "containers"]
    found += [
        c.data
        for c in containers
        if c.list_name == "initContainers" and c.data.get("restartPolicy") == "Always"
    ]
    return found


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _mentions(ctx: Context, source: PodSource, number: int) -> bool:
    """Whether the pods may be told to listen on ``number`` without declaring it: the number
    appears in a container's command, arguments or environment, or in a ConfigMap the pods
    read (``--port=18080``, ``endpoint: 0.0.0.0:5317``)."""
    spec = source.owner.pod_spec()
    if spec is None:
        return False
    pattern = re.compile(rf"(?<![0-9]){number}(?![0-9])")
    containers = _mappings(spec.get("containers")) + _mappings(spec.get("initContainers"))
    for container in containers:
        texts = [*_texts(container.get("command")), *_texts(container.get("args"))]
        texts += [str(var.get("value", "")) for var in _mappings(container.get("env"))]
        if any(pattern.search(text) for text in texts):
            return True
    for name in _config_maps(spec, containers):
        config = find(ctx.index, "ConfigMap", name, source.owner)
        data = config.get("data") if config is not None else None
        if isinstance(data, dict) and any(pattern.search(str(v)) for v in data.values()):
            return True
    return False


def _texts(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def _config_maps(spec: Mapping[str, Any], containers: list[Mapping[str, Any]]) -> list[str]:
    """Names of the ConfigMaps the pods mount or read into their environment."""
    holders: list[Any] = []
    for volume in _mappings(spec.get("volumes")):
        holders.append(volume.get("configMap"))
        projected = volume.get("projected")
        sources = projected.get("sources") if isinstance(projected, dict) else None
        holders += [item.get("configMap") for item in _mappings(sources)]
    for container in containers:
        holders += [item.get("configMapRef") for item in _mappings(container.get("envFrom"))]
    names = [h.get("name") for h in holders if isinstance(h, dict)]
    return [name for name in dict.fromkeys(names) if isinstance(name, str) and name]
