"""What the API server checks inside a pod spec and a Service's ports beyond the schema.

Where the probes, lifecycle hooks, ports, volumes and environment variables of a pod are
(with their paths inside the object), which of their values are port numbers or port names,
which restart policies each controller accepts, and from which Kubernetes version sidecar
containers and container restart rules are on by default. The facts come from the API
server's validation of pods, Services, apps and batch objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kubelint.kube import Container, Path
from kubelint.lazy import Record
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


class Entry(Record):
    """One mapping of a list (a volume, a port, an env var), with its path in the object."""

    __slots__ = ("data", "path")

    def __init__(self, path: Path, data: Mapping[str, Any]) -> None:
        self.path = path
        self.data = data

    @property
    def name(self) -> str | None:
        name = self.data.get("name")
        return name if isinstance(name, str) and name else None


def entries(holder: Any, key: str, path: Path) -> list[Entry]:
    """The mappings of the list ``holder[key]``; ``path`` is where ``holder`` is."""
    items = holder.get(key) if isinstance(holder, dict) else None
    if not isinstance(items, list):
        return []
    return [Entry((*path, key, i), item) for i, item in enumerate(items) if isinstance(item, dict)]


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
    if obj.kind != "Service" or obj.group != "":
        return []
    return entries(obj.data.get("spec"), "ports", ("spec",))


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


class Handler(Record):
    """A probe or a lifecycle hook (postStart, preStop) of a container."""

    __slots__ = ("container", "data", "field", "path")

    def __init__(
        self, container: Container, field: str, path: Path, data: Mapping[str, Any]
    ) -> None:
        self.container = container
        self.field = field  # livenessProbe, readinessProbe, startupProbe, postStart or preStop
        self.path = path
        self.data = data

    @property
    def is_probe(self) -> bool:
        return self.field in PROBES

    @property
    def actions(self) -> list[str]:
        """The actions it sets, in written order (a null one is unset, as in the API)."""
        allowed = self.allowed_actions
        return [k for k, v in self.data.items() if k in allowed and isinstance(v, dict)]

    @property
    def allowed_actions(self) -> tuple[str, ...]:
        return PROBE_ACTIONS if self.is_probe else HOOK_ACTIONS


#: The fields of a container that hold its probes and hooks.
_HANDLER_FIELDS = frozenset({*PROBES, "lifecycle"})


def handlers(container: Container) -> Iterator[Handler]:
    """The probes, then the lifecycle hooks, of a container."""
    for field in PROBES:
        probe = container.data.get(field)
        if isinstance(probe, dict):
            yield Handler(container, field, (*container.path, field), probe)
    lifecycle = container.data.get("lifecycle")
    if isinstance(lifecycle, dict):
        for field in HOOKS:
            hook = lifecycle.get(field)
            if isinstance(hook, dict):
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


class PortValue(Record):
    """A port number, or a port name where the API accepts one, with where it is."""

    __slots__ = ("field", "optional", "path", "value")

    def __init__(self, path: Path, value: int | str, field: str, optional: bool = False) -> None:
        self.path = path
        self.value = value
        # how messages call it: containerPort, hostPort, targetPort, "httpGet port"...
        self.field = field
        #: 0 (and "") mean "not set" here: hostPort, and a targetPort defaulted from port.
        self.optional = optional

    @property
    def is_unset(self) -> bool:
        return self.optional and self.value in (0, "")


def port_values(obj: K8sObject) -> list[PortValue]:
    """Every port number and port reference of the pod template's containers (their ports,
    probes and lifecycle hooks) and of a Service's ports. Names are listed only where a
    name may stand; values of the wrong type are left to the schema check."""
    found: list[PortValue] = []
    for container in obj.containers():
        for port in container_ports(container):
            _port(found, port.data, port.path, "containerPort", named=False)
            _port(found, port.data, port.path, "hostPort", named=False, optional=True)
        # most containers have no probe and no hook: look before walking them
        if not container.data.keys().isdisjoint(_HANDLER_FIELDS):
            for handler in handlers(container):
                for action in ("httpGet", "tcpSocket", "grpc"):
                    holder = handler.data.get(action)
                    if isinstance(holder, dict):
                        label = f"{handler.field} {action} port"
                        path = (*handler.path, action)
                        _port(found, holder, path, "port", named=action != "grpc", label=label)
    for port in service_ports(obj):
        _port(found, port.data, port.path, "port", named=False)
        _port(found, port.data, port.path, "targetPort", named=True, optional=True)
    return found


def _port(
    found: list[PortValue],
    holder: Mapping[str, Any],
    path: Path,
    key: str,
    *,
    named: bool,
    optional: bool = False,
    label: str = "",
) -> None:
    """Add ``holder[key]`` to ``found`` if it is a port number (or a name where one may be)."""
    value = holder.get(key)
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int) or (named and isinstance(value, str)):
        found.append(PortValue((*path, key), value, label or key, optional))


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
