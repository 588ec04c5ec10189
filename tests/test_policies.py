"""Policies written in the configuration: the shipped examples, matching, and bad policies."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "policies"


def run(cwd: Path, *args: str):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)


def findings(cwd: Path, *args: str) -> list[tuple[str, int, str]]:
    result = run(cwd, "--format", "json", "--no-context", *args)
    assert result.exit_code in (0, 1), result.output
    return [(f["rule"], f["line"], f["message"]) for f in json.loads(result.output)["findings"]]


def test_the_shipped_example_policies_report_what_they_say():
    found = [(rule, line) for rule, line, _ in findings(EXAMPLES, "app.yaml")]
    assert found == [
        ("require-team-label", 7),
        ("allowed-registries", 18),
        ("missing-memory-limit", 24),
        ("require-memory-limit", 25),
        ("no-default-namespace", 27),
    ]
    messages = {rule: message for rule, _, message in findings(EXAMPLES, "app.yaml")}
    assert messages["require-team-label"] == (
        "metadata.labels lacks 'team'; workloads name their owning team and app in metadata.labels"
    )
    assert messages["no-default-namespace"].startswith("the object is not allowed here;")


def test_a_policy_is_explained_and_listed_like_a_rule():
    result = run(EXAMPLES, "explain", "require-team-label")
    assert result.exit_code == 0 and "A workload without them pages nobody." in result.output
    listing = run(EXAMPLES, "rules").output
    assert "allowed-registries" in listing and "policy" in listing


def test_a_policy_is_silenced_like_any_rule(tmp_path):
    (tmp_path / ".kubelint.yaml").write_text((EXAMPLES / ".kubelint.yaml").read_text())
    text = (
        (EXAMPLES / "app.yaml")
        .read_text()
        .replace(
            "        image: docker.io/library/python:3.12.7",
            "        image: docker.io/library/python:3.12.7  # kubelint: disable=allowed-registries",
        )
    )
    (tmp_path / "app.yaml").write_text(text)
    assert "allowed-registries" not in [rule for rule, _, _ in findings(tmp_path, "app.yaml")]
    assert "no-default-namespace" not in [
        rule for rule, _, _ in findings(tmp_path, "--disable", "no-default-namespace", "app.yaml")
    ]


def test_match_by_kind_namespace_name_and_label_selector(tmp_path):
    (tmp_path / ".kubelint.yaml").write_text(
        "policies:\n"
        "- id: web-needs-owner\n"
        "  message: web objects name an owner\n"
        "  match:\n"
        "    kinds: [Config*]\n"
        "    namespaces: [shop-*]\n"
        "    names: [web-*]\n"
        "    labels: {matchExpressions: [{key: tier, operator: In, values: [web]}]}\n"
        "  assert: {properties: {metadata: {required: [annotations]}}}\n"
    )
    docs = []
    for name, namespace, tier in [
        ("web-a", "shop-eu", "web"),  # matches
        ("web-b", "shop-eu", "db"),  # label does not match
        ("api-a", "shop-eu", "web"),  # name does not match
        ("web-c", "other", "web"),  # namespace does not match
    ]:
        docs.append(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
            f"  namespace: {namespace}\n  labels: {{tier: {tier}}}\ndata: {{a: b}}\n"
        )
    (tmp_path / "cms.yaml").write_text("---\n".join(docs))
    assert [(rule, line) for rule, line, _ in findings(tmp_path, "cms.yaml")] == [
        ("web-needs-owner", 4)
    ]


def test_policy_messages_never_quote_a_value(tmp_path):
    (tmp_path / ".kubelint.yaml").write_text(
        "policies:\n"
        "- id: short-tokens\n"
        "  message: tokens are short\n"
        "  match: {kinds: [Secret]}\n"
        "  assert: {properties: {stringData: {additionalProperties: {maxLength: 8, enum: [x]}}}}\n"
    )
    (tmp_path / "s.yaml").write_text(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: a}\n"
        "stringData: {token: s3cr3t-value-that-is-long}\n"
    )
    result = run(tmp_path, "--no-context", "s.yaml")
    assert "short-tokens" in result.output and "s3cr3t" not in result.output


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("- id: Bad_Id\n  message: m\n  assert: {}\n", "policy 'Bad_Id': the id must be kebab-case"),
        ("- id: latest-tag\n  message: m\n  assert: {}\n",
         "policy 'latest-tag': a rule with that id already exists"),
        ("- id: p\n  message: m\n  assert: {type: strnig}\n",
         "policy 'p': assert is not a valid JSON Schema at type"),
        ("- id: p\n  message: m\n  match: {labels: {a: [1]}}\n  assert: {}\n",
         "policy 'p': match.labels must map label names to values"),
        ("- id: p\n  message: m\n  target: pods\n  assert: {}\n",
         "policies.0.target: expected one of object, pod, container; got 'pods'"),
        ("- id: p\n  assert: {}\n", "policies.0: 'message' is a required property"),
    ],
)  # fmt: skip
def test_a_bad_policy_is_a_configuration_error_naming_it(tmp_path, policy, message):
    (tmp_path / ".kubelint.yaml").write_text("policies:\n" + policy)
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    result = run(tmp_path, "cm.yaml")
    assert result.exit_code == 2 and message in result.output, result.output
