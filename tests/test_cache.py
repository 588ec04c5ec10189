"""The cache of context files (kubelint.cache): what a user sees is the same with and
without it, and what it keeps is safe to keep."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import kubelint.cache
from kubelint import engine
from kubelint.cli import cli
from kubelint.engine import Settings, lint

SERVICE = """\
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: web, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: {app}}}}}
  template:
    metadata: {{labels: {{app: {app}}}}}
    spec:
      containers: [{{name: web, image: nginx:1.27}}]
"""

AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(folder))
    # Files changed in the last few seconds are not cached, and the change time of a file
    # the test has just written cannot be set back: here, any file is old enough.
    monkeypatch.setattr(kubelint.cache, "_SETTLED_NS", 0)
    return folder


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files each run parses (rather than takes from the cache)."""
    seen: list[str] = []
    load_text = engine.load_text

    def recording(source, raw, **kwargs):
        seen.append(os.path.basename(source.path))
        return load_text(source, raw, **kwargs)

    monkeypatch.setattr(engine, "load_text", recording)
    return seen


def write(path: Path, text: str, mtime: float | None = AN_HOUR_AGO) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def run(target: Path, context: Path, *, cache: bool = True) -> list[tuple[str, str]]:
    settings = Settings(severities={"service-selects-nothing": "warning"}, cache=cache)
    report = lint([str(target)], settings, context=[str(context)])
    assert not report.internal_errors
    return [(f.rule, os.path.basename(f.file)) for f in report.findings]


@pytest.fixture
def project(tmp_path) -> tuple[Path, Path]:
    target = write(tmp_path / "svc" / "service.yaml", SERVICE, mtime=None)
    context = tmp_path / "apps"
    write(context / "deployment.yaml", DEPLOYMENT.format(app="web"))
    return target, context


def test_a_second_run_takes_unchanged_context_files_from_the_cache(project, cache_dir, parsed):
    target, context = project
    assert run(target, context) == []
    assert parsed == ["service.yaml", "deployment.yaml"]
    parsed.clear()
    assert run(target, context) == []
    assert parsed == ["service.yaml"]  # the file being checked is always read


def test_a_changed_context_file_is_read_again(project, cache_dir, parsed):
    target, context = project
    run(target, context)
    write(context / "deployment.yaml", DEPLOYMENT.format(app="api"), mtime=AN_HOUR_AGO + 60)
    parsed.clear()
    assert run(target, context) == [("service-selects-nothing", "service.yaml")]
    assert "deployment.yaml" in parsed


def test_a_change_that_keeps_the_size_and_the_modification_time_is_seen(
    project, cache_dir, parsed
):
    target, context = project
    run(target, context)
    # same length, same mtime: only the change time (set by the system) tells
    write(context / "deployment.yaml", DEPLOYMENT.format(app="wob"))
    assert run(target, context) == [("service-selects-nothing", "service.yaml")]


def test_a_file_changed_seconds_ago_is_not_cached(project, cache_dir, parsed, monkeypatch):
    monkeypatch.setattr(kubelint.cache, "_SETTLED_NS", 3600 * 10**9)
    target, context = project
    write(context / "deployment.yaml", DEPLOYMENT.format(app="web"), mtime=None)
    run(target, context)
    parsed.clear()
    run(target, context)
    assert parsed == ["service.yaml", "deployment.yaml"]


def test_without_the_cache_nothing_is_kept(project, cache_dir, parsed):
    target, context = project
    run(target, context, cache=False)
    run(target, context, cache=False)
    assert parsed.count("deployment.yaml") == 2
    assert not cache_dir.exists()


def test_an_empty_cache_dir_variable_turns_the_cache_off(project, monkeypatch, parsed):
    monkeypatch.setenv("KUBELINT_CACHE_DIR", "")
    target, context = project
    run(target, context)
    run(target, context)
    assert parsed.count("deployment.yaml") == 2


def test_no_cache_on_the_command_line(project, cache_dir, monkeypatch):
    target, context = project
    monkeypatch.chdir(target.parent)
    args = ["lint", "--no-config", "--context", str(context), str(target)]
    result = CliRunner().invoke(cli, [*args, "--no-cache"])
    assert result.exit_code == 0, result.output
    assert not cache_dir.exists()
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert any(cache_dir.rglob("*"))


def test_a_cache_others_can_write_to_is_not_used(project, cache_dir, parsed):
    target, context = project
    run(target, context)
    cache_dir.chmod(0o777)
    parsed.clear()
    assert run(target, context) == []
    assert "deployment.yaml" in parsed


