"""References resolve against the whole project, and only the files asked about are
reported: linting one file gives the same findings for it as linting its whole folder."""

from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KUBELINT_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds" / "manifests"
PROJECTS = [ROOT / "examples" / "shop", ROOT / "examples" / "legacy"]
if SEEDS.is_dir():
    PROJECTS += [
        SEEDS / p for p in ("eng-app", "gke-ingress/reconstructed", "guestbook", "osba-istio")
    ]


def lint(cwd: Path, *args: str) -> dict:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["--format", "json", "--kube-version", "1.30", *args])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def by_file(report: dict) -> dict[str, list[tuple]]:
    grouped: dict[str, list[tuple]] = defaultdict(list)
    for f in report["findings"]:
        grouped[f["file"]].append((f["line"], f["column"], f["rule"], f["message"]))
    return grouped


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_one_file_reports_what_its_folder_reports(project, tmp_path):
    work = tmp_path / "project"
    shutil.copytree(project, work)
    (work / ".kubelint.yaml").write_text("# the project root\n")
    folder = by_file(lint(work, "."))
    files = sorted(
        str(p.relative_to(work)) for p in work.rglob("*.y*ml") if p.name != ".kubelint.yaml"
    )
    for name in files:
        alone = by_file(lint(work, name))
        assert set(alone) <= {name}, "only the file asked about is reported"
        assert alone.get(name, []) == folder.get(name, []), name


def test_the_git_work_tree_is_the_default_root(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "rule.yaml").write_text(
        "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
        "metadata: {name: reviews, namespace: shop}\nspec:\n  host: reviews-app\n"
    )
    (tmp_path / "platform").mkdir()
    (tmp_path / "platform" / "service.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: shop}\n"
        "spec:\n  ports: [{name: http, port: 9080}]\n"
    )
    found = lint(tmp_path / "app", "rule.yaml")["findings"]
    assert [f["rule"] for f in found] == ["istio-unknown-host"]
    assert "did you mean 'reviews'?" in found[0]["message"]  # known from ../platform
    assert lint(tmp_path / "app", "--no-context", "rule.yaml")["findings"] == []


def test_roots_in_the_configuration(tmp_path):
    (tmp_path / "deploy").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / ".kubelint.yaml").write_text("roots: [deploy]\n")
    (tmp_path / "deploy" / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec:\n  containers:\n"
        "  - name: web\n    image: nginx:1.27.3\n    envFrom: [{secretRef: {name: web-env}}]\n"
        "    resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 16Mi}}\n"
    )
    (tmp_path / "shared" / "secret.yaml").write_text(
        "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"
        "metadata: {name: web-env, namespace: shop}\nspec: {encryptedData: {A: AgB=}}\n"
    )
    assert [f["rule"] for f in lint(tmp_path, "deploy")["findings"]] == ["unknown-secret"]
    (tmp_path / ".kubelint.yaml").write_text("roots: [deploy, shared]\n")
    assert lint(tmp_path, "deploy")["findings"] == []


def test_a_broken_sibling_file_does_not_breed_missing_reference_findings(tmp_path):
    (tmp_path / ".kubelint.yaml").write_text("# root\n")
    (tmp_path / "secret.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-env\n  namespace: shop\n"
        'type: Opaque\ndata: {A: ""\n'  # unclosed: a syntax error
    )
    (tmp_path / "service.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\ndata: {a: b}\n---\n"
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\n"
        "spec:\n  selector: {app: web\n"  # broken too, in the second document
    )
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n"
        "spec:\n  containers:\n  - name: web\n    image: nginx:1.27.3\n"
        "    envFrom: [{secretRef: {name: web-env}}]\n"
        "    resources: {requests: {cpu: 10m, memory: 16Mi}, limits: {memory: 16Mi}}\n"
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\n"
        "metadata: {name: web, namespace: shop}\nspec:\n  defaultBackend:\n"
        "    service: {name: web, port: {number: 80}}\n"
    )
    report = lint(tmp_path, ".")
    assert sorted((f["file"], f["rule"]) for f in report["findings"]) == [
        ("secret.yaml", "yaml-syntax"),
        ("service.yaml", "yaml-syntax"),
    ]
    alone = lint(tmp_path, "--no-context", "pod.yaml")
    assert sorted(f["rule"] for f in alone["findings"]) == [
        "ingress-unknown-service",
        "unknown-secret",
    ]
