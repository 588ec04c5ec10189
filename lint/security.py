"""Workload hardening: what a container's security settings come to once the pod's are
taken into account, what on its node a pod reaches, which containers run for good, and how
an image's registry and pull policy are read.

A container's ``securityContext`` overrides the pod's field by field for the settings both
have (``runAsUser``, ``runAsNonRoot``, ``seccompProfile``...); some settings exist only on
the container (``privileged``, ``capabilities``, ``readOnlyRootFilesystem``...). The
helpers here return each effective value with the place it was written, so a finding points
at the line to change: the pod's line once when every container inherits it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kubelint import apis, kube
from kubelint.index import ObjectIndex
from kubelint.kube import Container, ImageRef, Path
from kubelint.lazy import Record
from kubelint.objects import K8sObject
from kubelint.podspec import is_sidecar
from kubelint.versions import KubeVersion

if TYPE_CHECKING:
    from kubelint.fix import Edit

# --------------------------------------------------------------------------- security context

#: Settings a container inherits from ``spec.securityContext`` when it does not set them.
INHERITED: frozenset[str] = frozenset(
    {"runAsUser", "runAsGroup", "runAsNonRoot", "seLinuxOptions", "seccompProfile",
     "appArmorProfile", "windowsOptions"}
)  # fmt: skip


class Setting(Record):
    """An effective security setting of a container and where it is written."""

    __slots__ = ("from_pod", "path", "value")

    def __init__(self, value: Any, path: Path, from_pod: bool) -> None:
        self.value = value
        self.path = path  # the field, in the container's or in the pod's securityContext
        self.from_pod = from_pod  # inherited from spec.securityContext


def _context(holder: Any) -> Mapping[str, Any]:
    context = holder.get("securityContext") if isinstance(holder, dict) else None
    return context if isinstance(context, dict) else {}


def setting(obj: K8sObject, container: Container, name: str) -> Setting | None:
    """The container's ``securityContext.<name>``, else the pod's for inherited settings;
    None when neither writes it (a null value counts as not written, as in the API)."""
    own = _context(container.data).get(name)
    if own is not None:
        return Setting(own, (*container.path, "securityContext", name), False)
    spec_path = obj.spec_path
    if name in INHERITED and spec_path is not None:
        inherited = pod_context(obj).get(name)
        if inherited is not None:
            return Setting(inherited, (*spec_path, "securityContext", name), True)
    return None


def pod_context(obj: K8sObject) -> Mapping[str, Any]:
    """The pod's ``securityContext`` (empty when it has none), kept on the object: every
    container of every security rule may inherit from it."""
    known: Mapping[str, Any] | None = obj.memo.get(_POD_CONTEXT)
    if known is None:
        known = obj.memo[_POD_CONTEXT] = _context(obj.pod_spec())
    return known


_POD_CONTEXT = "security.pod_context"


class Placed(Record):
    """Containers that share one effective setting: one that writes its own, every
    container that inherits the pod's, or (``setting`` None) every container with none."""

    __slots__ = ("containers", "setting")

    def __init__(self, setting: Setting | None, containers: tuple[Container, ...]) -> None:
        self.setting = setting
        self.containers = containers

    @property
    def names(self) -> str:
        """The containers' names for a message: ``'web', 'sidecar'``."""
        return ", ".join(repr(c.name) for c in self.containers)


def placed(
    obj: K8sObject,
    containers: Iterable[Container],
    name: str | Callable[[Container], Setting | None],
) -> list[Placed]:
    """Group ``containers`` by where their effective setting ``name`` (or the one a function
    finds) is written, so that a rule reports a pod-level setting (or its absence) once: the
    containers' own settings in written order, then the pod's, then the containers without
    any."""
    find = name if callable(name) else (lambda container: setting(obj, container, name))
    own: list[Placed] = []
    from_pod: list[Container] = []
    unset: list[Container] = []
    pod_setting: Setting | None = None
    for container in containers:
        found = find(container)
        if found is None:
            unset.append(container)
        elif found.from_pod:
            pod_setting = found
            from_pod.append(container)
        else:
            own.append(Placed(found, (container,)))
    if pod_setting is not None:
        own.append(Placed(pod_setting, tuple(from_pod)))
    if unset:
        own.append(Placed(None, tuple(unset)))
    return own


def is_true(found: Setting | None) -> bool:
    return found is not None and found.value is True


