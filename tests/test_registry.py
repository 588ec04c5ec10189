"""The rule index: a lint run knows every rule without importing it, and imports a rule's
module only when the rule has something to check."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from kubelint import registry
from kubelint.registry import index_entry, lint_rules, load_rules


def test_the_index_describes_every_rule_as_its_module_does():
    indexed = lint_rules()
    real = {rule_id: rule for rule_id, rule in load_rules().items() if registry.is_builtin(rule)}
    assert sorted(indexed) == sorted(real)
    for rule_id, rule in real.items():
        assert index_entry(indexed[rule_id]) == index_entry(rule), rule_id


def test_an_indexed_rule_checks_like_the_rule_itself(tmp_path):
    from kubelint import engine

    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"
        "spec:\n  containers: [{name: web, image: nginx:latest}]\n"
    )
    settings = engine.Settings(severities={"latest-tag": "warning"})
    report = engine.lint([str(tmp_path / "pod.yaml")], settings)
    assert [(f.rule, f.line) for f in report.findings] == [("latest-tag", 5)]


RUN_AND_LIST_MODULES = textwrap.dedent(
    """\
    import json, sys
    from kubelint.cli import main
    sys.argv = ["kubelint", "--no-config", "--no-context", *sys.argv[1:]]
    try:
        main()
    except SystemExit:
        pass
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
    """
)


def _modules_after(tmp_path, *args: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST_MODULES, *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_a_run_imports_only_the_rules_its_objects_need(tmp_path):
    (tmp_path / "cm.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")
    modules = _modules_after(tmp_path, "cm.yaml")
    assert "kubelint.rules.unknown_field" in modules  # every kind
    assert "kubelint.rules.plain_secret" not in modules  # Secrets only
    assert "kubelint.rules.latest_tag" not in modules  # workloads only
    assert "kubelint.rules.pss_privileged" not in modules
    # nor what only reports, fixes or renders need
    assert not {"ruamel.yaml", "jsonschema", "subprocess", "kubelint.reporters.sarif"} & modules


def test_a_rule_added_without_a_new_index_is_still_run(tmp_path, monkeypatch):
    """A contributor who adds a rule module and forgets `python -m kubelint.docgen` gets a
    slower run (every rule imported) and a failing docs test, never a rule silently
    skipped."""
    import kubelint.rules as package

    folder = tmp_path / "rules"
    folder.mkdir()
    index = registry.os.path.join(package.__path__[0], registry.INDEX_FILE)
    with open(index, encoding="utf-8") as handle:
        (folder / registry.INDEX_FILE).write_text(handle.read())
    for name in registry.os.listdir(package.__path__[0]):
        if name.endswith(".py"):
            (folder / name).write_text("")
    monkeypatch.setattr(package, "__path__", [str(folder)])
    assert registry._read_index() is not None
    (folder / "brand_new_rule.py").write_text("")
    assert registry._read_index() is None


def test_plugins_are_looked_for_only_where_a_package_declares_them(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    other = site / "requests-2.32.0.dist-info"
    other.mkdir(parents=True)
    (other / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n")
    monkeypatch.setattr(sys, "path", [str(site), str(tmp_path / "missing")])
    assert registry._may_have_plugins() is False
    plugin = site / "acme_rules-1.0.dist-info"
    plugin.mkdir()
    (plugin / "entry_points.txt").write_text("[kubelint.rules]\nacme = acme_rules\n")
    assert registry._may_have_plugins() is True


def test_anything_odd_on_the_path_means_a_full_look_for_plugins(tmp_path, monkeypatch):
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert registry._may_have_plugins() is True
