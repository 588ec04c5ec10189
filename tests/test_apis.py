"""The API life-cycle table and the three rules built on it: removed-api, deprecated-api and
deprecated-field. Boundary versions, the replacement chosen for each target, PodSecurityPolicy
and Istio's removed APIs, and what the messages tell the user."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fixture_support import lint_clean, severities, write
from kubelint import apis
from kubelint.engine import Settings
from kubelint.registry import load_rules
from kubelint.versions import NEWEST, OLDEST

RULES = ("removed-api", "deprecated-api", "deprecated-field")
ALL_TARGETS = [(1, minor) for minor in range(OLDEST[1], NEWEST[1] + 1)]


def run(tmp_path, text, version=NEWEST, rules=RULES):
    settings = Settings(severities=severities(rules), kube_version=version)
    return lint_clean([write(tmp_path, text, "manifest.yaml")], settings).findings


def header(api_version, kind, name="x"):
    return f"apiVersion: {api_version}\nkind: {kind}\nmetadata:\n  name: {name}\n"


# --------------------------------------------------------------------------- the table


def test_removed_means_the_first_release_that_does_not_serve_it():
    ingress = apis.lifecycle("extensions/v1beta1", "Ingress")
    assert ingress is not None
    assert not ingress.removed_at((1, 21)) and ingress.deprecated_at((1, 21))
    assert ingress.removed_at((1, 22)) and not ingress.deprecated_at((1, 22))


def test_deprecated_from_its_release_only():
    cronjob = apis.lifecycle("batch/v1beta1", "CronJob")
    assert cronjob is not None
    assert not cronjob.deprecated_at((1, 20))
    assert cronjob.deprecated_at((1, 21)) and cronjob.deprecated_at((1, 24))
    assert not cronjob.deprecated_at((1, 25)) and cronjob.removed_at((1, 25))


def test_current_versions_are_neither_deprecated_nor_removed():
    for api_version, kind in [
        ("apps/v1", "Deployment"),
        ("networking.k8s.io/v1", "Ingress"),
        ("batch/v1", "CronJob"),
        ("policy/v1", "PodDisruptionBudget"),
        ("autoscaling/v2", "HorizontalPodAutoscaler"),
        ("v1", "Service"),
    ]:
        entry = apis.lifecycle(api_version, kind)
        assert entry is not None, (api_version, kind)
        assert not any(entry.removed_at(t) or entry.deprecated_at(t) for t in ALL_TARGETS)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ((1, 23), "flowcontrol.apiserver.k8s.io/v1beta2"),
        ((1, 25), "flowcontrol.apiserver.k8s.io/v1beta2"),
        ((1, 26), "flowcontrol.apiserver.k8s.io/v1beta3"),
        ((1, 28), "flowcontrol.apiserver.k8s.io/v1beta3"),
        ((1, 29), "flowcontrol.apiserver.k8s.io/v1"),
        ((1, 36), "flowcontrol.apiserver.k8s.io/v1"),
    ],
)
def test_flowcontrol_replacement_is_the_newest_the_target_serves(target, expected):
    entry = apis.lifecycle("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema")
    assert entry is not None
    choice = apis.choose_replacement(entry, target)
    assert choice is not None and choice.served_from is None
    assert choice.replacement.api_version == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [((1, 22), "autoscaling/v2beta2"), ((1, 23), "autoscaling/v2"), ((1, 30), "autoscaling/v2")],
)
def test_hpa_replacement_switches_to_v2_from_1_23(target, expected):
    entry = apis.lifecycle("autoscaling/v2beta1", "HorizontalPodAutoscaler")
    assert entry is not None
    choice = apis.choose_replacement(entry, target)
    assert choice is not None
    assert choice.replacement.api_version == expected


def test_pod_security_policy_has_no_replacement_once_policy_v1beta1_is_gone():
    for api_version in ("extensions/v1beta1", "policy/v1beta1", "policy/v1"):
        entry = apis.lifecycle(api_version, "PodSecurityPolicy")
        assert entry is not None and entry.removed_at((1, 25))
        assert apis.choose_replacement(entry, (1, 25)) is None
        assert "Pod Security Admission" in entry.note
    older = apis.lifecycle("extensions/v1beta1", "PodSecurityPolicy")
    assert older is not None and older.removed_at((1, 20))
    choice = apis.choose_replacement(older, (1, 20))
    assert choice is not None and choice.replacement.api_version == "policy/v1beta1"


def test_kinds_that_never_existed_in_a_version_are_never_served():
    for api_version, kind in [
        ("apps/v1beta1", "DaemonSet"),
        ("apps/v1beta1", "ReplicaSet"),
        ("policy/v1", "PodSecurityPolicy"),
    ]:
        entry = apis.lifecycle(api_version, kind)
        assert entry is not None and entry.never_served
        assert all(entry.removed_at(t) for t in ALL_TARGETS)


@pytest.mark.parametrize(
    ("api_version", "kind", "replacement"),
    [
        ("config.istio.io/v1alpha2", "RouteRule", "networking.istio.io/v1 VirtualService"),
        ("config.istio.io/v1alpha2", "DestinationPolicy", "networking.istio.io/v1 DestinationRule"),
        ("config.istio.io/v1alpha2", "EgressRule", "networking.istio.io/v1 ServiceEntry"),
        ("rbac.istio.io/v1alpha1", "ServiceRole", "security.istio.io/v1 AuthorizationPolicy"),
        ("rbac.istio.io/v1alpha1", "ClusterRbacConfig", "security.istio.io/v1 AuthorizationPolicy"),
        (
            "authentication.istio.io/v1alpha1",
            "MeshPolicy",
            "security.istio.io/v1 PeerAuthentication",
        ),
    ],
)
def test_istio_removed_apis_are_removed_whatever_the_kubernetes_target(
    api_version, kind, replacement
):
    entry = apis.lifecycle(api_version, kind)
    assert entry is not None and entry.component == "Istio"
    assert all(entry.removed_at(t) for t in ALL_TARGETS)
    choice = apis.choose_replacement(entry, OLDEST)
    assert choice is not None and str(choice.replacement) == replacement


def test_every_mixer_kind_falls_under_the_config_istio_io_row():
    for kind in ("rule", "handler", "instance", "attributemanifest", "QuotaSpec"):
        entry = apis.lifecycle("config.istio.io/v1alpha2", kind)
        assert entry is not None and entry.kind == "*" and "Mixer" in entry.note


def test_istio_networking_and_security_apis_are_current():
    for api_version, kind in [
        ("networking.istio.io/v1alpha3", "VirtualService"),
        ("networking.istio.io/v1beta1", "DestinationRule"),
        ("networking.istio.io/v1", "Gateway"),
        ("security.istio.io/v1beta1", "AuthorizationPolicy"),
    ]:
        assert apis.lifecycle(api_version, kind) is None


def test_table_is_consistent():
    table = apis._lifecycle_table()
    for (api_version, kind), entry in table.items():
        where = f"{api_version} {kind}"
        if entry.deprecated or entry.removed or entry.never_served:
            assert entry.note, f"{where}: no migration note"
        if entry.deprecated and entry.removed and entry.is_kubernetes:
            assert entry.deprecated <= entry.removed, where
        if entry.introduced and entry.removed and entry.is_kubernetes:
            assert entry.introduced < entry.removed, where
        assert entry.note == entry.note.strip() and not entry.note.endswith("."), where
        for replacement in entry.replacements:
            assert (replacement.api_version, kind) != (api_version, kind), where
            if entry.is_kubernetes:
                assert (replacement.api_version, replacement.kind) in table, (
                    f"{where}: replacement {replacement} is not in the table"
                )


def test_the_table_is_read_on_first_use_not_at_import():
    code = (
        "import kubelint.rules.removed_api, kubelint.rules.deprecated_api, "
        "kubelint.rules.deprecated_field\n"
        "from kubelint import apis\n"
        "print(apis._lifecycle_table.cache_info().currsize, apis._field_table.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


# --------------------------------------------------------------------------- removed-api


def test_removed_api_points_at_the_api_version_and_names_the_way_out(tmp_path):
    findings = run(
        tmp_path,
        header("apps/v1beta1", "Deployment", "db")
        + "spec:\n  template:\n    metadata:\n      labels: {app: db}\n",
        version=(1, 30),
    )
    assert [(f.rule, f.severity, f.line, f.column) for f in findings] == [
        ("removed-api", "error", 1, 13)
    ]
    message = findings[0].message
    assert message.startswith("apps/v1beta1 Deployment was removed in Kubernetes 1.16")
    assert "not served by 1.30" in message
    assert "use apps/v1 Deployment" in message
    assert "spec.selector" in message


def test_removed_api_suggests_the_replacement_served_at_the_target(tmp_path):
    text = header("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema")
    [on_1_27] = run(tmp_path, text, version=(1, 27))
    assert "use flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema" in on_1_27.message
    [on_1_30] = run(tmp_path, text, version=(1, 30))
    assert "use flowcontrol.apiserver.k8s.io/v1 FlowSchema" in on_1_30.message


def test_removed_api_says_when_nothing_replaces_it(tmp_path):
    [finding] = run(tmp_path, header("policy/v1beta1", "PodSecurityPolicy"), version=(1, 30))
    assert "no API replaces it" in finding.message
    assert "Pod Security Admission" in finding.message


def test_removed_api_names_the_istio_release(tmp_path):
    [finding] = run(tmp_path, header("config.istio.io/v1alpha2", "RouteRule"), version=OLDEST)
    assert finding.rule == "removed-api"
    assert finding.message.startswith("config.istio.io/v1alpha2 RouteRule was removed in Istio 1.0")
    assert "use networking.istio.io/v1 VirtualService" in finding.message


def test_removed_api_keeps_the_kind_when_a_whole_group_moved(tmp_path):
    text = header("certmanager.k8s.io/v1alpha1", "Certificate") + "---\n"
    text += header("certmanager.k8s.io/v1alpha1", "Order")
    certificate, order = run(tmp_path, text)
    assert certificate.message.startswith(
        "certmanager.k8s.io/v1alpha1 Certificate was removed in cert-manager 0.11; "
        "use cert-manager.io/v1 Certificate:"
    )
    assert "use acme.cert-manager.io/v1 Order:" in order.message


def test_removed_api_for_a_kind_that_never_existed(tmp_path):
    [finding] = run(tmp_path, header("apps/v1beta1", "DaemonSet"), version=OLDEST)
    assert finding.message.startswith("apps/v1beta1 never had a kind DaemonSet")


def test_items_of_a_list_are_checked(tmp_path):
    findings = run(
        tmp_path,
        """\
        apiVersion: v1
        kind: List
        items:
        - apiVersion: extensions/v1beta1
          kind: NetworkPolicy
          metadata: {name: deny-all}
          spec: {podSelector: {}}
        """,
    )
    assert [(f.rule, f.line) for f in findings] == [("removed-api", 4)]


def test_unknown_and_custom_api_versions_are_left_alone(tmp_path):
    text = (
        header("example.com/v1alpha1", "Widget")
        + "---\n"
        + header("networking.istio.io/v1alpha3", "VirtualService")
    )
    assert run(tmp_path, text) == []


# --------------------------------------------------------------------------- deprecated-api


def test_deprecated_api_names_the_removal_and_the_replacement(tmp_path):
    [finding] = run(tmp_path, header("autoscaling/v2beta2", "HorizontalPodAutoscaler"), (1, 24))
    assert (finding.rule, finding.severity) == ("deprecated-api", "warning")
    assert finding.message.startswith(
        "autoscaling/v2beta2 HorizontalPodAutoscaler is deprecated since Kubernetes 1.23 "
        "and is not served from 1.26; use autoscaling/v2 HorizontalPodAutoscaler"
    )


def test_deprecated_api_without_scheduled_removal(tmp_path):
    [finding] = run(tmp_path, header("v1", "Endpoints"), version=(1, 33))
    assert "no removal is scheduled" in finding.message
    assert "discovery.k8s.io/v1 EndpointSlice" in finding.message
    assert run(tmp_path, header("v1", "Endpoints"), version=(1, 32)) == []


@pytest.mark.parametrize("target", ALL_TARGETS, ids=lambda t: f"{t[0]}.{t[1]}")
def test_every_table_row_yields_a_complete_message_at_every_target(tmp_path, target):
    table = apis._lifecycle_table()
    documents = []
    for api_version, kind in sorted(table):
        if "*" in api_version:
            api_version = api_version.replace("*", "v1alpha1")
        documents.append(header(api_version, "Anything" if kind == "*" else kind))
    findings = run(tmp_path, "---\n".join(documents), version=target, rules=RULES[:2])
    assert findings
    for finding in findings:
        assert "  " not in finding.message and "from ;" not in finding.message, finding.message
        assert " *" not in finding.message, finding.message
        assert "Kubernetes ;" not in finding.message and " in  " not in finding.message
        assert not finding.message.endswith(": "), finding.message


# --------------------------------------------------------------------------- deprecated-field

SECCOMP_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
spec:
  containers:
  - name: c
    image: busybox:1.36
"""


