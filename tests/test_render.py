"""Helm charts and kustomizations, rendered by their own tools and linted.

The tools themselves run wherever they are installed: ``kubectl`` (for ``kubectl
kustomize``) and ``helm``. A test that needs one skips when it is missing, unless
``KUBELINT_REQUIRE_TOOLS=1`` (CI) turns that into a failure. Tests of kubelint's own side
(argument lists, timeouts, errors) use small stand-in scripts put on ``PATH``.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kubelint import render
from kubelint.engine import Settings
from kubelint.registry import load_rules

DATA = Path(__file__).parent / "data"
CHARTS = DATA / "charts"
WEB = CHARTS / "web"
KUSTOMIZE = DATA / "kustomize"
PROD = KUSTOMIZE / "overlays" / "prod"

REQUIRE_TOOLS = os.environ.get("KUBELINT_REQUIRE_TOOLS") == "1"


def need(*names: str) -> str:
    """The first of ``names`` found on PATH; skip the test (fail under
    KUBELINT_REQUIRE_TOOLS=1) when none is."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' or '.join(names)} is not installed"
    if REQUIRE_TOOLS:
        pytest.fail(f"KUBELINT_REQUIRE_TOOLS=1 but {message}")
    pytest.skip(message)


@pytest.fixture
def helm() -> str:
    return need("helm")


@pytest.fixture
def kustomizer() -> str:
    return need("kustomize", "kubectl")


@pytest.fixture
def here(monkeypatch):
    """Run from the test data folder, so paths read as a user would type them."""
    monkeypatch.chdir(DATA)
    return DATA


