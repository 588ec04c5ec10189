"""The helpers that keep imports cheap still give what the standard library would."""

from __future__ import annotations

import json
import sys
import zipfile

from kubelint.lazy import package_modules, package_text, regex


def test_package_text_reads_the_shipped_files():
    schema = json.loads(package_text("kubelint.schemas", "config.schema.json"))
    assert schema["type"] == "object"
    assert package_text("kubelint", "data", "api-enums.csv").startswith("definition,")


def test_package_text_reads_a_package_inside_a_zip_archive(tmp_path, monkeypatch):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("zipped_pkg/__init__.py", "")
        zf.writestr("zipped_pkg/data/table.csv", "a,b\n1,2\n")
    monkeypatch.syspath_prepend(str(archive))
    try:
        assert package_text("zipped_pkg", "data", "table.csv") == "a,b\n1,2\n"
    finally:
        sys.modules.pop("zipped_pkg", None)


def test_package_modules_lists_public_modules_in_a_folder_or_a_zip_archive(tmp_path, monkeypatch):
    from kubelint.registry import _rule_modules

    assert "kubelint.rules.latest_tag" in _rule_modules()
    assert not any(name.rpartition(".")[2].startswith("_") for name in _rule_modules())
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("__init__.py", "b_rule.py", "a_rule.py", "_private.py", "notes.txt"):
            zf.writestr(f"zipped_rules/{name}", "")
    monkeypatch.syspath_prepend(str(archive))
    try:
        assert package_modules("zipped_rules") == ["zipped_rules.a_rule", "zipped_rules.b_rule"]
    finally:
        sys.modules.pop("zipped_rules", None)


def test_a_lazy_regex_is_compiled_once():
    digits = regex(r"[0-9]+")
    assert digits() is digits()
    assert digits().fullmatch("123") and not digits().fullmatch("12a")