def test_a_damaged_cache_is_ignored_and_rewritten(project, cache_dir, parsed):
    target, context = project
    run(target, context)
    stored = [p for p in cache_dir.rglob("*") if p.is_file() and p.parent != cache_dir]
    assert stored
    for path in stored:
        path.write_bytes(b"\x00 not a cache file")
    write(context / "deployment.yaml", DEPLOYMENT.format(app="api"), mtime=AN_HOUR_AGO + 60)
    assert run(target, context) == [("service-selects-nothing", "service.yaml")]
    parsed.clear()
    assert run(target, context) == [("service-selects-nothing", "service.yaml")]
    assert parsed == ["service.yaml"]


def test_a_cached_context_file_checked_later_keeps_its_suppression_comments(
    tmp_path, cache_dir, parsed
):
    """A context file is cached without its suppression comments (nothing is reported on
    it); the same file checked later is read again, comments and all."""
    service = write(
        tmp_path / "svc" / "service.yaml",
        SERVICE.replace("web}\n", "web}  # kubelint: disable=service-selects-nothing\n"),
    )
    other = write(tmp_path / "other" / "deployment.yaml", DEPLOYMENT.format(app="api"))
    run(other, service.parent)  # the Service as context: cached
    settings = Settings(severities={"service-selects-nothing": "warning"}, cache=True)
    report = lint([str(service)], settings, context=[str(other.parent)])
    assert report.findings == []
    assert "service.yaml" in parsed[-2:]


def test_what_no_run_used_for_a_month_is_removed(project, cache_dir):
    target, context = project
    long_ago = time.time() - 40 * 24 * 3600
    old_build = cache_dir / "v0.0.1-0123456789abcdef"
    write(old_build / ("0" * 32), "x", mtime=long_ago)
    foreign = [write(cache_dir / "Documents" / "thesis.tex", "x", mtime=long_ago),
               write(cache_dir / "v0.0.2-0123456789abcdef" / "notes.txt", "x", mtime=long_ago),
               write(cache_dir / "notes.txt", "x", mtime=long_ago)]  # fmt: skip
    (cache_dir / "Empty").mkdir()
    foreign.append(cache_dir / "Empty")
    run(target, context)
    assert not old_build.exists()
    assert all(path.exists() for path in foreign)  # only what kubelint names is removed
    (current,) = [p for p in cache_dir.glob("v0.*") if p.name not in ("v0.0.2-0123456789abcdef",)]
    (used,) = list(current.iterdir())
    unused = write(current / ("f" * 32), "x", mtime=long_ago)
    (cache_dir / "pruned").unlink()  # looked for at most once a day
    run(target, context)
    assert list(current.iterdir()) == [used]
    assert not unused.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_no_cache_is_made_inside_someone_elses_directory(project, tmp_path, monkeypatch, parsed):
    """``sudo kubelint`` with the user's HOME must not leave a root-owned cache behind."""
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 12345, 12345)
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(theirs / "kubelint"))
    target, context = project
    run(target, context)
    run(target, context)
    assert list(theirs.iterdir()) == []
    assert parsed.count("deployment.yaml") == 2


def test_a_large_file_is_not_cached(project, cache_dir, parsed, monkeypatch):
    monkeypatch.setattr(kubelint.cache, "_LARGEST", 100)  # the Deployment is ~250 bytes
    target, context = project
    run(target, context)
    run(target, context)
    assert parsed.count("deployment.yaml") == 2


def test_the_cache_directory_is_marked_for_backup_tools(project, cache_dir):
    target, context = project
    run(target, context)
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith(
        "Signature: 8a477f597d28d172789f06886806bc55"
    )


@pytest.mark.parametrize(
    "secret",
    [
        "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\n"
        "data: {password: aHVudGVyMg==}\n",
        # a broken document is no object: the Secret in it would not be recognised as one
        "apiVersion: v1\nkind: Secret\ndata: {password: aHVudGVyMg==\nmetadata: [\n",
    ],
    ids=["secret", "secret-with-a-syntax-error"],
)
def test_a_file_holding_a_secret_is_never_cached(tmp_path, cache_dir, parsed, secret):
    target = write(tmp_path / "svc" / "service.yaml", SERVICE)
    context = tmp_path / "apps"
    write(context / "deployment.yaml", DEPLOYMENT.format(app="web"))
    write(context / "secret.yaml", secret)
    run(target, context)
    parsed.clear()
    run(target, context)
    assert sorted(parsed) == ["secret.yaml", "service.yaml"]
    for stored in cache_dir.rglob("*"):
        if stored.is_file():
            assert b"aHVudGVyMg" not in stored.read_bytes()
            assert b"password" not in stored.read_bytes()


