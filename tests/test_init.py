"""The starter ``.kubelint.yaml`` of ``kubelint init`` is a valid configuration, changes only
the target version, and its commented-out examples are valid once uncommented."""

from __future__ import annotations

import re

import pytest

from kubelint import config as config_module
from kubelint import init
from kubelint.config import Config, load
from kubelint.registry import PRESETS, load_rules
from kubelint.versions import NEWEST, format_version


def _load(tmp_path, text: str) -> Config:
    path = tmp_path / ".kubelint.yaml"
    path.write_text(text, encoding="utf-8")
    return load(str(path))  # raises ConfigError when the file does not match the schema


def test_the_starter_is_a_valid_configuration(tmp_path):
    config = _load(tmp_path, init.starter_config("1.30"))

    assert config.kube_version == (1, 30)
    assert config.roots == [str(tmp_path)]
    assert config.exclude == []
    assert config.presets == []
    assert config.external_objects == []
    assert config.pod_security is None
    assert config.policy_rules == {}


def test_the_starter_changes_nothing_but_the_target_version(tmp_path):
    config = _load(tmp_path, init.starter_config("1.30"))
    defaults = Config()
    for rule in load_rules().values():
        assert config.rule_severity(rule) == defaults.rule_severity(rule), rule.id
    assert config.fail_on in (None, "error")
    assert config.default_namespace == defaults.default_namespace


def test_the_version_is_quoted_and_defaults_to_the_newest(tmp_path):
    assert 'kube-version: "1.29"\n' in init.starter_config("v1.29.4")
    assert 'kube-version: "1.28"\n' in init.starter_config((1, 28))
    text = init.starter_config()
    assert f'kube-version: "{format_version(NEWEST)}"\n' in text
    assert _load(tmp_path, text).kube_version == NEWEST
    with pytest.raises(ValueError):
        init.starter_config("latest")


def test_the_starter_mentions_the_main_keys():
    text = init.starter_config("1.30")
    active = set(re.findall(r"^([a-z-]+):", text, flags=re.MULTILINE))
    commented = set(re.findall(r"^# ([a-z-]+):", text, flags=re.MULTILINE))
    assert {"kube-version", "fail-on", "roots", "exclude", "rules", "presets"} <= active
    assert {"external-objects", "pod-security", "policies"} <= commented
    assert not active & commented
    for name in PRESETS:
        assert name in text
    schema_keys = set(config_module.schema()["properties"])
    assert active | commented <= schema_keys


def test_every_line_is_short_and_the_comments_explain(tmp_path):
    text = init.starter_config("1.30")
    assert all(len(line) <= 100 for line in text.splitlines())
    assert text.count("\n# ") + text.startswith("# ") >= 20


@pytest.mark.parametrize(
    "example", init.COMMENTED_EXAMPLES, ids=["external-objects", "pod-security", "policies"]
)
def test_each_commented_example_is_valid_uncommented(tmp_path, example):
    text = init.starter_config("1.30")
    commented = "".join(f"# {line}\n" for line in example.splitlines())
    assert commented in text
    config = _load(tmp_path, text.replace(commented, example))
    assert config != _load(tmp_path, text)


def test_uncommenting_the_opt_in_rule_turns_it_on(tmp_path):
    text = init.starter_config("1.30")
    line = f"  # {init.OPT_IN_EXAMPLE_RULE}: on"
    assert line in text
    config = _load(tmp_path, text.replace(line, f"  {init.OPT_IN_EXAMPLE_RULE}: on"))
    rule = load_rules()[init.OPT_IN_EXAMPLE_RULE]
    assert not rule.default
    assert config.rule_severity(rule) == rule.severity
