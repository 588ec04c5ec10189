"""Checking files in several processes (--jobs) reports exactly what one process does."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kubelint import engine
from kubelint.cli import cli
from kubelint.fix import PendingFix
from kubelint.registry import Rule, lint_rules

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked only on Linux")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  annotations:
    kubelint.io/ignore: "missing-requests: sized by the VPA"
spec:
  selector:
    matchLabels: {{app: app-{i}}}
  template:
    metadata:
      labels: {{app: app-{i}}}
    spec:
      containers:
      - name: app
        image: ghcr.io/acme/app:latest  # kubelint: disable=latest-tag
        ports: [{{containerPort: 8080}}]
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: app-{i}
spec:
  selector: {{app: {selects}}}
  ports: [{{port: 80, targetPort: 8080}}]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-{i}
  resourceVersion: "7"  # kubelint: disable=invalid-name
data:
  PORT: 8080
"""


def _project(root: Path, apps: int = 24) -> Path:
    """Deployments and their Services in separate files: every Service's selector is
    resolved across files, every third one selects nothing; suppression comments and
    annotations that are used, one that is not, and fixable findings."""
    for i in range(apps):
        (root / f"deploy-{i:02}.yaml").write_text(DEPLOYMENT.format(i=i))
        selects = f"app-{i}" if i % 3 else f"gone-{i}"
        (root / f"svc-{i:02}.yaml").write_text(SERVICE.format(i=i, selects=selects))
    return root


def _settings(jobs: int) -> engine.Settings:
    return engine.Settings(
        severities={r.id: r.severity for r in lint_rules().values() if r.default}, jobs=jobs
    )


def _seen(report) -> list[tuple]:
    return [(f.file, f.line, f.column, f.rule, f.severity, f.message) for f in report.findings]


def test_two_processes_report_what_one_does(tmp_path):
    _project(tmp_path)
    one = engine.lint([str(tmp_path)], _settings(1))
    calls: list[tuple[int, int]] = []
    two = engine.lint([str(tmp_path)], _settings(2), progress=lambda *a: calls.append(a))
    assert _seen(two) == _seen(one)
    rules = {f.rule for f in one.findings}
    # the run is interesting: references across files, fixes, a suppression left unused
    assert {"service-selects-nothing", "unused-suppression", "server-written-field"} <= rules
    assert "latest-tag" not in rules and "missing-requests" not in rules
    assert (two.files, two.objects, two.internal_errors) == (one.files, one.objects, [])
    assert calls and calls[-1] == (48, 48)


def test_fixes_found_by_workers_point_at_the_objects_of_this_process(tmp_path):
    _project(tmp_path)
    one = engine.lint([str(tmp_path)], _settings(1))
    two = engine.lint([str(tmp_path)], _settings(2))
    assert len(two.fixes) == len(one.fixes) > 0

    def described(fixes: list[PendingFix]) -> list[tuple]:
        return sorted((p.rule, p.obj.file.path, p.obj.name, p.fix.safe) for p in fixes)

    assert described(two.fixes) == described(one.fixes)


def test_the_cli_runs_in_two_processes_and_fixes_the_same(tmp_path):
    _project(tmp_path)
    runner = CliRunner()
    args = ["--no-config", "--no-context", "--format", "json", str(tmp_path)]
    one = runner.invoke(cli, ["lint", "-j", "1", *args])
    two = runner.invoke(cli, ["lint", "--jobs", "2", *args])
    assert one.exit_code == two.exit_code == 1, two.output
    assert json.loads(two.output) == json.loads(one.output)
    fixed = runner.invoke(cli, ["lint", "-j", "2", "--fix", *args])
    assert 'PORT: "8080"' in (tmp_path / "svc-00.yaml").read_text(), fixed.output


def test_small_runs_stay_in_one_process_and_large_ones_use_every_cpu(tmp_path, monkeypatch):
    _project(tmp_path, apps=3)
    run = engine.load_run([str(tmp_path)], _settings(0))
    assert engine._processes(0, run) == 1  # 9 objects: not worth a worker
    assert engine._processes(1, run) == 1
    assert engine._processes(4, run) == 4
    monkeypatch.setattr(engine, "PARALLEL_MIN_OBJECTS", 5)
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert engine._processes(0, run) == 3
    assert engine._processes(64, run) == 6  # never more workers than files


