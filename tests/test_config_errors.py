"""A bad configuration file: every problem is listed, in the order of the file, each at its
line and column, including those inside a value that may take several forms (a rule's
setting, pod-security) and those in policies."""

from __future__ import annotations

import pytest

from kubelint import config
from kubelint.policies import PolicyError, build_rules, problems
from kubelint.registry import load_rules


def errors(tmp_path, text: str, name: str = ".kubelint.yaml") -> list[str]:
    """The lines of the ConfigError that loading ``text`` raises, without the file's path."""
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(config.ConfigError) as raised:
        config.load(str(path))
    head, *lines = str(raised.value).splitlines()
    assert head == "invalid configuration:"
    return [line.replace(str(path), "", 1) for line in lines]


def test_a_rule_mapping_reports_its_bad_severity_and_its_unknown_options(tmp_path):
    text = (
        "rules:\n"
        "  image-not-pinned:\n"
        "    severity: loud\n"
        "    no-such-option: 3\n"
        "    another: 4\n"
    )
    assert errors(tmp_path, text) == [
        ":3:15: rules.image-not-pinned.severity: expected one of off, on, info, warning, error; "
        "got 'loud'",
        ":4:5: rules.image-not-pinned: unknown key 'no-such-option'; "
        "the only key allowed here is 'severity'",
        ":5:5: rules.image-not-pinned: unknown key 'another'; the only key allowed here is 'severity'",
    ]


def test_pod_security_reports_a_bad_level_and_a_bad_version(tmp_path):
    assert errors(tmp_path, "pod-security:\n  level: paranoid\n  version: 1.28\n  colour: x\n") == [
        ":2:10: pod-security.level: expected one of privileged, baseline, restricted; "
        "got 'paranoid'",
        ":3:12: pod-security.version: expected a string, got a number (1.28)",
        ":4:3: pod-security: unknown key 'colour'; the keys allowed here are 'level', 'version'",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pod-security: 7\n",
         ":1:15: pod-security: expected one of privileged, baseline, restricted or an object, "
         "got an integer (7)"),
        ("rules:\n  latest-tag: [on]\n",
         ":2:15: rules.latest-tag: expected one of off, on, info, warning, error or an object, "
         "got a list"),
        ("pod-security: paranoid\n",
         ":1:15: pod-security: expected one of privileged, baseline, restricted; got 'paranoid'"),
    ],
)  # fmt: skip
def test_a_value_of_no_form_allowed_says_which_forms_are(tmp_path, text, message):
    assert errors(tmp_path, text) == [message]


def test_every_policy_problem_is_listed_with_its_position(tmp_path):
    text = (
        "policies:\n"
        "- id: Not Kebab\n"                                       # 2
        "  severity: fatal\n"                                     # 3
        "  message: m\n"
        "  match: {labels: {app: [web]}}\n"                       # 5
        "  assert: {type: objectz, minLength: -1}\n"              # 6
        "- id: same\n"
        "  message: m\n"
        "  assert: {}\n"
        "- id: same\n"                                            # 10
        "  message: m\n"
        "  assert: {required: name}\n"                            # 12
        "- id: latest-tag\n"                                      # 13
        "  message: m\n"
        "  assert: true\n"
    )  # fmt: skip
    assert errors(tmp_path, text) == [
        ":2:7: policy 'Not Kebab': the id must be kebab-case: lower-case letters and digits, "
        "words joined by hyphens (team-label)",
        ":3:13: policies.0.severity: expected one of info, warning, error; got 'fatal'",
        ":5:19: policy 'Not Kebab': match.labels must map label names to values, or hold "
        "matchLabels and matchExpressions",
        ":6:18: policy 'Not Kebab': assert is not a valid JSON Schema at type: expected one of "
        "array, boolean, integer, null, number, object, string; got 'objectz'",
        ":6:38: policy 'Not Kebab': assert is not a valid JSON Schema at minLength: expected a "
        "number of at least 0, got -1",
        ":10:7: policy 'same': an earlier policy has the same id; choose another id",
        ":12:22: policy 'same': assert is not a valid JSON Schema at required: expected array, "
        "got 'name'",
        ":13:7: policy 'latest-tag': a rule with that id already exists; choose another id",
    ]


