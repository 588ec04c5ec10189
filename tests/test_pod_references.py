"""What pod templates refer to (lint/references.py) and the rules built on it, beyond what
the fixtures show: unknown-configmap, unknown-config-key, unknown-pvc,
unknown-service-account, undeclared-volume and unused-volume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixture_support import lint_clean, load_index, severities, write
from kubelint.cli import cli
from kubelint.engine import Settings, lint
from kubelint.index import ObjectIndex
from kubelint.references import (
    Place,
    available,
    claim_refs,
    data_refs,
    known_keys,
    pod_volumes,
    volume_uses,
)

load = load_index


def findings(tmp_path: Path, text: str, *rules: str) -> list[str]:
    """Lint ``text`` alone with the default rules: ``line: [rule] message`` for ``rules``."""
    report = lint_clean([write(tmp_path, text, "manifest.yaml")], Settings(severities=severities()))
    return [f"{f.line}: [{f.rule}] {f.message}" for f in report.findings if f.rule in rules]


# --------------------------------------------------------------------------- where pods refer


def test_data_refs_find_every_place_a_pod_reads_a_configmap_with_its_keys():
    (obj,), _ = load(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: app, namespace: shop}
        spec:
          containers:
          - name: app
            image: app:1.0.0
            envFrom:
            - configMapRef: {name: all-of-it}
            - secretRef: {name: not-a-configmap}
            env:
            - name: LEVEL
              valueFrom:
                configMapKeyRef: {name: settings, key: level, optional: true}
          volumes:
          - name: files
            configMap:
              name: files
              items: [{key: a.conf, path: a.conf}, {key: b.conf, path: b.conf}]
          - name: bundle
            projected:
              sources:
              - configMap: {name: projected, items: [{key: ca.crt, path: ca.crt}]}
              - secret: {name: projected-secret}
        """
    )
    found = [
        (r.name, r.optional, r.path[-2:], [(k.key, k.path[-3:]) for k in r.keys])
        for r in data_refs(obj, "ConfigMap")
    ]
    assert found == [
        ("all-of-it", False, ("configMapRef", "name"), []),
        ("settings", True, ("configMapKeyRef", "name"), [("level", ("valueFrom", "configMapKeyRef", "key"))]),
        ("files", False, ("configMap", "name"), [("a.conf", ("items", 0, "key")), ("b.conf", ("items", 1, "key"))]),
        ("projected", False, ("configMap", "name"), [("ca.crt", ("items", 0, "key"))]),
    ]  # fmt: skip
    secrets = [(r.name, r.path[-2:]) for r in data_refs(obj, "Secret")]
    assert secrets == [
        ("not-a-configmap", ("secretRef", "name")),
        ("projected-secret", ("secret", "name")),
    ]


def test_a_statefulset_claim_template_is_a_volume_and_replaces_a_volume_of_its_name():
    (statefulset,), _ = load(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - name: db
                image: db:1.0.0
                volumeMounts: [{name: data, mountPath: /data}]
                volumeDevices: [{name: wal, devicePath: /dev/wal}]
              volumes:
              - {name: data, persistentVolumeClaim: {claimName: data}}
              - {name: shared, persistentVolumeClaim: {claimName: shared}}
          volumeClaimTemplates:
          - metadata: {name: data}
          - metadata: {name: wal}
        """
    )
    volumes = [(v.name, v.claim_template) for v in pod_volumes(statefulset)]
    assert volumes == [("data", False), ("shared", False), ("data", True), ("wal", True)]
    uses = [(u.name, u.device, u.container.name) for u in volume_uses(statefulset)]
    assert uses == [("data", False, "db"), ("wal", True, "db")]
    # The controller swaps the "data" volume for data-db-<n>: only "shared" names a claim.
    assert [ref.name for ref in claim_refs(statefulset)] == ["shared"]


# --------------------------------------------------------------------------- what exists


def test_kustomize_generators_and_trust_bundles_make_configmaps_and_secrets():
    _, index = load(
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: monitoring
        configMapGenerator:
        - name: prometheus-configuration
          files: [prometheus.yaml]
        - name: elsewhere
          namespace: other
        secretGenerator:
        - name: grafana-admin
          envs: [admin.env]
        ---
        apiVersion: trust.cert-manager.io/v1alpha1
        kind: Bundle
        metadata: {name: corporate-roots}
        spec:
          sources: [{useDefaultCAs: true}]
          target: {configMap: {key: roots.pem}}
        """
    )
    monitoring, shop = Place("monitoring"), Place("shop")
    assert available(index, "ConfigMap", "prometheus-configuration", monitoring)
    assert not available(index, "ConfigMap", "prometheus-configuration", shop)
    # Written without a namespace, the workload goes where the kustomization puts it.
    assert available(index, "ConfigMap", "prometheus-configuration", Place("default", True))
    assert available(index, "ConfigMap", "elsewhere", Place("other"))
    assert not available(index, "ConfigMap", "elsewhere", monitoring)
    assert available(index, "Secret", "grafana-admin", monitoring)
    assert not available(index, "ConfigMap", "grafana-admin", monitoring)
    assert available(index, "ConfigMap", "corporate-roots", shop)  # every namespace
    assert not available(index, "Secret", "corporate-roots", shop)  # no secret target


