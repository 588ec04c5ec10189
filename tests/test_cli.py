"""The command line as a user meets it: output, exit codes, formats, stdin, subcommands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint import __version__
from kubelint.cli import cli

LATEST = """\
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
CLEAN = LATEST.replace("nginx:latest", "nginx:1.27.3")
BROKEN = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n"


def run(args, cwd=None, input=None):
    with _chdir(cwd or tempfile.mkdtemp()):
        return CliRunner().invoke(cli, args, input=input, catch_exceptions=False)


class _chdir:
    def __init__(self, path):
        self.path, self.old = path, None

    def __enter__(self):
        self.old = os.getcwd()
        os.chdir(self.path)

    def __exit__(self, *exc):
        os.chdir(self.old)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "pod.yaml").write_text(LATEST)
    (tmp_path / "manifests" / "clean.yml").write_text(
        CLEAN.replace("name: web\n", "name: clean\n", 1)
    )
    (tmp_path / "manifests" / "values.yaml").write_text("replicaCount: 3\nimage: {tag: latest}\n")
    (tmp_path / "manifests" / "notes.txt").write_text("not yaml: [\n")
    return tmp_path


def test_text_output_is_one_finding_per_line_then_a_summary(project):
    result = run(["manifests"], cwd=project)
    lines = result.output.splitlines()
    assert lines[0] == (
        "manifests/pod.yaml:8:12: warning [latest-tag] "
        "image 'nginx:latest' uses the mutable tag latest; pin a version or a digest"
    )
    assert lines[-1] == "Found 1 problem (0 errors, 1 warning, 0 info) in 3 files (2 objects)."
    assert result.exit_code == 0  # warnings do not fail by default


def test_fail_on_sets_the_threshold(project):
    assert run(["--fail-on", "warning", "manifests"], cwd=project).exit_code == 1
    assert run(["--fail-on", "error", "manifests"], cwd=project).exit_code == 0


def test_errors_fail_the_run(tmp_path):
    (tmp_path / "broken.yaml").write_text(BROKEN)
    result = run(["broken.yaml"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.output.startswith("broken.yaml:4:1: error [yaml-syntax] invalid YAML:")


def test_clean_run_says_so(tmp_path):
    (tmp_path / "ok.yaml").write_text(CLEAN)
    result = run(["ok.yaml"], cwd=tmp_path)
    assert result.exit_code == 0
    assert result.output == "No problems found in 1 file (1 object).\n"


def test_json_output_follows_the_contract(project):
    result = run(["--format", "json", "manifests"], cwd=project)
    report = json.loads(result.output)
    assert report["version"] == __version__
    assert report["summary"] == {"files": 3, "objects": 2, "errors": 0, "warnings": 1, "infos": 0}
    assert report["findings"] == [
        {
            "rule": "latest-tag",
            "category": "images",
            "severity": "warning",
            "message": "image 'nginx:latest' uses the mutable tag latest; pin a version or a digest",
            "file": "manifests/pod.yaml",
            "line": 8,
            "column": 12,
            "object": {"apiVersion": "v1", "kind": "Pod", "namespace": "default", "name": "web"},
        }
    ]


def test_stdin_is_read_with_a_dash(tmp_path):
    result = run(["-"], cwd=tmp_path, input=LATEST)
    assert result.output.startswith("<stdin>:8:12: warning [latest-tag]")


def test_json_files_and_lists_are_linted_with_their_own_positions(tmp_path):
    manifest = {
        "apiVersion": "v1",
        "kind": "List",
        "items": [json.loads(json.dumps({
            "apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}"},
            "spec": {"containers": [{"name": "c", "image": "nginx",
                                     "resources": {"requests": {"cpu": "1", "memory": "1Gi"},
                                                   "limits": {"memory": "1Gi"}}}]},
        })) for i in range(2)],
    }  # fmt: skip
    text = json.dumps(manifest, indent="\t")
    (tmp_path / "list.json").write_text(text)
    result = run(["--format", "json", "list.json"], cwd=tmp_path)
    findings = json.loads(result.output)["findings"]
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if '"image": "nginx"' in line]
    assert [(f["rule"], f["line"], f["object"]["name"]) for f in findings] == [
        ("latest-tag", lines[0], "p0"),
        ("latest-tag", lines[1], "p1"),
    ]


