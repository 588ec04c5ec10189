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
    import sys
    sys.path[:0] = [{site!r}, {plugins!r}]
    from kubelint.cli import main
    sys.argv = ["kubelint", *sys.argv[1:]]
    main()
    """
)


def _installed(site: Path, module: str) -> Path:
    """What `pip install` leaves in site-packages for the example plugin: its metadata,
    with the entry point naming ``module`` (the package itself is put on the path)."""
    info = site / "kubelint_example_plugin-0.1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: kubelint-example-plugin\nVersion: 0.1.0\n"
    )
    (info / "entry_points.txt").write_text(f"[kubelint.rules]\nexample = {module}\n")
    return site


def kubelint(tmp_path: Path, *args: str, module: str = "kubelint_example_plugin.rules"):
    site = _installed(tmp_path / "site-packages", module)
    script = RUNNER.format(site=str(site), plugins=str(PLUGINS))
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