def settings(**kwargs) -> Settings:
    rules = load_rules()
    return Settings(severities={r.id: r.severity for r in rules.values() if r.default}, **kwargs)


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def fake_tool(bin_dir: Path, name: str, script: str) -> Path:
    """A stand-in executable ``name`` in ``bin_dir`` running the shell ``script``."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + textwrap.dedent(script))
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def only_on_path(monkeypatch, *dirs: Path | str) -> None:
    monkeypatch.setenv("PATH", os.pathsep.join(str(d) for d in dirs))


# --------------------------------------------------------------------------- missing tools


def test_find_tool_finds_what_is_on_path_and_nothing_else(tmp_path, monkeypatch):
    tool = fake_tool(tmp_path / "bin", "helm", "exit 0\n")
    only_on_path(monkeypatch, tmp_path / "bin")
    assert render.find_tool("helm") == str(tool)
    assert render.find_tool("kustomize") is None


def test_missing_helm_is_an_error_that_says_what_to_install(tmp_path, monkeypatch):
    only_on_path(monkeypatch, tmp_path)
    with pytest.raises(render.ToolMissing) as caught:
        render.render_helm(str(WEB))
    message = str(caught.value)
    assert message.startswith("helm is not installed")
    assert "https://helm.sh/docs/intro/install/" in message
    assert caught.value.tool == "helm"
    assert isinstance(caught.value, render.RenderError)


def test_missing_kustomize_and_kubectl_names_both(tmp_path, monkeypatch):
    only_on_path(monkeypatch, tmp_path)
    with pytest.raises(render.ToolMissing) as caught:
        render.render_kustomize(str(PROD))
    message = str(caught.value)
    assert message.startswith("neither kustomize nor kubectl is installed")
    assert "https://kubectl.docs.kubernetes.io/installation/kustomize/" in message
    assert "https://kubernetes.io/docs/tasks/tools/" in message


# --------------------------------------------------------------------------- kustomize


def test_is_kustomization(tmp_path):
    assert render.is_kustomization(str(PROD))
    assert render.is_kustomization(str(KUSTOMIZE / "base"))
    assert not render.is_kustomization(str(KUSTOMIZE))
    assert not render.is_kustomization(str(WEB))
    assert not render.is_kustomization(str(PROD / "kustomization.yaml"))  # a file
    assert not render.is_kustomization(str(tmp_path / "absent"))
    (tmp_path / "kustomization.yml").write_text("resources: []\n")
    assert render.is_kustomization(str(tmp_path))


def test_kustomize_inputs_follow_local_references():
    inputs = render.kustomize_inputs(str(PROD))
    assert inputs.directories == [
        os.path.realpath(PROD),
        os.path.realpath(KUSTOMIZE / "base"),
    ]
    assert os.path.realpath(PROD / "privileged.yaml") in inputs.files
    assert os.path.realpath(KUSTOMIZE / "base" / "deployment.yaml") in inputs.files
    assert inputs.remote == []


def test_find_kustomizations_gives_the_overlays_not_their_base():
    found = render.find_kustomizations(str(KUSTOMIZE))
    assert found == [
        os.path.normpath(KUSTOMIZE / "overlays" / "dev"),
        os.path.normpath(KUSTOMIZE / "overlays" / "prod"),
    ]


@pytest.mark.parametrize(
    "resource",
    [
        "https://github.com/example/app//deploy?ref=v1.2.0",
        "github.com/example/app/deploy?ref=v1.2.0",
        "git@github.com:example/app.git",
    ],
)
def test_remote_kustomize_resources_are_refused_before_any_tool_runs(
    tmp_path, monkeypatch, resource
):
    (tmp_path / "kustomization.yaml").write_text(f"resources:\n  - {resource}\n")
    monkeypatch.setattr(render, "find_tool", lambda name: pytest.fail(f"{name} was looked up"))
    with pytest.raises(render.RenderError) as caught:
        render.render_kustomize(str(tmp_path))
    assert "remote resources" in str(caught.value)
    assert resource in str(caught.value)
    assert "| kubelint -" in str(caught.value)


def test_a_directory_without_kustomization_is_refused(tmp_path):
    with pytest.raises(render.RenderError, match="is not a kustomization"):
        render.render_kustomize(str(tmp_path))


def test_kustomize_finding_in_a_patched_field_is_reported_against_the_overlay(here, kustomizer):
    rendered = render.render_kustomize("kustomize/overlays/prod/")
    assert rendered.name == "kustomize/overlays/prod (kustomize)"
    assert rendered.command[-1] == "kustomize/overlays/prod"
    report = render.lint_rendered([rendered], settings())
    assert [(f.rule, f.file) for f in report.findings] == [
        ("privileged-container", "kustomize/overlays/prod[kustomize]")
    ]
    finding = report.findings[0]
    # The line of the patched field in the rendered output, the object as rendered.
    assert finding.line == line_of(rendered.text, "privileged: true")
    assert rendered.text.splitlines()[finding.line - 1].strip() == "privileged: true"
    assert (finding.object.kind, finding.object.namespace, finding.object.name) == (
        "Deployment",
        "shop-prod",
        "prod-shop",
    )
    assert report.files == 1 and report.objects == 2
    assert report.fixes == []
    assert any("kustomize/overlays/prod" in note for note in report.notes)


def test_kustomize_raw_files_in_the_context_do_not_define_the_objects_twice(here, kustomizer):
    """Linted raw, the patch duplicates the base and lacks limits; rendered, neither the
    base nor the patch is context, so only the real finding is left."""
    rendered = render.render_kustomize("kustomize/overlays/prod")
    report = render.lint_rendered([rendered], settings(), context=["kustomize", "charts"])
    assert [f.rule for f in report.findings] == ["privileged-container"]


def test_kustomize_dev_overlay_is_clean(here, kustomizer):
    report = render.lint_rendered([render.render_kustomize("kustomize/overlays/dev")], settings())
    assert report.findings == []
    assert report.objects == 2


def test_standalone_kustomize_is_preferred_and_called_as_kustomize_build(tmp_path, monkeypatch):
    kubectl = need("kubectl")
    log = tmp_path / "args"
    fake_tool(
        tmp_path / "bin",
        "kustomize",
        f"""\
        echo "$@" > {log}
        [ "$1" = build ] || exit 3
        exec {kubectl} kustomize "$2"
        """,
    )
    only_on_path(monkeypatch, tmp_path / "bin", os.path.dirname(kubectl))
    rendered = render.render_kustomize(str(PROD))
    assert log.read_text().split() == ["build", str(PROD)]
    assert rendered.command[:2] == ("kustomize", "build")
    assert "privileged: true" in rendered.text


def test_a_failing_kustomize_render_carries_the_tools_error(tmp_path, kustomizer):
    (tmp_path / "kustomization.yaml").write_text("resources:\n  - missing-deployment.yaml\n")
    with pytest.raises(render.RenderError) as caught:
        render.render_kustomize(str(tmp_path))
    message = str(caught.value)
    assert "failed (exit code" in message
    assert "missing-deployment.yaml" in message  # the tool's own words


# --------------------------------------------------------------------------- helm output


HELM_OUTPUT = """\
---
# Source: web/templates/config.yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
---
# Source: web/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
# Source: web/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
---
# Source: web/charts/db/templates/statefulset.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
"""


def test_source_comments_give_each_template_its_documents():
    pieces = {p.origin: p for p in render.helm_pieces(HELM_OUTPUT, "charts/web", "prod.yaml")}
    assert sorted(pieces) == [
        "charts/web/charts/db/templates/statefulset.yaml",
        "charts/web/templates/config.yaml",
        "charts/web/templates/serviceaccount.yaml",
    ]
    config = pieces["charts/web/templates/config.yaml"]
    assert config.display == "charts/web/templates/config.yaml[prod.yaml]"
    # Both documents of the template, in order, as `--show-only templates/config.yaml`
    # prints them, though another template's document sits between them in the output.
    assert config.text.count("# Source: web/templates/config.yaml") == 2
    assert "ServiceAccount" not in config.text
    assert config.spans == ((1, 1, 6), (13, 7, 6))


def test_locate_maps_a_line_of_the_whole_output_to_its_template_and_back():
    rendered = render.Rendered(
        tool="helm",
        source="charts/web",
        label="prod.yaml",
        text=HELM_OUTPUT,
        command=("helm", "template", "release-name", "charts/web"),
        pieces=render.helm_pieces(HELM_OUTPUT, "charts/web", "prod.yaml"),
    )
    configmap_line = line_of(HELM_OUTPUT, "kind: ConfigMap")
    where = rendered.locate(configmap_line)
    assert where is not None
    assert where.piece.display == "charts/web/templates/config.yaml[prod.yaml]"
    assert where.piece.text.splitlines()[where.line - 1] == "kind: ConfigMap"
    assert str(where) == f"charts/web/templates/config.yaml[prod.yaml]:{where.line}"
    assert render.rendered_line(rendered, where.piece.display, where.line) == configmap_line
    for number, line in enumerate(HELM_OUTPUT.splitlines(), 1):
        found = rendered.locate(number)
        assert found is not None
        assert found.piece.text.splitlines()[found.line - 1] == line
    assert rendered.locate(len(HELM_OUTPUT.splitlines()) + 1) is None
    assert rendered.reproduce(where.piece).endswith("--show-only templates/config.yaml")


def test_output_without_source_comments_is_one_piece_named_after_the_chart():
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
    (piece,) = render.helm_pieces(text, "charts/web", "defaults")
    assert piece.display == "charts/web[defaults]"
    assert piece.text == text


def test_a_packed_chart_names_the_template_inside_the_archive():
    pieces = render.helm_pieces(HELM_OUTPUT, "dist/web-0.1.0.tgz", "defaults")
    assert "dist/web-0.1.0.tgz/web/templates/config.yaml" in [p.origin for p in pieces]


def test_values_labels_are_names_unless_names_are_ambiguous():
    assert render.values_label([]) == "defaults"
    assert render.values_label(["env/values-prod.yaml"]) == "values-prod.yaml"
    assert render.values_label(["base.yaml", "prod.yaml"]) == "base.yaml+prod.yaml"
    both = [["prod/values.yaml"], ["dev/values.yaml"]]
    assert render.values_label(both[0], both) == os.path.normpath("prod/values.yaml")


# --------------------------------------------------------------------------- helm, offline


@pytest.mark.parametrize(
    "chart", ["oci://registry.example.com/charts/web", "https://example.com/web-1.0.0.tgz"]
)
def test_remote_charts_are_refused(chart, tmp_path, monkeypatch):
    fake_tool(tmp_path, "helm", "exit 99\n")
    only_on_path(monkeypatch, tmp_path)
    with pytest.raises(render.RenderError, match="local charts only"):
        render.render_helm(chart)


def test_a_repository_chart_name_is_not_fetched(tmp_path, monkeypatch):
    only_on_path(monkeypatch, tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(render.RenderError) as caught:
        render.render_helm("bitnami/nginx")
    assert "no such chart directory" in str(caught.value)
    assert "helm pull bitnami/nginx --untar" in str(caught.value)


def test_a_directory_without_chart_yaml_and_a_missing_values_file_are_refused(tmp_path):
    with pytest.raises(render.RenderError, match=r"has no Chart\.yaml"):
        render.render_helm(str(tmp_path))
    with pytest.raises(render.RenderError, match="no such file"):
        render.render_helm(str(WEB), [str(tmp_path / "absent.yaml")])
    with pytest.raises(render.RenderError, match="local values files only"):
        render.render_helm(str(WEB), ["https://example.com/values.yaml"])


def test_helm_is_called_once_per_values_file_with_offline_local_arguments(tmp_path, monkeypatch):
    log = tmp_path / "calls"
    fake_tool(tmp_path / "bin", "helm", f'echo "$@" >> {log}\n')
    only_on_path(monkeypatch, tmp_path / "bin")
    monkeypatch.chdir(CHARTS)
    rendered = render.render_helm(
        "web",
        ["values-dev.yaml", ["values-dev.yaml", "values-prod.yaml"]],
        release="shop",
        namespace="prod",
        kube_version=(1, 30),
    )
    calls = [line.split() for line in log.read_text().splitlines()]
    common = ["template", "shop", "web", "--namespace", "prod", "--include-crds"]
    assert calls == [
        [*common, "--kube-version", "1.30", "-f", "values-dev.yaml"],
        [*common, "--kube-version", "1.30", "-f", "values-dev.yaml", "-f", "values-prod.yaml"],
    ]
    assert [r.label for r in rendered] == ["values-dev.yaml", "values-dev.yaml+values-prod.yaml"]
    assert rendered[0].command == ("helm", *calls[0])
    for call in calls:
        assert not {"--repo", "--dependency-update", "--validate"} & set(call)


def test_helm_namespace_defaults_to_default_not_the_kubeconfigs(tmp_path, monkeypatch):
    log = tmp_path / "calls"
    fake_tool(tmp_path / "bin", "helm", f'echo "$@" >> {log}\n')
    only_on_path(monkeypatch, tmp_path / "bin")
    render.render_helm(str(WEB), kube_version=None)
    call = log.read_text().split()
    assert call[call.index("--namespace") + 1] == "default"
    assert "--kube-version" not in call


def test_a_render_that_hangs_is_stopped(tmp_path, monkeypatch):
    fake_tool(tmp_path / "bin", "helm", "exec sleep 30\n")
    only_on_path(monkeypatch, tmp_path / "bin", "/bin", "/usr/bin")
    with pytest.raises(render.RenderError, match=r"did not finish within 0\.5 seconds"):
        render.render_helm(str(WEB), timeout=0.5)


def test_warnings_become_notes_and_an_empty_render_says_so(tmp_path, monkeypatch):
    fake_tool(tmp_path / "bin", "helm", "echo 'WARNING: this chart is deprecated' >&2\n")
    only_on_path(monkeypatch, tmp_path / "bin")
    (rendered,) = render.render_helm(str(WEB))
    assert rendered.warnings == ("WARNING: this chart is deprecated",)
    report = render.lint_rendered([rendered], settings())
    assert report.findings == []
    assert "helm: WARNING: this chart is deprecated" in report.notes
    assert any(note.endswith("rendered no objects") for note in report.notes)


def test_a_long_error_output_is_trimmed(tmp_path, monkeypatch):
    fake_tool(
        tmp_path / "bin",
        "helm",
        """\
        i=0
        while [ $i -lt 100 ]; do echo "Error: line $i" >&2; i=$((i+1)); done
        echo "Use --debug flag to render out invalid YAML" >&2
        exit 1
        """,
    )
    only_on_path(monkeypatch, tmp_path / "bin", "/bin", "/usr/bin")
    with pytest.raises(render.RenderError) as caught:
        render.render_helm(str(WEB))
    message = str(caught.value)
    assert "Error: line 0" in message and "Error: line 99" not in message
    assert "(80 more lines)" in message
    assert "--debug" not in message


def test_rendered_files_are_linted_whatever_the_exclude_patterns(tmp_path, monkeypatch):
    """The rendered text is linted from temporary files: an exclude pattern such as ``tmp``
    must not drop them, and their paths must never show."""
    output = (
        "---\n# Source: web/templates/pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n"
        "  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n"
    )
    fake_tool(tmp_path / "bin", "helm", f"cat <<'EOF'\n{output}EOF\n")
    only_on_path(monkeypatch, tmp_path / "bin", "/bin", "/usr/bin")
    rendered = render.render_helm(str(WEB))
    patterns = ["tmp", "kubelint-render-*", "*.yaml"]
    report = render.lint_rendered(rendered, settings(exclude=patterns))
    assert "latest-tag" in {f.rule for f in report.findings}
    seen = " ".join([*(f.file + f.message for f in report.findings), *report.notes])
    assert "kubelint-render-" not in seen


def test_merge_reports_adds_up_runs():
    from kubelint.findings import Report

    one = Report(files=2, objects=3, notes=["same", "first"], internal_errors=["e1"])
    two = Report(files=1, objects=1, notes=["same", "second"])
    merged = render.merge_reports([one, two])
    assert (merged.files, merged.objects) == (3, 4)
    assert merged.notes == ["same", "first", "second"]
    assert merged.internal_errors == ["e1"]


# --------------------------------------------------------------------------- helm, real


def test_each_values_file_gets_its_own_findings(here, helm):
    rendered = render.render_helm(
        "charts/web", ["charts/values-dev.yaml", "charts/values-prod.yaml"]
    )
    assert [r.name for r in rendered] == [
        "charts/web (values-dev.yaml)",
        "charts/web (values-prod.yaml)",
    ]
    report = render.lint_rendered(rendered, settings())
    found = [(f.rule, f.file) for f in report.findings]
    assert ("latest-tag", "charts/web/templates/deployment.yaml[values-dev.yaml]") in found
    assert ("host-namespace", "charts/web/templates/deployment.yaml[values-prod.yaml]") in found
    dev = {f.rule for f in report.findings if f.file.endswith("[values-dev.yaml]")}
    prod = {f.rule for f in report.findings if f.file.endswith("[values-prod.yaml]")}
    assert "host-namespace" not in dev and "latest-tag" not in prod
    # Two values files are two releases: the same objects twice are not duplicates.
    assert "duplicate-object" not in dev | prod
    assert report.files == 8 and report.objects == 10


def test_the_charts_defaults_render_clean(here, helm):
    (rendered,) = render.render_helm("charts/web")
    assert rendered.label == "defaults"
    assert sorted(p.display for p in rendered.pieces) == [
        f"charts/web/templates/{name}.yaml[defaults]"
        for name in ("config", "deployment", "service", "serviceaccount")
    ]
    assert render.lint_rendered([rendered], settings()).findings == []


def test_a_finding_line_is_the_line_show_only_prints(here, helm):
    (rendered,) = render.render_helm("charts/web", ["charts/values-prod.yaml"], namespace="prod")
    report = render.lint_rendered([rendered], settings())
    (finding,) = [f for f in report.findings if f.rule == "host-namespace"]
    piece = next(p for p in rendered.pieces if p.display == finding.file)
    assert piece.origin == os.path.normpath("charts/web/templates/deployment.yaml")
    assert os.path.isfile(piece.origin)
    command = rendered.reproduce(piece)
    assert command.endswith("--show-only templates/deployment.yaml")
    assert command.startswith("helm template release-name charts/web --namespace prod")
    shown = subprocess.run(
        [helm, *command.split()[1:]], capture_output=True, text=True, check=True
    ).stdout
    assert shown == piece.text
    assert shown.splitlines()[finding.line - 1].strip() == "hostNetwork: true"
    assert (finding.object.kind, finding.object.namespace) == ("Deployment", "prod")
    # The line in the whole output maps back to the same place.
    whole = render.rendered_line(rendered, piece.display, finding.line)
    assert rendered.text.splitlines()[whole - 1].strip() == "hostNetwork: true"
    assert any(command in note for note in report.notes)


def test_a_template_split_across_the_output_matches_show_only(here, helm):
    (rendered,) = render.render_helm("charts/web")
    piece = next(p for p in rendered.pieces if p.origin.endswith("config.yaml"))
    assert len(piece.spans) == 2  # helm sorted a ServiceAccount between its two documents
    shown = subprocess.run(
        [helm, *rendered.reproduce(piece).split()[1:]], capture_output=True, text=True, check=True
    ).stdout
    assert shown == piece.text


def test_a_failing_helm_render_carries_helms_error(here, helm):
    with pytest.raises(render.RenderError) as caught:
        render.render_helm("charts/broken")
    message = str(caught.value)
    assert message.startswith("helm template of charts/broken (defaults) failed (exit code 1)")
    assert "image.tag is required" in message
    assert "--debug" not in message


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
    - name: main
      image: nginx:latest
      resources:
        requests: {{cpu: 100m, memory: 64Mi}}
        limits: {{memory: 64Mi}}
"""