def test_kube_version_is_validated(project):
    result = run(["--kube-version", "one.two", "manifests"], cwd=project)
    assert result.exit_code == 2
    assert "--kube-version" in result.output and "1.30" in result.output


def test_missing_path_is_a_usage_error(tmp_path):
    result = run(["nowhere.yaml"], cwd=tmp_path)
    assert result.exit_code == 2
    assert "nowhere.yaml: no such file or directory" in result.output


def test_no_paths_is_a_usage_error(tmp_path):
    result = run([], cwd=tmp_path)
    assert result.exit_code == 2


def test_unknown_rule_in_flags_suggests_the_right_one(project):
    result = run(["--disable", "latest-tags", "manifests"], cwd=project)
    assert result.exit_code == 2
    assert "did you mean 'latest-tag'?" in result.output


def test_disable_and_enable_flags(project):
    result = run(["--disable", "latest-tag", "manifests"], cwd=project)
    assert "latest-tag" not in result.output
    result = run(["--disable", "images", "manifests"], cwd=project)
    assert "latest-tag" not in result.output


def test_rules_lists_every_rule():
    from kubelint.registry import load_rules

    result = run(["rules"])
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.splitlines()}
    assert listed == set(load_rules())
    rows = json.loads(run(["rules", "--format", "json"]).output)
    latest = next(r for r in rows if r["id"] == "latest-tag")
    assert latest["category"] == "images" and latest["severity"] == "warning"


def test_explain_prints_the_documentation():
    result = run(["explain", "latest-tag"])
    assert result.exit_code == 0
    assert result.output.startswith("# latest-tag\n")
    assert "## Why" in result.output and "## Fix" in result.output
    assert "# kubelint: disable=latest-tag" in result.output


def test_explain_unknown_rule():
    result = run(["explain", "latest-tags"])
    assert result.exit_code == 2
    assert "did you mean 'latest-tag'?" in result.output


def test_color_only_when_asked_or_on_a_terminal(project):
    plain = run(["manifests"], cwd=project).output
    assert "\x1b[" not in plain
    colored = run(["--color", "manifests"], cwd=project).output
    assert "\x1b[" in colored


def test_quiet_drops_the_summary(project):
    result = run(["-q", "manifests"], cwd=project)
    assert result.output.count("\n") == 1


