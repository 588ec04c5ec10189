"""Who refers to which object (lint/references.py, lint/ingress.py) and the rules built on
them, beyond what the fixtures show: every Ingress schema, every place a pod names a Secret,
the objects that make Secrets, the configuration's external objects, and the seeds."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixture_support import lint_clean, load_index, severities, write
from kubelint.cli import cli
from kubelint.engine import Settings, lint
from kubelint.ingress import backends, ingress_class, tls_secrets
from kubelint.references import (
    may_share_namespace,
    pod_sources,
    producers,
    secret_available,
    secret_refs,
)
from kubelint.registry import load_rules

SEEDS = Path("/work/shared/seeds/manifests")


load = load_index


def run(tmp_path: Path, text: str, rule: str) -> list[str]:
    """Lint ``text`` with the default rules; the messages ``rule`` reported, with lines."""
    report = lint_clean([write(tmp_path, text, "manifest.yaml")], Settings(severities=severities()))
    return [f"{f.line}: {f.message}" for f in report.findings if f.rule == rule]


# --------------------------------------------------------------------------- ingress


def test_v1_backends_name_service_and_port_and_skip_resource_backends():
    (ingress,), _ = load(
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          defaultBackend:
            resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}
          rules:
          - http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service: {name: web, port: {number: 80}}
              - path: /admin
                pathType: Prefix
                backend:
                  service: {name: admin, port: {name: https}}
        """
    )
    found = [(b.service, b.port, b.port_path) for b in backends(ingress)]
    paths = ("spec", "rules", 0, "http", "paths")
    assert found == [
        ("web", 80, (*paths, 0, "backend", "service", "port", "number")),
        ("admin", "https", (*paths, 1, "backend", "service", "port", "name")),
    ]


def test_legacy_backends_read_service_name_and_int_or_string_port():
    (ingress,), _ = load(
        """
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: web}
        spec:
          backend: {serviceName: fallback, servicePort: 8080}
          rules:
          - http:
              paths:
              - backend: {serviceName: web, servicePort: http}
              - backend: {serviceName: api, servicePort: "9000"}
        """
    )
    found = [(b.service, b.port, b.port_path[-1], b.service_path[-1]) for b in backends(ingress)]
    assert found == [
        ("fallback", 8080, "servicePort", "serviceName"),
        ("web", "http", "servicePort", "serviceName"),
        ("api", 9000, "servicePort", "serviceName"),
    ]


def test_tls_entries_without_secret_name_are_skipped_and_class_comes_from_annotation():
    (ingress,), _ = load(
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          annotations: {kubernetes.io/ingress.class: nginx}
        spec:
          tls:
          - hosts: [a.example.com]
          - hosts: [b.example.com]
            secretName: b-tls
        """
    )
    assert [(t.name, t.path) for t in tls_secrets(ingress)] == [
        ("b-tls", ("spec", "tls", 1, "secretName"))
    ]
    assert ingress_class(ingress) == "nginx"


# --------------------------------------------------------------------------- secrets


def test_secret_refs_cover_environment_volumes_and_pull_secrets():
    (pod,), _ = load(
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: app}
        spec:
          imagePullSecrets: [{name: pull}]
          containers:
          - name: app
            image: app:1.0.0
            envFrom:
            - secretRef: {name: env-all}
            - configMapRef: {name: not-a-secret}
            env:
            - name: PASSWORD
              valueFrom:
                secretKeyRef: {name: env-one, key: password, optional: true}
          volumes:
          - name: a
            secret: {secretName: vol}
          - name: b
            projected:
              sources:
              - secret: {name: projected}
              - configMap: {name: not-a-secret-either}
          - name: c
            csi:
              driver: secrets-store.csi.k8s.io
              nodePublishSecretRef: {name: csi-creds}
        """
    )
    found = [(r.name, r.optional, r.path) for r in secret_refs(pod)]
    container = ("spec", "containers", 0)
    assert found == [
        ("env-all", False, (*container, "envFrom", 0, "secretRef", "name")),
        ("env-one", True, (*container, "env", 0, "valueFrom", "secretKeyRef", "name")),
        ("vol", False, ("spec", "volumes", 0, "secret", "secretName")),
        ("projected", False, ("spec", "volumes", 1, "projected", "sources", 0, "secret", "name")),
        ("csi-creds", False, ("spec", "volumes", 2, "csi", "nodePublishSecretRef", "name")),
        ("pull", False, ("spec", "imagePullSecrets", 0, "name")),
    ]