def test_seccomp_annotation_is_deprecated_then_defunct(tmp_path):
    assert run(tmp_path, SECCOMP_POD, version=(1, 18)) == []
    [deprecated] = run(tmp_path, SECCOMP_POD, version=(1, 26))
    assert deprecated.message.startswith(
        "annotation 'seccomp.security.alpha.kubernetes.io/pod' is deprecated since Kubernetes 1.19"
    )
    [defunct] = run(tmp_path, SECCOMP_POD, version=(1, 27))
    assert "has no effect since Kubernetes 1.27" in defunct.message
    assert "seccompProfile" in defunct.message
    assert (defunct.line, defunct.column) == (6, 5)  # the key, not the value


def test_removed_volume_plugin_changes_message_at_its_removal(tmp_path):
    text = """\
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: gluster
    spec:
      capacity: {storage: 1Gi}
      accessModes: [ReadWriteMany]
      glusterfs: {endpoints: gluster, path: vol}
    """
    [before] = run(tmp_path, text, version=(1, 25))
    assert before.message.startswith("volume type glusterfs is deprecated since Kubernetes 1.25")
    [after] = run(tmp_path, text, version=(1, 26))
    assert after.message.startswith("volume type glusterfs was removed in Kubernetes 1.26")
    assert (after.line, after.column) == (8, 3)