def test_batches_keep_files_in_order_and_whole():
    class Source:
        def __init__(self, objects: int) -> None:
            self.objects = [object()] * objects

    sources = [Source(n) for n in (300, 1, 1, 249, 10, 0, 500)]
    batches = engine._batches(sources)  # type: ignore[arg-type]
    assert [order for batch in batches for order in batch] == list(range(7))
    assert batches == [[0], [1, 2, 3], [4, 5, 6]]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this clone")
def test_the_real_corpus_in_two_processes(tmp_path):
    folder = CORPUS / "istio-samples"
    if not folder.is_dir():
        folder = CORPUS
    one = engine.lint([str(folder)], _settings(1))
    two = engine.lint([str(folder)], _settings(2))
    assert one.findings and _seen(two) == _seen(one)
    assert two.internal_errors == one.internal_errors


def _crashing_rule() -> Rule:
    def check(obj, ctx):
        if obj.name.endswith("-7"):
            raise KeyError("s3cr3t-value")  # what a crash may quote must not be shown
        yield from ()

    return Rule(
        id="crashes-on-seven", category="policy", severity="error", messages={"x": "x"},
        summary="crashes", doc="", check=check, kinds=None, scope="object", default=True,
        module="tests.test_parallel",
    )  # fmt: skip


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_rule_that_crashes_is_an_internal_error_and_the_run_goes_on(tmp_path, jobs):
    _project(tmp_path, apps=8)
    settings = _settings(jobs)
    rule = _crashing_rule()
    settings.extra_rules = {rule.id: rule}
    settings.severities[rule.id] = "error"
    report = engine.lint([str(tmp_path)], settings)
    assert sorted(report.internal_errors) == sorted(
        f"rule crashes-on-seven failed on {tmp_path}/{name}: KeyError at "
        f"test_parallel.py:{_RAISE_LINE}; please report this"
        for name in [
            "deploy-07.yaml (Deployment default/app-7)",
            "svc-07.yaml (Service default/app-7)",
            "svc-07.yaml (ConfigMap default/app-7)",
        ]
    )
    assert "s3cr3t" not in "".join(report.internal_errors)
    # every other rule still ran on the objects the rule crashed on
    assert ("svc-07.yaml", "wrong-type") in {(Path(f.file).name, f.rule) for f in report.findings}


_RAISE_LINE = _crashing_rule.__code__.co_firstlineno + 3


def _loaded(run: engine.LoadedRun) -> list[tuple]:
    """What the rules and reporters read of each loaded file."""
    return [
        (
            s.path, s.real_path, s.context_only, s.text,
            [(p.kind, p.message, p.offset) for p in s.problems],
            [(o.kind, o.name, o.namespace, o.data, o.offset(("metadata", "name")))
             for o in s.objects],
            [(o.file is s, o.data is o.document.data or o.base != ()) for o in s.objects],
            [(o.document.duplicates, o.document.tags) for o in s.objects],
        )
        for s in (*run.sources, *run.context_sources)
    ]  # fmt: skip


def test_files_read_by_workers_come_back_whole_and_in_order(tmp_path, monkeypatch):
    lint_dir, context_dir = tmp_path / "lint", tmp_path / "context"
    lint_dir.mkdir()
    context_dir.mkdir()
    _project(lint_dir, apps=6)
    (lint_dir / "broken.yaml").write_text("kind: ConfigMap\nmetadata: {name: a\n---\nkind: x\n")
    (lint_dir / "twice.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\nx: 1\nx: 2\n"
    )
    (lint_dir / "binary.yaml").write_bytes(b"\x00\xff\xfe" * 50)
    _project(context_dir, apps=3)
    one = engine.load_run([str(lint_dir)], _settings(1), context=[str(context_dir)])
    # the workers' share of bytes: every file but the parent's first few
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: {0, 1, 2})
    chunks: list[list[tuple[int, int]]] = []
    real_chunks = engine._chunks
    monkeypatch.setattr(engine, "_chunks", lambda *a: chunks.append(real_chunks(*a)) or chunks[-1])
    spools = {*Path("/dev/shm").glob("kubelint-*"), *Path(tempfile.gettempdir()).glob("kubelint-*")}
    three = engine.load_run([str(lint_dir)], _settings(0), context=[str(context_dir)])
    assert len(chunks) == 1 and len(chunks[0]) > 3  # several chunks to share out
    # what the workers read went through a private folder, removed afterwards
    assert spools == {
        *Path("/dev/shm").glob("kubelint-*"),
        *Path(tempfile.gettempdir()).glob("kubelint-*"),
    }
    assert _loaded(three) == _loaded(one)
    broken = sorted(Path(s.path).name for s in three.sources if s.problems)
    assert broken == ["binary.yaml", "broken.yaml"]
    assert any(o.document.duplicates for s in three.sources for o in s.objects)
    assert len(three.context_sources) == 6
    # files of the run and of the context reached the index, whoever read them
    assert len(three.index.of_kind("Service")) == len(one.index.of_kind("Service")) == 9


