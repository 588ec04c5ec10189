"""The Pod Security Standards, release by release.

The bulk is a table written from the standard (independently of ``kubelint.pss``): pods that
break one control in one way, each with the levels and policy versions at which the
admission controller rejects it. Every pod is evaluated at every policy version from 1.23 to
1.37 at both levels and must break exactly its control where the table says so, and nothing
anywhere else. The rest checks which level applies to which object, and the CLI end to end.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from fixture_support import lint_clean, severities, write
from kubelint import pss
from kubelint.engine import Settings
from kubelint.registry import load_rules
from kubelint.versions import KubeVersion

VERSIONS: list[KubeVersion] = [(1, minor) for minor in range(23, 38)]
LEVELS = ("baseline", "restricted")
PSS_RULES = sorted(r for r in load_rules() if r.startswith("pss-"))


def _restricted_context() -> dict[str, Any]:
    return {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}


#: A pod every level admits at every version: the starting point of every case.
COMPLIANT: dict[str, Any] = {
    "metadata": {"labels": {"app": "web"}},
    "spec": {
        "securityContext": {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
        "initContainers": [
            {"name": "init", "image": "busybox:1.36", "securityContext": _restricted_context()}
        ],
        "containers": [
            {
                "name": "app",
                "image": "nginx:1.27",
                "ports": [{"containerPort": 8080}],
                "securityContext": _restricted_context(),
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
            }
        ],
        "volumes": [{"name": "config", "configMap": {"name": "web"}}],
    },
}

Pod = dict[str, Any]


@dataclass(frozen=True)
class Fires:
    """Where the admission controller rejects the pod: at ``level`` and above, for policy
    versions in [since, until)."""

    level: str
    since: KubeVersion = (1, 0)
    until: KubeVersion | None = None

    def at(self, level: str, version: KubeVersion) -> bool:
        if pss.LEVELS.index(level) < pss.LEVELS.index(self.level):
            return False
        return self.since <= version and (self.until is None or version < self.until)


@dataclass(frozen=True)
class Custom:
    """Where the admission controller rejects the pod, when one Fires cannot say it."""

    why: str
    at: Callable[[str, KubeVersion], bool]


NEVER = None


@dataclass(frozen=True)
class Case:
    id: str
    control: str  # the control it breaks (for NEVER cases: the one it exercises)
    change: Callable[[Pod], None]
    fires: Fires | Custom | None

    def pod(self) -> Pod:
        pod = copy.deepcopy(COMPLIANT)
        self.change(pod)
        return pod


def spec(pod: Pod) -> dict[str, Any]:
    return pod["spec"]


def app(pod: Pod) -> dict[str, Any]:
    return pod["spec"]["containers"][0]


def init(pod: Pod) -> dict[str, Any]:
    return pod["spec"]["initContainers"][0]


def app_sc(pod: Pod) -> dict[str, Any]:
    return app(pod)["securityContext"]


def pod_sc(pod: Pod) -> dict[str, Any]:
    return pod["spec"]["securityContext"]


def windows(pod: Pod) -> None:
    spec(pod)["os"] = {"name": "windows"}


def user_namespace(pod: Pod) -> None:
    spec(pod)["hostUsers"] = False


def sysctl(name: str) -> Callable[[Pod], None]:
    return lambda pod: pod_sc(pod).update(sysctls=[{"name": name, "value": "1"}])


def volume(source: str, value: Any) -> Callable[[Pod], None]:
    return lambda pod: spec(pod)["volumes"].append({"name": "data", source: value})


def both(*changes: Callable[[Pod], None]) -> Callable[[Pod], None]:
    def apply(pod: Pod) -> None:
        for change in changes:
            change(pod)

    return apply


BASELINE = Fires("baseline")
RESTRICTED = Fires("restricted")

# fmt: off
CASES = [
    # HostProcess
    Case("pod-host-process", "host-process",
         lambda p: pod_sc(p).update(windowsOptions={"hostProcess": True}), BASELINE),
    Case("container-host-process", "host-process",
         lambda p: app_sc(p).update(windowsOptions={"hostProcess": True}), BASELINE),
    Case("host-process-false", "host-process",
         lambda p: app_sc(p).update(windowsOptions={"hostProcess": False}), NEVER),
    # Host Namespaces
    Case("host-network", "host-namespaces", lambda p: spec(p).update(hostNetwork=True), BASELINE),
    Case("host-pid", "host-namespaces", lambda p: spec(p).update(hostPID=True), BASELINE),
    Case("host-ipc", "host-namespaces", lambda p: spec(p).update(hostIPC=True), BASELINE),
    Case("host-network-false", "host-namespaces",
         lambda p: spec(p).update(hostNetwork=False), NEVER),
    # Privileged Containers
    Case("privileged", "privileged", lambda p: app_sc(p).update(privileged=True), BASELINE),
    Case("privileged-init", "privileged",
         lambda p: init(p)["securityContext"].update(privileged=True), BASELINE),
    Case("privileged-ephemeral", "privileged",
         lambda p: spec(p).update(ephemeralContainers=[
             {"name": "debug", "image": "busybox:1.36",
              "securityContext": {**_restricted_context(), "privileged": True}}]), BASELINE),
    Case("privileged-false", "privileged", lambda p: app_sc(p).update(privileged=False), NEVER),
    # Capabilities
    Case("add-sys-admin", "capabilities",
         lambda p: app_sc(p)["capabilities"].update(add=["SYS_ADMIN"]), BASELINE),
    Case("add-net-raw", "capabilities",
         lambda p: app_sc(p)["capabilities"].update(add=["NET_RAW"]), BASELINE),
    Case("add-default-capability", "capabilities",
         lambda p: app_sc(p)["capabilities"].update(add=["CHOWN"]),
         Fires("restricted", since=(1, 22))),
    Case("add-net-bind-service", "capabilities",
         lambda p: app_sc(p)["capabilities"].update(add=["NET_BIND_SERVICE"]), NEVER),
    Case("no-drop-all", "capabilities",
         lambda p: app_sc(p).pop("capabilities"), Fires("restricted", since=(1, 22))),
    Case("drop-some", "capabilities",
         lambda p: app_sc(p).update(capabilities={"drop": ["NET_RAW"]}),
         Fires("restricted", since=(1, 22))),
    Case("init-no-drop-all", "capabilities",
         lambda p: init(p)["securityContext"].pop("capabilities"),
         Fires("restricted", since=(1, 22))),
    Case("windows-no-drop-all", "capabilities",
         both(windows, lambda p: app_sc(p).pop("capabilities")),
         Fires("restricted", since=(1, 22), until=(1, 25))),
    Case("windows-add-sys-admin", "capabilities",
         both(windows, lambda p: app_sc(p)["capabilities"].update(add=["SYS_ADMIN"])),
         Custom("baseline forbids it; at restricted the restricted check replaces the baseline "
                "one from 1.22, and exempts windows pods from 1.25",
                lambda level, version: level == "baseline" or version < (1, 25))),
    # HostPath Volumes
    Case("host-path", "host-path", volume("hostPath", {"path": "/var/log"}), BASELINE),
    Case("host-path-empty-dir", "host-path", volume("emptyDir", {"medium": "Memory"}), NEVER),
    # Host Ports
    Case("host-port", "host-ports",
         lambda p: app(p)["ports"][0].update(hostPort=8080), BASELINE),
    Case("host-port-zero", "host-ports", lambda p: app(p)["ports"][0].update(hostPort=0), NEVER),
    # Host Probes / Lifecycle Hooks
    Case("liveness-http-host", "probe-host",
         lambda p: app(p)["livenessProbe"]["httpGet"].update(host="10.0.0.1"),
         Fires("baseline", since=(1, 34))),
    Case("readiness-tcp-host", "probe-host",
         lambda p: app(p).update(readinessProbe={"tcpSocket": {"port": 8080, "host": "db"}}),
         Fires("baseline", since=(1, 34))),
    Case("startup-http-host", "probe-host",
         lambda p: app(p).update(startupProbe={"httpGet": {"port": 8080, "host": "x"}}),
         Fires("baseline", since=(1, 34))),
    Case("pre-stop-http-host", "probe-host",
         lambda p: app(p).update(lifecycle={"preStop": {"httpGet": {"port": 80, "host": "x"}}}),
         Fires("baseline", since=(1, 34))),
    Case("post-start-tcp-host", "probe-host",
         lambda p: init(p).update(lifecycle={"postStart": {"tcpSocket": {"port": 1, "host": "x"}}}),
         Fires("baseline", since=(1, 34))),
    Case("probe-empty-host", "probe-host",
         lambda p: app(p)["livenessProbe"]["httpGet"].update(host=""), NEVER),
    # AppArmor
    Case("apparmor-annotation-unconfined", "apparmor",
         lambda p: p["metadata"].update(annotations={
             "container.apparmor.security.beta.kubernetes.io/app": "unconfined"}), BASELINE),
    Case("apparmor-annotation-runtime-default", "apparmor",
         lambda p: p["metadata"].update(annotations={
             "container.apparmor.security.beta.kubernetes.io/app": "runtime/default"}), NEVER),
    Case("apparmor-annotation-localhost", "apparmor",
         lambda p: p["metadata"].update(annotations={
             "container.apparmor.security.beta.kubernetes.io/app": "localhost/web"}), NEVER),
    Case("apparmor-pod-unconfined", "apparmor",
         lambda p: pod_sc(p).update(appArmorProfile={"type": "Unconfined"}), BASELINE),
    Case("apparmor-container-unconfined", "apparmor",
         lambda p: app_sc(p).update(appArmorProfile={"type": "Unconfined"}), BASELINE),
    Case("apparmor-container-localhost", "apparmor",
         lambda p: app_sc(p).update(
             appArmorProfile={"type": "Localhost", "localhostProfile": "web"}), NEVER),
    # SELinux
    Case("selinux-spc-type", "selinux",
         lambda p: pod_sc(p).update(seLinuxOptions={"type": "spc_t"}), BASELINE),
    Case("selinux-engine-type", "selinux",
         lambda p: app_sc(p).update(seLinuxOptions={"type": "container_engine_t"}),
         Fires("baseline", until=(1, 31))),
    Case("selinux-user", "selinux",
         lambda p: app_sc(p).update(seLinuxOptions={"user": "system_u"}), BASELINE),
    Case("selinux-role", "selinux",
         lambda p: pod_sc(p).update(seLinuxOptions={"role": "system_r"}), BASELINE),
    Case("selinux-level-only", "selinux",
         lambda p: pod_sc(p).update(seLinuxOptions={"level": "s0:c123,c456"}), NEVER),
    Case("selinux-container-type", "selinux",
         lambda p: app_sc(p).update(seLinuxOptions={"type": "container_t"}), NEVER),
    # /proc Mount Type
    Case("proc-mount-unmasked", "proc-mount",
         lambda p: app_sc(p).update(procMount="Unmasked"), BASELINE),
    Case("proc-mount-unmasked-user-namespace", "proc-mount",
         both(user_namespace, lambda p: app_sc(p).update(procMount="Unmasked")),
         Custom("from 1.35 baseline lets user-namespace pods unmask /proc; restricted never",
                lambda level, version: level == "restricted" or version < (1, 35))),
    Case("proc-mount-default", "proc-mount",
         lambda p: app_sc(p).update(procMount="Default"), NEVER),
    # Seccomp
    Case("seccomp-pod-unconfined", "seccomp",
         lambda p: pod_sc(p).update(seccompProfile={"type": "Unconfined"}), BASELINE),
    Case("seccomp-container-unconfined", "seccomp",
         lambda p: app_sc(p).update(seccompProfile={"type": "Unconfined"}), BASELINE),
    Case("seccomp-unset", "seccomp", lambda p: pod_sc(p).pop("seccompProfile"), RESTRICTED),
    Case("seccomp-on-one-container-only", "seccomp",
         both(lambda p: pod_sc(p).pop("seccompProfile"),
              lambda p: app_sc(p).update(seccompProfile={"type": "RuntimeDefault"})),
         RESTRICTED),
    Case("seccomp-on-every-container", "seccomp",
         both(lambda p: pod_sc(p).pop("seccompProfile"),
              lambda p: app_sc(p).update(seccompProfile={"type": "RuntimeDefault"}),
              lambda p: init(p)["securityContext"].update(
                  seccompProfile={"type": "Localhost", "localhostProfile": "x.json"})),
         NEVER),
    Case("seccomp-windows-unset", "seccomp",
         both(windows, lambda p: pod_sc(p).pop("seccompProfile")),
         Fires("restricted", until=(1, 25))),
    # Sysctls
    Case("sysctl-unsafe", "sysctls", sysctl("kernel.msgmax"), BASELINE),
    Case("sysctl-net-core", "sysctls", sysctl("net.core.somaxconn"), BASELINE),
    Case("sysctl-safe-always", "sysctls", sysctl("net.ipv4.ip_unprivileged_port_start"), NEVER),
    Case("sysctl-reserved-ports", "sysctls", sysctl("net.ipv4.ip_local_reserved_ports"),
         Fires("baseline", until=(1, 27))),
    Case("sysctl-keepalive-time", "sysctls", sysctl("net.ipv4.tcp_keepalive_time"),
         Fires("baseline", until=(1, 29))),
    Case("sysctl-fin-timeout", "sysctls", sysctl("net.ipv4.tcp_fin_timeout"),
         Fires("baseline", until=(1, 29))),
    Case("sysctl-keepalive-intvl", "sysctls", sysctl("net.ipv4.tcp_keepalive_intvl"),
         Fires("baseline", until=(1, 29))),
    Case("sysctl-keepalive-probes", "sysctls", sysctl("net.ipv4.tcp_keepalive_probes"),
         Fires("baseline", until=(1, 29))),
    Case("sysctl-rmem", "sysctls", sysctl("net.ipv4.tcp_rmem"), Fires("baseline", until=(1, 32))),
    Case("sysctl-wmem", "sysctls", sysctl("net.ipv4.tcp_wmem"), Fires("baseline", until=(1, 32))),
    Case("sysctl-slow-start", "sysctls", sysctl("net.ipv4.tcp_slow_start_after_idle"),
         Fires("baseline", until=(1, 37))),
    Case("sysctl-notsent-lowat", "sysctls", sysctl("net.ipv4.tcp_notsent_lowat"),
         Fires("baseline", until=(1, 37))),
    # Volume Types
    Case("volume-nfs", "volume-types", volume("nfs", {"server": "x", "path": "/"}), RESTRICTED),
    Case("volume-git-repo", "volume-types", volume("gitRepo", {"repository": "x"}), RESTRICTED),
    Case("volume-iscsi", "volume-types", volume("iscsi", {"targetPortal": "x"}), RESTRICTED),
    Case("volume-cephfs", "volume-types", volume("cephfs", {"monitors": ["x"]}), RESTRICTED),
    Case("volume-flex", "volume-types", volume("flexVolume", {"driver": "x"}), RESTRICTED),
    Case("volume-pvc", "volume-types", volume("persistentVolumeClaim", {"claimName": "x"}),
         NEVER),
    Case("volume-image", "volume-types", volume("image", {"reference": "x:1"}), NEVER),
    Case("volume-ephemeral", "volume-types", volume("ephemeral", {"volumeClaimTemplate": {}}),
         NEVER),
    Case("volume-csi", "volume-types", volume("csi", {"driver": "x"}), NEVER),
    Case("volume-projected", "volume-types", volume("projected", {"sources": []}), NEVER),
    Case("volume-without-source", "volume-types",
         lambda p: spec(p)["volumes"].append({"name": "scratch"}), NEVER),
    # Privilege Escalation
    Case("privilege-escalation-true", "privilege-escalation",
         lambda p: app_sc(p).update(allowPrivilegeEscalation=True), RESTRICTED),
    Case("privilege-escalation-unset", "privilege-escalation",
         lambda p: app_sc(p).pop("allowPrivilegeEscalation"), RESTRICTED),
    Case("privilege-escalation-unset-init", "privilege-escalation",
         lambda p: init(p)["securityContext"].pop("allowPrivilegeEscalation"), RESTRICTED),
    Case("privilege-escalation-windows", "privilege-escalation",
         both(windows, lambda p: app_sc(p).pop("allowPrivilegeEscalation")),
         Fires("restricted", until=(1, 25))),
    # Running as Non-root
    Case("non-root-unset", "run-as-non-root", lambda p: pod_sc(p).pop("runAsNonRoot"),
         RESTRICTED),
    Case("non-root-pod-false", "run-as-non-root",
         lambda p: pod_sc(p).update(runAsNonRoot=False), RESTRICTED),
    Case("non-root-container-false", "run-as-non-root",
         lambda p: app_sc(p).update(runAsNonRoot=False), RESTRICTED),
    Case("non-root-on-one-container-only", "run-as-non-root",
         both(lambda p: pod_sc(p).pop("runAsNonRoot"),
              lambda p: app_sc(p).update(runAsNonRoot=True)), RESTRICTED),
    Case("non-root-on-every-container", "run-as-non-root",
         both(lambda p: pod_sc(p).pop("runAsNonRoot"),
              lambda p: app_sc(p).update(runAsNonRoot=True),
              lambda p: init(p)["securityContext"].update(runAsNonRoot=True)), NEVER),
    Case("non-root-windows", "run-as-non-root",
         both(windows, lambda p: pod_sc(p).pop("runAsNonRoot")), RESTRICTED),
    Case("non-root-user-namespace", "run-as-non-root",
         both(user_namespace, lambda p: pod_sc(p).pop("runAsNonRoot")),
         Fires("restricted", until=(1, 35))),
    # Running as Non-root user
    Case("run-as-user-pod-0", "run-as-user", lambda p: pod_sc(p).update(runAsUser=0),
         Fires("restricted", since=(1, 23))),
    Case("run-as-user-container-0", "run-as-user", lambda p: app_sc(p).update(runAsUser=0),
         Fires("restricted", since=(1, 23))),
    Case("run-as-user-user-namespace", "run-as-user",
         both(user_namespace, lambda p: app_sc(p).update(runAsUser=0)),
         Fires("restricted", since=(1, 23), until=(1, 35))),
    Case("run-as-user-non-zero", "run-as-user", lambda p: pod_sc(p).update(runAsUser=1000), NEVER),
    # Settings that no control restricts
    Case("user-namespace", "run-as-non-root", user_namespace, NEVER),
    Case("windows", "privilege-escalation", windows, NEVER),
]
# fmt: on


def _expected(case: Case, level: str, version: KubeVersion) -> set[str]:
    return {case.control} if case.fires and case.fires.at(level, version) else set()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_each_control_fires_exactly_where_the_standard_says(case):
    assert case.control in pss.CONTROLS
    pod = case.pod()
    wrong = []
    for level in LEVELS:
        for version in VERSIONS:
            found = pss.evaluate(pod["spec"], pod["metadata"], level, version)
            got = {v.control for v in found}
            if got != _expected(case, level, version):
                wrong.append(f"{level} v1.{version[1]}: {sorted(got) or 'nothing'}")
    assert not wrong, f"{case.id}: wrong at\n" + "\n".join(wrong)


def test_a_compliant_pod_is_admitted_everywhere():
    for level in pss.LEVELS:
        for minor in range(0, 40):
            assert pss.evaluate(COMPLIANT["spec"], COMPLIANT["metadata"], level, (1, minor)) == []


def test_privileged_checks_nothing():
    for case in CASES:
        pod = case.pod()
        assert pss.evaluate(pod["spec"], pod["metadata"], "privileged", (1, 37)) == []


@pytest.mark.parametrize("control_id", sorted(pss.CONTROLS))
def test_every_control_has_cases_that_fire_and_cases_that_do_not(control_id):
    mine = [c for c in CASES if c.control == control_id]
    assert any(c.fires for c in mine), control_id
    assert any(c.fires is None for c in mine), control_id


@pytest.mark.parametrize("case", [c for c in CASES if c.fires], ids=lambda c: c.id)
def test_each_violation_formats_with_its_rule_message(case):
    pod = case.pod()
    rules = load_rules()
    for level in LEVELS:
        for v in pss.evaluate(pod["spec"], pod["metadata"], level, (1, 30)):
            rule = rules[pss.CONTROLS[v.control].rule_id]
            text = rule.messages[v.message].format(level=level, version="1.30", **v.fields)
            assert level in text and "{" not in text.replace("{drop", ""), text


def test_every_control_has_a_rule_in_the_pod_security_category():
    rules = load_rules()
    assert sorted(c.rule_id for c in pss.CONTROLS.values()) == PSS_RULES
    for rule_id in PSS_RULES:
        assert rules[rule_id].category == "pod-security"
        assert rules[rule_id].severity == "error"
        assert rules[rule_id].default


# --------------------------------------------------------------------------- paths


def _paths(pod: Pod, level: str, version: KubeVersion = (1, 37)) -> list[tuple[str, tuple]]:
    return [(v.control, v.path) for v in pss.evaluate(pod["spec"], pod["metadata"], level, version)]


def test_violations_point_at_the_offending_field():
    pod = copy.deepcopy(COMPLIANT)
    spec(pod)["containers"].append(copy.deepcopy(app(pod)) | {"name": "sidecar"})
    spec(pod)["containers"][1]["securityContext"]["privileged"] = True
    spec(pod)["containers"][1]["securityContext"]["capabilities"]["add"] = ["CHOWN", "SYS_TIME"]
    pod_sc(pod)["sysctls"] = [{"name": "kernel.shm_rmid_forced"}, {"name": "kernel.sem"}]
    assert _paths(pod, "restricted") == [
        ("privileged", ("spec", "containers", 1, "securityContext", "privileged")),
        ("capabilities", ("spec", "containers", 1, "securityContext", "capabilities", "add", 0)),
        ("capabilities", ("spec", "containers", 1, "securityContext", "capabilities", "add", 1)),
        ("sysctls", ("spec", "securityContext", "sysctls", 1, "name")),
    ]
    assert _paths(pod, "baseline") == [
        ("privileged", ("spec", "containers", 1, "securityContext", "privileged")),
        ("capabilities", ("spec", "containers", 1, "securityContext", "capabilities", "add", 1)),
        ("sysctls", ("spec", "securityContext", "sysctls", 1, "name")),
    ]


def test_a_missing_required_field_points_where_it_belongs():
    pod = copy.deepcopy(COMPLIANT)
    del pod_sc(pod)["runAsNonRoot"]
    del pod_sc(pod)["seccompProfile"]
    del init(pod)["securityContext"]
    sc = ("spec", "initContainers", 0, "securityContext")
    assert sorted(_paths(pod, "restricted")) == sorted([
        ("capabilities", (*sc, "capabilities", "drop")),
        ("seccomp", (*sc, "seccompProfile", "type")),
        ("seccomp", ("spec", "containers", 0, "securityContext", "seccompProfile", "type")),
        ("privilege-escalation", (*sc, "allowPrivilegeEscalation")),
        ("run-as-non-root", (*sc, "runAsNonRoot")),
        ("run-as-non-root", ("spec", "containers", 0, "securityContext", "runAsNonRoot")),
    ])  # fmt: skip


def test_a_bad_pod_level_value_is_reported_once_not_per_inheriting_container():
    pod = copy.deepcopy(COMPLIANT)
    pod_sc(pod).update(runAsNonRoot=False, seccompProfile={"type": "Unconfined"})
    assert _paths(pod, "restricted") == [
        ("seccomp", ("spec", "securityContext", "seccompProfile", "type")),
        ("run-as-non-root", ("spec", "securityContext", "runAsNonRoot")),
    ]


def test_annotations_point_into_the_metadata():
    pod = copy.deepcopy(COMPLIANT)
    key = "container.apparmor.security.beta.kubernetes.io/app"
    pod["metadata"]["annotations"] = {key: "unconfined"}
    assert _paths(pod, "baseline") == [("apparmor", ("metadata", "annotations", key))]


# --------------------------------------------------------------------------- older policies


def test_seccomp_annotations_before_1_19():
    pod = copy.deepcopy(COMPLIANT)
    del pod_sc(pod)["seccompProfile"]
    pod["metadata"]["annotations"] = {
        "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
        "container.seccomp.security.alpha.kubernetes.io/app": "docker/default",
        "container.seccomp.security.alpha.kubernetes.io/init": "localhost/x.json",
    }
    for level in LEVELS:
        assert _paths(pod, level, (1, 18)) == [
            ("seccomp", ("metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod"))
        ]
        # from 1.19 the annotations are ignored: baseline is content, restricted wants fields
        assert {c for c, _ in _paths(pod, level, (1, 19))} == (
            {"seccomp"} if level == "restricted" else set()
        )


def test_restricted_capabilities_and_run_as_user_start_in_1_22_and_1_23():
    pod = copy.deepcopy(COMPLIANT)
    app_sc(pod).update(capabilities={"add": ["CHOWN"]}, runAsUser=0)
    assert _paths(pod, "restricted", (1, 21)) == []
    assert {c for c, _ in _paths(pod, "restricted", (1, 22))} == {"capabilities"}
    assert {c for c, _ in _paths(pod, "restricted", (1, 23))} == {"capabilities", "run-as-user"}


def test_versions_after_the_newest_policy_check_like_it():
    pod = copy.deepcopy(COMPLIANT)
    pod_sc(pod)["sysctls"] = [{"name": "net.ipv4.tcp_notsent_lowat"}, {"name": "kernel.sem"}]
    assert _paths(pod, "baseline", (1, 40)) == _paths(pod, "baseline", pss.NEWEST_POLICY)


# --------------------------------------------------------------------------- which level


NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: {name}
  labels: {labels}
---
"""
POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
  namespace: {namespace}
