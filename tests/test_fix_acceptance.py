"""Acceptance: ``kubelint --fix`` on real manifests, the seeds (../shared/seeds/manifests) and
``examples/legacy``, at Kubernetes 1.30, with and without ``--unsafe-fixes``.

On a copy of each tree:
- every comment line of every file is still there, with the same text and in the same order;
- a second ``--fix`` changes nothing;
- nothing in the fixed files is reported by the ``schema`` rules (unknown-field, wrong-type,
  missing-required-field, invalid-value...): a fix must never turn an object the API server
  would accept into one it rejects, nor leave a migrated object half done;
- kubelint reports no internal error (a fix that did not come out as intended).

The seeds are skipped when ../shared is not beside the repository (see test_seeds.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KUBELINT_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds" / "manifests"
LEGACY = ROOT / "examples" / "legacy"
OPTIONS = ("--no-config", "--kube-version", "1.30")

TREES = [
    pytest.param(
        SEEDS,
        id="seeds",
        marks=pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present"),
    ),
    pytest.param(LEGACY, id="legacy"),
]
MODES = [pytest.param((), id="safe"), pytest.param(("--unsafe-fixes",), id="unsafe")]


def copy_tree(source: Path, into: Path) -> Path:
    """A writable copy of ``source`` (the shared seeds are read-only)."""
    target = into / source.name
    shutil.copytree(source, target)
    for path in [target, *target.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


def snapshot(tree: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(tree)): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()
    }


def comment_lines(data: bytes) -> list[str]:
    return [
        line
        for line in data.decode("utf-8-sig", errors="replace").splitlines()
        if line.lstrip().startswith("#")
    ]


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, [*OPTIONS, *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.output


@pytest.fixture(params=TREES)
def tree(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return copy_tree(request.param, tmp_path)


@pytest.mark.parametrize("mode", MODES)
def test_fix_keeps_comments_is_idempotent_and_leaves_nothing_the_schema_rejects(
    tree: Path, mode: tuple[str, ...]
) -> None:
    cwd = tree.parent
    before = snapshot(tree)

    code, _, output = run(cwd, "--fix", *mode, tree.name)
    assert code in (0, 1), output  # 2 would be an internal error
    assert "please report this" not in output, output
    after = snapshot(tree)
    assert after.keys() == before.keys()
    assert after != before, "nothing was fixed: the test no longer tests anything"

    for name, data in before.items():
        assert comment_lines(after[name]) == comment_lines(data), f"{name}: a comment was lost"

    code, _, output = run(cwd, "--fix", *mode, tree.name)
    assert snapshot(tree) == after, f"a second --fix changed files again:\n{output}"

    code, stdout, output = run(cwd, "--format", "json", tree.name)
    assert code in (0, 1), output
    report = json.loads(stdout)
    schema = [
        (f["file"], f["line"], f["rule"], f["message"])
        for f in report["findings"]
        if f["category"] == "schema"
    ]
    assert schema == [], "\n".join(map(str, schema))
