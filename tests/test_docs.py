"""Generated files are current, and every rule documents itself the same way."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kubelint import docgen
from kubelint.registry import load_rules, message_fields

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("path", sorted(docgen.outputs(ROOT)), ids=lambda p: p.name)
def test_generated_file_is_current(path):
    expected = docgen.outputs(ROOT)[path]
    assert path.exists(), f"{path} is missing: run `python -m kubelint.docgen`"
    assert path.read_text(encoding="utf-8") == expected, (
        f"{path.relative_to(ROOT)} is stale: run `python -m kubelint.docgen`"
    )


@pytest.mark.parametrize("rule_id", sorted(load_rules()))
def test_rule_documentation_has_the_fixed_headings(rule_id):
    rule = load_rules()[rule_id]
    assert rule.summary, "the docstring's first line is the summary"
    headings = re.findall(r"^## (\w+)", rule.doc, flags=re.MULTILINE)
    assert headings == ["Why", "Example", "Fix"], f"{rule_id}: headings are {headings}"


@pytest.mark.parametrize("rule_id", sorted(load_rules()))
def test_rule_messages_are_lower_case_templates_without_a_trailing_period(rule_id):
    rule = load_rules()[rule_id]
    for template in rule.messages.values():
        assert not template.rstrip().endswith("."), template
        first = template.lstrip("{")[0]
        assert not first.isupper(), f"{rule_id}: message starts with a capital: {template!r}"
        assert message_fields(template) is not None


def test_readme_shows_real_output():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```\n\$ kubelint (\S+)\n(.*?)```", readme, flags=re.DOTALL)
    assert block, "the README shows a kubelint run"
    path, shown = block.group(1), block.group(2)
    import os

    from click.testing import CliRunner

    from kubelint.cli import cli

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, [path])  # with the repository's .kubelint.yaml
    finally:
        os.chdir(old)
    assert result.output == shown, "README output is stale: paste the output of the command"


# --------------------------------------------------------------------------- configuration.md


def test_configuration_md_documents_every_key_of_the_schema():
    keys = list(docgen.config_schema()["properties"])
    assert sorted(docgen.CONFIG_KEY_DOCS) == sorted(keys), (
        "CONFIG_KEY_DOCS in kubelint/docgen.py needs a default and an example for each key"
    )
    rendered = docgen.render_configuration_md()
    headings = re.findall(r"^## (\S+)$", rendered, flags=re.MULTILINE)
    assert headings == keys
    for rule in load_rules().values():
        if rule.id in docgen.config_schema()["properties"]["rules"]["properties"]:
            assert f"[`{rule.id}`](rules.md#{rule.id})" in rendered, rule.id


def test_configuration_md_examples_are_valid_configurations(tmp_path):
    from kubelint.config import load

    rendered = docgen.render_configuration_md()
    blocks = re.findall(r"^```yaml\n(.*?)^```", rendered, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == len(docgen.CONFIG_KEY_DOCS)
    for block in blocks:
        path = tmp_path / ".kubelint.yaml"
        path.write_text(block, encoding="utf-8")
        load(str(path))  # raises ConfigError when the example is not valid
    toml = re.search(r"^```toml\n(.*?)^```", rendered, flags=re.MULTILINE | re.DOTALL)
    assert toml
    path = tmp_path / "pyproject.toml"
    path.write_text(toml.group(1), encoding="utf-8")
    config = load(str(path))
    assert config.rules == {"latest-tag": "error"}
