"""Plugins: installed packages add rules through the `kubelint.rules` entry point group.

The example package in tests/plugins is what a plugin looks like. Each test runs kubelint in
a fresh interpreter whose entry points include it (as `pip install ./tests/plugins` would),
so the registry of this test process is not touched.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

PLUGINS = Path(__file__).parent / "plugins"

RUNNER = textwrap.dedent(
    """\
    import importlib.metadata as metadata, sys
    sys.path.insert(0, {plugins!r})
    point = metadata.EntryPoint("example", {module!r}, "kubelint.rules")
    real = metadata.entry_points
    def entry_points(**kwargs):
        if kwargs.get("group") == "kubelint.rules":
            return metadata.EntryPoints([point])
        return real(**kwargs)
    metadata.entry_points = entry_points
    from kubelint.cli import main
    sys.argv = ["kubelint", *sys.argv[1:]]
    main()
    """
)


def kubelint(tmp_path: Path, *args: str, module: str = "kubelint_example_plugin.rules"):
    script = RUNNER.format(plugins=str(PLUGINS), module=module)
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing
  namespace: payments
spec:
  selector:
    matchLabels: {app: billing}
  template:
    metadata:
      labels: {app: billing}
    spec:
      containers:
      - name: billing
        image: ghcr.io/acme/billing:1.2.0
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 128Mi}
"""


def test_a_plugin_rule_reports_and_can_be_configured(tmp_path):
    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    result = kubelint(tmp_path, "--no-config", "--no-context", "--format", "json", "app.yaml")
    found = [(f["rule"], f["line"]) for f in json.loads(result.stdout)["findings"]]
    assert ("example-owner-annotation", 4) in found, result.stderr
    (tmp_path / ".kubelint.yaml").write_text("rules:\n  example-owner-annotation: error\n")
    result = kubelint(tmp_path, "--no-context", "--format", "json", "app.yaml")
    severities = {f["rule"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities["example-owner-annotation"] == "error", result.stderr
    assert "Workloads carry an `owner` annotation" in kubelint(
        tmp_path, "explain", "example-owner-annotation"
    ).stdout


def test_a_plugin_that_fails_to_load_is_a_clear_error(tmp_path):
    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    result = kubelint(tmp_path, "--no-config", "app.yaml", module="kubelint_missing_plugin")
    assert result.returncode == 2
    assert "a plugin could not be loaded: example (kubelint_missing_plugin)" in result.stderr
    assert "Traceback" not in result.stderr
