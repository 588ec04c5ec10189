"""Configuration files: discovery, every key, and precise errors for bad files."""

from __future__ import annotations

import json
import os
import tempfile

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:latest
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {memory: 64Mi}
"""


def lint(cwd, *args):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, ["--format", "json", *args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return result


def findings(result):
    return [(f["file"], f["rule"], f["severity"]) for f in json.loads(result.output)["findings"]]


@pytest.fixture
def repo(tmp_path):
    (tmp_path / "apps" / "web").mkdir(parents=True)
    (tmp_path / "apps" / "web" / "pod.yaml").write_text(POD)
    return tmp_path


def test_config_is_found_by_walking_up_from_the_current_directory(repo):
    (repo / ".kubelint.yaml").write_text("rules:\n  latest-tag: error\n")
    result = lint(repo / "apps" / "web", "pod.yaml")
    assert findings(result) == [("pod.yaml", "latest-tag", "error")]
    assert result.exit_code == 1


def test_pyproject_tool_table(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.kubelint]\nrules = { latest-tag = "off" }\n')
    assert findings(lint(repo, "apps")) == []


def test_pyproject_without_the_table_is_not_a_config(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert findings(lint(repo, "apps")) == [("apps/web/pod.yaml", "latest-tag", "warning")]


def test_explicit_config_and_no_config(repo):
    (repo / ".kubelint.yaml").write_text("rules:\n  latest-tag: off\n")
    (repo / "strict.yaml").write_text("rules:\n  latest-tag: info\n")
    assert findings(lint(repo, "apps")) == []
    assert findings(lint(repo, "--config", "strict.yaml", "apps")) == [("apps/web/pod.yaml", "latest-tag", "info")]
    assert findings(lint(repo, "--no-config", "apps")) == [("apps/web/pod.yaml", "latest-tag", "warning")]


def test_categories_and_rules_combine_with_the_rule_winning(repo):
    (repo / ".kubelint.yaml").write_text("categories:\n  images: off\nrules:\n  latest-tag: on\n")
    assert findings(lint(repo, "apps")) == [("apps/web/pod.yaml", "latest-tag", "warning")]
    (repo / ".kubelint.yaml").write_text("categories:\n  images: off\n")
    assert findings(lint(repo, "apps")) == []


def test_fail_on_and_kube_version_from_the_config(repo):
    (repo / ".kubelint.yaml").write_text('fail-on: warning\nkube-version: "1.29"\n')
    assert lint(repo, "apps").exit_code == 1
    assert lint(repo, "--fail-on", "error", "apps").exit_code == 0


def test_exclude_patterns_are_relative_to_the_config_file(repo):
    (repo / "vendor").mkdir()
    (repo / "vendor" / "pod.yaml").write_text(POD)
    (repo / ".kubelint.yaml").write_text("exclude:\n  - vendor\n  - apps/*/pod.yaml\n")
    assert findings(lint(repo, ".")) == []
    (repo / ".kubelint.yaml").write_text("exclude:\n  - vendor/\n")
    assert findings(lint(repo, ".")) == [("apps/web/pod.yaml", "latest-tag", "warning")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  latest-tags: off\n",
         ".kubelint.yaml:2:3: unknown rule 'latest-tags'; did you mean 'latest-tag'?"),
        ("rules:\n  latest-tag: warn\n",
         ".kubelint.yaml:2:15: rules.latest-tag: expected one of off, on, info, warning, error; got 'warn'"),
        ("kube-version: 1.30\n",
         '.kubelint.yaml:1:15: kube-version: write the version as a quoted string, e.g. "1.30" '
         "(unquoted, YAML reads it as the number 1.3)"),
        ("exclude: vendor\n",
         ".kubelint.yaml:1:10: exclude: expected an array, got a string ('vendor')"),
        ("exlude: [vendor]\n",
         ".kubelint.yaml:1:1: unknown key 'exlude'; did you mean 'exclude'?"),
        ("external-objects:\n  - kind: Secret\n",
         ".kubelint.yaml:2:5: external-objects.0: 'name' is a required property"),
        ("rules: [latest-tag]\n", ".kubelint.yaml:1:8: rules: expected an object, got a list"),
        ("rules:\n  latest-tag: off\n  latest-tag: on\n", ".kubelint.yaml:3:3: key 'latest-tag' is set twice"),
        ("rules: {latest-tag: off\n", ".kubelint.yaml:2:1: not valid YAML"),
    ],
)  # fmt: skip
def test_bad_config_is_a_precise_error_and_exit_code_2(repo, text, message):
    (repo / ".kubelint.yaml").write_text(text)
    result = lint(repo, "apps")
    assert result.exit_code == 2
    assert message in result.output, result.output


def test_bad_pyproject_config_names_the_table(repo):
    (repo / "pyproject.toml").write_text('[tool.kubelint]\nfail-on = "sometimes"\n')
    result = lint(repo, "apps")
    assert result.exit_code == 2
    assert "pyproject.toml: [tool.kubelint] fail-on: expected one of info, warning, error" in result.output


def test_every_error_in_a_thoroughly_bad_file_is_listed(repo):
    (repo / ".kubelint.yaml").write_text(
        "kube-version: latest\nfail-on: 3\nrules: {nope: off}\ncategories: {imgs: off}\n"
        "exclude: [1]\ndefault-namespace: Not_Valid\n"
    )
    result = lint(repo, "apps")
    assert result.exit_code == 2
    for key in ("kube-version", "fail-on", "'nope'", "'imgs'", "exclude.0", "default-namespace"):
        assert key in result.output, key


def test_external_objects_and_default_namespace(repo):
    (repo / ".kubelint.yaml").write_text(
        "default-namespace: shop\n"
        "external-objects:\n  - {kind: Secret, name: db-*, namespace: shop}\n"
    )
    from kubelint import config

    loaded = config.load(str(repo / ".kubelint.yaml"))
    assert loaded.default_namespace == "shop"
    (external,) = loaded.external_objects
    assert external.matches("Secret", "db-password", "shop")
    assert not external.matches("Secret", "db-password", "other")
    assert not external.matches("ConfigMap", "db-password", "shop")


def test_the_empty_config_file_is_fine(repo):
    (repo / ".kubelint.yaml").write_text("# nothing configured yet\n")
    assert lint(repo, "apps").exit_code == 0


def test_discovery_stops_at_the_filesystem_root():
    from kubelint import config

    with tempfile.TemporaryDirectory() as empty:
        found = config.discover(empty)
        assert found is None or not found.startswith(empty)


def test_a_rule_setting_may_be_a_mapping_with_its_severity(repo):
    (repo / ".kubelint.yaml").write_text("rules:\n  latest-tag: {severity: error}\n")
    assert ("apps/web/pod.yaml", "latest-tag", "error") in findings(lint(repo, "apps"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  latest-tag: {severity: warn}\n",
         "rules.latest-tag.severity: expected one of off, on, info, warning, error; got 'warn'"),
        ("rules:\n  latest-tag: {allowed: [x]}\n", "unknown key 'allowed'"),
        ("presets: [strickt]\n", "presets.0: expected one of strict; got 'strickt'"),
        ("pod-security: restrictive\n",
         "pod-security: expected one of privileged, baseline, restricted; got 'restrictive'"),
        ("pod-security: {level: baseline, version: 1.28}\n",
         "pod-security.version: expected a string, got a number (1.28)"),
    ],
)  # fmt: skip
def test_rule_options_presets_and_pod_security_are_validated(repo, text, message):
    (repo / ".kubelint.yaml").write_text(text)
    result = lint(repo, "apps")
    assert result.exit_code == 2
    assert message in result.output, result.output


@pytest.mark.parametrize("value", ["restricted", "baseline:1.28", "restricted:latest"])
def test_pod_security_levels_are_accepted_from_the_command_line(repo, value):
    assert lint(repo, "--pod-security", value, "apps").exit_code in (0, 1)


def test_unknown_presets_and_levels_on_the_command_line_are_usage_errors(repo):
    result = lint(repo, "--preset", "strictest", "apps")
    assert result.exit_code == 2 and "unknown preset 'strictest'" in result.output
    result = lint(repo, "--pod-security", "tight", "apps")
    assert result.exit_code == 2 and "'tight' is not a Pod Security level" in result.output