def test_statefulset_claims_are_named_template_set_ordinal():
    _, index = load(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: data}
        spec:
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: db:1.0.0}]}
          volumeClaimTemplates:
          - metadata: {name: pgdata}
        ---
        apiVersion: cdi.kubevirt.io/v1beta1
        kind: DataVolume
        metadata: {name: fedora-disk, namespace: vms}
        """
    )
    claim = "PersistentVolumeClaim"
    assert available(index, claim, "pgdata-db-0", Place("data"))
    assert available(index, claim, "pgdata-db-12", Place("data"))
    assert not available(index, claim, "pgdata-db", Place("data"))
    assert not available(index, claim, "pgdata-db-x", Place("data"))
    assert not available(index, claim, "pgdata-web-0", Place("data"))
    assert not available(index, claim, "pgdata-db-0", Place("shop"))
    assert available(index, claim, "fedora-disk", Place("vms"))


def test_keys_are_known_only_for_objects_written_with_data():
    _, index = load(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: shop}
        data: {a: "1"}
        binaryData: {b: AAAA}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: filled-by-operator, namespace: shop}
        type: Opaque
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: token
          namespace: shop
          annotations: {kubernetes.io/service-account.name: app}
        type: kubernetes.io/service-account-token
        data: {extra: ""}
        ---
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata: {name: sealed, namespace: shop}
        spec: {encryptedData: {password: AgA=}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: sealed, namespace: shop}
        type: Opaque
        stringData: {username: admin}
        """
    )
    shop = Place("shop")
    assert known_keys(index, "ConfigMap", "settings", shop) == {"a", "b"}
    assert known_keys(index, "Secret", "filled-by-operator", shop) is None
    assert known_keys(index, "Secret", "token", shop) is None
    # Written and sealed: the controller's copy may hold keys the written one lacks.
    assert known_keys(index, "Secret", "sealed", shop) is None
    assert known_keys(index, "ConfigMap", "nowhere", shop) is None
    assert known_keys(index, "ConfigMap", "kube-root-ca.crt", shop) == {"ca.crt"}


# --------------------------------------------------------------------------- rules

#: A Pod in namespace shop whose container lines are appended by each test.
POD = """\
apiVersion: v1
kind: Pod
metadata: {name: app, namespace: shop}
spec:
  containers:
  - name: app
    image: registry.example.com/app:1.0.0
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {memory: 64Mi}
"""


def test_a_generated_configmap_satisfies_a_workload_without_a_namespace(tmp_path: Path):
    """The shape of ingress-nginx's deploy/prometheus: the kustomization sets the namespace
    and generates the ConfigMap the Deployment mounts."""
    deployment = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: prometheus}
spec:
  selector: {matchLabels: {app: prometheus}}
  template:
    metadata: {labels: {app: prometheus}}
    spec:
      containers:
      - name: prometheus
        image: prom/prometheus:v2.54.1
        resources:
          requests: {cpu: 100m, memory: 64Mi}
          limits: {memory: 64Mi}
        volumeMounts: [{name: config, mountPath: /etc/prometheus}]
      volumes:
      - name: config
        configMap: {name: prometheus-configuration}
"""
    kustomization = """\
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: ingress-nginx
resources: [deployment.yaml]
configMapGenerator:
- name: prometheus-configuration
  files: [prometheus.yaml]
"""
    assert findings(tmp_path, deployment, "unknown-configmap") == [
        "18: [unknown-configmap] no ConfigMap 'prometheus-configuration' in namespace default; "
        "add it, mark the reference optional: true, or declare it under external-objects if "
        "it is created outside these files"
    ]
    assert findings(tmp_path, deployment + kustomization, "unknown-configmap") == []


def test_a_kustomize_secret_generator_satisfies_unknown_secret(tmp_path: Path):
    text = POD + "    envFrom: [{secretRef: {name: app-credentials}}]\n"
    generator = """\
---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop
secretGenerator:
- name: app-credentials
  envs: [app.env]