spec:
  securityContext:
    sysctls:
    - name: net.ipv4.tcp_rmem
      value: "4096 87380 6291456"
  containers:
  - name: app
    image: nginx:1.27.3
---
"""


def _lint(tmp_path, text: str, pod_security=None, kube_version=(1, 36)):
    path = write(tmp_path, text)
    settings = Settings(
        severities=severities(PSS_RULES), kube_version=kube_version, pod_security=pod_security
    )
    report = lint_clean([path], settings)
    return sorted((f.object.name if f.object else "", f.rule) for f in report.findings)


def _manifest(*namespaces: tuple[str, str], pods: list[tuple[str, str]]) -> str:
    text = "".join(NAMESPACE.format(name=n, labels=labels) for n, labels in namespaces)
    return text + "".join(POD.format(name=p, namespace=ns) for p, ns in pods)


def test_nothing_is_checked_without_a_level(tmp_path):
    text = _manifest(("plain", "{team: a}"), pods=[("a", "plain"), ("b", "elsewhere")])
    assert _lint(tmp_path, text) == []


def test_the_configured_level_applies_where_no_label_says_otherwise(tmp_path):
    text = _manifest(("plain", "{team: a}"), pods=[("a", "plain"), ("b", "elsewhere")])
    found = _lint(tmp_path, text, pod_security=("restricted", None))
    assert ("a", "pss-run-as-non-root") in found and ("b", "pss-run-as-non-root") in found
    # the configured version pins the standard: tcp_rmem is safe from 1.32 only
    assert ("a", "pss-sysctls") not in found
    found = _lint(tmp_path, text, pod_security=("baseline", (1, 31)))
    assert found == [("a", "pss-sysctls"), ("b", "pss-sysctls")]


def test_the_namespace_label_wins_over_the_configured_level(tmp_path):
    text = _manifest(
        ("open", "{pod-security.kubernetes.io/enforce: privileged}"),
        ("pinned", "{pod-security.kubernetes.io/enforce: baseline, "
                   "pod-security.kubernetes.io/enforce-version: v1.31}"),
        ("current", "{pod-security.kubernetes.io/enforce: baseline, "
                    "pod-security.kubernetes.io/enforce-version: latest}"),
        pods=[("a", "open"), ("b", "pinned"), ("c", "current"), ("d", "unlabelled")],
    )  # fmt: skip
    found = _lint(tmp_path, text, pod_security=("restricted", None))
    assert ("a", "pss-run-as-non-root") not in found  # privileged: nothing
    assert [r for n, r in found if n == "b"] == ["pss-sysctls"]  # baseline as of 1.31
    assert [r for n, r in found if n == "c"] == []  # baseline as of the target
    assert ("d", "pss-run-as-non-root") in found  # no label: the configured level
    # labels apply without any configured level
    assert _lint(tmp_path, text) == [("b", "pss-sysctls")]


def test_a_version_label_alone_pins_the_configured_level(tmp_path):
    text = _manifest(
        ("pinned", "{pod-security.kubernetes.io/enforce-version: v1.31}"),
        pods=[("a", "pinned")],
    )
    assert _lint(tmp_path, text) == []  # no level anywhere: privileged
    assert _lint(tmp_path, text, pod_security=("baseline", None)) == [("a", "pss-sysctls")]


def test_labels_are_read_as_the_admission_controller_reads_them(tmp_path):
    text = _manifest(
        # an unknown level is enforced as restricted; a version without its "v" as latest
        ("typo", "{pod-security.kubernetes.io/enforce: strict, "
                 "pod-security.kubernetes.io/enforce-version: '1.31'}"),
        pods=[("a", "typo")],
    )  # fmt: skip
    found = _lint(tmp_path, text)
    assert ("a", "pss-run-as-non-root") in found and ("a", "pss-sysctls") not in found


def test_latest_means_the_target_version(tmp_path):
    text = _manifest(
        ("current", "{pod-security.kubernetes.io/enforce: baseline, "
                    "pod-security.kubernetes.io/enforce-version: latest}"),
        pods=[("a", "current")],
    )  # fmt: skip
    assert _lint(tmp_path, text, kube_version=(1, 31)) == [("a", "pss-sysctls")]
    assert _lint(tmp_path, text, kube_version=(1, 32)) == []


def test_a_namespace_in_another_file_of_the_project_sets_the_level(tmp_path):
    write(tmp_path, NAMESPACE.format(name="apps", labels="{pod-security.kubernetes.io/enforce: "
                                     "baseline, pod-security.kubernetes.io/enforce-version: "
                                     "v1.31}"), "cluster/namespaces.yaml")  # fmt: skip
    pod = write(tmp_path, POD.format(name="a", namespace="apps"), "apps/pod.yaml")
    settings = Settings(severities=severities(PSS_RULES))
    report = lint_clean([pod], settings, context=[str(tmp_path)])
    assert [f.rule for f in report.findings] == ["pss-sysctls"]
    assert not lint_clean([pod], settings).findings  # without the project: no level


def test_workload_templates_are_checked_like_pods(tmp_path):
    text = NAMESPACE.format(name="apps", labels="{pod-security.kubernetes.io/enforce: baseline}")
    text += """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: apps}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/job: unconfined
        spec:
          restartPolicy: OnFailure
          hostPID: true
          containers:
          - name: job
            image: busybox:1.36
