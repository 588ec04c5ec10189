"""Silencing findings with comments and annotations."""

from __future__ import annotations

from pathlib import Path

from kubelint.engine import Settings, lint
from kubelint.registry import load_rules
from kubelint.suppress import parse_annotation, parse_directives

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
{meta_extra}spec:
  selector:
    matchLabels: {{app: web}}
  template:
    metadata:
      labels: {{app: web}}
{template_extra}    spec:
      containers:
      - name: web
        image: nginx:latest{line_extra}
        resources:
          requests: {{cpu: 100m, memory: 64Mi}}
          limits: {{memory: 64Mi}}
"""


def run(tmp_path: Path, text: str, *, rules=("latest-tag", "unused-suppression")) -> list[tuple[int, str, str]]:
    path = tmp_path / "deploy.yaml"
    path.write_text(text)
    registry = load_rules()
    report = lint([str(path)], Settings(severities={r: registry[r].severity for r in rules}))
    return [(f.line, f.rule, f.message) for f in report.findings]


def manifest(meta_extra="", template_extra="", line_extra=""):
    return DEPLOYMENT.format(meta_extra=meta_extra, template_extra=template_extra, line_extra=line_extra)


def test_unsuppressed_baseline(tmp_path):
    assert [r for _, r, _ in run(tmp_path, manifest())] == ["latest-tag"]


def test_trailing_comment(tmp_path):
    assert run(tmp_path, manifest(line_extra="  # kubelint: disable=latest-tag")) == []


def test_trailing_comment_with_a_reason_and_several_rules(tmp_path):
    text = manifest(line_extra="  # kubelint: disable=missing-requests, latest-tag -- pinned by CI")
    found = run(tmp_path, text, rules=("latest-tag",))
    assert found == []


def test_comment_on_the_line_above(tmp_path):
    text = manifest().replace("        image: nginx:latest", "        # kubelint: disable=latest-tag\n        image: nginx:latest")
    assert run(tmp_path, text) == []


def test_comment_two_lines_above_does_not_reach(tmp_path):
    text = manifest().replace("      - name: web\n", "      # kubelint: disable=latest-tag\n      - name: web\n")
    rules = [r for _, r, _ in run(tmp_path, text)]
    assert sorted(rules) == ["latest-tag", "unused-suppression"]


def test_disable_file(tmp_path):
    assert run(tmp_path, "# kubelint: disable-file=latest-tag\n" + manifest()) == []


def test_disable_all(tmp_path):
    assert run(tmp_path, manifest(line_extra="  # kubelint: disable=all")) == []


def test_object_annotation_with_reason(tmp_path):
    meta = '  annotations:\n    kubelint.io/ignore: "latest-tag: vendor image, tracked in OPS-12"\n'
    assert run(tmp_path, manifest(meta_extra=meta)) == []


def test_pod_template_annotation_covers_the_template(tmp_path):
    template = '      annotations:\n        kubelint.io/ignore: "latest-tag"\n'
    assert run(tmp_path, manifest(template_extra=template)) == []


def test_annotation_for_another_rule_does_not_silence(tmp_path):
    meta = '  annotations:\n    kubelint.io/ignore: "missing-requests"\n'
    found = run(tmp_path, manifest(meta_extra=meta), rules=("latest-tag",))
    assert [r for _, r, _ in found] == ["latest-tag"]


def test_suppression_of_a_disabled_rule_is_not_called_unused(tmp_path):
    text = manifest(line_extra="  # kubelint: disable=latest-tag")
    assert run(tmp_path, text, rules=("unused-suppression",)) == []


def test_a_comment_inside_a_string_is_not_a_directive():
    assert parse_directives('note: "# kubelint: disable=latest-tag"\n').items == []


def test_directive_targets():
    text = "a: 1  # kubelint: disable=x\n# kubelint: disable=y\n\n# other comment\nb: 2\n"
    directives = parse_directives(text)
    assert [(d.rules, sorted(d.target_lines or ())) for d in directives.items] == [
        (("x",), [1]),
        (("y",), [2, 5]),
    ]


def test_annotation_parsing():
    assert parse_annotation("a, b-c: because") == ("a", "b-c")
    assert parse_annotation("all") == ("all",)
    assert parse_annotation(None) == ()
