"""Baselines: record a legacy repository's findings, then report only new ones.

Every test lints real files with the default rules through ``kubelint.engine.lint`` and the
``kubelint.baseline`` API; none goes through the command line.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kubelint.baseline import (
    FORMAT_VERSION,
    Baseline,
    BaselineError,
    Entry,
    Item,
    ObjectKey,
    anchor,
    current_group,
    dumps,
    load_baseline,
    parse_baseline,
    readable_message,
    render_path,
    write_baseline,
)
from kubelint.engine import Settings, lint
from kubelint.findings import Finding, ObjectRef, Report
from kubelint.registry import load_rules

SETTINGS = Settings(severities={r.id: r.severity for r in load_rules().values() if r.default})
ENV_PASSWORD = "Saffron-Dune-Kettle-37"

LEGACY = f"""\
apiVersion: extensions/v1beta1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
    spec:
      containers:
      - name: web
        image: nginx:latest
        env:
        - name: DB_PASSWORD
          value: {ENV_PASSWORD}
        resources:
          requests: {{memory: 64Mi}}
          limits: {{memory: 100m}}
      - name: sidecar
        image: busybox
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  a: "1"
  a: "2"
  b: "1"
  b: "2"
"""

BROKEN = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: x,
data:
  a: b
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A legacy repository with its baseline written; the working directory is its root."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.yaml").write_text(LEGACY)
    (tmp_path / "broken.yaml").write_text(BROKEN)
    report = run()
    assert len(report.findings) >= 10
    assert not report.internal_errors
    write_baseline(report, "baseline.json")
    return tmp_path


def run(*paths: str) -> Report:
    return lint(list(paths) or ["."], SETTINGS)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def new_rules(report: Report) -> list[str]:
    return sorted(f.rule for f in report.findings)


# --------------------------------------------------------------------------- the file


def test_nothing_is_new_in_the_repository_the_baseline_was_written_for(repo: Path) -> None:
    report = run()
    result = load_baseline("baseline.json").match(report)
    assert result.report.findings == []
    assert result.suppressed == len(report.findings)
    assert result.fixed == [] and result.fixed_count == 0 and result.moved == 0
    # filter() is the short form
    filtered, suppressed = load_baseline("baseline.json").filter(report)
    assert filtered.findings == [] and suppressed == len(report.findings)
    # the rest of the report is kept
    assert (filtered.files, filtered.objects) == (report.files, report.objects)


def test_the_file_is_sorted_readable_and_stable(repo: Path) -> None:
    text = (repo / "baseline.json").read_text()
    document = json.loads(text)
    assert document["format"] == "kubelint-baseline"
    assert document["version"] == FORMAT_VERSION
    rows = document["findings"]
    assert [set(row) for row in rows] == [
        {"file", "object", "rule", "path", "message", "count"}
    ] * len(rows)
    assert not any("line" in row for row in rows)
    order = [
        (
            r["file"],
            r["object"] is not None,
            [r["object"][k] or "" for k in ("group", "kind", "namespace", "name")]
            if r["object"]
            else [],
            r["rule"],
            r["path"] or "",
            r["message"],
        )
        for r in rows
    ]
    assert order == sorted(order)
    # the group, not the version, and what kubectl would call it
    deployment = next(
        r["object"] for r in rows if r["object"] and r["object"]["kind"] == "Deployment"
    )
    assert deployment == {"group": "apps", "kind": "Deployment", "namespace": "shop", "name": "web"}
    paths = {r["path"] for r in rows}
    assert "spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value" in paths
    assert "spec.template.spec.containers[name=sidecar].image" in paths
    # one line per field: each entry is a block of a diff
    assert (
        '"object": {"group": "apps", "kind": "Deployment", "namespace": "shop", "name": "web"}'
        in text
    )
    # writing again gives the same bytes
    write_baseline(run(), "again.json")
    assert (repo / "again.json").read_text() == text
    assert text.endswith("}\n")


def test_identical_keys_are_counted(repo: Path) -> None:
    rows = json.loads((repo / "baseline.json").read_text())["findings"]
    duplicates = [r for r in rows if r["rule"] == "duplicate-key"]
    # two findings on the ConfigMap itself (path ""), told apart by nothing but a count
    assert {r["path"] for r in duplicates} == {""}
    assert sum(r["count"] for r in duplicates) == 2
    assert len(load_baseline("baseline.json")) == len(run().findings)


def test_no_value_of_the_manifests_is_written(repo: Path) -> None:
    text = (repo / "baseline.json").read_text()
    assert ENV_PASSWORD not in text
    assert ENV_PASSWORD[:8] not in text


def test_a_file_level_finding_is_recorded_by_its_message(repo: Path) -> None:
    rows = json.loads((repo / "baseline.json").read_text())["findings"]
    (syntax,) = [r for r in rows if r["rule"] == "yaml-syntax"]
    assert syntax["object"] is None and syntax["path"] is None
    assert syntax["file"] == "broken.yaml"
    assert "line N" in syntax["message"]  # "started on line 3": not a line number to keep


# --------------------------------------------------------------------------- matching


def test_lines_inserted_above_change_nothing(repo: Path) -> None:
    lines_before = [f.line for f in run().findings]
    for name in ("app.yaml", "broken.yaml"):
        text = (repo / name).read_text()
        (repo / name).write_text("# Owned by the shop team.\n# Do not edit by hand.\n\n" + text)
    edit(
        repo / "app.yaml",
        "  namespace: shop\nspec:",
        "  namespace: shop\n  labels:\n    team: shop\nspec:",
    )
    report = run()
    assert len(report.findings) == len(lines_before)
    assert all(
        now > before
        for now, before in zip([f.line for f in report.findings], lines_before, strict=True)
    )
    result = load_baseline("baseline.json").match(report)
    assert result.report.findings == []
    assert result.fixed == []


def test_an_item_inserted_before_keeps_the_matches_of_the_items_after_it(repo: Path) -> None:
    edit(
        repo / "app.yaml",
        "      containers:\n",
        "      containers:\n"
        "      - name: proxy\n"
        "        image: envoy:latest\n"
        "        resources:\n"
        "          requests: {cpu: 10m, memory: 32Mi}\n"
        "          limits: {memory: 64Mi}\n",
    )
    report = run()
    result = load_baseline("baseline.json").match(report)
    # only the new container's problem; web and sidecar moved down one index
    assert new_rules(result.report) == ["latest-tag"]
    (finding,) = result.report.findings
    assert finding.path == ("spec", "template", "spec", "containers", 0, "image")
    assert result.fixed == []


def test_a_new_problem_is_the_only_one_reported(repo: Path) -> None:
    edit(repo / "app.yaml", "image: busybox", "image: busybox:latest")  # still latest-tag
    edit(repo / "app.yaml", '  b: "2"\n', '  b: "2"\n  c: "1"\n  c: "2"\n')  # a third duplicate
    report = run()
    result = load_baseline("baseline.json").match(report)
    assert new_rules(result.report) == ["duplicate-key"]
    assert "'c'" in result.report.findings[0].message  # the last of the three is the new one
    assert result.suppressed == len(report.findings) - 1


def test_a_fixed_finding_is_counted_and_dropped_by_writing_again(repo: Path) -> None:
    edit(repo / "app.yaml", "limits: {memory: 100m}", "limits: {memory: 128Mi}")
    report = run()
    baseline = load_baseline("baseline.json")
    result = baseline.match(report)
    assert result.report.findings == []
    assert sorted(e.rule for e in result.fixed) == ["limit-below-request", "suspicious-quantity"]
    assert result.fixed_count == 2
    assert any("2 baseline finding(s) are fixed" in m for m in result.messages())
    fixed = result.fixed[0]
    assert fixed.path == "spec.template.spec.containers[name=web].resources.limits.memory"
    assert "Deployment.apps shop/web" in fixed.describe()

    write_baseline(report, "baseline.json")
    assert len(load_baseline("baseline.json")) == len(baseline) - 2


def test_a_count_that_drops_leaves_the_rest_as_fixed(repo: Path) -> None:
    edit(repo / "app.yaml", '  b: "2"\n', "")
    result = load_baseline("baseline.json").match(run())
    assert result.report.findings == []
    assert [(e.rule, e.count) for e in result.fixed] == [("duplicate-key", 1)]


def test_a_migrated_api_version_keeps_the_object_s_entries(repo: Path) -> None:
    edit(repo / "app.yaml", "apiVersion: extensions/v1beta1", "apiVersion: apps/v1")
    result = load_baseline("baseline.json").match(run())
    assert result.report.findings == []
    assert [e.rule for e in result.fixed] == ["removed-api"]  # the migration fixed that one


def test_a_file_level_finding_survives_line_shifts_but_not_a_new_error(repo: Path) -> None:
    (repo / "broken.yaml").write_text("# broken since 2019\n\n" + BROKEN)
    assert load_baseline("baseline.json").match(run()).report.findings == []

    (repo / "broken.yaml").write_text("a: [1, 2\n")
    result = load_baseline("baseline.json").match(run())
    assert new_rules(result.report) == ["yaml-syntax"]
    assert [e.rule for e in result.fixed] == ["yaml-syntax"]


def test_a_moved_file_keeps_its_object_findings(repo: Path) -> None:
    """The choice: an object keeps its entries when it moves to another file (a rename, a
    split), because its old file no longer has them; file-level findings do not move."""
    (repo / "deploy").mkdir()
    (repo / "app.yaml").rename(repo / "deploy" / "app.yaml")
    (repo / "broken.yaml").rename(repo / "deploy" / "broken.yaml")
    report = run()
    result = load_baseline("baseline.json").match(report)
    assert new_rules(result.report) == ["yaml-syntax"]
    assert result.moved == len(report.findings) - 1
    assert result.fixed_count == 1  # the syntax error recorded for broken.yaml
    assert any("moved objects" in m for m in result.messages())

    write_baseline(report, "baseline.json")
    rows = json.loads((repo / "baseline.json").read_text())["findings"]
    assert {r["file"] for r in rows} == {"deploy/app.yaml", "deploy/broken.yaml"}


def test_an_object_split_out_of_a_file_keeps_its_findings(repo: Path) -> None:
    deployment, configmap = (repo / "app.yaml").read_text().split("---\n")
    (repo / "app.yaml").write_text(deployment)
    (repo / "config.yaml").write_text(configmap)
    result = load_baseline("baseline.json").match(run())
    assert result.report.findings == [] and result.fixed == []
    assert result.moved == 2  # the two duplicate keys of the ConfigMap


def test_the_same_object_in_a_second_file_does_not_take_the_first_file_s_entries(
    repo: Path,
) -> None:
    """Overlays define the same object twice: the copy's findings are new."""
    (repo / "overlay.yaml").write_text((repo / "app.yaml").read_text())
    report = run()
    result = load_baseline("baseline.json").match(report)
    assert {f.file for f in result.report.findings} == {"overlay.yaml"}
    assert result.moved == 0 and result.fixed == []