def test_chunks_are_consecutive_and_a_large_file_is_one_of_its_own():
    sizes = [100_000] * 6 + [10_000_000] + [1000] * 3
    # chunks of at most 256 KB, a larger file alone
    assert engine._chunks(sizes, 2) == [(0, 2), (2, 4), (4, 6), (6, 7), (7, 10)]
    # at least 8 chunks per process when the files allow it
    small = engine._chunks([1000] * 100, 2)
    assert len(small) == 17 and small[0] == (0, 6) and small[-1] == (96, 100)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(small))
    assert engine._chunks([5], 2) == [(0, 1)]
    assert engine._chunks([], 2) == []


def test_when_no_worker_can_be_started_the_parent_reads_every_file(tmp_path, monkeypatch):
    _project(tmp_path, apps=4)
    one = engine.load_run([str(tmp_path)], _settings(1))

    def refuse(*args, **kwargs):
        raise OSError("no more processes")

    import concurrent.futures

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", refuse)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 1)
    alone = engine.load_run([str(tmp_path)], _settings(0))
    assert _loaded(alone) == _loaded(one)
    assert alone.notes == [
        "a worker process failed while reading files (OSError); "
        "they were read again in the main process"
    ]


def test_pickled_positions_survive_the_trip():
    import pickle

    from kubelint.loader import PosList, PosMap, parse

    data = next(parse("a:\n  b: [1, {c: 2}]\n  d: {}\n")).data
    back = pickle.loads(pickle.dumps(data))
    assert back == data and type(back) is PosMap and type(back["a"]["b"]) is PosList
    pairs = [(data, back), (data["a"]["b"], back["a"]["b"]), (data["a"]["d"], back["a"]["d"])]
    assert [copy.pos for _, copy in pairs] == [original.pos for original, _ in pairs]
    assert all(copy.pos for _, copy in pairs[:2])  # positions, not empty defaults


_PARENT = os.getpid()


def _failing_claim(_: int) -> None:
    """Stands for a worker that fails (a full /dev/shm, a bug): forked workers find it by
    name, as the pool sends functions by reference."""
    raise RuntimeError("no space left on device")


def _killed_claim(_: int) -> None:
    """A loading worker killed by the system (out of memory)."""
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize(
    "claim, error", [(_failing_claim, "RuntimeError"), (_killed_claim, "BrokenProcessPool")]
)
def test_when_a_reading_worker_fails_the_parent_reads_its_files(
    tmp_path, monkeypatch, claim, error
):
    _project(tmp_path, apps=6)
    one = engine.load_run([str(tmp_path)], _settings(1))
    monkeypatch.setattr(engine, "_task_claim", claim)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 1)
    monkeypatch.setattr(engine.os, "sched_getaffinity", lambda pid: {0, 1})
    two = engine.load_run([str(tmp_path)], _settings(0))
    assert _loaded(two) == _loaded(one)
    assert two.notes == [
        f"a worker process failed while reading files ({error}); "
        "they were read again in the main process"
    ]


_real_check_batch = engine._check_batch


def _check_or_die(item):
    """Checks in the parent; in a worker, the first batch kills it (out of memory)."""
    if os.getpid() != _PARENT and item[0] == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_check_batch(item)


def test_when_a_checking_worker_is_killed_the_parent_checks_its_files(tmp_path, monkeypatch):
    _project(tmp_path)
    one = engine.lint([str(tmp_path)], _settings(1))
    monkeypatch.setattr(engine, "_check_batch", _check_or_die)
    monkeypatch.setattr(engine, "_BATCH_OBJECTS", 10)  # several batches
    two = engine.lint([str(tmp_path)], _settings(2))
    assert _seen(two) == _seen(one) and len(two.fixes) == len(one.fixes)
    assert two.notes == [
        "a worker process failed while checking files (BrokenProcessPool); "
        "they were checked again in the main process"
    ]
