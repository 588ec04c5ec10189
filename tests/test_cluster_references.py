"""References between cluster objects (lint/storage.py and the rules service-target-port,
ingress-unknown-class, unknown-scale-target, pdb-selects-nothing,
network-policy-selects-nothing, unknown-role and pvc-volume-mismatch), beyond what the
fixtures show: what the API and its controllers actually compare, what counts as present,
when a namespace is taken to live elsewhere, the seeds, and the cost on a large repository.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from fixture_support import lint_clean, load_index, severities, write
from kubelint.engine import Context, Settings, lint
from kubelint.index import ExternalObject, ObjectIndex
from kubelint.objects import K8sObject
from kubelint.registry import load_rules
from kubelint.storage import mismatches, reserved_for_another, storage_class
from kubelint.versions import NEWEST

SEEDS = Path("/work/shared/seeds/manifests")
OURS = (
    "service-target-port",
    "ingress-unknown-class",
    "unknown-scale-target",
    "pdb-selects-nothing",
    "network-policy-selects-nothing",
    "unknown-role",
    "pvc-volume-mismatch",
)

POD = """
      containers:
      - name: app
        image: registry.example.com/app:1.0.0
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {memory: 64Mi}
"""


def deployment(name: str, labels: str, namespace: str | None = "shop", ports: str = "") -> str:
    """A Deployment whose pods carry ``labels`` (a flow mapping), with optional ports."""
    meta = f"{{name: {name}, namespace: {namespace}}}" if namespace else f"{{name: {name}}}"
    pod = POD + (f"        ports: {ports}\n" if ports else "")
    return (
        f"apiVersion: apps/v1\nkind: Deployment\nmetadata: {meta}\nspec:\n"
        f"  selector: {{matchLabels: {labels}}}\n"
        f"  template:\n    metadata: {{labels: {labels}}}\n    spec:{pod}"
    )


def load(text: str) -> list[K8sObject]:
    return load_index(text)[0]


def run(
    tmp_path: Path,
    files: dict[str, str] | str,
    rule: str,
    *,
    external: tuple[ExternalObject, ...] = (),
    lint_only: str | None = None,
) -> list[str]:
    """Lint files (name -> text; a str is one file) with the default rules; the messages
    ``rule`` reported, as ``file:line: message``."""
    if isinstance(files, str):
        files = {"manifest.yaml": files}
    for name, text in files.items():
        write(tmp_path, text, name)
    settings = Settings(severities=severities(), external=external)
    target = tmp_path / lint_only if lint_only else tmp_path
    report = lint_clean([target], settings, context=[str(tmp_path)])
    return [
        f"{Path(f.file).relative_to(tmp_path)}:{f.line}: {f.message}"
        for f in report.findings
        if f.rule == rule
    ]


# --------------------------------------------------------------------------- storage

VOLUME = """
apiVersion: v1
kind: PersistentVolume
metadata:
  name: disk
  annotations: {volume.beta.kubernetes.io/storage-class: legacy}
spec:
  storageClassName: manual
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  claimRef: {namespace: data, name: db}
  nfs: {server: nas, path: /disk}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: db, namespace: data}
spec:
  storageClassName: manual
  volumeName: disk
  accessModes: [ReadWriteOnce, ReadOnlyMany]
  resources: {requests: {storage: 21474836481}}