def test_paths_are_relative_to_the_baseline_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    report = lint(["../app.yaml", str(repo / "broken.yaml")], SETTINGS)
    assert report.findings[0].file == "../app.yaml"
    result = load_baseline("../baseline.json").match(report)
    assert result.report.findings == []
    assert result.fixed == []


def test_a_partial_run_counts_only_what_it_checked(repo: Path) -> None:
    report = run("broken.yaml")
    baseline = load_baseline("baseline.json")
    # Without saying what was linted, app.yaml's entries look fixed...
    assert baseline.match(report).fixed_count == len(baseline) - 1
    # ...with it, they were not checked.
    result = baseline.match(report, files=["broken.yaml"])
    assert result.report.findings == [] and result.fixed == []
    # The same for rules: a disabled rule's entries are not fixed.
    enabled = {r: s for r, s in SETTINGS.severities.items() if r != "latest-tag"}
    without = lint(["."], Settings(severities=enabled))
    assert {e.rule for e in baseline.match(without).fixed} == {"latest-tag"}
    result = baseline.match(without, rules=enabled)
    assert result.report.findings == [] and result.fixed == []

    before = (repo / "baseline.json").read_text()
    write_baseline(report, "baseline.json", files=["broken.yaml"])
    assert (repo / "baseline.json").read_text() == before
    # without files=, the run is taken as the whole repository
    write_baseline(report, "baseline.json")
    assert len(load_baseline("baseline.json")) == 1