def test_module_and_console_script_entry_points(tmp_path):
    (tmp_path / "pod.yaml").write_text(LATEST)
    proc = subprocess.run(
        [sys.executable, "-m", "kubelint", "--fail-on", "warning", "pod.yaml"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stdout.startswith("pod.yaml:8:12: warning [latest-tag]")
    proc = subprocess.run(
        [sys.executable, "-m", "kubelint", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.stdout.strip() == f"kubelint, version {__version__}"


def test_the_command_delivers_all_of_a_large_output_before_it_ends(tmp_path):
    """The process ends without tearing the interpreter down (cli.run): what it printed,
    far more than a pipe holds, arrives whole, and the exit code is kept."""
    for i in range(300):
        (tmp_path / f"pod-{i}.yaml").write_text(LATEST.replace("name: web", f"name: web-{i}"))
    proc = subprocess.run(
        [sys.executable, "-m", "kubelint", "--no-config", "--format", "json", "--fail-on",
         "warning", "."],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout) > 1 << 16  # a pipe holds 64 KiB
    findings = json.loads(proc.stdout)["findings"]
    assert {f["file"] for f in findings if f["rule"] == "latest-tag"} == {
        f"pod-{i}.yaml" for i in range(300)
    }


def test_the_command_with_its_output_closed_or_full(tmp_path):
    (tmp_path / "pod.yaml").write_text(LATEST)
    command = [sys.executable, "-m", "kubelint", "--no-config", "--fail-on", "warning", "pod.yaml"]
    closed = subprocess.run(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: os.close(1), check=False,
    )  # fmt: skip
    assert closed.returncode == 1 and "Traceback" not in closed.stderr
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "w") as full:
        for buffered in ("", "1"):
            proc = subprocess.run(
                command, cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True,
                env={**os.environ, "PYTHONUNBUFFERED": buffered}, check=False,
            )  # fmt: skip
            assert proc.returncode == 2
            assert "kubelint: error: No space left on device" in proc.stderr
            assert "Traceback" not in proc.stderr


def test_bad_files_do_not_stop_the_others(tmp_path):
    (tmp_path / "a-binary.yaml").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "b-broken.yaml").write_text(BROKEN)
    (tmp_path / "c-pod.yaml").write_text(LATEST)
    result = run(["--format", "json", "."], cwd=tmp_path)
    findings = json.loads(result.output)["findings"]
    assert [(f["file"], f["rule"]) for f in findings] == [
        ("a-binary.yaml", "unreadable-file"),
        ("b-broken.yaml", "yaml-syntax"),
        ("c-pod.yaml", "latest-tag"),
    ]
    assert result.exit_code == 1


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file_is_a_finding(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    path = tmp_path / "secret.yaml"
    path.write_text(CLEAN)
    path.chmod(0)
    result = run(["secret.yaml"], cwd=tmp_path)
    assert "[unreadable-file] cannot read file" in result.output


def test_dangling_symlink_is_a_finding_not_a_crash(tmp_path):
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "does-not-exist.yaml")
    result = run(["gone.yaml"], cwd=tmp_path)
    assert result.output.startswith("gone.yaml:1:1: error [unreadable-file] cannot read file")
    assert result.exit_code == 1


def test_paths_are_shown_as_given(project):
    result = run([str(Path("manifests") / "pod.yaml")], cwd=project)
    assert result.output.startswith("manifests/pod.yaml:8:12:")
    result = run(["./manifests/"], cwd=project)
    assert result.output.startswith("manifests/pod.yaml:8:12:")


def test_context_resolves_references_without_reporting_on_them(tmp_path):
    """What the pre-commit hook does: lint the changed file, load the rest for references."""
    (tmp_path / "service.yaml").write_text(
        "apiVersion: v1\nkind: Service\nmetadata: {name: reviews, namespace: shop}\n"
        "spec:\n  selector: {app: reviews}\n  ports: [{name: http, port: 9080}]\n"
    )
    (tmp_path / "workload.yaml").write_text(
        LATEST.replace(
            "name: web\n", "name: reviews\n  namespace: shop\n  labels: {app: reviews}\n", 1
        )
    )
    (tmp_path / "rule.yaml").write_text(
        "apiVersion: networking.istio.io/v1\nkind: DestinationRule\n"
        "metadata: {name: reviews, namespace: shop}\nspec:\n  host: reviews\n"
    )
    without = run(["--format", "json", "rule.yaml", "workload.yaml"], cwd=tmp_path)
    rules = [f["rule"] for f in json.loads(without.output)["findings"]]
    assert rules == ["istio-unknown-host", "latest-tag"]
    with_context = run(["--format", "json", "--context", ".", "rule.yaml"], cwd=tmp_path)
    report = json.loads(with_context.output)
    # The host resolves through service.yaml, and workload.yaml's latest tag is not reported.
    assert report["findings"] == []
    assert report["summary"]["files"] == 1


def test_helm_chart_templates_are_skipped_with_a_note(tmp_path):
    chart = tmp_path / "charts" / "web"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: web\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("image: {tag: latest}\n")
    (chart / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"
    )
    (tmp_path / "pod.yaml").write_text(CLEAN)
    result = CliRunner().invoke(cli, ["--format", "json", str(tmp_path)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert report["findings"] == [] and report["summary"]["files"] == 1
    assert "is a Helm chart: its templates are not linted" in result.stderr
    assert "helm template" in result.stderr


def test_several_formats_in_one_run(project):
    result = run(
        ["--no-config", "--format", "json=out.json", "--format", "text", "manifests"],
        cwd=project,
    )
    assert result.exit_code == 0
    assert "[latest-tag]" in result.output and not result.output.lstrip().startswith("{")
    written = json.loads((project / "out.json").read_text())
    assert [f["rule"] for f in written["findings"]] == ["latest-tag"]


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        (["--format", "jsn"], "unknown format 'jsn' (one of text, json, sarif, github, junit, "
                              "html); did you mean 'json'?"),
        (["--format", "json", "--format", "text"], "only one format can go to standard output"),
        (["--format", "json="], "--format json=: no file after '='"),
    ],
)  # fmt: skip
def test_format_mistakes_are_usage_errors(project, formats, message):
    result = run(["--no-config", *formats, "manifests"], cwd=project)
    assert result.exit_code == 2 and message in result.output


def test_statistics_count_findings_per_rule(project):
    (project / "manifests" / "pod2.yaml").write_text(LATEST.replace("name: web", "name: web2"))
    result = run(["--no-config", "-q", "--statistics", "manifests"], cwd=project)
    assert result.output.rstrip().splitlines()[-1] == "2  latest-tag  warning"


def test_completion_scripts_for_each_shell():
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")):
        result = run(["completion", shell])
        assert result.exit_code == 0 and marker in result.output
        assert "_KUBELINT_COMPLETE" in result.output


def test_no_progress_line_when_standard_error_is_not_a_terminal(project):
    result = run(["--no-config", "manifests"], cwd=project)
    assert "\r" not in result.output and "files]" not in result.output


def test_the_progress_line_appears_on_a_terminal_after_a_moment(monkeypatch, capsys):
    import kubelint.cli as cli_module

    class Terminal:
        def __init__(self):
            self.text = ""

        def isatty(self):
            return True

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    terminal = Terminal()
    monkeypatch.setattr(cli_module.sys, "stderr", terminal)
    monkeypatch.setattr(cli_module._Progress, "DELAY", 0.0)
    with cli_module._Progress(enabled=True) as progress:
        progress.update(3, 4)
    assert "3/4 files" in terminal.text and terminal.text.endswith("\r\033[K")
    with cli_module._Progress(enabled=False) as progress:  # --quiet
        progress.update(1, 4)
    assert terminal.text.count("files") == 1


def test_a_baseline_hides_known_findings_across_line_shifts(project):
    args = ["--no-config", "--baseline", "kubelint-baseline.json"]
    written = run([*args, "--write-baseline", "manifests"], cwd=project)
    assert written.exit_code == 0 and "wrote 1 findings" in written.output
    pod = project / "manifests" / "pod.yaml"
    pod.write_text("# moved down by a comment\n\n" + pod.read_text())
    quiet = run([*args, "--fail-on", "warning", "manifests"], cwd=project)
    assert quiet.exit_code == 0 and "[latest-tag]" not in quiet.output
    assert "1 known finding(s) not shown" in quiet.output
    (project / "manifests" / "new.yaml").write_text(LATEST.replace("name: web", "name: new"))
    new = run([*args, "--fail-on", "warning", "manifests"], cwd=project)
    assert new.exit_code == 1 and new.output.count("[latest-tag]") == 1 and "new.yaml" in new.output


def test_baseline_mistakes_are_usage_errors(project):
    assert (
        "needs --baseline FILE"
        in run(["--no-config", "--write-baseline", "manifests"], cwd=project).output
    )
    (project / "bad.json").write_text("{not json")
    result = run(["--no-config", "--baseline", "bad.json", "manifests"], cwd=project)
    assert result.exit_code == 2 and "bad.json" in result.output


def test_init_writes_a_starter_config_once(tmp_path):
    result = run(["init", "--kube-version", "1.29"], cwd=tmp_path)
    assert result.exit_code == 0
    text = (tmp_path / ".kubelint.yaml").read_text()
    assert 'kube-version: "1.29"' in text
    again = run(["init"], cwd=tmp_path)
    assert again.exit_code == 2 and "already exists; use --force" in again.output
    assert run(["init", "--force"], cwd=tmp_path).exit_code == 0
    (tmp_path / "pod.yaml").write_text(LATEST)
    assert run(["--format", "json", "pod.yaml"], cwd=tmp_path).exit_code in (0, 1)