"""


def test_the_binder_reads_the_class_annotation_before_the_field():
    pv, claim = load(VOLUME)
    assert storage_class(pv) == "legacy"
    assert storage_class(claim) == "manual"


def test_mismatches_compare_whole_bytes_and_name_the_first_missing_mode():
    pv, claim = load(VOLUME)
    found = {m.reason: m for m in mismatches(pv, claim, compare_class=True)}
    # one byte more than 20Gi does not fit; the claim's second mode is the one missing
    assert set(found) == {"capacity", "access-modes", "class"}
    assert found["access-modes"].claim_path == ("spec", "accessModes", 1)
    assert found["access-modes"].wanted == "ReadOnlyMany"
    assert (found["class"].wanted, found["class"].offered) == ("manual", "legacy")
    # A claimRef reservation is bound whatever the classes say.
    assert {m.reason for m in mismatches(pv, claim, compare_class=False)} == {
        "capacity",
        "access-modes",
    }


def test_a_claim_without_a_class_is_never_compared_by_class():
    pv, claim = load(VOLUME.replace("  storageClassName: manual\n  volumeName", "  volumeName"))
    assert "class" not in {m.reason for m in mismatches(pv, claim, compare_class=True)}


def test_a_claim_ref_only_differs_by_a_namespace_both_sides_write():
    pv, claim = load(VOLUME.replace("{name: db, namespace: data}", "{name: db}"))
    assert reserved_for_another(pv, claim) is None  # the claim may be applied into data
    pv, claim = load(VOLUME.replace("{name: db, namespace: data}", "{name: db, namespace: x}"))
    ref = reserved_for_another(pv, claim)
    assert ref is not None and (ref.namespace, ref.name) == ("data", "db")


def test_a_reserving_volume_reports_the_access_modes_it_lacks_on_its_key(tmp_path: Path):
    text = """
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: disk}
        spec:
          storageClassName: ""
          capacity: {storage: 20Gi}
          accessModes: [ReadWriteOnce]
          claimRef: {namespace: data, name: db}
          nfs: {server: nas, path: /disk}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: db, namespace: data}
        spec:
          storageClassName: ""
          accessModes: [ReadWriteMany]
          resources: {requests: {storage: 10Gi}}
        """
    assert run(tmp_path, text, "pvc-volume-mismatch") == [
        "manifest.yaml:8: claimRef reserves this volume for claim data/db, which asks for "
        "ReadWriteMany while the volume offers only ReadWriteOnce; the claim stays Pending "
        "or binds another volume"
    ]


def test_a_volume_declared_external_satisfies_a_volume_name(tmp_path: Path):
    text = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: db, namespace: data}
        spec:
          storageClassName: ""
          volumeName: nfs-db
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 10Gi}}
        """
    assert len(run(tmp_path, text, "pvc-volume-mismatch")) == 1
    external = (ExternalObject("PersistentVolume", "nfs-*"),)
    assert run(tmp_path, text, "pvc-volume-mismatch", external=external) == []


# --------------------------------------------------------------------------- selectors


def test_selectors_give_controller_set_labels_the_benefit_of_the_doubt(tmp_path: Path):
    text = deployment("web", "{app: web}") + textwrap.dedent(
        """
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: by-hash, namespace: shop}
        spec:
          maxUnavailable: 1
          selector: {matchLabels: {pod-template-hash: 5d8f7c9b4}}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: not-canary, namespace: shop}
        spec:
          maxUnavailable: 1
          selector:
            matchExpressions:
            - {key: app, operator: NotIn, values: [web-canary]}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: only-canary, namespace: shop}
        spec:
          maxUnavailable: 1
          selector:
            matchExpressions:
            - {key: app, operator: In, values: [web-canary]}
        """
    )
    found = run(tmp_path, text, "pdb-selects-nothing")
    assert len(found) == 1 and "selector app In (web-canary) matches no pods" in found[0]
    assert "has app=web where the selector wants app In (web-canary)" in found[0]


def test_a_namespace_without_workloads_in_the_files_is_not_judged(tmp_path: Path):
    policy = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: ledger, namespace: %s}
        spec:
          podSelector: {matchLabels: {app: ledger}}
        """
    files = {"apps.yaml": deployment("web", "{app: web}")}
    assert run(tmp_path, {**files, "policy.yaml": policy % "payments"}, OURS[4]) == []
    assert len(run(tmp_path, {**files, "policy.yaml": policy % "shop"}, OURS[4])) == 1


def test_objects_without_a_namespace_are_judged_by_their_own_folder(tmp_path: Path):
    budget = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: zookeeper}
        spec:
          minAvailable: 2
          selector: {matchLabels: {app: zookeeper}}
        """
    files = {"web/deployment.yaml": deployment("web", "{app: web}", namespace=None)}
    # Applied from another folder: zookeeper's workloads are not in these files.
    assert run(tmp_path, {**files, "policies/pdb.yaml": budget}, "pdb-selects-nothing") == []
    found = run(tmp_path, {**files, "web/pdb.yaml": budget}, "pdb-selects-nothing")
    assert [f.split(": ", 1)[0] for f in found] == ["web/pdb.yaml:7"]