"""
    found = _lint(tmp_path, text)
    assert found == [("nightly", "pss-apparmor"), ("nightly", "pss-host-namespaces")]


# --------------------------------------------------------------------------- the CLI


def _cli(tmp_path, text: str, *args: str):
    import json

    from click.testing import CliRunner

    from kubelint.cli import cli

    path = write(tmp_path, text)
    result = CliRunner().invoke(
        cli, ["lint", "--no-config", "--format", "json", *args, str(path)],
        catch_exceptions=False,
    )  # fmt: skip
    data = json.loads(result.output)
    findings = data["findings"] if isinstance(data, dict) else data
    return [f for f in findings if f["rule"].startswith("pss-")]


def test_cli_pod_security_option(tmp_path):
    text = _manifest(pods=[("a", "team")])
    assert _cli(tmp_path, text) == []
    found = _cli(tmp_path, text, "--pod-security", "baseline:1.31")
    assert [(f["rule"], f["line"]) for f in found] == [("pss-sysctls", 9)]
    assert "baseline Pod Security Standard at v1.31 (Sysctls)" in found[0]["message"]
    assert _cli(tmp_path, text, "--pod-security", "baseline") == []
    rules = {f["rule"] for f in _cli(tmp_path, text, "--pod-security", "restricted")}
    assert rules == {
        "pss-capabilities", "pss-privilege-escalation", "pss-run-as-non-root", "pss-seccomp"
    }  # fmt: skip


def test_cli_findings_point_at_the_exact_node(tmp_path):
    text = NAMESPACE.format(name="apps", labels="{pod-security.kubernetes.io/enforce: baseline}")
    text += """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27.3
      - name: agent
        image: busybox:1.36
        securityContext:
          privileged: true
"""
    found = _cli(tmp_path, text)
    assert [(f["rule"], f["line"], f["column"]) for f in found] == [("pss-privileged", 21, 23)]
    assert found[0]["message"] == (
        "container 'agent' sets securityContext.privileged: true, which the baseline Pod "
        "Security Standard (Privileged Containers) forbids; remove it"
    )