def test_a_partial_write_drops_what_it_checked_and_fixed(repo: Path) -> None:
    (repo / "broken.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    write_baseline(run("broken.yaml"), "baseline.json", files=["broken.yaml"])
    rows = json.loads((repo / "baseline.json").read_text())["findings"]
    assert {r["file"] for r in rows} == {"app.yaml"}


def test_a_run_with_errors_writes_no_baseline(repo: Path) -> None:
    report = run("missing.yaml")
    assert report.internal_errors
    with pytest.raises(BaselineError, match="run had errors"):
        write_baseline(report, "other.json")
    assert not (repo / "other.json").exists()


def test_standard_input_matches_by_plain_indexes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = lint(["-"], SETTINGS, stdin=io.BytesIO(LEGACY.encode()))
    write_baseline(report, "baseline.json")
    rows = json.loads((tmp_path / "baseline.json").read_text())["findings"]
    assert {r["file"] for r in rows} == {"<stdin>"}
    assert "spec.template.spec.containers[0].image" in {r["path"] for r in rows}
    again = lint(["-"], SETTINGS, stdin=io.BytesIO(LEGACY.encode()))
    assert load_baseline("baseline.json").filter(again)[0].findings == []


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"not a kubelint baseline: invalid JSON on line 1, column 2"),
        ('{"version": "0.1.0", "findings": [], "summary": {}}', r"not a kubelint baseline"),
        ("[]", r"not a kubelint baseline"),
        ('{"format": "kubelint-baseline", "version": 2, "findings": []}', r"format 2 is newer"),
        ('{"format": "kubelint-baseline", "version": "1", "findings": []}', r"positive integer"),
        ('{"format": "kubelint-baseline", "version": 1}', r'"findings" must be a list'),
        (
            '{"format": "kubelint-baseline", "version": 1, "findings": [1]}',
            r"finding 1: must be a mapping",
        ),
        (
            '{"format": "kubelint-baseline", "version": 1, "findings": '
            '[{"file": "a.yaml", "object": null, "rule": "r", "path": null, "message": "m", "count": 0}]}',
            r"finding 1: 'count' must be a positive integer",
        ),
        (
            '{"format": "kubelint-baseline", "version": 1, "findings": '
            '[{"file": "a.yaml", "object": {"kind": "Pod"}, "rule": "r", "path": "", "message": "m"}]}',
            r"finding 1: 'object.group' must be a string",
        ),
        (
            '{"format": "kubelint-baseline", "version": 1, "findings": '
            '[{"file": "a.yaml", "object": {"group": "", "kind": "Pod", "namespace": null, "name": "p"}, '
            '"rule": "r", "message": "m"}]}',
            r"finding 1: 'path' must be a string",
        ),
    ],
)
def test_a_corrupt_baseline_is_an_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(text)
    with pytest.raises(BaselineError, match=message) as caught:
        load_baseline(str(path))
    assert str(caught.value).startswith(f"{path}: ")