def test_a_kustomize_base_without_labels_may_be_what_a_selector_wants(tmp_path: Path):
    base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: metrics-server, namespace: kube-system}
        spec:
          template:
            spec:
              containers:
              - name: metrics-server
                image: registry.k8s.io/metrics-server/metrics-server:v0.7.2
                resources:
                  requests: {cpu: 100m, memory: 200Mi}
                  limits: {memory: 200Mi}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: metrics-server, namespace: kube-system}
        spec:
          minAvailable: 1
          selector: {matchLabels: {k8s-app: metrics-server}}
        """
    assert run(tmp_path, base, "pdb-selects-nothing") == []


def test_pods_an_operator_runs_are_selectable(tmp_path: Path):
    text = """
        apiVersion: monitoring.coreos.com/v1
        kind: Prometheus
        metadata: {name: k8s, namespace: monitoring}
        spec: {replicas: 2}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: prometheus-k8s, namespace: monitoring}
        spec:
          minAvailable: 1
          selector:
            matchLabels: {app.kubernetes.io/name: prometheus, prometheus: k8s}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: prometheus-k8s, namespace: monitoring}
        spec:
          podSelector:
            matchLabels: {app.kubernetes.io/name: prometheus, prometheus: main}
        """
    assert run(tmp_path, text, "pdb-selects-nothing") == []
    (found,) = run(tmp_path, text, "network-policy-selects-nothing")
    assert "the closest, Prometheus k8s, has prometheus=k8s where the selector wants" in found


# --------------------------------------------------------------------------- service ports


def test_a_port_named_in_only_one_selected_workload_is_enough(tmp_path: Path):
    text = (
        deployment("reviews-v1", "{app: reviews, version: v1}", ports="[{containerPort: 9080}]")
        + "---\n"
        + deployment(
            "reviews-v2",
            "{app: reviews, version: v2}",
            ports="[{containerPort: 9080, name: http}]",
        )
        + textwrap.dedent(
            """
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: reviews, namespace: shop}
            spec:
              selector: {app: reviews}
              ports: [{name: http, port: 9080, targetPort: http}]
            """
        )
    )
    assert run(tmp_path, text, "service-target-port") == []


def test_a_number_is_not_judged_while_a_selected_workload_declares_no_ports(tmp_path: Path):
    service = """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: api, namespace: shop}
        spec:
          selector: {app: api}
          ports: [{name: http, port: 80, targetPort: 8000}]
        """
    declared = deployment("api", "{app: api, track: stable}", ports="[{containerPort: 8080}]")
    undeclared = deployment("api-canary", "{app: api, track: canary}")
    assert len(run(tmp_path, declared + textwrap.dedent(service), OURS[0])) == 1
    text = declared + "---\n" + undeclared + textwrap.dedent(service)
    assert run(tmp_path, text, OURS[0]) == []


def test_a_port_set_in_a_mounted_config_map_counts_as_listened_on(tmp_path: Path):
    text = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: collector, namespace: otel}
        data:
          config.yaml: |
            receivers:
              otlp: {protocols: {grpc: {endpoint: "0.0.0.0:4317"}}}
              auth: {endpoint: "0.0.0.0:5317"}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: collector, namespace: otel}
        spec:
          selector: {matchLabels: {app: collector}}
          template:
            metadata: {labels: {app: collector}}
            spec:
              volumes:
              - name: config
                configMap: {name: collector}
              containers:
              - name: collector
                image: otel/opentelemetry-collector:0.110.0
                ports: [{containerPort: 4317}]
                volumeMounts: [{name: config, mountPath: /conf}]
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {memory: 64Mi}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: collector, namespace: otel}
        spec:
          selector: {app: collector}
          ports:
          - {name: grpc-otlp, port: 4317}
          - {name: grpc-auth, port: 5317}
          - {name: grpc-other, port: 6317}
        """
    (found,) = run(tmp_path, text, "service-target-port")
    assert found.startswith("manifest.yaml:39: port 6317 has no targetPort")


def test_pods_whose_containers_are_not_written_here_are_not_judged(tmp_path: Path):
    text = """
        apiVersion: monitoring.coreos.com/v1
        kind: Alertmanager
        metadata: {name: main, namespace: monitoring}
        spec: {replicas: 3}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: alertmanager-main, namespace: monitoring}
        spec:
          selector: {alertmanager: main}
          ports: [{name: web, port: 9093, targetPort: web}]
        """
    assert run(tmp_path, text, "service-target-port") == []


# --------------------------------------------------------------------------- ingress classes

INGRESS = """
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: alb
  defaultBackend: {service: {name: web, port: {number: 80}}}
"""
CLASS = """
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
"""


