"""Fix cases: ``tests/fixes/<rule-id>/<case>.yaml`` and its ``<case>.fixed.yaml``.

For each case, on a copy of the file:
- ``kubelint --fix`` (with ``--unsafe-fixes`` when the header asks) turns the case into the
  fixed file byte for byte, comments, quoting and blank lines included;
- the fixed file has no finding left that a fix could remove, and no finding of the rules
  whose fixes ran;
- ``--fix`` again changes nothing, and ``--diff`` on the case shows the same change while
  changing no file.

A header line sets the run: ``# kubelint-test: kube-version=1.16 unsafe-fixes``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

CASES_DIR = Path(__file__).parent / "fixes"
CASES = sorted(p for p in CASES_DIR.rglob("*.yaml") if not p.name.endswith(".fixed.yaml"))
_OPTIONS_RE = re.compile(r"#\s*kubelint-test:(.*)$", re.MULTILINE)


def options(case: Path) -> list[str]:
    args = ["--no-config", "--no-context"]
    match = _OPTIONS_RE.search(case.read_text(encoding="utf-8"))
    for word in (match.group(1).split() if match else []):
        if word == "unsafe-fixes":
            args.append("--unsafe-fixes")
        else:
            key, _, value = word.partition("=")
            args += [f"--{key}", value]
    return args


def run(cwd: Path, *args: str) -> tuple[int, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.output


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(CASES_DIR)))
def test_fix_turns_the_case_into_the_fixed_file(case: Path, tmp_path: Path) -> None:
    expected = case.with_name(case.name.replace(".yaml", ".fixed.yaml"))
    assert expected.is_file(), f"{expected.name} is missing"
    work = tmp_path / case.name
    shutil.copyfile(case, work)
    args = options(case)
    code, output = run(tmp_path, *args, "--fix", case.name)
    assert code in (0, 1), output
    assert work.read_bytes() == expected.read_bytes(), output

    code, output = run(tmp_path, *args, "--format", "json", case.name)
    remaining = json.loads(output.split("\nkubelint:")[0])["findings"]
    fixed_rule = case.parent.name
    assert [f for f in remaining if f["rule"] == fixed_rule] == [], output

    before = work.read_bytes()
    code, output = run(tmp_path, *args, "--fix", case.name)
    assert work.read_bytes() == before, "a second --fix changed the file again"

    shutil.copyfile(case, work)
    code, diff = run(tmp_path, *args, "--diff", case.name)
    assert code == 1 and work.read_bytes() == case.read_bytes()
    assert f"--- a/{case.name}" in diff and f"+++ b/{case.name}" in diff