def test_comment_directives_in_templates_act_per_template(tmp_path, helm):
    """A template's ``disable-file`` covers that template's rendered documents only, and a
    message that names another rendered file names it as the user sees it."""
    chart = tmp_path / "demo"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: demo\nversion: 0.1.0\n")
    (chart / "templates" / "quiet.yaml").write_text(
        "# kubelint: disable-file=latest-tag\n" + POD.format(name="quiet")
    )
    (chart / "templates" / "loud.yaml").write_text(POD.format(name="loud"))
    config = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: twice\ndata: {{k: {v}}}\n"
    (chart / "templates" / "one.yaml").write_text(config.format(v="one"))
    (chart / "templates" / "two.yaml").write_text(config.format(v="two"))
    report = render.lint_rendered(render.render_helm(str(chart)), settings())
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["latest-tag"].file == f"{chart}/templates/loud.yaml[defaults]"
    assert [f.rule for f in report.findings].count("latest-tag") == 1
    duplicate = by_rule["duplicate-object"]
    assert duplicate.file == f"{chart}/templates/two.yaml[defaults]"
    assert f"{chart}/templates/one.yaml[defaults]:" in duplicate.message
    assert "kubelint-render-" not in duplicate.message


def test_a_packed_chart_renders(tmp_path, helm):
    subprocess.run(
        [helm, "package", str(WEB), "--destination", str(tmp_path)],
        capture_output=True,
        check=True,
    )
    (archive,) = tmp_path.glob("web-*.tgz")
    (rendered,) = render.render_helm(str(archive), [str(CHARTS / "values-prod.yaml")])
    report = render.lint_rendered([rendered], settings())
    (finding,) = [f for f in report.findings if f.rule == "host-namespace"]
    assert finding.file.endswith(".tgz/web/templates/deployment.yaml[values-prod.yaml]")


# --------------------------------------------------------------------------- stdin


def kubelint_stdin(text: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kubelint", "-", "--no-config"],
        input=text,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_helm_output_piped_to_stdin_is_still_linted(tmp_path, helm):
    text = subprocess.run(
        [helm, "template", str(WEB), "-f", str(CHARTS / "values-prod.yaml")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = kubelint_stdin(text, tmp_path)
    assert result.returncode == 0, result.stderr
    line = line_of(text, "hostNetwork: true")
    assert f"<stdin>:{line}:" in result.stdout
    assert "[host-namespace]" in result.stdout


def test_kustomize_output_piped_to_stdin_is_still_linted(tmp_path, kustomizer):
    rendered = render.render_kustomize(str(PROD))
    result = kubelint_stdin(rendered.text, tmp_path)
    assert result.returncode == 0, result.stderr
    line = line_of(rendered.text, "privileged: true")
    assert f"<stdin>:{line}:" in result.stdout
    assert "[privileged-container]" in result.stdout