def context_path(container: Container) -> tuple[Path, bool]:
    """Where a finding about a setting the container lacks points, and whether at the key:
    its ``securityContext:`` key when it has one, else its name."""
    if "securityContext" in container.data:
        return (*container.path, "securityContext"), True
    if "name" in container.data:
        return (*container.path, "name"), False
    return container.path, False


def set_in_context(container: Container, name: str, value: Any) -> Edit | None:
    """The edit that writes ``securityContext.<name>: value`` into a container, creating its
    ``securityContext`` when it has none (for ``--fix``); None when the container has a
    ``securityContext`` that is not a mapping."""
    from kubelint.fix import insert

    context = container.data.get("securityContext")
    if isinstance(context, dict):
        return insert((*container.path, "securityContext"), name, value)
    if "securityContext" in container.data:
        return None
    return insert(container.path, "securityContext", {name: value})


def set_in_pod_context(obj: K8sObject, name: str, value: Any) -> Edit | None:
    """The edit that writes ``spec.securityContext.<name>: value`` into the pod spec (see
    ``set_in_context``)."""
    from kubelint.fix import insert

    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return None
    context = spec.get("securityContext")
    if isinstance(context, dict):
        return insert((*spec_path, "securityContext"), name, value)
    if "securityContext" in spec:
        return None
    return insert(spec_path, "securityContext", {name: value})


def pod_context_path(obj: K8sObject) -> tuple[Path, bool]:
    """Where a finding about a pod-level setting the pod lacks points: the pod's
    ``securityContext:`` key, else the key of the pod spec."""
    spec_path = obj.pod_spec_path() or ()
    spec = obj.pod_spec()
    if spec is not None and "securityContext" in spec:
        return (*spec_path, "securityContext"), True
    return spec_path, True


#: Pod annotations that set a seccomp profile before the field existed, and the AppArmor
#: annotation the field replaced: pod-wide, and per container (the key ends with its name).
SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_ANNOTATION = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
#: Annotation values and the profile type each means.
_ANNOTATED_PROFILES = {
    "runtime/default": "RuntimeDefault",
    "docker/default": "RuntimeDefault",
    "unconfined": "Unconfined",
}


def _annotation_works(key: str, version: KubeVersion) -> bool:
    """Whether the pod annotation ``key`` (``*`` ends a prefix) still has an effect at
    ``version``, as kubelint's table of deprecated fields records."""
    for deprecation in apis.field_deprecations():
        if deprecation.where == "pod-annotation" and deprecation.key == key:
            return not deprecation.defunct_at(version)
    return True