def test_schema_and_policy_problems_come_together_in_file_order(tmp_path):
    text = (
        "fail-on: sometimes\n"
        "policies:\n"
        "- {id: Bad, message: m, assert: {}}\n"
        "exclude: vendor\n"
    )
    assert errors(tmp_path, text) == [
        ":1:10: fail-on: expected one of info, warning, error; got 'sometimes'",
        ":3:8: policy 'Bad': the id must be kebab-case: lower-case letters and digits, words "
        "joined by hyphens (team-label)",
        ":4:10: exclude: expected an array, got a string ('vendor')",
    ]


def test_a_policy_of_the_wrong_shape_is_reported_once(tmp_path):
    # the schema reports what has the wrong type; the policy checks skip it
    text = "policies:\n- 7\n- {id: 5, message: m, assert: 3, match: {labels: [a]}}\n"
    assert errors(tmp_path, text) == [
        ":2:3: policies.0: expected an object, got an integer (7)",
        ":3:8: policies.1.id: expected a string, got an integer (5)",
        ":3:31: policies.1.assert: expected an object or boolean, got an integer (3)",
        ":3:50: policies.1.match.labels: expected an object, got a list",
    ]


def test_many_problems_are_capped_and_counted_quickly(tmp_path):
    text = "rules:\n" + "".join(f"  no-such-rule-{i}: off\n" for i in range(20000))
    lines = errors(tmp_path, text)
    assert len(lines) == config.SHOWN_PROBLEMS + 1
    assert lines[0] == ":2:3: unknown rule 'no-such-rule-0'"
    assert lines[config.SHOWN_PROBLEMS - 1].startswith(f":{config.SHOWN_PROBLEMS + 1}:3: ")
    assert lines[-1] == f"... and {20000 - config.SHOWN_PROBLEMS} more"


def test_the_pyproject_table_lists_every_problem_too(tmp_path):
    text = (
        "[tool.kubelint]\n"
        'pod-security = {level = "x", version = 1.2}\n'
        'rules = {latest-tag = {severity = "loud", x = 1}}\n'
    )
    table = ": [tool.kubelint] "
    assert errors(tmp_path, text, "pyproject.toml") == [
        f"{table}pod-security.level: expected one of privileged, baseline, restricted; got 'x'",
        f"{table}pod-security.version: expected a string, got a number (1.2)",
        f"{table}rules.latest-tag.severity: expected one of off, on, info, warning, error; "
        "got 'loud'",
        f"{table}rules.latest-tag: unknown key 'x'; the only key allowed here is 'severity'",
    ]


def test_build_rules_raises_one_error_with_every_problem():
    policies = [
        {"id": "Bad", "message": "m", "assert": {}},
        {"id": "fine", "message": "m", "assert": {"type": 3}},
    ]
    found = problems(policies, load_rules())
    assert [p.path for p in found] == [(0, "id"), (1, "assert", "type")]
    with pytest.raises(PolicyError) as raised:
        build_rules(policies, load_rules())
    assert raised.value.problems == tuple(found)
    assert "policy 'Bad'" in str(raised.value) and "policy 'fine'" in str(raised.value)


def test_a_valid_configuration_still_loads(tmp_path):
    path = tmp_path / ".kubelint.yaml"
    path.write_text(
        "rules:\n  latest-tag: {severity: error}\n"
        "pod-security: {level: baseline, version: '1.28'}\n"
        "policies:\n- {id: team-label, message: m, assert: {required: [metadata]}}\n"
    )
    loaded = config.load(str(path))
    assert loaded.rules == {"latest-tag": "error"}
    assert loaded.pod_security == ("baseline", (1, 28))
    assert list(loaded.policy_rules) == ["team-label"]