def test_secrets_made_by_other_objects_count_as_available():
    (here, there, certificate, *_), index = load(
        """
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: here, namespace: shop}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: there, namespace: other}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: web, namespace: shop}
        spec: {secretName: web-tls, issuerRef: {name: ca}}
        ---
        apiVersion: bitnami.com/v1alpha1
        kind: SealedSecret
        metadata: {name: db, namespace: shop}
        spec: {encryptedData: {password: AgA=}}
        ---
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: {name: api-keys, namespace: shop}
        spec: {secretStoreRef: {name: vault}}
        ---
        apiVersion: external-secrets.io/v1beta1
        kind: ExternalSecret
        metadata: {name: merged, namespace: shop}
        spec: {target: {name: existing, creationPolicy: Merge}, secretStoreRef: {name: vault}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: blog
          namespace: shop
          annotations: {cert-manager.io/issuer: letsencrypt}
        spec:
          tls: [{secretName: blog-tls}]
        """
    )
    for name in ("web-tls", "db", "api-keys", "blog-tls"):
        assert secret_available(index, name, here), name
        assert not secret_available(index, name, there), name
    # With creationPolicy Merge the ExternalSecret fills a Secret that must already exist.
    assert not secret_available(index, "existing", here)
    assert [p.producer.kind for p in producers(index, "Secret", "web-tls", certificate)] == [
        "Certificate"
    ]


def test_external_objects_in_the_configuration_silence_unknown_secret(tmp_path: Path):
    (tmp_path / "app.yaml").write_text(
        textwrap.dedent(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: app, namespace: eng-app}
            spec:
              containers:
              - name: app
                image: registry.example.com/app:1.0.0
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {memory: 64Mi}
                envFrom:
                - secretRef: {name: eng-app-secret}
                - secretRef: {name: other-secret}
            """
        )
    )
    config = tmp_path / ".kubelint.yaml"
    config.write_text("external-objects:\n- {kind: Secret, name: eng-app-*, namespace: eng-app}\n")
    runner = CliRunner()
    plain = runner.invoke(cli, ["lint", "--no-config", str(tmp_path / "app.yaml")])
    configured = runner.invoke(cli, ["lint", "--config", str(config), str(tmp_path / "app.yaml")])
    assert "no Secret 'eng-app-secret' in namespace eng-app" in plain.output
    assert "eng-app-secret" not in configured.output
    assert "no Secret 'other-secret' in namespace eng-app" in configured.output


# --------------------------------------------------------------------------- pods


def test_controller_labels_let_per_pod_selectors_match():
    _, index = load(
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: redis, namespace: cache}
        spec:
          selector: {matchLabels: {app: redis}}
          template:
            metadata: {labels: {app: redis}}
            spec: {containers: [{name: redis, image: redis:7.4.1}]}
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report, namespace: cache}
        spec:
          schedule: "@daily"
          jobTemplate:
            spec:
              template:
                spec: {containers: [{name: r, image: report:1.0.0}], restartPolicy: Never}
        """
    )
    statefulset, cronjob = pod_sources(index)
    pod_name = "statefulset.kubernetes.io/pod-name"
    assert statefulset.matches({"app": "redis", pod_name: "redis-2"})
    assert not statefulset.matches({"app": "redis", pod_name: "redis-two"})
    assert not statefulset.matches({"app": "redis", pod_name: "cache-0"})
    assert cronjob.matches({"job-name": "report-28930120"})
    assert not cronjob.matches({"job-name": "other-28930120"})