"""
    assert len(findings(tmp_path, text, "unknown-secret")) == 1
    assert findings(tmp_path, text + generator, "unknown-secret") == []


def test_unknown_config_key_names_keys_and_never_values(tmp_path: Path):
    config_map = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {k01: v-one-7f3a, k02: v, k03: v, k04: v, k05: v, k06: v, k07: v, k08: v, k09: v, k10: v}
---
"""
    env = """\
    env:
    - name: A
      valueFrom: {configMapKeyRef: {name: settings, key: missing-key}}
    - name: B
      valueFrom: {configMapKeyRef: {name: settings, key: missing-key}}
"""
    found = findings(tmp_path, config_map + POD + env, "unknown-config-key")
    assert found == [
        "18: [unknown-config-key] ConfigMap 'settings' has no key 'missing-key' (referenced "
        "2 times here) (its keys: k01, k02, k03, k04, k05, k06, k07, k08 and 2 more); use one "
        "of them, add the key, or mark the reference optional: true"
    ]
    assert "v-one-7f3a" not in found[0]


def test_unknown_config_key_suggests_the_key_written_with_other_case_or_separators(
    tmp_path: Path,
):
    secret = """\
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
type: kubernetes.io/basic-auth
data: {username: "", db.password: ""}
---
"""
    env = """\
    env:
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: db, key: DB_PASSWORD}}
"""
    assert findings(tmp_path, secret + POD + env, "unknown-config-key") == [
        "19: [unknown-config-key] Secret 'db' has no key 'DB_PASSWORD'; did you mean 'db.password'?"
    ]


def test_the_deprecated_service_account_field_is_read_when_service_account_name_is_not(
    tmp_path: Path,
):
    account = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: shop}\n---\n"
    old = POD.replace("spec:\n", "spec:\n  serviceAccount: ap\n")
    assert findings(tmp_path, account + old, "unknown-service-account") == [
        "9: [unknown-service-account] no ServiceAccount 'ap' in namespace shop, and pods "
        "cannot be created without it; did you mean 'app'?"
    ]
    # serviceAccountName wins over the old alias, as in the API.
    both = POD.replace("spec:\n", "spec:\n  serviceAccountName: app\n  serviceAccount: ap\n")
    assert findings(tmp_path, account + both, "unknown-service-account") == []


def test_binding_subjects_in_namespaces_these_files_do_not_manage_are_left_alone(tmp_path: Path):
    binding = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: scrape}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
- {kind: ServiceAccount, name: prometheus-k8s, namespace: monitoring}
- {kind: Group, name: "system:serviceaccounts:monitoring", apiGroup: rbac.authorization.k8s.io}
"""
    assert findings(tmp_path, binding, "unknown-service-account") == []
    namespace = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n"
    assert findings(tmp_path, binding + namespace, "unknown-service-account") == [
        "6: [unknown-service-account] no ServiceAccount 'prometheus-k8s' in namespace "
        "monitoring, so this binding grants its role to nobody; add it, fix the subject, or "
        "declare it under external-objects if it is created outside these files"
    ]


def test_objects_without_a_namespace_meet_wherever_they_are_applied(tmp_path: Path):
    placed_pod = POD + "    envFrom: [{configMapRef: {name: settings}}]\n"
    floating_pod = placed_pod.replace(", namespace: shop}", "}", 1)
    placed_map = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\n"
    floating_map = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
    other_map = placed_map.replace("shop", "billing")
    assert findings(tmp_path, floating_pod + "---\n" + placed_map, "unknown-configmap") == []
    assert findings(tmp_path, placed_pod + "---\n" + floating_map, "unknown-configmap") == []
    assert findings(tmp_path, placed_pod + "---\n" + other_map, "unknown-configmap") == [
        "11: [unknown-configmap] no ConfigMap 'settings' in namespace shop, only in billing; "
        "pods can only use ConfigMaps from their own namespace"
    ]


def test_volume_devices_are_named_in_the_message_and_a_bad_annotation_is_ignored(
    tmp_path: Path,
):
    text = (
        POD.replace(
            "metadata: {name: app, namespace: shop}",
            "metadata:\n  name: app\n  namespace: shop\n  annotations:\n"
            "    sidecar.istio.io/userVolumeMount: '{not json'",
        )
        + "    volumeDevices: [{name: raw, devicePath: /dev/raw}]\n  volumes:\n  - name: cache\n    emptyDir: {}\n"
    )
    assert findings(tmp_path, text, "undeclared-volume", "unused-volume") == [
        "15: [undeclared-volume] container 'app' names volume 'raw' in volumeDevices, but "
        "the pod has no such volume, so the API rejects it; add the volume or fix the name",
        "17: [unused-volume] volume 'cache' is mounted by no container; mount it where it is "
        "needed or remove it",
    ]


@pytest.mark.parametrize(
    ("kind", "lines"),
    [
        ("ConfigMap", "    envFrom: [{configMapRef: {name: cluster-settings}}]\n"),
        ("ServiceAccount", None),
        (
            "PersistentVolumeClaim",
            "    volumeMounts: [{name: data, mountPath: /data}]\n"
            "  volumes: [{name: data, persistentVolumeClaim: {claimName: cluster-data}}]\n",
        ),
    ],
)
def test_external_objects_in_the_configuration_count_as_defined(
    tmp_path: Path, kind: str, lines: str | None
):
    if lines is None:
        text = POD.replace("spec:\n", "spec:\n  serviceAccountName: cluster-agent\n")
    else:
        text = POD + lines
    manifest = tmp_path / "app.yaml"
    manifest.write_text(text)
    config = tmp_path / ".kubelint.yaml"
    config.write_text(f"external-objects:\n- {{kind: {kind}, name: cluster-*, namespace: shop}}\n")
    runner = CliRunner()
    plain = runner.invoke(cli, ["lint", "--no-config", "--format", "json", str(manifest)])
    configured = runner.invoke(
        cli, ["lint", "--config", str(config), "--format", "json", str(manifest)]
    )
    ours = {"unknown-configmap", "unknown-service-account", "unknown-pvc"}
    before = [f["rule"] for f in json.loads(plain.output)["findings"] if f["rule"] in ours]
    after = [f["rule"] for f in json.loads(configured.output)["findings"] if f["rule"] in ours]
    assert len(before) == 1 and after == []


def test_linting_one_file_resolves_references_from_its_project(tmp_path: Path):
    (tmp_path / ".kubelint.yaml").write_text("# project root\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "app" / "pod.yaml").write_text(
        POD.replace("spec:\n", "spec:\n  serviceAccountName: app\n")
        + "    envFrom: [{configMapRef: {name: settings}}]\n"
        "    volumeMounts: [{name: data, mountPath: /data}]\n"
        "  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]\n"
    )
    (tmp_path / "config" / "objects.yaml").write_text(
        """\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {a: b}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: app, namespace: shop}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: shop}