def test_a_missing_or_unreadable_baseline_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(
        BaselineError, match="no such baseline file; create it with --write-baseline"
    ):
        load_baseline(str(tmp_path / "nope.json"))
    with pytest.raises(BaselineError, match="cannot read the baseline"):
        load_baseline(str(tmp_path))
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(BaselineError, match="not UTF-8"):
        load_baseline(str(tmp_path / "binary.json"))


def test_an_unwritable_baseline_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="cannot write the baseline"):
        write_baseline(Report(), str(tmp_path / "no" / "such" / "dir.json"))


def test_an_empty_baseline_round_trips(tmp_path: Path) -> None:
    path = str(tmp_path / "baseline.json")
    assert write_baseline(Report(), path) == 0
    assert json.loads(Path(path).read_text())["findings"] == []
    assert len(load_baseline(path)) == 0


# --------------------------------------------------------------------------- pieces


def finding(
    rule: str, path: tuple[object, ...] = (), message: str = "m", file: str = "a.yaml"
) -> Finding:
    ref = ObjectRef("apps/v1", "Deployment", "shop", "web")
    return Finding(rule, "c", "warning", message, file, 1, 1, ref, path)


def test_counts_with_hand_made_findings(tmp_path: Path) -> None:
    path = str(tmp_path / "b.json")
    write_baseline(Report(findings=[finding("r"), finding("r")]), path, resolver=lambda f: None)
    baseline = load_baseline(path)
    assert len(baseline) == 2
    three = Report(
        findings=[finding("r", message="x"), finding("r", message="y"), finding("r", message="z")]
    )
    filtered, suppressed = baseline.filter(three, resolver=lambda f: None)
    assert suppressed == 2
    assert [f.message for f in filtered.findings] == ["z"]
    result = baseline.match(Report(findings=[finding("r")]), resolver=lambda f: None)
    assert [(e.rule, e.count) for e in result.fixed] == [("r", 1)]


