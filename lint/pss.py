"""The Kubernetes Pod Security Standards, control by control and version by version.

The standards are three levels: ``privileged`` (no checks), ``baseline`` and ``restricted``
(everything in baseline, plus more). Each control below says the lowest level that enforces
it, the first policy version that checks it and what changed in later versions. A policy
version is the ``pod-security.kubernetes.io/enforce-version`` of a namespace: the admission
controller evaluates a pod against the standard *as it was defined in that release*, so a
namespace pinned to ``v1.28`` still rejects ``net.ipv4.tcp_rmem`` (safe from 1.32) and still
accepts a probe with a ``host`` (forbidden from 1.34).

What this module models is the admission controller of the newest release (1.37) evaluating
a pin. Two relaxations were written into the oldest policy version there rather than added
as new versions, so they hold whatever the pin: ``image`` volumes pass the restricted Volume
Types control, and the ``appArmorProfile`` fields are checked next to the annotations.

Control history (policy versions from 1.0; only changes from 1.19 on matter in practice):

- Host Namespaces, Privileged Containers, HostPath Volumes, Host Ports, HostProcess: baseline,
  unchanged since 1.0.
- Capabilities: baseline allows adding only the 13 default capabilities. Restricted from 1.22:
  every container drops ``ALL`` and adds nothing but ``NET_BIND_SERVICE``; from 1.25 pods with
  ``spec.os.name: windows`` are exempt (the restricted check replaces the baseline one).
- AppArmor: baseline; the container annotations may only name ``runtime/default`` or
  ``localhost/*``; the ``appArmorProfile.type`` fields (pod and containers, API 1.30+) only
  ``RuntimeDefault`` or ``Localhost``.
- SELinux: baseline; ``seLinuxOptions.type`` from an allow-list (``container_engine_t`` joined
  it in 1.31), ``user`` and ``role`` never set.
- /proc Mount Type: ``procMount`` only ``Default``. From 1.35 baseline lets pods with
  ``hostUsers: false`` (user namespaces) use any value; restricted does not.
- Seccomp: before 1.19 the alpha annotations, from 1.19 the ``seccompProfile`` fields.
  Baseline forbids ``Unconfined``; restricted requires ``RuntimeDefault`` or ``Localhost`` on
  the pod or on every container; from 1.25 windows pods are exempt from the restricted check.
- Sysctls: baseline; only a safe set, which grew in 1.27, 1.29, 1.32 and 1.37.
- Host Probes / Lifecycle Hooks: baseline from 1.34; probes and lifecycle handlers may not
  set ``httpGet.host`` or ``tcpSocket.host``.
- Volume Types: restricted; only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
  persistentVolumeClaim, projected and secret volumes. (The admission controller reports a
  hostPath volume here at restricted; kubelint reports it under HostPath Volumes at both
  levels, so the same finding keeps its rule id when a namespace is tightened.)
- Privilege Escalation: restricted from 1.8; ``allowPrivilegeEscalation: false`` on every
  container; from 1.25 windows pods are exempt.
- Running as Non-root: restricted; ``runAsNonRoot: true`` on the pod or every container. From
  1.35 pods with ``hostUsers: false`` are exempt.
- Running as Non-root user: restricted from 1.23; ``runAsUser`` never 0. From 1.35 pods with
  ``hostUsers: false`` are exempt.

Which level applies to an object: the ``pod-security.kubernetes.io/enforce`` and
``enforce-version`` labels of its Namespace (when the Namespace is among the linted or context
files), each label overriding the configured default (``--pod-security`` / ``pod-security:``)
the way the admission controller's labels override its cluster-wide defaults. An object whose
namespace carries no such label gets the configured default; without one, nothing is checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from kubelint import kube
from kubelint.lazy import Record, regex
from kubelint.registry import Problem
from kubelint.versions import KubeVersion, format_version

if TYPE_CHECKING:
    from kubelint.engine import Context
    from kubelint.objects import K8sObject

Path = tuple[Any, ...]

LEVELS: tuple[str, ...] = ("privileged", "baseline", "restricted")
#: The newest policy version that changed a control; later versions check the same.
NEWEST_POLICY: KubeVersion = (1, 37)

ENFORCE_LABEL = "pod-security.kubernetes.io/enforce"
ENFORCE_VERSION_LABEL = "pod-security.kubernetes.io/enforce-version"

WINDOWS_EXEMPT_SINCE: KubeVersion = (1, 25)
USER_NAMESPACE_RELAXED_SINCE: KubeVersion = (1, 35)

#: Capabilities a baseline container may add (the container runtimes' default set).
BASELINE_CAPABILITIES = frozenset(
    {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
     "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}
)  # fmt: skip
#: The one capability a restricted container may add.
RESTRICTED_CAPABILITY = "NET_BIND_SERVICE"

#: Safe sysctls, by the policy version that added them.
SAFE_SYSCTLS: tuple[tuple[KubeVersion, frozenset[str]], ...] = (
    ((1, 0), frozenset({"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
                        "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
                        "net.ipv4.ip_unprivileged_port_start"})),
    ((1, 27), frozenset({"net.ipv4.ip_local_reserved_ports"})),
    ((1, 29), frozenset({"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
                         "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"})),
    ((1, 32), frozenset({"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"})),
    ((1, 37), frozenset({"net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"})),
)  # fmt: skip
#: SELinux types a pod or container may ask for, by the policy version that added them.
SELINUX_TYPES: tuple[tuple[KubeVersion, frozenset[str]], ...] = (
    ((1, 0), frozenset({"", "container_t", "container_init_t", "container_kvm_t"})),
    ((1, 31), frozenset({"container_engine_t"})),
)
#: Volume sources the restricted level accepts.
RESTRICTED_VOLUMES: tuple[str, ...] = (
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
    "persistentVolumeClaim", "projected", "secret",
)  # fmt: skip
#: The other volume sources of the Pod API (hostPath is a control of its own).
OTHER_VOLUMES: tuple[str, ...] = (
    "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs",
    "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume",
    "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
)  # fmt: skip
SECCOMP_TYPES = ("RuntimeDefault", "Localhost")
APPARMOR_TYPES = ("RuntimeDefault", "Localhost")
APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")
LIFECYCLE_HANDLERS = ("postStart", "preStop")


def allowed(
    table: tuple[tuple[KubeVersion, frozenset[str]], ...], version: KubeVersion
) -> set[str]:
    """The union of the sets of ``table`` added at or before ``version``."""
    return {name for since, names in table if since <= version for name in names}


# --------------------------------------------------------------------------- the pod


class Violation(Record):
    """One field of a pod that a control forbids (or one that the control requires and is
    missing). ``path`` is inside the pod template: ``("spec", "containers", 1, ...)`` or
    ``("metadata", "annotations", key)``; a missing field's path ends at the field that
    should be there. ``message`` is a message id of the control's rule. ``on_key``: point
    at the key rather than its value (a volume source, whose value is a whole mapping)."""

    __slots__ = ("control", "fields", "message", "on_key", "path")

    def __init__(
        self,
        control: str,
        message: str,
        path: Path,
        fields: Mapping[str, Any] | None = None,
        on_key: bool = False,
    ) -> None:
        self.control = control
        self.message = message
        self.path = path
        self.fields: Mapping[str, Any] = fields if fields is not None else {}
        self.on_key = on_key


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class Pod(Record):
    """A pod template as the checks see it."""

    __slots__ = ("containers", "metadata", "spec")

    def __init__(
        self,
        spec: Mapping[str, Any],
        metadata: Mapping[str, Any],
        containers: tuple[kube.Container, ...],
    ) -> None:
        self.spec = spec
        self.metadata = metadata
        self.containers = containers

    @classmethod
    def of(cls, spec: Any, metadata: Any) -> Pod:
        spec = _map(spec)
        return cls(spec, _map(metadata), tuple(kube.iter_containers(spec, ("spec",))))

    @property
    def security_context(self) -> Mapping[str, Any]:
        return _map(self.spec.get("securityContext"))

    @property
    def windows(self) -> bool:
        return _map(self.spec.get("os")).get("name") == "windows"

    @property
    def user_namespace(self) -> bool:
        return self.spec.get("hostUsers") is False

    @property
    def annotations(self) -> Mapping[str, Any]:
        return _map(self.metadata.get("annotations"))


def _context(container: kube.Container) -> Mapping[str, Any]:
    return _map(container.data.get("securityContext"))


def _at(container: kube.Container, *path: Any) -> Path:
    return (*container.path, "securityContext", *path)


POD_CONTEXT: Path = ("spec", "securityContext")

# --------------------------------------------------------------------------- controls

Check = Callable[[Pod, str, KubeVersion], Iterator[Violation]]


class Control(Record):
    __slots__ = ("check", "id", "level", "name", "since")

    def __init__(self, id: str, name: str, level: str, since: KubeVersion, check: Check) -> None:
        self.id = id  # the rule is ``pss-<id>``
        self.name = name  # as the standard names it
        self.level = level  # the lowest level that enforces it
        self.since = since  # the first policy version that checks it
        self.check = check

    @property
    def rule_id(self) -> str:
        return f"pss-{self.id}"


CONTROLS: dict[str, Control] = {}


def control(
    control_id: str, name: str, level: str, since: KubeVersion = (1, 0)
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        CONTROLS[control_id] = Control(control_id, name, level, since, check)
        return check

    return register


@control("host-process", "HostProcess", "baseline")
def _host_process(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    if _map(pod.security_context.get("windowsOptions")).get("hostProcess") is True:
        yield Violation("host-process", "pod", (*POD_CONTEXT, "windowsOptions", "hostProcess"))
    for c in pod.containers:
        if _map(_context(c).get("windowsOptions")).get("hostProcess") is True:
            yield Violation(
                "host-process", "container", _at(c, "windowsOptions", "hostProcess"),
                {"container": c.name},
            )  # fmt: skip


@control("host-namespaces", "Host Namespaces", "baseline")
def _host_namespaces(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    for name in ("hostNetwork", "hostPID", "hostIPC"):
        if pod.spec.get(name) is True:
            yield Violation("host-namespaces", "host", ("spec", name), {"field": name})


@control("privileged", "Privileged Containers", "baseline")
def _privileged(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    for c in pod.containers:
        if _context(c).get("privileged") is True:
            yield Violation("privileged", "privileged", _at(c, "privileged"), {"container": c.name})


@control("capabilities", "Capabilities", "baseline")
def _capabilities(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    if level == "restricted" and version >= (1, 22):
        if pod.windows and version >= WINDOWS_EXEMPT_SINCE:
            return
        for c in pod.containers:
            caps = _map(_context(c).get("capabilities"))
            if "ALL" not in [_text(d) for d in _list(caps.get("drop"))]:
                yield Violation(
                    "capabilities", "drop-all", _at(c, "capabilities", "drop"),
                    {"container": c.name},
                )  # fmt: skip
            for i, cap in enumerate(_list(caps.get("add"))):
                if _text(cap) != RESTRICTED_CAPABILITY:
                    yield Violation(
                        "capabilities", "add-restricted", _at(c, "capabilities", "add", i),
                        {"container": c.name, "capability": _text(cap)},
                    )  # fmt: skip
        return
    for c in pod.containers:
        caps = _map(_context(c).get("capabilities"))
        for i, cap in enumerate(_list(caps.get("add"))):
            if _text(cap) not in BASELINE_CAPABILITIES:
                yield Violation(
                    "capabilities", "add-baseline", _at(c, "capabilities", "add", i),
                    {"container": c.name, "capability": _text(cap)},
                )  # fmt: skip


@control("host-path", "HostPath Volumes", "baseline")
def _host_path(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    for i, volume in enumerate(_list(pod.spec.get("volumes"))):
        volume = _map(volume)
        if volume.get("hostPath") is not None:
            yield Violation(
                "host-path", "host-path", ("spec", "volumes", i, "hostPath"),
                {"volume": _text(volume.get("name"))}, on_key=True,
            )  # fmt: skip


@control("host-ports", "Host Ports", "baseline")
def _host_ports(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    for c in pod.containers:
        for i, port in enumerate(_list(c.data.get("ports"))):
            host_port = _int(_map(port).get("hostPort"))
            if host_port:
                yield Violation(
                    "host-ports", "host-port", (*c.path, "ports", i, "hostPort"),
                    {"container": c.name, "port": host_port},
                )  # fmt: skip


@control("probe-host", "Host Probes / Lifecycle Hooks", "baseline", since=(1, 34))
def _probe_host(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    for c in pod.containers:
        handlers: list[tuple[Path, Any]] = [((p,), c.data.get(p)) for p in PROBES]
        lifecycle = _map(c.data.get("lifecycle"))
        handlers += [(("lifecycle", h), lifecycle.get(h)) for h in LIFECYCLE_HANDLERS]
        for where, handler in handlers:
            for action in ("httpGet", "tcpSocket"):
                host = _map(_map(handler).get(action)).get("host")
                if host not in (None, ""):
                    yield Violation(
                        "probe-host", "host", (*c.path, *where, action, "host"),
                        {"container": c.name, "handler": ".".join((*where, action)),
                         "host": _text(host)},
                    )  # fmt: skip


def _apparmor_annotation_ok(value: str) -> bool:
    return value in ("", "runtime/default") or value.startswith("localhost/")


@control("apparmor", "AppArmor", "baseline")
def _apparmor(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    profile = pod.security_context.get("appArmorProfile")
    if profile is not None and _map(profile).get("type") not in APPARMOR_TYPES:
        yield Violation(
            "apparmor", "pod", (*POD_CONTEXT, "appArmorProfile", "type"),
            {"profile": _text(_map(profile).get("type"))},
        )  # fmt: skip
    for c in pod.containers:
        profile = _context(c).get("appArmorProfile")
        if profile is not None and _map(profile).get("type") not in APPARMOR_TYPES:
            yield Violation(
                "apparmor", "container", _at(c, "appArmorProfile", "type"),
                {"container": c.name, "profile": _text(_map(profile).get("type"))},
            )  # fmt: skip
    for key, value in pod.annotations.items():
        if not str(key).startswith(APPARMOR_ANNOTATION_PREFIX):
            continue
        if not _apparmor_annotation_ok(_text(value)):
            yield Violation(
                "apparmor", "annotation", ("metadata", "annotations", key),
                {"annotation": key, "profile": _text(value)},
            )  # fmt: skip


@control("selinux", "SELinux", "baseline")
def _selinux(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    types = allowed(SELINUX_TYPES, version)
    shown = ", ".join(sorted(t for t in types if t))
    holders: list[tuple[str, Path, dict[str, Any], Any]] = [
        ("pod", POD_CONTEXT, {}, pod.security_context.get("seLinuxOptions"))
    ]
    for c in pod.containers:
        holders.append(
            ("container", _at(c), {"container": c.name}, _context(c).get("seLinuxOptions"))
        )
    for who, base, names, options in holders:
        if options is None:
            continue
        options = _map(options)
        selinux_type = _text(options.get("type"))
        if selinux_type not in types:
            yield Violation(
                "selinux", f"{who}-type", (*base, "seLinuxOptions", "type"),
                {**names, "type": selinux_type, "allowed": shown},
            )  # fmt: skip
        for option in ("user", "role"):
            value = _text(options.get(option))
            if value:
                yield Violation(
                    "selinux", f"{who}-option", (*base, "seLinuxOptions", option),
                    {**names, "option": option, "value": value},
                )  # fmt: skip


@control("proc-mount", "/proc Mount Type", "baseline")
def _proc_mount(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    relaxed = level == "baseline" and version >= USER_NAMESPACE_RELAXED_SINCE
    if relaxed and pod.user_namespace:
        return
    for c in pod.containers:
        proc_mount = _context(c).get("procMount")
        if proc_mount is not None and proc_mount != "Default":
            yield Violation(
                "proc-mount", "proc-mount", _at(c, "procMount"),
                {"container": c.name, "value": _text(proc_mount)},
            )  # fmt: skip


def _seccomp_annotation_ok(value: str) -> bool:
    return value in ("runtime/default", "docker/default") or value.startswith("localhost/")


@control("seccomp", "Seccomp", "baseline")
def _seccomp(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    if version < (1, 19):  # the alpha annotations, at both levels
        keys = [SECCOMP_POD_ANNOTATION]
        keys += [SECCOMP_CONTAINER_ANNOTATION_PREFIX + c.name for c in pod.containers]
        for key in keys:
            if key in pod.annotations and not _seccomp_annotation_ok(_text(pod.annotations[key])):
                yield Violation(
                    "seccomp", "annotation", ("metadata", "annotations", key),
                    {"annotation": key, "profile": _text(pod.annotations[key])},
                )  # fmt: skip
        return
    restricted = level == "restricted"
    if restricted and pod.windows and version >= WINDOWS_EXEMPT_SINCE:
        return
    pod_profile = pod.security_context.get("seccompProfile")
    pod_set = pod_profile is not None
    if pod_set and _map(pod_profile).get("type") not in SECCOMP_TYPES:
        yield Violation(
            "seccomp", "pod", (*POD_CONTEXT, "seccompProfile", "type"),
            {"profile": _text(_map(pod_profile).get("type"))},
        )  # fmt: skip
    for c in pod.containers:
        profile = _context(c).get("seccompProfile")
        if profile is not None:
            if _map(profile).get("type") not in SECCOMP_TYPES:
                yield Violation(
                    "seccomp", "container", _at(c, "seccompProfile", "type"),
                    {"container": c.name, "profile": _text(_map(profile).get("type"))},
                )  # fmt: skip
        elif restricted and not pod_set:
            # Unset on both: reported per container. (A bad pod-level profile is reported
            # once, above: fixing it fixes the containers that inherit it.)
            yield Violation(
                "seccomp", "missing", _at(c, "seccompProfile", "type"), {"container": c.name}
            )


@control("sysctls", "Sysctls", "baseline")
def _sysctls(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    safe = allowed(SAFE_SYSCTLS, version)
    for i, sysctl in enumerate(_list(pod.security_context.get("sysctls"))):
        name = _text(_map(sysctl).get("name"))
        if name not in safe:
            yield Violation(
                "sysctls", "sysctl", (*POD_CONTEXT, "sysctls", i, "name"), {"sysctl": name}
            )


@control("volume-types", "Volume Types", "restricted")
def _volume_types(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    for i, volume in enumerate(_list(pod.spec.get("volumes"))):
        volume = _map(volume)
        if any(volume.get(source) is not None for source in RESTRICTED_VOLUMES):
            continue
        for source in OTHER_VOLUMES:
            if volume.get(source) is not None:
                yield Violation(
                    "volume-types", "volume", ("spec", "volumes", i, source),
                    {"volume": _text(volume.get("name")), "type": source}, on_key=True,
                )  # fmt: skip
                break
        # a volume that names no source is given an emptyDir by the API server


@control("privilege-escalation", "Privilege Escalation", "restricted", since=(1, 8))
def _privilege_escalation(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    if pod.windows and version >= WINDOWS_EXEMPT_SINCE:
        return
    for c in pod.containers:
        value = _context(c).get("allowPrivilegeEscalation")
        if value is not False:
            message = "unset" if value is None else "set"
            yield Violation(
                "privilege-escalation", message, _at(c, "allowPrivilegeEscalation"),
                {"container": c.name},
            )  # fmt: skip


@control("run-as-non-root", "Running as Non-root", "restricted")
def _run_as_non_root(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    if pod.user_namespace and version >= USER_NAMESPACE_RELAXED_SINCE:
        return
    pod_value = pod.security_context.get("runAsNonRoot")
    if pod_value is not None and pod_value is not True:
        yield Violation("run-as-non-root", "pod", (*POD_CONTEXT, "runAsNonRoot"))
    for c in pod.containers:
        value = _context(c).get("runAsNonRoot")
        if value is not None:
            if value is not True:
                yield Violation(
                    "run-as-non-root", "container", _at(c, "runAsNonRoot"), {"container": c.name}
                )
        elif pod_value is None:
            # set on neither (a pod-level false is reported once, above)
            yield Violation(
                "run-as-non-root", "missing", _at(c, "runAsNonRoot"), {"container": c.name}
            )


@control("run-as-user", "Running as Non-root user", "restricted", since=(1, 23))
def _run_as_user(pod: Pod, level: str, version: KubeVersion) -> Iterator[Violation]:
    if pod.user_namespace and version >= USER_NAMESPACE_RELAXED_SINCE:
        return
    if _int(pod.security_context.get("runAsUser")) == 0:
        yield Violation("run-as-user", "pod", (*POD_CONTEXT, "runAsUser"))
    for c in pod.containers:
        if _int(_context(c).get("runAsUser")) == 0:
            yield Violation("run-as-user", "container", _at(c, "runAsUser"), {"container": c.name})


def applies(ctl: Control, level: str, version: KubeVersion) -> bool:
    """Whether ``level`` at policy ``version`` checks the control at all."""
    return LEVELS.index(level) >= LEVELS.index(ctl.level) and version >= ctl.since


def evaluate(pod_spec: Any, pod_metadata: Any, level: str, version: KubeVersion) -> list[Violation]:
    """Every violation of the standard at ``level`` as of policy ``version``, in control
    order. The pod is admitted exactly when the list is empty."""
    if level not in LEVELS:
        raise ValueError(f"{level!r} is not a Pod Security level")
    version = min(version, NEWEST_POLICY)
    pod = Pod.of(pod_spec, pod_metadata)
    found: list[Violation] = []
    for ctl in CONTROLS.values():
        if applies(ctl, level, version):
            found.extend(ctl.check(pod, level, version))
    return found


# --------------------------------------------------------------------------- which policy


class Policy(Record):
    __slots__ = ("level", "namespace", "version")

    def __init__(self, level: str, version: KubeVersion, namespace: str | None) -> None:
        self.level = level  # "baseline" or "restricted"
        self.version = version
        #: The Namespace whose labels set the level or the version, or None (the configuration).
        self.namespace = namespace


_LABEL_VERSION_RE = regex(r"^v1\.(0|[1-9][0-9]*)$")


def parse_label_level(value: str) -> str:
    """An ``enforce`` label's level; the admission controller reads anything else as
    restricted (it fails closed)."""
    return value if value in LEVELS else "restricted"


def parse_label_version(value: str) -> KubeVersion | None:
    """An ``enforce-version`` label's version: ``v1.28`` -> (1, 28); None for ``latest``
    and for anything malformed (which the admission controller also reads as latest)."""
    match = _LABEL_VERSION_RE().match(value)
    return (1, int(match.group(1))) if match else None


def namespace_labels(obj: K8sObject, ctx: Context) -> dict[str, str] | None:
    """The labels of the Namespace ``obj`` lives in, when that Namespace is in the index."""
    if obj.namespace is None:
        return None
    namespace = ctx.index.get("Namespace", obj.namespace, None, group="")
    return namespace.labels if namespace is not None else None


def policy_for(obj: K8sObject, ctx: Context) -> Policy | None:
    """The level and version the admission controller would enforce on ``obj``'s pods, or
    None when that is privileged (nothing to check)."""
    key = ("pss-policy", ctx.pod_security, ctx.kube_version)
    if key in obj.memo:
        cached: Policy | None = obj.memo[key]
        return cached
    level, version = ctx.pod_security or ("privileged", None)
    source = None
    labels = namespace_labels(obj, ctx) or {}
    if ENFORCE_LABEL in labels:
        level, source = parse_label_level(labels[ENFORCE_LABEL]), obj.namespace
    if ENFORCE_VERSION_LABEL in labels:
        version, source = parse_label_version(labels[ENFORCE_VERSION_LABEL]), obj.namespace
    policy = None
    if level != "privileged":
        policy = Policy(level, version or ctx.kube_version, source)
    obj.memo[key] = policy
    return policy


def violations(obj: K8sObject, ctx: Context) -> tuple[Policy | None, list[Violation]]:
    """The policy that applies to ``obj`` and its pod template's violations (cached)."""
    policy = policy_for(obj, ctx)
    path = obj.pod_spec_path()
    if policy is None or path is None or obj.pod_spec() is None:
        return policy, []
    key = ("pss-violations", policy)
    found: list[Violation] | None = obj.memo.get(key)
    if found is None:
        metadata = obj.get(*path[:-1], "metadata") if len(path) > 1 else obj.metadata
        found = evaluate(obj.pod_spec(), metadata, policy.level, policy.version)
        obj.memo[key] = found
    return policy, found


def problems(obj: K8sObject, ctx: Context, control_id: str) -> Iterator[Problem]:
    """The findings of one control for a rule: each violation at its node in ``obj``, with
    the fields every message may use (``level``, ``version``) added."""
    policy, found = violations(obj, ctx)
    if policy is None:
        return
    spec_path = obj.pod_spec_path() or ("spec",)
    base = spec_path[:-1]
    shown = format_version(policy.version)
    for violation in found:
        if violation.control == control_id:
            yield Problem(
                violation.message,
                (*base, *violation.path),
                on_key=violation.on_key,
                level=policy.level,
                version=shown,
                **violation.fields,
            )