spec:
  storageClassName: standard
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""
    )
    ours = {"unknown-configmap", "unknown-service-account", "unknown-pvc"}
    config = str(tmp_path / ".kubelint.yaml")
    pod_file = str(tmp_path / "app" / "pod.yaml")
    runner = CliRunner()
    alone = runner.invoke(cli, ["lint", "--no-context", "--format", "json", pod_file])
    with_project = runner.invoke(cli, ["lint", "--config", config, "--format", "json", pod_file])
    assert {f["rule"] for f in json.loads(alone.output)["findings"]} >= ours
    assert not {f["rule"] for f in json.loads(with_project.output)["findings"]} & ours


# --------------------------------------------------------------------------- cost


def test_missing_references_cost_no_scan_per_object(tmp_path: Path, monkeypatch):
    """Resolving (and failing to resolve) references uses tables built once a run: the
    number of index scans does not grow with the number of workloads."""
    rules = ("unknown-configmap", "unknown-config-key", "unknown-pvc",
             "unknown-service-account", "undeclared-volume", "unused-volume")  # fmt: skip
    scans = {"count": 0}
    original = ObjectIndex.of_kind

    def counting(self, *args, **kwargs):
        scans["count"] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ObjectIndex, "of_kind", counting)

    def run(workloads: int) -> tuple[int, int]:
        docs = [
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\n"
            "data: {a: b}\n"
        ]
        for i in range(workloads):
            namespace = "" if i % 2 else ", namespace: shop"
            docs.append(
                f"apiVersion: v1\nkind: Pod\nmetadata: {{name: app-{i}{namespace}}}\nspec:\n"
                f"  serviceAccountName: account-{i}\n  containers:\n  - name: app\n"
                f"    image: app:1.0.0\n    envFrom: [{{configMapRef: {{name: missing-{i}}}}}]\n"
                f"    env: [{{name: A, valueFrom: {{configMapKeyRef: {{name: settings, key: x}}}}}}]\n"
                f"    volumeMounts: [{{name: data, mountPath: /d}}]\n"
                f"  volumes: [{{name: data, persistentVolumeClaim: {{claimName: claim-{i}}}}}]\n"
            )
        path = tmp_path / f"many-{workloads}.yaml"
        path.write_text("---\n".join(docs))
        scans["count"] = 0
        report = lint([str(path)], Settings(severities={r: "warning" for r in rules}))
        return scans["count"], len(report.findings)

    small_scans, small_findings = run(20)
    large_scans, large_findings = run(200)
    assert large_findings == 10 * small_findings  # every workload has its four findings
    assert large_scans == small_scans