def _annotated_profile(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    return "Localhost" if text.startswith("localhost/") else _ANNOTATED_PROFILES.get(text)


def _profile_setting(
    obj: K8sObject,
    container: Container,
    field: str,
    annotations: Sequence[tuple[str, bool]],
    version: KubeVersion,
) -> Setting | None:
    """A profile's type (``value``) as the container's field, its annotation, the pod's
    field or the pod's annotation sets it, in that order."""
    found = setting(obj, container, field)
    written, path = pod_annotations(obj)
    if found is None and not written:
        return None  # the usual case: nothing sets a profile
    candidates: list[Setting] = []
    if found is not None and isinstance(found.value, dict):
        kind = found.value.get("type")
        if isinstance(kind, str):
            where = (*found.path, "type") if "type" in found.value else found.path
            candidates.append(Setting(kind, where, found.from_pod))
    for key, pod_wide in annotations if written else ():
        table_key = key if pod_wide else f"{key}*"
        name = key if pod_wide else f"{key}{container.name}"
        if name in written and _annotation_works(table_key, version):
            kind = _annotated_profile(written[name])
            if kind is not None:
                candidates.append(Setting(kind, (*path, name), pod_wide))
    own = [c for c in candidates if not c.from_pod]
    pod = [c for c in candidates if c.from_pod]
    return own[0] if own else pod[0] if pod else None


def seccomp(obj: K8sObject, container: Container, version: KubeVersion) -> Setting | None:
    """The container's effective seccomp profile type (RuntimeDefault, Localhost,
    Unconfined) and where it is set: the container's field or annotation, else the pod's
    (annotations only at versions where they still work)."""
    return _profile_setting(
        obj, container, "seccompProfile",
        ((SECCOMP_CONTAINER_ANNOTATION, False), (SECCOMP_POD_ANNOTATION, True)), version,
    )  # fmt: skip


def apparmor(obj: K8sObject, container: Container, version: KubeVersion) -> Setting | None:
    """The container's effective AppArmor profile type and where it is set."""
    return _profile_setting(
        obj, container, "appArmorProfile", ((APPARMOR_CONTAINER_ANNOTATION, False),), version
    )


def is_windows(obj: K8sObject) -> bool:
    """A pod for Windows nodes (``spec.os.name: windows``): Linux-only settings such as
    capabilities, seccomp and a read-only root filesystem do not apply to it."""
    known: bool | None = obj.memo.get(_IS_WINDOWS)
    if known is None:  # most security rules ask: answer once per object
        spec = obj.pod_spec()
        os_spec = spec.get("os") if spec is not None else None
        known = isinstance(os_spec, dict) and os_spec.get("name") == "windows"
        obj.memo[_IS_WINDOWS] = known
    return known


_IS_WINDOWS = "security.is_windows"


def is_host_process(obj: K8sObject, container: Container) -> bool:
    """A Windows HostProcess container: it runs as a process on the node itself."""
    found = setting(obj, container, "windowsOptions")
    return (
        found is not None
        and isinstance(found.value, dict)
        and (found.value.get("hostProcess") is True)
    )


def pod_annotations(obj: K8sObject) -> tuple[Mapping[str, Any], Path]:
    """The annotations of the pods ``obj`` creates, and their path."""
    known: tuple[Mapping[str, Any], Path] | None = obj.memo.get(_POD_ANNOTATIONS)
    if known is None:
        labels_path = kube.template_labels_path(obj.group, obj.kind)
        if labels_path is None:
            return {}, ()
        path = (*labels_path[:-1], "annotations")
        found = obj.get(*path)
        known = obj.memo[_POD_ANNOTATIONS] = (found if isinstance(found, dict) else {}), path
    return known


_POD_ANNOTATIONS = "security.pod_annotations"


# --------------------------------------------------------------------------- capabilities

#: Capabilities that reach past the container into the node (its kernel, devices, clock,
#: security modules) or into other processes, with what they allow, for messages.
DANGEROUS_CAPABILITIES: dict[str, str] = {
    "ALL": "every capability root has",
    "SYS_ADMIN": "mounting filesystems and most of what root on the node can do",
    "SYS_MODULE": "loading modules into the node's kernel",
    "SYS_RAWIO": "raw access to the node's devices and memory",
    "SYS_PTRACE": "tracing and reading the memory of other processes",
    "SYS_BOOT": "rebooting the node or loading another kernel",
    "SYS_TIME": "setting the node's clock for every pod on it",
    "DAC_READ_SEARCH": "opening files of the node by handle, past the container's filesystem",
    "BPF": "loading eBPF programs into the node's kernel",
    "PERFMON": "observing the node's kernel and every process through perf events",
    "MAC_ADMIN": "changing the node's AppArmor or SELinux policy",
    "MAC_OVERRIDE": "bypassing the node's AppArmor or SELinux policy",
    "SYSLOG": "reading the node's kernel log, kernel addresses included",
    "AUDIT_CONTROL": "changing the node's audit rules",
}

#: The one capability the restricted Pod Security profile lets a container add.
HARMLESS_ADDITIONS: frozenset[str] = frozenset({"NET_BIND_SERVICE"})


def capability_name(value: Any) -> str | None:
    """``net_admin``, ``CAP_NET_ADMIN`` -> ``NET_ADMIN`` (runtimes accept both spellings)."""
    if not isinstance(value, str) or not value.strip():
        return None
    name = value.strip().upper()
    return name[4:] if name.startswith("CAP_") else name


class Capability(Record):
    __slots__ = ("name", "path", "written")

    def __init__(self, name: str, written: str, path: Path) -> None:
        self.name = name  # normalised: NET_ADMIN
        self.written = written  # as written
        self.path = path


def capabilities(container: Container, which: str) -> list[Capability]:
    """The capabilities a container adds (``which="add"``) or drops (``"drop"``)."""
    caps = _context(container.data).get("capabilities")
    items = caps.get(which) if isinstance(caps, dict) else None
    if not isinstance(items, list):
        return []
    found = []
    for i, item in enumerate(items):
        name = capability_name(item)
        if name is not None:
            path = (*container.path, "securityContext", "capabilities", which, i)
            found.append(Capability(name, str(item), path))
    return found


def added_capabilities(obj: K8sObject) -> Iterator[tuple[Container, Capability]]:
    """Each capability a container adds, in a Linux pod, where the container is not
    privileged (a privileged container has every capability anyway, and its own finding)."""
    if is_windows(obj):
        return
    for container in obj.containers():
        if is_true(setting(obj, container, "privileged")):
            continue
        for cap in capabilities(container, "add"):
            yield container, cap


def escalates_anyway(obj: K8sObject, container: Container) -> bool:
    """A privileged container, or one that adds SYS_ADMIN (or ALL): Kubernetes always lets
    such a container escalate, whatever ``allowPrivilegeEscalation`` says."""
    return is_true(setting(obj, container, "privileged")) or any(
        cap.name in ("SYS_ADMIN", "ALL") for cap in capabilities(container, "add")
    )


# --------------------------------------------------------------------------- host paths

#: Sockets of container runtimes on a node, by path (``/var/run`` is read as ``/run``),
#: with the runtime's name. Whoever reaches one starts containers of their choosing,
#: privileged ones included: root on the node.
RUNTIME_SOCKETS: dict[str, str] = {
    "/run/docker.sock": "Docker",
    "/run/dockershim.sock": "dockershim",
    "/run/cri-dockerd.sock": "cri-dockerd",
    "/run/containerd/containerd.sock": "containerd",
    "/run/k3s/containerd/containerd.sock": "containerd (k3s)",
    "/var/snap/microk8s/common/run/containerd.sock": "containerd (MicroK8s)",
    "/run/crio/crio.sock": "CRI-O",
    "/run/podman/podman.sock": "Podman",
    "//./pipe/docker_engine": "Docker",
    "//./pipe/containerd-containerd": "containerd",
}
#: Directories whose purpose is to hold a runtime's socket: mounting one mounts the socket.
RUNTIME_SOCKET_DIRS: dict[str, str] = {
    "/run/containerd": "containerd",
    "/run/k3s/containerd": "containerd (k3s)",
    "/run/crio": "CRI-O",
    "/run/podman": "Podman",
}
#: Host directories that hold the sockets among much else (mounting them is reported as a
#: host path, with that said).
SOCKET_PARENTS: frozenset[str] = frozenset({"/", "/run", "/var"})


def host_path_key(path: str) -> str:
    """A host path as compared here: normalised, ``/var/run`` read as ``/run`` (a link to
    it on every current distribution), Windows pipes with forward slashes."""
    text = path.strip().replace("\\", "/")
    if text.startswith("//./"):
        return text.lower()
    text = posixpath.normpath(text) if text else text
    if text.startswith("//"):
        text = text[1:]
    if text == "/var/run" or text.startswith("/var/run/"):
        text = "/run" + text[len("/var/run") :]
    return text


def runtime_socket(path: str) -> str | None:
    """The runtime whose socket a host path is (or is the directory of), or None."""
    key = host_path_key(path)
    return RUNTIME_SOCKETS.get(key) or RUNTIME_SOCKET_DIRS.get(key)


class HostPathVolume(Record):
    """A ``hostPath`` volume that at least one container mounts."""

    __slots__ = ("container", "host_path", "mounted", "name", "path", "writable")

    def __init__(
        self,
        name: str,
        host_path: str,
        path: Path,
        container: Container,
        writable: bool,
        mounted: tuple[tuple[Container, str], ...] = (),
    ) -> None:
        self.name = name
        self.host_path = host_path
        self.path = path  # the volume's ``hostPath.path`` node
        #: The first container that mounts it, and whether any container mounts it writable.
        self.container = container
        self.writable = writable
        #: The host paths the containers actually see: the volume's path, or the ``subPath``
        #: under it that a mount takes, one per mount.
        self.mounted = mounted


class _Mount(Record):
    __slots__ = ("container", "sub_path", "writable")

    def __init__(self, container: Container, writable: bool, sub_path: str) -> None:
        self.container = container
        self.writable = writable
        self.sub_path = sub_path


def mounted_host_paths(obj: K8sObject) -> Iterator[HostPathVolume]:
    """The pod's ``hostPath`` volumes that some container mounts, in written order."""
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None or not isinstance(spec.get("volumes"), list):
        return
    mounts: dict[str, list[_Mount]] = {}
    for container in obj.containers():
        for field in ("volumeMounts", "volumeDevices"):
            items = container.data.get(field)
            for mount in items if isinstance(items, list) else ():
                if isinstance(mount, dict) and isinstance(mount.get("name"), str):
                    writable = field == "volumeDevices" or mount.get("readOnly") is not True
                    sub_path = mount.get("subPath")
                    sub_path = sub_path if isinstance(sub_path, str) else ""
                    mounts.setdefault(mount["name"], []).append(
                        _Mount(container, writable, sub_path)
                    )
    for i, volume in enumerate(spec["volumes"]):
        if not isinstance(volume, dict) or not isinstance(volume.get("hostPath"), dict):
            continue
        name = volume.get("name")
        host_path = volume["hostPath"].get("path")
        if not isinstance(name, str) or not isinstance(host_path, str):
            continue
        users = mounts.get(name)
        if not users:
            continue
        path = (*spec_path, "volumes", i, "hostPath", "path")
        seen = tuple(
            (m.container, posixpath.join(host_path, m.sub_path) if m.sub_path else host_path)
            for m in users
        )
        yield HostPathVolume(
            name, host_path, path, users[0].container, any(m.writable for m in users), seen
        )


def host_ports(obj: K8sObject) -> Iterator[tuple[Container, int, Path]]:
    """(container, port, path) of every non-zero ``hostPort`` of the pod's containers."""
    for container in obj.containers():
        ports = container.data.get("ports")
        for i, port in enumerate(ports if isinstance(ports, list) else ()):
            if not isinstance(port, dict):
                continue
            value = port.get("hostPort")
            if isinstance(value, int) and not isinstance(value, bool) and value != 0:
                yield container, value, (*container.path, "ports", i, "hostPort")


# --------------------------------------------------------------------------- long-running pods

#: Controllers that keep their pods running and replace them, by (API group, kind).
_SERVING_KINDS: frozenset[tuple[str, str]] = frozenset(
    {(group, kind) for group in ("apps", "extensions")
     for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")}
    | {("", "ReplicationController"), ("argoproj.io", "Rollout")}
)  # fmt: skip


def keeps_pods_running(obj: K8sObject) -> bool:
    """Whether ``obj`` is a controller whose pods run until replaced (a Deployment, a
    StatefulSet, a DaemonSet...), rather than to completion (a Job, a CronJob) or once (a
    bare Pod, which nothing rolls out or replaces)."""
    return (obj.group, obj.kind) in _SERVING_KINDS


def long_running_containers(obj: K8sObject, version: KubeVersion) -> Iterator[Container]:
    """The containers of a serving controller's pods that run for the pod's whole life: its
    containers and its sidecars (init containers with ``restartPolicy: Always``), never a
    plain init container nor an ephemeral one."""
    if not keeps_pods_running(obj):
        return
    for container in obj.containers():
        if container.list_name == "containers" or is_sidecar(container, version):
            yield container


# --------------------------------------------------------------------------- service accounts

DEFAULT_SERVICE_ACCOUNT = "default"


class AccountUse(Record):
    """The ServiceAccount a pod runs as, and whether its token is mounted."""

    __slots__ = ("account", "automount", "automount_path", "name", "name_path")

    def __init__(
        self,
        name: str,
        name_path: Path | None,
        account: K8sObject | None,
        automount: bool | None,
        automount_path: Path | None,
    ) -> None:
        self.name = name
        self.name_path = name_path  # where ``serviceAccountName`` is written; None when defaulted
        self.account = account  # the ServiceAccount among the linted objects
        #: True, False, or None when neither the pod nor its account says (mounted: the default).
        self.automount = automount
        # where the deciding ``automountServiceAccountToken`` is
        self.automount_path = automount_path


def account_use(obj: K8sObject, index: ObjectIndex) -> AccountUse | None:
    """How the pods of ``obj`` use their ServiceAccount: the pod's
    ``automountServiceAccountToken`` wins over the account's."""
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return None
    name, name_path = DEFAULT_SERVICE_ACCOUNT, None
    for field in ("serviceAccountName", "serviceAccount"):
        value = spec.get(field)
        if isinstance(value, str) and value:
            name, name_path = value, (*spec_path, field)
            break
    account = index.get("ServiceAccount", name, obj.namespace, group="")
    automount: bool | None = None
    automount_path: Path | None = None
    own = spec.get("automountServiceAccountToken")
    if isinstance(own, bool):
        automount, automount_path = own, (*spec_path, "automountServiceAccountToken")
    elif account is not None and isinstance(account.get("automountServiceAccountToken"), bool):
        automount = account.get("automountServiceAccountToken")
    return AccountUse(name, name_path, account, automount, automount_path)


def bindings_of(index: ObjectIndex, account: str, namespace: str | None) -> list[K8sObject]:
    """RoleBindings and ClusterRoleBindings among the linted objects that name the
    ServiceAccount ``account`` of ``namespace`` as a subject."""
    table = index.derived("security.account-bindings", _account_bindings)
    return table.get((account, namespace), [])


def _account_bindings(index: ObjectIndex) -> dict[tuple[str, str | None], list[K8sObject]]:
    table: dict[tuple[str, str | None], list[K8sObject]] = {}
    for kind in ("RoleBinding", "ClusterRoleBinding"):
        for binding in index.of_kind(kind, group=kube.RBAC_GROUP):
            subjects = binding.get("subjects")
            named: set[tuple[str, str | None]] = set()
            for subject in subjects if isinstance(subjects, list) else ():
                if not isinstance(subject, dict) or subject.get("kind") != "ServiceAccount":
                    continue
                where = subject.get("namespace") or (
                    binding.namespace if kind == "RoleBinding" else None
                )
                if isinstance(subject.get("name"), str):
                    named.add((subject["name"], where))
            for key in named:
                table.setdefault(key, []).append(binding)
    return table


# --------------------------------------------------------------------------- images

DOCKER_HUB = "docker.io"
_DOCKER_HUB_ALIASES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})