def test_node_labels_are_found_wherever_nodes_are_selected(tmp_path):
    text = """\
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: local
    spec:
      capacity: {storage: 1Gi}
      accessModes: [ReadWriteOnce]
      local: {path: /mnt/disk}
      nodeAffinity:
        required:
          nodeSelectorTerms:
          - matchExpressions:
            - {key: failure-domain.beta.kubernetes.io/region, operator: In, values: [r1]}
    ---
    apiVersion: node.k8s.io/v1
    kind: RuntimeClass
    metadata:
      name: gvisor
    handler: runsc
    scheduling:
      nodeSelector:
        beta.kubernetes.io/arch: amd64
    ---
    apiVersion: storage.k8s.io/v1
    kind: StorageClass
    metadata:
      name: zonal
    provisioner: ebs.csi.aws.com
    allowedTopologies:
    - matchLabelExpressions:
      - key: failure-domain.beta.kubernetes.io/zone
        values: [us-east-1a]
    ---
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: j
    spec:
      template:
        spec:
          restartPolicy: Never
          affinity:
            nodeAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 1
                preference:
                  matchExpressions:
                  - {key: node-role.kubernetes.io/master, operator: DoesNotExist}
          topologySpreadConstraints:
          - {maxSkew: 1, topologyKey: failure-domain.beta.kubernetes.io/zone,
             whenUnsatisfiable: DoNotSchedule}
          containers:
          - {name: c, image: busybox:1.36}
    """
    findings = run(tmp_path, text)
    assert [(f.line, f.message.split(";")[0]) for f in findings] == [
        (
            13,
            "node label 'failure-domain.beta.kubernetes.io/region' is deprecated since Kubernetes 1.17",
        ),
        (22, "node label 'beta.kubernetes.io/arch' is deprecated since Kubernetes 1.14"),
        (
            31,
            "node label 'failure-domain.beta.kubernetes.io/zone' is deprecated since Kubernetes 1.17",
        ),
        (48, "node label 'node-role.kubernetes.io/master' is deprecated since Kubernetes 1.20"),
        (
            50,
            "node label 'failure-domain.beta.kubernetes.io/zone' is deprecated since Kubernetes 1.17",
        ),
    ]
    assert findings[1].message.endswith("use 'kubernetes.io/arch'")


