"""What the API server checks inside a pod spec and a Service's ports beyond the schema.

Where the probes, lifecycle hooks, ports, volumes and environment variables of a pod are
(with their paths inside the object), which of their values are port numbers or port names,
which restart policies each controller accepts, and from which Kubernetes version sidecar
containers and container restart rules are on by default. The facts come from the API
server's validation of pods, Services, apps and batch objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.kube import Container, Path
from kubelint.objects import K8sObject
from kubelint.versions import KubeVersion

#: Init containers with ``restartPolicy: Always`` run as sidecars (feature on by default).
SIDECARS_SINCE: KubeVersion = (1, 29)
#: Every container may set restartPolicy Always, OnFailure or Never (ContainerRestartRules).
CONTAINER_RESTART_RULES_SINCE: KubeVersion = (1, 35)
#: ``spec.podFailurePolicy`` of a Job is served and checked (feature on by default).
POD_FAILURE_POLICY_SINCE: KubeVersion = (1, 26)

RESTART_POLICIES: tuple[str, ...] = ("Always", "OnFailure", "Never")
PROBES: tuple[str, ...] = ("livenessProbe", "readinessProbe", "startupProbe")
HOOKS: tuple[str, ...] = ("postStart", "preStop")
PROBE_ACTIONS: tuple[str, ...] = ("exec", "httpGet", "tcpSocket", "grpc")
HOOK_ACTIONS: tuple[str, ...] = ("exec", "httpGet", "tcpSocket", "sleep")
#: Probe fields the API rejects when negative (0 is accepted: the defaults fill it in).
PROBE_COUNTS: tuple[str, ...] = (
    "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
    "failureThreshold",
)  # fmt: skip
PORT_MIN, PORT_MAX = 1, 65535


# --------------------------------------------------------------------------- named entries


@dataclass(frozen=True, slots=True)
class Entry:
    """One mapping of a list (a volume, a port, an env var), with its path in the object."""

    path: Path
    data: Mapping[str, Any]

    @property
    def name(self) -> str | None:
        name = self.data.get("name")
        return name if isinstance(name, str) and name else None


def entries(holder: Any, key: str, path: Path) -> list[Entry]:
    """The mappings of the list ``holder[key]``; ``path`` is where ``holder`` is."""
    items = holder.get(key) if isinstance(holder, Mapping) else None
    if not isinstance(items, list):
        return []
    return [
        Entry((*path, key, i), item) for i, item in enumerate(items) if isinstance(item, Mapping)
    ]


def repeats(items: Iterable[Entry]) -> Iterator[tuple[Entry, Entry]]:
    """(first, later) for every entry whose name an earlier entry already has."""
    seen: dict[str, Entry] = {}
    for item in items:
        name = item.name
        if name is None:
            continue
        if name in seen:
            yield seen[name], item
        else:
            seen[name] = item


def container_entries(obj: K8sObject) -> list[Entry]:
    """Every container of the pod template, init and ephemeral ones included, in the order
    the API checks their names: init containers, containers, ephemeral containers."""
    return [Entry(c.path, c.data) for c in obj.containers()]


def volumes(obj: K8sObject) -> list[Entry]:
    path = obj.pod_spec_path()
    return entries(obj.pod_spec(), "volumes", path) if path is not None else []


def container_ports(container: Container) -> list[Entry]:
    return entries(container.data, "ports", container.path)


def env(container: Container) -> list[Entry]:
    return entries(container.data, "env", container.path)


def service_ports(obj: K8sObject) -> list[Entry]:
    """``spec.ports`` of a core Service (not of a Knative or other custom Service)."""
    if (obj.group, obj.kind) != ("", "Service"):
        return []
    return entries(obj.get("spec"), "ports", ("spec",))


def hidden_env(container: Container) -> Iterator[tuple[Entry, Entry]]:
    """(first, later) for env entries that set a name again in a way the API server warns
    about: by valueFrom, or by a value that does not build on the earlier one through
    ``$(NAME)`` (``PATH=$(PATH):/opt/bin`` extends the earlier value and is fine)."""
    for first, later in repeats(env(container)):
        ref = f"$({later.name})"
        value = later.data.get("value")
        value = value if isinstance(value, str) else ""
        if "valueFrom" in later.data or value == ref or ref not in value:
            yield first, later


# --------------------------------------------------------------------------- probes and hooks


@dataclass(frozen=True, slots=True)
class Handler:
    """A probe or a lifecycle hook (postStart, preStop) of a container."""

    container: Container
    field: str  # livenessProbe, readinessProbe, startupProbe, postStart or preStop
    path: Path
    data: Mapping[str, Any]

    @property
    def is_probe(self) -> bool:
        return self.field in PROBES

    @property
    def actions(self) -> list[str]:
        """The actions it sets, in written order (a null one is unset, as in the API)."""
        allowed = self.allowed_actions
        return [k for k, v in self.data.items() if k in allowed and isinstance(v, Mapping)]

    @property
    def allowed_actions(self) -> tuple[str, ...]:
        return PROBE_ACTIONS if self.is_probe else HOOK_ACTIONS


def handlers(container: Container) -> Iterator[Handler]:
    """The probes, then the lifecycle hooks, of a container."""
    for field in PROBES:
        probe = container.data.get(field)
        if isinstance(probe, Mapping):
            yield Handler(container, field, (*container.path, field), probe)
    lifecycle = container.data.get("lifecycle")
    if isinstance(lifecycle, Mapping):
        for field in HOOKS:
            hook = lifecycle.get(field)
            if isinstance(hook, Mapping):
                yield Handler(container, field, (*container.path, "lifecycle", field), hook)


def is_sidecar(container: Container, version: KubeVersion) -> bool:
    """An init container with ``restartPolicy: Always`` at a version that runs it as a
    sidecar: it may then have probes and lifecycle hooks like a regular container."""
    return (
        container.is_init
        and container.data.get("restartPolicy") == "Always"
        and version >= SIDECARS_SINCE
    )


# --------------------------------------------------------------------------- ports


@dataclass(frozen=True, slots=True)
class PortValue:
    """A port number, or a port name where the API accepts one, with where it is."""

    path: Path
    value: int | str
    field: str  # how messages call it: containerPort, hostPort, targetPort, "httpGet port"...
    #: 0 (and "") mean "not set" here: hostPort, and a targetPort defaulted from port.
    optional: bool = False

    @property
    def is_unset(self) -> bool:
        return self.optional and self.value in (0, "")


def port_values(obj: K8sObject) -> Iterator[PortValue]:
    """Every port number and port reference of the pod template's containers (their ports,
    probes and lifecycle hooks) and of a Service's ports. Names are yielded only where a
    name may stand; values of the wrong type are left to the schema check."""
    for container in obj.containers():
        for port in container_ports(container):
            yield from _port(port.data, port.path, "containerPort", named=False)
            yield from _port(port.data, port.path, "hostPort", named=False, optional=True)
        for handler in handlers(container):
            for action in ("httpGet", "tcpSocket", "grpc"):
                where = (*handler.path, action)
                yield from _port(
                    handler.data.get(action), where, "port", named=action != "grpc",
                    label=f"{handler.field} {action} port",
                )  # fmt: skip
    for port in service_ports(obj):
        yield from _port(port.data, port.path, "port", named=False)
        yield from _port(port.data, port.path, "targetPort", named=True, optional=True)


def _port(
    holder: Any, path: Path, key: str, *, named: bool, optional: bool = False, label: str = ""
) -> Iterator[PortValue]:
    if not isinstance(holder, Mapping):
        return
    value = holder.get(key)
    if isinstance(value, bool):
        return
    if isinstance(value, int) or (named and isinstance(value, str)):
        yield PortValue((*path, key), value, label or key, optional)


def in_port_range(number: int) -> bool:
    return PORT_MIN <= number <= PORT_MAX


# --------------------------------------------------------------------------- restart policies

#: The pod restartPolicy each built-in controller accepts in its template.
_TEMPLATE_RESTART_POLICIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("", "Pod"): RESTART_POLICIES,
    ("", "PodTemplate"): RESTART_POLICIES,
    ("", "ReplicationController"): ("Always",),
    ("batch", "Job"): ("OnFailure", "Never"),
    ("batch", "CronJob"): ("OnFailure", "Never"),
}
for _group in ("apps", "extensions"):
    for _kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"):
        _TEMPLATE_RESTART_POLICIES[(_group, _kind)] = ("Always",)

#: Where a Job's spec is (it holds podFailurePolicy), by (API group, kind).
_JOB_SPEC_PATHS: dict[tuple[str, str], Path] = {
    ("batch", "Job"): ("spec",),
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec"),
}


def template_restart_policies(group: str, kind: str) -> tuple[str, ...] | None:
    """The pod ``restartPolicy`` values the API accepts for this kind (an unset policy is
    defaulted to Always first); None for kinds the API server does not validate."""
    return _TEMPLATE_RESTART_POLICIES.get((group, kind))


def job_spec_path(group: str, kind: str) -> Path | None:
    """Where the JobSpec of a Job or CronJob is; None for other kinds."""
    return _JOB_SPEC_PATHS.get((group, kind))


def container_restart_policies(container: Container, version: KubeVersion) -> tuple[str, ...]:
    """The container-level ``restartPolicy`` values the API accepts on this container at
    ``version``: any policy from 1.35 (container restart rules), before that only Always and
    only on an init container (a sidecar, from 1.29), and never on an ephemeral container."""
    if container.list_name == "ephemeralContainers":
        return ()
    if version >= CONTAINER_RESTART_RULES_SINCE:
        return RESTART_POLICIES
    if container.is_init and version >= SIDECARS_SINCE:
        return ("Always",)
    return ()