def image_location(ref: ImageRef) -> tuple[str, str]:
    """(registry host, repository) with Docker Hub's implicit parts filled in:
    ``nginx`` -> (``docker.io``, ``library/nginx``)."""
    registry = ref.registry.lower()
    if not registry or registry in _DOCKER_HUB_ALIASES:
        repository = ref.repository if "/" in ref.repository else f"library/{ref.repository}"
        return DOCKER_HUB, repository
    return registry, ref.repository


def _pattern(entry: str) -> re.Pattern[str]:
    """An allow-list entry as a regular expression: a registry host or a host and path
    prefix, where ``*`` stands for any part of one path segment."""
    entry = entry.strip().rstrip("/")
    host, sep, rest = entry.partition("/")
    if host.lower() in _DOCKER_HUB_ALIASES:
        host = DOCKER_HUB
    parts = [re.escape(p) for p in f"{host.lower()}{sep}{rest}".split("*")]
    return re.compile("[^/]*".join(parts) + "(?:/.*)?", re.IGNORECASE)


def allowed_by(ref: ImageRef, entries: Sequence[str]) -> bool:
    """Whether an image comes from one of the registries (or registry paths) listed. An
    entry without a port allows the host on any port."""
    registry, repository = image_location(ref)
    names = {f"{registry}/{repository}", f"{registry.partition(':')[0]}/{repository}"}
    patterns = [_pattern(entry) for entry in entries if isinstance(entry, str) and entry.strip()]
    return any(pattern.fullmatch(name) for pattern in patterns for name in names)


