"""Acceptance: what kubelint reports on the seed manifests (../shared/seeds/LESSONS.md).

Each seed project is linted on its own, as its author would, at Kubernetes 1.30. The table
below is the complete expected output, reviewed row by row against LESSONS.md: every "must"
and "should" row is in it, every "none" row is a file with nothing listed, and anything else
kubelint reports fails the test. Skipped when ../shared is not beside the repository.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

SHARED = Path(os.environ.get("KUBELINT_SHARED", Path(__file__).resolve().parents[2] / "shared"))
MANIFESTS = SHARED / "seeds" / "manifests"
pytestmark = pytest.mark.skipif(not MANIFESTS.is_dir(), reason="../shared/seeds is not present")

# (file, line, rule, severity) per project; comments give the LESSONS row.
EXPECTED = {
    "eng-app": [
        ("deployment-eng-app-app.yaml", 25, "missing-memory-limit", "warning"),  # 4
        ("deployment-eng-app-app.yaml", 25, "missing-requests", "warning"),  # 4
        ("deployment-eng-app-app.yaml", 35, "unknown-secret", "warning"),  # 5
        ("deployment-eng-app-mysql.yaml", 25, "missing-memory-limit", "warning"),  # 4
        ("deployment-eng-app-mysql.yaml", 25, "missing-requests", "warning"),  # 4
        ("deployment-eng-app-mysql.yaml", 31, "unknown-secret", "warning"),  # 5
        ("deployment-eng-app-mysql.yaml", 52, "istio-port-protocol", "warning"),  # 3
        ("eng_app_destination_rules.yaml", 7, "istio-unknown-host", "error"),  # 1
        ("eng_app_destination_rules.yaml", 11, "istio-unused-subset", "info"),  # 2
        ("pv/eng_app.yaml", 14, "cluster-scoped-namespace", "warning"),  # 6
        ("pv/eng_app.yaml", 21, "deprecated-field", "warning"),  # 7
        ("pv/eng_app_data.yaml", 5, "cluster-scoped-namespace", "warning"),  # 6
        ("pv/eng_app_data.yaml", 12, "deprecated-field", "warning"),  # 7
        ("pv/eng_app_data_pvc.yaml", 6, "pvc-missing-storage-class", "info"),  # 8
        ("pv/eng_app_pvc.yaml", 6, "pvc-missing-storage-class", "info"),  # 8
        # 9: eng_app_virtual_service.yaml and eng_app_gateway.yaml report nothing
    ],
    "gke-ingress/as-published": [  # 10: duplicate keys and mappings that became null
        ("hoge-service.yml", 4, "null-value", "error"),
        ("hoge-service.yml", 6, "duplicate-key", "error"),
        ("hoge-service.yml", 15, "null-value", "error"),
        ("nginx-deployment.yml", 1, "removed-api", "error"),  # 12
        ("nginx-deployment.yml", 4, "null-value", "error"),
        ("nginx-deployment.yml", 6, "null-value", "error"),
        ("nginx-deployment.yml", 8, "duplicate-key", "error"),
        ("nginx-deployment.yml", 12, "null-value", "error"),
        ("nginx-deployment.yml", 13, "null-value", "error"),
        ("nginx-deployment.yml", 15, "null-value", "error"),
        ("nginx-deployment.yml", 17, "null-value", "error"),
        ("nginx-deployment.yml", 20, "null-value", "error"),
        ("nginx-deployment.yml", 21, "null-value", "error"),
        ("nginx-deployment.yml", 23, "null-value", "error"),
        ("nginx-deployment.yml", 24, "duplicate-key", "error"),
        ("nginx-deployment.yml", 26, "null-value", "error"),
        ("nginx-deployment.yml", 29, "duplicate-key", "error"),
        ("nginx-deployment.yml", 32, "duplicate-key", "error"),
        ("nginx-ingress.yml", 1, "removed-api", "error"),  # 13
        ("nginx-ingress.yml", 5, "null-value", "error"),
        ("nginx-ingress.yml", 9, "ingress-tls-secret", "warning"),  # the Secret has no kind
        ("nginx-ingress.yml", 11, "null-value", "error"),
        ("nginx-service.yml", 4, "null-value", "error"),
        ("nginx-service.yml", 6, "duplicate-key", "error"),
        ("nginx-service.yml", 14, "null-value", "error"),
        ("secrets.yaml", 1, "missing-type-meta", "error"),  # 11
        ("secrets.yaml", 3, "invalid-base64", "error"),  # 11
        ("secrets.yaml", 4, "invalid-base64", "error"),  # 11
        ("web-ingress.yaml", 1, "removed-api", "error"),  # 13
        ("web-ingress.yaml", 5, "null-value", "error"),
        ("web-ingress.yaml", 9, "ingress-tls-secret", "warning"),
        ("web-ingress.yaml", 11, "null-value", "error"),
        ("web-ingress.yaml", 14, "null-value", "error"),
    ],
    "gke-ingress/reconstructed": [
        ("hoge-service.yml", 15, "service-selects-nothing", "warning"),  # 19
        ("nginx-deployment.yml", 1, "removed-api", "error"),  # 12
        ("nginx-deployment.yml", 5, "server-written-field", "warning"),  # 15
        ("nginx-deployment.yml", 22, "server-written-field", "warning"),  # 15
        ("nginx-deployment.yml", 28, "latest-tag", "warning"),  # 14
        ("nginx-deployment.yml", 29, "missing-memory-limit", "warning"),
        ("nginx-deployment.yml", 29, "missing-requests", "warning"),
        ("nginx-ingress.yml", 1, "removed-api", "error"),  # 13
        ("nginx-ingress.yml", 9, "ingress-tls-secret", "warning"),  # 17
        ("secrets.yaml", 5, "leaked-credential", "error"),  # 18
        ("web-ingress.yaml", 1, "removed-api", "error"),  # 13
        ("web-ingress.yaml", 9, "ingress-tls-secret", "warning"),  # tls-certs-1709 is nowhere
        ("web-ingress.yaml", 16, "ingress-port-not-exposed", "error"),  # 16
        # 20: nginx-service.yml reports nothing
    ],
    "guestbook": [
        ("frontend-deployment.yaml", 22, "missing-memory-limit", "warning"),  # 21
        ("redis-master-deployment.yaml", 23, "frozen-registry", "warning"),  # 22
        ("redis-master-deployment.yaml", 24, "missing-memory-limit", "warning"),  # 21
        ("redis-slave-deployment.yaml", 24, "missing-memory-limit", "warning"),  # 21
        # 22 also names redis-slave, but its image is gcr.io/google_samples, not k8s.gcr.io
        # 23: the three Services report nothing
    ],
    "k8s-guide": [
        ("secret.yaml", 6, "plain-secret", "warning"),  # 26
        # 27: clusterrole-aggregate.yaml reports nothing
    ],
    "osba-istio": [
        ("mysql-deploy.yaml", 1, "removed-api", "error"),  # 24
        ("mysql-deploy.yaml", 5, "missing-selector", "error"),  # 24
        ("mysql-deploy.yaml", 13, "missing-memory-limit", "warning"),
        ("mysql-deploy.yaml", 13, "missing-requests", "warning"),
        ("mysql-deploy.yaml", 22, "unknown-secret", "warning"),
        ("route-conditional-v2.yaml", 2, "removed-api", "error"),  # 25
    ],
}


def lint(project: str, *options: str) -> tuple[dict, int]:
    old = os.getcwd()
    os.chdir(MANIFESTS)
    try:
        args = ["--no-config", "--kube-version", "1.30", "--format", "json", *options]
        result = CliRunner().invoke(cli, [*args, project])
    finally:
        os.chdir(old)
    return json.loads(result.output), result.exit_code


def by_message(report: dict, rule: str) -> list[str]:
    return [f["message"] for f in report["findings"] if f["rule"] == rule]


@pytest.mark.parametrize("project", sorted(EXPECTED))
def test_seed_project_reports_exactly_the_lessons(project):
    report, code = lint(project)
    found = [
        (f["file"][len(project) + 1 :], f["line"], f["rule"], f["severity"])
        for f in report["findings"]
    ]
    assert found == EXPECTED[project]
    errors = any(severity == "error" for *_, severity in EXPECTED[project])
    assert code == (1 if errors else 0)


def test_row_1_destination_rule_host_suggests_the_service():
    report, _ = lint("eng-app")
    (message,) = by_message(report, "istio-unknown-host")
    assert "'eng-app-app'" in message and "eng-app" in message
    assert "Deployment eng-app-app has that name" in message
    assert "did you mean 'eng-app-app-service'" in message


def test_row_3_mysql_port_named_http():
    report, _ = lint("eng-app")
    (message,) = by_message(report, "istio-port-protocol")
    assert "3306" in message and "'http'" in message and "MySQL" in message


def test_row_5_secret_created_out_of_band_is_silenced_by_the_config(tmp_path):
    (tmp_path / ".kubelint.yaml").write_text(
        "external-objects:\n  - {kind: Secret, name: eng-app-secret, namespace: eng-app}\n"
    )
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(
            cli, ["--kube-version", "1.30", "--format", "json", str(MANIFESTS / "eng-app")]
        )
    finally:
        os.chdir(old)
    rules = [f["rule"] for f in json.loads(result.output)["findings"]]
    assert "unknown-secret" not in rules
    assert "istio-unknown-host" in rules


def test_row_10_duplicate_keys_name_both_lines():
    report, _ = lint("gke-ingress/as-published")
    assert (
        "key 'name' is set twice in metadata (lines 5 and 6)"
        in by_message(report, "duplicate-key")[0]
    )


def test_rows_12_13_removed_apis_name_the_replacement_and_the_migration():
    report, _ = lint("gke-ingress/reconstructed")
    deployment, ingress, _ = by_message(report, "removed-api")
    assert "extensions/v1beta1 Deployment was removed in Kubernetes 1.16" in deployment
    assert "apps/v1" in deployment and "selector" in deployment
    assert "extensions/v1beta1 Ingress was removed in Kubernetes 1.22" in ingress
    assert "networking.k8s.io/v1" in ingress and "pathType" in ingress


def test_row_16_ingress_port_names_the_ports_the_service_has():
    report, _ = lint("gke-ingress/reconstructed")
    (message,) = by_message(report, "ingress-port-not-exposed")
    assert "80" in message and "'hoge-service'" in message and "8080" in message


def test_row_18_private_key_is_reported_and_never_printed():
    report, _ = lint("gke-ingress/reconstructed")
    (message,) = by_message(report, "leaked-credential")
    assert "'tls.key'" in message and "private key" in message
    text = (MANIFESTS / "gke-ingress" / "reconstructed" / "secrets.yaml").read_text()
    encoded = [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("  tls.")]
    output = json.dumps(report)
    for value in encoded:
        decoded = base64.b64decode(value).decode()
        pieces = [value[i : i + 16] for i in range(0, len(value) - 16, 16)]
        pieces += [line for line in decoded.splitlines() if len(line) > 16 and "-----" not in line]
        assert not [p for p in pieces if p in output]


def test_row_24_removed_api_and_missing_selector():
    report, _ = lint("osba-istio")
    (selector,) = by_message(report, "missing-selector")
    assert "apps/v1" in selector and "matchLabels: {app: sample-osba-mysql}" in selector


def test_row_25_route_rule_names_its_successor():
    report, _ = lint("osba-istio")
    route_rule = by_message(report, "removed-api")[1]
    assert "config.istio.io/v1alpha2 RouteRule" in route_rule and "VirtualService" in route_rule


def test_all_seeds_at_once_lint_without_internal_errors():
    report, code = lint(".")
    manifests = [p for p in MANIFESTS.rglob("*") if p.suffix in (".yaml", ".yml")]
    assert report["summary"]["files"] == len(manifests)
    assert code == 1  # findings, and no internal error (that would be 2)
