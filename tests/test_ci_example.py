"""The GitHub Actions example in docs/ci is a valid workflow (GitHub's schema, as vendored by
check-jsonschema, offline), and the command it runs works and writes the SARIF file that it
uploads. Skipped without check-jsonschema, unless ``KUBELINT_REQUIRE_TOOLS=1``."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "docs" / "ci" / "github-actions.yml"


def _steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return job["steps"]


def _step(uses_prefix: str = "", run_prefix: str = "") -> dict:
    for step in _steps():
        if uses_prefix and step.get("uses", "").startswith(uses_prefix):
            return step
        if run_prefix and step.get("run", "").startswith(run_prefix):
            return step
    raise AssertionError(f"no step uses {uses_prefix!r} / runs {run_prefix!r}")


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_the_workflow_matches_githubs_schema(schema):
    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        if os.environ.get("KUBELINT_REQUIRE_TOOLS") == "1":
            pytest.fail("check-jsonschema is not installed (KUBELINT_REQUIRE_TOOLS=1)")
        pytest.skip("check-jsonschema is not installed (pip install '.[test]')")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_uploads_the_file_kubelint_writes():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    lint = _step(run_prefix="kubelint ")
    assert lint["run"] == "kubelint --format sarif=kubelint.sarif --format text ."
    upload = _step(uses_prefix="github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "kubelint.sarif"
    # the upload runs after a failed lint step: that is when there is something to see
    assert "always()" in upload["if"] or "!cancelled()" in upload["if"]
    assert "pip install kubelint" in _step(run_prefix="python -m pip install")["run"]


def test_the_lint_step_writes_sarif_and_text(tmp_path):
    """The workflow's command, run in a copy of the example project: exit code 1 for its
    errors, the text findings on standard output, the same findings in the SARIF file."""
    project = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "shop", project)
    (project / ".kubelint.yaml").write_text('kube-version: "1.30"\n', encoding="utf-8")
    command = shlex.split(_step(run_prefix="kubelint ")["run"])
    result = subprocess.run(
        [sys.executable, "-m", "kubelint", *command[1:]],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    findings = [line for line in result.stdout.splitlines() if " [" in line]
    assert findings and result.stdout.rstrip().splitlines()[-1].startswith("Found ")
    sarif = json.loads((project / "kubelint.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    results = [r for run in sarif["runs"] for r in run["results"]]
    assert len(results) == len(findings)
    for r in results:
        for location in r["locations"]:
            uri = location["physicalLocation"]["artifactLocation"]["uri"]
            assert (project / uri).is_file(), f"{uri} is not relative to the repository root"