#: Tags that, by convention, are moved to each new build rather than naming one.
MOVING_TAGS: frozenset[str] = frozenset(
    {"latest", "main", "master", "develop", "development", "dev", "edge", "nightly", "stable",
     "canary", "snapshot", "head", "unstable", "testing", "current", "rolling"}
)  # fmt: skip


def moving_tag(ref: ImageRef) -> str | None:
    """The tag of an image that follows new builds (``latest``, ``main``, ``nightly``,
    ``3.9-latest``...), ``""`` for no tag (which means latest), None for anything else,
    and always None when the image is pinned by digest."""
    if ref.digest:
        return None
    if not ref.tag:
        return ""
    tag = ref.tag.lower()
    if tag in MOVING_TAGS or tag.endswith(("-latest", "-snapshot", "-nightly")):
        return ref.tag
    return None


def pull_policy(container: Container, ref: ImageRef) -> tuple[str, bool]:
    """The container's image pull policy and whether it is written: the API defaults it to
    Always for the ``latest`` tag or no tag, IfNotPresent otherwise."""
    written = container.data.get("imagePullPolicy")
    if isinstance(written, str) and written:
        return written, True
    if ref.tag == "latest" or not (ref.tag or ref.digest):
        return "Always", False
    return "IfNotPresent", False