def test_ingress_classes_are_only_checked_when_the_files_define_some(tmp_path: Path):
    assert run(tmp_path, INGRESS, "ingress-unknown-class") == []
    (found,) = run(tmp_path, INGRESS + CLASS, "ingress-unknown-class")
    assert "ingressClassName 'alb' names no IngressClass" in found
    assert "(the linted files define nginx)" in found
    external = (ExternalObject("IngressClass", "alb"),)
    assert run(tmp_path, INGRESS + CLASS, "ingress-unknown-class", external=external) == []


# --------------------------------------------------------------------------- scale targets

HPA = """
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: %s, kind: %s, name: web}
  minReplicas: 1
  maxReplicas: 5
"""
CRD = """
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: webapps.example.com}
spec:
  group: example.com
  names: {kind: WebApp, plural: webapps}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
%s"""


def test_custom_targets_need_a_scale_subresource_when_their_crd_is_known(tmp_path: Path):
    web = deployment("web", "{app: web}")
    target = (
        "\n---\napiVersion: example.com/v1\nkind: WebApp\nmetadata: {name: web, namespace: shop}\n"
    )
    without = web + CRD % "" + target + HPA % ("example.com/v1", "WebApp")
    (found,) = run(tmp_path, without, "unknown-scale-target")
    assert "cannot act on a WebApp (example.com/v1), which has no scale subresource" in found
    scale = "    subresources:\n      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}\n"
    with_scale = web + CRD % scale + target + HPA % ("example.com/v1", "WebApp")
    assert run(tmp_path, with_scale, "unknown-scale-target") == []
    # No CRD in the files: the kind is given the benefit of the doubt, its object is not.
    unknown = web + HPA % ("other.example.com/v1", "Thing")
    (found,) = run(tmp_path, unknown, "unknown-scale-target")
    assert found.endswith("no Thing 'web' in namespace shop, so the autoscaler has nothing to "
                          "act on; fix the name, or declare it under external-objects if it is "
                          "created outside these files")  # fmt: skip


def test_a_misspelt_target_gets_a_suggestion_and_an_external_one_is_accepted(tmp_path: Path):
    text = deployment("web-frontend", "{app: web}") + HPA % ("apps/v1", "Deployment")
    (found,) = run(tmp_path, text, "unknown-scale-target")
    assert "did you mean 'web-frontend'?" not in found  # "web" is too short to be sure
    text = deployment("webb", "{app: web}") + HPA % ("apps/v1", "Deployment")
    (found,) = run(tmp_path, text, "unknown-scale-target")
    assert found.endswith("did you mean 'webb'?")
    external = (ExternalObject("Deployment", "web", "shop"),)
    assert run(tmp_path, text, "unknown-scale-target", external=external) == []


# --------------------------------------------------------------------------- roles

BINDING = """
---
apiVersion: rbac.authorization.k8s.io/v1
kind: %s
metadata: {name: grant%s}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: %s}
subjects:
- {kind: Group, apiGroup: rbac.authorization.k8s.io, name: team}
"""


def test_built_in_roles_exist_and_external_ones_can_be_declared(tmp_path: Path):
    sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: shop}\n"
    text = (
        sa
        + BINDING % ("ClusterRoleBinding", "-1", "ClusterRole", "system:auth-delegator")
        + BINDING % ("ClusterRoleBinding", "-2", "ClusterRole", "view")
        + BINDING % ("RoleBinding", "-3, namespace: kube-system", "Role", "system:controller:x")
        + BINDING % ("RoleBinding", "-4, namespace: shop", "ClusterRole", "operator-role")
    )
    (found,) = run(tmp_path, text, "unknown-role")
    assert "no ClusterRole 'operator-role'" in found
    external = (ExternalObject("ClusterRole", "operator-*"),)
    assert run(tmp_path, text, "unknown-role", external=external) == []


def test_a_binding_without_a_namespace_is_judged_by_its_folder(tmp_path: Path):
    binding = BINDING % ("RoleBinding", "", "Role", "leader-election")
    files = {"rbac/binding.yaml": binding}
    assert run(tmp_path, files, "unknown-role") == []  # nothing of its application here
    files["rbac/sa.yaml"] = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\n"
    (found,) = run(tmp_path, files, "unknown-role")
    assert "no Role 'leader-election' in namespace default" in found