def test_objects_without_a_written_namespace_may_join_any_namespace():
    (floating, placed, elsewhere), _ = load(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: b, namespace: shop}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: c, namespace: billing}
        """
    )
    assert may_share_namespace(floating, placed)
    assert may_share_namespace(elsewhere, floating)
    assert not may_share_namespace(placed, elsewhere)


# --------------------------------------------------------------------------- rules


def test_service_selects_nothing_names_the_labels_that_differ(tmp_path: Path):
    messages = run(
        tmp_path,
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web, tier: frontend}}
            spec:
              containers:
              - name: web
                image: web:1.0.0
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {memory: 64Mi}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          ports: [{port: 80}]
          selector: {app: web, tier: backend, track: stable}
        """,
        "service-selects-nothing",
    )
    assert messages == [
        "22: selector app=web, tier=backend, track=stable matches no pod template in "
        "namespace shop; the closest, Deployment web, has tier=frontend, track unset where "
        "the selector wants tier=backend, track=stable; fix the selector or the template labels"
    ]


def test_a_service_without_a_namespace_may_back_an_ingress_in_any_namespace(tmp_path: Path):
    ingress = """
        apiVersion: v1
        kind: Service
        metadata: {name: web%s}
        spec:
          ports: [{port: 80}]
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web, namespace: shop}
        spec:
          defaultBackend:
            service: {name: web, port: {number: 80}}
        """
    # kustomize or kubectl apply -n puts the Service where the Ingress is.
    assert run(tmp_path, ingress % "", "ingress-unknown-service") == []
    assert run(tmp_path, ingress % ", namespace: checkout", "ingress-unknown-service") == [
        "13: backend Service 'web' is not in namespace shop but in checkout; an Ingress can "
        "only route to Services in its own namespace"
    ]


def test_pvc_capacity_compares_binary_and_decimal_units(tmp_path: Path):
    volume = """
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: disk}
        spec:
          capacity: {storage: %s}
          accessModes: [ReadWriteOnce]
          persistentVolumeReclaimPolicy: Retain
          nfs: {server: nas, path: /disk}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 10Gi}}
        """
    # 10G is 10^10 bytes, less than 10Gi (2^30 * 10): that volume cannot hold the claim.
    assert run(tmp_path, volume % "10G", "pvc-missing-storage-class") == []
    assert len(run(tmp_path, volume % "11G", "pvc-missing-storage-class")) == 1
    assert len(run(tmp_path, volume % "0.01Ti", "pvc-missing-storage-class")) == 1


# --------------------------------------------------------------------------- seeds


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed manifests not available")
@pytest.mark.parametrize(
    ("project", "expected"),
    [
        # LESSONS rows 5 and 8
        (
            "eng-app",
            {
                ("deployment-eng-app-app.yaml", "unknown-secret"),
                ("deployment-eng-app-mysql.yaml", "unknown-secret"),
                ("pv/eng_app_pvc.yaml", "pvc-missing-storage-class"),
                ("pv/eng_app_data_pvc.yaml", "pvc-missing-storage-class"),
            },
        ),
        # rows 16, 17 and 19; row 20 (nginx-service) stays quiet
        (
            "gke-ingress/reconstructed",
            {
                ("web-ingress.yaml", "ingress-port-not-exposed"),
                ("nginx-ingress.yml", "ingress-tls-secret"),
                ("web-ingress.yaml", "ingress-tls-secret"),
                ("hoge-service.yml", "service-selects-nothing"),
            },
        ),
        # row 23: every guestbook Service selects its Deployment's pods
        ("guestbook", set()),
    ],
)
def test_seed_findings(project: str, expected: set[tuple[str, str]]):
    mine = {
        "ingress-unknown-service", "ingress-port-not-exposed", "ingress-tls-secret",
        "service-selects-nothing", "unknown-secret", "pvc-missing-storage-class",
    }  # fmt: skip
    root = SEEDS / project
    rules = load_rules()
    settings = Settings(severities={r.id: r.severity for r in rules.values() if r.default})
    report = lint([str(root)], settings)
    found = {
        (str(Path(f.file).relative_to(root)), f.rule) for f in report.findings if f.rule in mine
    }
    assert found == expected