def test_a_read_that_failed_is_not_kept_as_an_empty_file(project, cache_dir, monkeypatch):
    target, context = project

    def failing(path, *args, **kwargs):
        if str(path).endswith("deployment.yaml"):
            raise OSError(5, "Input/output error")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(engine, "open", failing, raising=False)
    assert run(target, context) == []  # nothing seen in the namespace: nothing to compare
    monkeypatch.undo()
    monkeypatch.setenv("KUBELINT_CACHE_DIR", str(cache_dir))
    monkeypatch.setattr(kubelint.cache, "_SETTLED_NS", 0)
    write(target, SERVICE.replace("{app: web}", "{app: api}"), mtime=None)
    assert run(target, context) == [("service-selects-nothing", "service.yaml")]


def test_a_file_changed_after_the_run_began_is_not_cached(project, cache_dir, parsed,
                                                          monkeypatch):  # fmt: skip
    """The settling time counts from the start of the run, not from when the cache is
    written: a long run must not cache a file written just before it was read."""
    monkeypatch.setattr(kubelint.cache, "_SETTLED_NS", 3 * 10**9)
    now = time.time_ns()
    clock = iter([now - 10 * 10**9])  # the cache is opened "before" the file was written
    monkeypatch.setattr(kubelint.cache.time, "time_ns", lambda: next(clock, now + 10**12))
    target, context = project
    run(target, context)
    parsed.clear()
    monkeypatch.setattr(kubelint.cache.time, "time_ns", time.time_ns)
    run(target, context)
    assert "deployment.yaml" in parsed


def test_a_relative_cache_directory_is_refused(project, tmp_path, monkeypatch, parsed):
    """It would follow the working directory into the repository."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KUBELINT_CACHE_DIR", "cache")
    target, context = project
    run(target, context)
    run(target, context)
    assert parsed.count("deployment.yaml") == 2
    assert not (tmp_path / "cache").exists()


def test_a_relative_xdg_cache_home_is_ignored(project, tmp_path, monkeypatch):
    """As the XDG specification says: the default, ~/.cache, is used instead."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KUBELINT_CACHE_DIR")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "xdg")
    monkeypatch.setattr(kubelint.cache, "_SETTLED_NS", 0)
    target, context = project
    run(target, context)
    assert not (tmp_path / "xdg").exists()
    assert (home / ".cache" / "kubelint" / "CACHEDIR.TAG").exists()


def test_a_cached_file_that_names_other_code_is_not_loaded(project, cache_dir, parsed, capfd):
    """Defence in depth: even with a matching stamp, a pickle may only build the classes a
    loaded file is made of."""
    import marshal
    import pickle

    class Planted:
        def __reduce__(self):
            return (print, ("planted code ran",))

    target, context = project
    run(target, context)
    (bucket,) = [p for p in cache_dir.glob("v*/*") if p.is_file()]
    entries = marshal.loads(bucket.read_bytes())
    for path, (stamp, _) in entries.items():
        entries[path] = (stamp, pickle.dumps(Planted()))
    bucket.write_bytes(marshal.dumps(entries))
    parsed.clear()
    assert run(target, context) == []
    assert "planted code ran" not in capfd.readouterr().out
    assert "deployment.yaml" in parsed


@pytest.fixture(scope="module")
def every_rule():
    from test_robustness_property import EVERY_RULE

    return EVERY_RULE


def _random_project_findings_with_and_without_the_cache(docs, every_rule) -> None:
    import dataclasses
    import tempfile
    from unittest import mock

    import yaml

    with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(
        os.environ, {"KUBELINT_CACHE_DIR": os.path.join(tmp, "cache")}
    ), mock.patch.object(kubelint.cache, "_SETTLED_NS", 0):
        root = Path(tmp)
        target = write(root / "target" / "0.yaml", yaml.safe_dump(docs[0]))
        for number, doc in enumerate(docs[1:], 1):
            write(root / "context" / f"{number}.yaml", yaml.safe_dump(doc))
        (root / "context").mkdir(exist_ok=True)
        seen = []
        for cache in (False, True, True):
            settings = dataclasses.replace(every_rule, cache=cache)
            report = lint([str(target)], settings, context=[str(root / "context")])
            seen.append((
                [(f.rule, f.file, f.line, f.column, f.severity, f.message)
                 for f in report.findings],
                report.internal_errors, report.notes,
            ))  # fmt: skip
        assert seen[0] == seen[1] == seen[2]


def test_findings_are_the_same_with_and_without_the_cache(every_rule):
    """Objects from the rule fixtures with random changes, one file checked and the others
    context: the first run fills the cache, the second reads from it; both report exactly
    what a run without the cache reports."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from test_robustness_property import FAST, mutated_seed

    @settings(FAST, max_examples=40)
    @given(st.lists(mutated_seed(), min_size=2, max_size=6))
    def check(docs):
        _random_project_findings_with_and_without_the_cache(docs, every_rule)

    check()