def test_deprecated_value_points_at_the_value_and_other_values_pass(tmp_path):
    text = """\
    apiVersion: v1
    kind: PersistentVolume
    metadata:
      name: {name}
    spec:
      capacity: {{storage: 1Gi}}
      accessModes: [ReadWriteOnce]
      persistentVolumeReclaimPolicy: {policy}
      hostPath: {{path: /data}}
    """
    [recycle] = run(tmp_path, text.format(name="a", policy="Recycle"))
    assert (recycle.line, recycle.column) == (8, 34)
    assert recycle.message.startswith("spec.persistentVolumeReclaimPolicy: Recycle is deprecated;")
    assert run(tmp_path, text.format(name="b", policy="Retain")) == []


def test_tcp_socket_counts_in_lifecycle_hooks_but_not_in_probes(tmp_path):
    text = """\
    apiVersion: v1
    kind: Pod
    metadata:
      name: p
    spec:
      containers:
      - name: c
        image: busybox:1.36
        readinessProbe:
          tcpSocket: {port: 80}
        lifecycle:
          preStop:
            tcpSocket: {port: 80}
    """
    findings = run(tmp_path, text)
    assert [(f.line, f.message.split(";")[0]) for f in findings] == [
        (13, "spec.containers[0].lifecycle.preStop.tcpSocket is deprecated")
    ]


def test_istio_fault_delay_percent(tmp_path):
    text = """\
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata:
      name: ratings
    spec:
      hosts: [ratings]
      http:
      - fault:
          delay:
            percent: 10
            fixedDelay: 5s
        route:
        - destination: {host: ratings}
    """
    [finding] = run(tmp_path, text, version=OLDEST)
    assert finding.message.startswith("spec.http[0].fault.delay.percent is deprecated;")
    assert finding.line == 10


@pytest.mark.parametrize("target", ALL_TARGETS, ids=lambda t: f"{t[0]}.{t[1]}")
def test_every_field_deprecation_has_a_message_at_every_target(target):
    rule = load_rules()["deprecated-field"]
    from kubelint.rules.deprecated_field import message_for

    for deprecation in apis.field_deprecations():
        if deprecation.applies(target):
            assert message_for(deprecation, target) in rule.messages, deprecation