def test_list_items_are_named_by_a_field_no_sibling_shares() -> None:
    data = {
        "containers": [
            {"name": "web", "volumeMounts": [
                {"name": "data", "mountPath": "/a"}, {"name": "data", "mountPath": "/b"},
            ], "ports": [{"containerPort": 80}], "args": ["--x"]},
            {"name": "web"},
            {"image": "x"},
        ],
    }  # fmt: skip
    assert anchor(data, ("containers", 0, "volumeMounts", 1, "subPath")) == (
        "containers", 0, "volumeMounts", Item("mountPath", "/b"), "subPath",
    )  # fmt: skip
    assert anchor(data, ("containers", 2, "image")) == ("containers", 2, "image")
    assert anchor(data, ("containers", 0, "ports", 0)) == (
        "containers",
        0,
        "ports",
        Item("containerPort", 80),
    )
    assert anchor(data, ("containers", 0, "args", 0)) == ("containers", 0, "args", 0)
    assert anchor(data, ("containers", 9, "x")) == ("containers", 9, "x")
    assert anchor(data, ("missing", 0)) == ("missing", 0)


def test_paths_render_unambiguously() -> None:
    assert render_path(()) == ""
    assert (
        render_path(("spec", "containers", Item("name", "web"), "image"))
        == "spec.containers[name=web].image"
    )
    assert render_path(("metadata", "annotations", "kubernetes.io/ingress.class")) == (
        'metadata.annotations["kubernetes.io/ingress.class"]'
    )
    assert (
        render_path(("ports", Item("containerPort", 80), "args", 2))
        == "ports[containerPort=80].args[2]"
    )
    assert render_path(("x", Item("name", "a b]"))) == 'x[name="a b]"]'
    assert render_path(("a.b",)) == '["a.b"]'
    assert render_path((True, None)) == "[true][null]"


def test_line_numbers_are_taken_out_of_messages() -> None:
    assert readable_message("key 'a' is set twice in data (lines 7 and 8)") == (
        "key 'a' is set twice in data (lines N)"
    )
    assert readable_message("mapping started on line 3: oops") == "mapping started on line N: oops"
    assert readable_message("limit 100m below 64Mi") == "limit 100m below 64Mi"


def test_the_current_group_of_a_kind() -> None:
    assert current_group("extensions/v1beta1", "Deployment") == "apps"
    assert current_group("extensions/v1beta1", "Ingress") == "networking.k8s.io"
    assert current_group("extensions/v1beta1", "NetworkPolicy") == "networking.k8s.io"
    assert current_group("apps/v1beta2", "StatefulSet") == "apps"
    assert current_group("v1", "Pod") == ""
    assert current_group("example.com/v1alpha1", "Widget") == "example.com"


def test_dumps_and_parse_round_trip(tmp_path: Path) -> None:
    entries = [
        Entry("a.yaml", None, "yaml-syntax", None, "invalid YAML: ü", 1),
        Entry("a.yaml", ObjectKey("", "Namespace", None, "shop"), "r", "", "m", 3),
    ]
    text = dumps(entries)
    baseline = parse_baseline(text, str(tmp_path / "b.json"))
    assert isinstance(baseline, Baseline)
    assert baseline.entries == entries
    assert baseline.root == str(tmp_path)
    assert dumps(baseline.entries) == text
