"""`kubelint DIR` renders a kustomization, `kubelint --helm CHART -f values` a chart: the CLI
side of kubelint.render (tests/test_render.py covers the rendering itself)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

DATA = Path(__file__).parent / "data"
REQUIRE = os.environ.get("KUBELINT_REQUIRE_TOOLS") == "1"


def run(*args: str):
    old = os.getcwd()
    os.chdir(DATA)
    try:
        return CliRunner().invoke(cli, ["--no-config", "--no-context", *args])
    finally:
        os.chdir(old)


def needs(tool: str) -> None:
    if shutil.which(tool) is None and not REQUIRE:
        pytest.skip(f"{tool} is not installed")


def test_a_kustomization_directory_is_rendered_not_walked():
    needs("kubectl")
    result = run("--format", "json", "kustomize/overlays/prod")
    report = json.loads(result.output.split("\nkubelint:")[0])
    found = [(f["file"], f["rule"]) for f in report["findings"]]
    assert found == [("kustomize/overlays/prod[kustomize]", "privileged-container")]


def test_helm_charts_render_once_per_values_file():
    needs("helm")
    result = run("--helm", "charts/web", "-f", "charts/values-dev.yaml", "-f",
                 "charts/values-prod.yaml")  # fmt: skip
    assert "deployment.yaml[values-dev.yaml]" in result.output
    assert "deployment.yaml[values-prod.yaml]" in result.output


def test_rendering_mistakes_are_clear_usage_errors():
    assert "-f/--values goes with --helm" in run("-f", "x.yaml", "kustomize").output
    fix = run("--fix", "kustomize/overlays/prod")
    assert fix.exit_code == 2 and "work on files, not on rendered" in fix.output
    remote = run("--helm", "oci://registry.example.com/charts/web")
    assert remote.exit_code == 2 and "Traceback" not in remote.output