# --------------------------------------------------------------------------- whole project


def test_one_file_reports_what_the_whole_folder_reports_for_it(tmp_path: Path):
    files = {
        "app/deployment.yaml": deployment("web", "{app: web}", ports="[{containerPort: 8080}]"),
        "app/service.yaml": """
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: shop}
            spec:
              selector: {app: web}
              ports: [{name: http, port: 80, targetPort: 80}]
            """,
        "app/pdb.yaml": """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: web, namespace: shop}
            spec:
              minAvailable: 1
              selector: {matchLabels: {app: webb}}
            """,
    }
    for rule in ("service-target-port", "pdb-selects-nothing"):
        whole = run(tmp_path, files, rule)
        assert len(whole) == 1
        name = whole[0].split(":", 1)[0]
        assert run(tmp_path, files, rule, lint_only=name) == whole


# --------------------------------------------------------------------------- seeds


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed manifests not available")
@pytest.mark.parametrize(
    "project",
    ["eng-app", "gke-ingress/reconstructed", "guestbook", "k8s-guide", "osba-istio"],
)
def test_seeds_stay_quiet(project: str):
    """LESSONS rows 9, 20 and 23 (and every other seed) report none of these rules; row 8
    (pvc-missing-storage-class) stays reported."""
    rules = load_rules()
    settings = Settings(severities={r.id: r.severity for r in rules.values() if r.default})
    report = lint([str(SEEDS / project)], settings)
    assert [f.rule for f in report.findings if f.rule in OURS] == []
    if project == "eng-app":
        found = {(Path(f.file).name, f.line) for f in report.findings}
        assert {("eng_app_pvc.yaml", 6), ("eng_app_data_pvc.yaml", 6)} <= found


# --------------------------------------------------------------------------- cost


def test_the_reference_rules_cost_no_scan_per_object():
    """Ten times the objects may cost ten times as much, not a hundred: no rule here looks
    at every object for each object. Namespaces keep their size as the repository grows, as
    they do in practice (suggestions for a broken reference look through its namespace)."""
    rules = load_rules()

    def seconds(apps: int) -> float:
        objects = load("---\n".join(_application(i) for i in range(apps)))
        index = ObjectIndex(objects)
        ctx = Context(index, NEWEST, "default", frozenset(OURS), frozenset(rules))
        started = time.perf_counter()
        for obj in objects:
            for rule_id in OURS:
                rule = rules[rule_id]
                if rule.kinds is None or obj.kind in rule.kinds:
                    list(rule.check(obj, ctx))
        return time.perf_counter() - started

    seconds(20)  # warm up
    small, large = seconds(40), seconds(400)
    assert large < small * 30, (small, large)


def _application(i: int) -> str:
    """One small application: its workload, Service, budget, policy, autoscaler, RBAC and
    storage, every reference broken so each rule takes its slowest path."""
    ns = f"team-{i // 10}"
    return textwrap.dedent(
        f"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec:
          selector: {{matchLabels: {{app: app-{i}}}}}
          template:
            metadata: {{labels: {{app: app-{i}, tier: web}}}}
            spec:
              containers:
              - name: app
                image: registry.example.com/app:1.0.0
                ports: [{{containerPort: 8080, name: http}}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec:
          selector: {{app: app-{i}}}
          ports: [{{port: 80, targetPort: web}}, {{port: 81, targetPort: 9000}}]
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec:
          selector:
            matchExpressions: [{{key: app, operator: In, values: [app-{i}-x]}}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec:
          podSelector: {{matchLabels: {{app: app-{i}-typo}}}}
        ---
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec:
          scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: app-{i}-typo}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {{name: app-{i}, namespace: {ns}}}
        roleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-{i}-typo}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec: {{ingressClassName: typo}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: IngressClass
        metadata: {{name: class-{i % 3}}}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {{name: app-{i}, namespace: {ns}}}
        spec:
          storageClassName: ""
          volumeName: pv-{i}
          accessModes: [ReadWriteMany]
          resources: {{requests: {{storage: 20Gi}}}}
        ---
        apiVersion: v1
        kind: PersistentVolume
        metadata: {{name: pv-{i}}}
        spec:
          capacity: {{storage: 10Gi}}
          accessModes: [ReadWriteOnce]
          claimRef: {{namespace: {ns}, name: app-{i}}}
        """
    )
