"""Hostile inputs, end to end: whatever a repository holds, kubelint reports it and carries on.

Every test puts a hostile file next to an ordinary manifest with a known finding and checks
that the run ends in bounded time, that the hostile file gets a clear finding (or the run a
clear error), that the ordinary file is still checked, and that nothing crashes: no
traceback, no internal error, exit code 0 or 1 (2 only for a bad configuration).

Runs go through the command line: in process (``CliRunner``) where that is enough, in a
subprocess where time, memory or a possible hang must be measured. Bugs found here are
marked ``xfail(strict=True)`` with the reason, so each test turns red (XPASS) when its bug
is fixed and the marker can go.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import io
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kubelint import engine
from kubelint.cli import cli
from kubelint.loader import Document, entry_offsets, parse
from kubelint.registry import load_rules

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="uses FIFOs, symbolic links, wait4 and resource limits"
)

# --------------------------------------------------------------------------- the ordinary file

NORMAL_FILE = "normal.yaml"
NORMAL = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:latest
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {memory: 64Mi}
"""
#: What the ordinary file must always report, whatever sits next to it.
NORMAL_FINDING = (NORMAL_FILE, "latest-tag", 8, 12)


def pod(name: str, image: str = "busybox:latest") -> str:
    """A Pod whose only finding is latest-tag at 8:12 (like NORMAL, under another name)."""
    return NORMAL.replace("name: web\n", f"name: {name}\n", 1).replace("nginx:latest", image)


EXPORTED = (  # two safe fixes: a server-written field and an unquoted number
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
    '  resourceVersion: "42"\ndata:\n  PORT: 8080\n'
)

# --------------------------------------------------------------------------- running kubelint

COMMON = ("--no-config", "--no-context", "--format", "json")
#: Runs kubelint and records its peak RSS. A child's ru_maxrss (wait4, RUSAGE_CHILDREN)
#: includes what the parent had resident when it forked, so it would count the test
#: process too; /proc/self/status VmHWM belongs to the program after exec alone.
_MEASURED_KUBELINT = """
import atexit, resource, sys

limit = int(sys.argv[2])
try:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
except (ValueError, OSError):  # not every system lets a process lower it
    pass

def _report(path=sys.argv[1]):
    try:
        with open("/proc/self/status") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return
    with open(path, "w") as out:
        out.write(peak)

atexit.register(_report)
sys.argv = ["kubelint", *sys.argv[3:]]
from kubelint.cli import main
main()
"""
#: Address space a subprocess may use: a safety net so a regression fails, not the CI box.
SUBPROCESS_MEMORY = 3 << 30


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int = 0  # bytes; subprocess runs only
    timed_out: bool = False

    @property
    def findings(self) -> list[tuple[str, str, int, int]]:
        report = json.loads(self.stdout)
        return [(f["file"], f["rule"], f["line"], f["column"]) for f in report["findings"]]

    def rules_of(self, file: str) -> set[str]:
        return {rule for name, rule, _, _ in self.findings if name == file}

    def messages_of(self, file: str) -> list[str]:
        report = json.loads(self.stdout)
        return [f["message"] for f in report["findings"] if f["file"] == file]


def run_cli(cwd: Path, *args: str, common: tuple[str, ...] = COMMON) -> Outcome:
    """kubelint in this process; an exception becomes a traceback on stderr, as for a user."""
    old = os.getcwd()
    os.chdir(cwd)
    start = time.monotonic()
    try:
        result = CliRunner().invoke(cli, [*common, *args])
    finally:
        os.chdir(old)
    seconds = time.monotonic() - start
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        stderr += "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Outcome(result.exit_code, result.stdout, stderr, seconds)


def run_subprocess(
    cwd: Path,
    *args: str,
    timeout: float,
    memory: int = SUBPROCESS_MEMORY,
    common: tuple[str, ...] = COMMON,
) -> Outcome:
    """kubelint in a child process, killed after ``timeout`` seconds, with its peak RSS;
    ``memory`` limits its address space."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        peak_file = os.path.join(scratch, "peak")
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURED_KUBELINT, peak_file, str(memory), *common, *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        lock = threading.Lock()
        killed = threading.Event()

        def kill() -> None:
            with lock:
                if proc.returncode is None:
                    killed.set()
                    proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            with lock:
                proc.returncode = os.waitstatus_to_exitcode(status)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if os.path.exists(peak_file):
            with open(peak_file) as fh:
                peak = int(fh.read()) * 1024  # VmHWM is in kB
        else:  # no /proc: the rusage, an overestimate by the parent's size at fork
            peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Outcome(proc.returncode, stdout, stderr, seconds, peak, killed.is_set())


def assert_clean(outcome: Outcome) -> None:
    """No crash, no internal error, a normal exit code, and the ordinary file checked."""
    assert not outcome.timed_out, f"kubelint did not finish in time ({outcome.seconds:.1f} s)"
    assert "Traceback" not in outcome.stderr, outcome.stderr[-3000:]
    assert "kubelint: error" not in outcome.stderr, outcome.stderr[-3000:]
    assert outcome.code in (0, 1), f"exit code {outcome.code}: {outcome.stderr[-3000:]}"
    assert NORMAL_FINDING in outcome.findings, outcome.findings


def lint_next_to_normal(tmp_path: Path, name: str, content: bytes | str) -> Outcome:
    """Write the hostile file next to the ordinary one and lint the directory."""
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return run_cli(tmp_path, ".")


def check_hostile(
    tmp_path: Path,
    name: str,
    content: bytes | str,
    expected: set[str],
    *,
    exact: bool = True,
    seconds: float = 10.0,
) -> Outcome:
    """The hostile file reports ``expected`` (exactly, or at least), the rest is as usual."""
    outcome = lint_next_to_normal(tmp_path, name, content)
    assert_clean(outcome)
    assert outcome.seconds < seconds, f"took {outcome.seconds:.1f} s"
    found = outcome.rules_of(name)
    if exact:
        assert found == expected, outcome.findings
    else:
        assert expected <= found, outcome.findings
    return outcome


# --------------------------------------------------------------------------- alias bombs


def laughs(levels: int = 10, width: int = 9, prefix: str = "a") -> list[str]:
    """The classic billion laughs: each anchor a list of ``width`` aliases to the previous."""
    lines = [f"{prefix}0: &{prefix}0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        items = ", ".join([f"*{prefix}{i - 1}"] * width)
        lines.append(f"{prefix}{i}: &{prefix}{i} [{items}]")
    return lines


def map_laughs(levels: int = 10) -> list[str]:
    lines = ["m0: &m0 {" + ", ".join(f"k{j}: lol" for j in range(9)) + "}"]
    for i in range(1, levels):
        lines.append(f"m{i}: &m{i} {{" + ", ".join(f"k{j}: *m{i - 1}" for j in range(9)) + "}")
    return lines


def merge_laughs(levels: int = 12) -> list[str]:
    lines = ["m0: &m0 {" + ", ".join(f"k{j}: lol" for j in range(9)) + "}"]
    for i in range(1, levels):
        refs = ", ".join([f"*m{i - 1}"] * 9)
        lines.append(f"m{i}: &m{i} {{<<: [{refs}], x{i}: [{refs}]}}")
    return lines


def merge_copies(keys: int = 2000, copies: int = 200) -> list[str]:
    """A mapping merged into many others that have a key of their own: each merge copies
    it, 400,000 entries from 28 KB (a mapping that is only a merge shares it instead)."""
    lines = ["base: &base", *(f"  k{i}: {i}" for i in range(keys)), "copies:"]
    return lines + [f"- {{<<: *base, own: {i}}}" for i in range(copies)]


BOMBS = {
    "billion-laughs": "\n".join(laughs()) + "\n",
    "mapping-laughs": "\n".join(map_laughs()) + "\n",
    "merge-key-laughs": "\n".join(merge_laughs()) + "\n",
    "bomb-as-a-key": "\n".join([*laughs(), "? *a9\n: boom"]) + "\n",
    "bomb-inside-a-pod": pod("bomb").replace(
        "spec:\n", "spec:\n" + "".join(f"  {line}\n" for line in laughs()), 1
    ),
    "bomb-in-a-later-document": pod("before") + "---\n" + "\n".join(laughs()) + "\n",
    "merge-copies": "\n".join(merge_copies()) + "\n",
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_alias_bombs_are_refused_quickly(tmp_path, name):
    outcome = check_hostile(
        tmp_path, f"{name}.yaml", BOMBS[name], {"excessive-aliases"}, exact=False, seconds=5
    )
    # a document before the bomb is still checked
    if name == "bomb-in-a-later-document":
        assert outcome.rules_of(f"{name}.yaml") == {"excessive-aliases", "latest-tag"}


def test_alias_bombs_take_no_time_and_no_memory(tmp_path):
    """All the bombs at once, in a subprocess: time and peak memory next to a run of the
    ordinary file alone."""
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / NORMAL_FILE).write_text(NORMAL)
    baseline = run_subprocess(alone, ".", timeout=60)
    assert_clean(baseline)
    bombs = tmp_path / "bombs"
    bombs.mkdir()
    (bombs / NORMAL_FILE).write_text(NORMAL)
    for name, text in BOMBS.items():
        (bombs / f"{name}.yaml").write_text(text)
    outcome = run_subprocess(bombs, ".", timeout=60)
    assert_clean(outcome)
    for name in BOMBS:
        assert "excessive-aliases" in outcome.rules_of(f"{name}.yaml")
    # a billion nodes would take minutes and gigabytes; refusing them costs next to nothing
    assert outcome.seconds < baseline.seconds + 5, (outcome.seconds, baseline.seconds)
    assert outcome.peak_rss < baseline.peak_rss + (64 << 20), (outcome.peak_rss, baseline.peak_rss)


def _under_the_limit(documents: int, *, aliases: bool) -> str:
    """ConfigMaps whose annotations expand to 9**6 nodes each: just under the bomb limit."""
    lines = laughs(levels=6)
    if not aliases:
        lines = [re.sub(r"\*a\d", '"lol"', line) for line in lines]
    body = "".join(f"    {line}\n" for line in lines)
    return "---\n".join(
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm{i}\n  annotations:\n{body}"
        for i in range(documents)
    )


def _best_time(action: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def test_documents_just_under_the_alias_limit_do_not_multiply_the_work(tmp_path):
    """The alias budget (1,000,000 expanded nodes) was per document, and rules walk what
    aliases expand to: a 15 KB file of 40 documents just under it took 14 s. It is per file."""
    settings = _default_settings()

    def lint_time(documents: int, *, aliases: bool, repeat: int = 1) -> float:
        path = tmp_path / f"{documents}-{aliases}.yaml"
        path.write_text(_under_the_limit(documents, aliases=aliases))
        return _best_time(lambda: engine.lint([str(path)], settings), repeat)

    one, three = lint_time(1, aliases=True, repeat=2), lint_time(3, aliases=True)
    plain = lint_time(3, aliases=False, repeat=5)  # the same documents without aliases
    # fixed either way: a budget per file (more documents add nothing), or rules that do
    # not pay again for what aliases repeat
    assert three < 1.5 * one or three < 20 * plain, (one, three, plain)


def _default_settings() -> engine.Settings:
    return engine.Settings(
        severities={r.id: r.severity for r in load_rules().values() if r.default}
    )


# --------------------------------------------------------------------------- nesting


def flow(depth: int, kind: str, leaf: str = "1") -> str:
    value = leaf
    for _ in range(depth):
        value = f"{{k: {value}}}" if kind == "map" else f"[{value}]"
    return value


DEEP = {
    "flow-sequences": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "flow-mappings": "a: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n",
    "block-mappings": "".join("  " * i + f"k{i}:\n" for i in range(2000)) + "  " * 2000 + "v: 1\n",
    "block-sequences": "".join("  " * i + "-\n" for i in range(2000)) + "  " * 2000 + "x\n",
    "unclosed-brackets": "a: " + "[" * 200_000 + "\n",
    "inside-a-pod": pod("deep").replace(
        "    resources:", "    securityContext: " + flow(5000, "map") + "\n    resources:"
    ),
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_is_refused_without_recursion_errors(tmp_path, name):
    check_hostile(tmp_path, f"{name}.yaml", DEEP[name], {"excessive-nesting"}, seconds=10)


def test_deep_json_is_refused(tmp_path):
    check_hostile(
        tmp_path, "deep.json", '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", {"excessive-nesting"}
    )


@pytest.mark.parametrize(
    ("field", "kind"),
    [("labels", "map"), ("labels", "seq"), ("annotations", "map"), ("annotations", "seq")],
)
def test_nesting_just_under_the_limit_is_checked(tmp_path, field, kind):
    """398 levels load: every rule must walk them without a RecursionError."""
    text = (
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n"
        f"  {field}: {flow(396, kind)}\ndata: {{a: b}}\n"
    )
    outcome = check_hostile(tmp_path, "deep.yaml", text, {"wrong-type"}, exact=False)
    assert "excessive-nesting" not in outcome.rules_of("deep.yaml")


@pytest.mark.parametrize("kind", ["map", "seq"])
def test_a_deep_pod_spec_under_the_limit_is_checked(tmp_path, kind):
    text = pod("deep").replace(
        "    resources:", f"    securityContext: {flow(390, kind)}\n    resources:"
    )
    outcome = check_hostile(tmp_path, "deep.yaml", text, {"latest-tag"}, exact=False)
    assert "excessive-nesting" not in outcome.rules_of("deep.yaml")


def _nested_schema(depth: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"k": schema}}
    return schema


def _crd(depth: int) -> str:
    crd = {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"kind": "Widget", "plural": "widgets", "singular": "widget",
                      "listKind": "WidgetList"},
            "versions": [{"name": "v1", "served": True, "storage": True,
                          "schema": {"openAPIV3Schema": _nested_schema(depth)}}],
        },
    }  # fmt: skip
    return json.dumps(crd)


def test_a_crd_with_a_deep_schema_is_checked(tmp_path):
    # 100 schema levels nest 200 mappings: far below the limit, and fine
    check_hostile(tmp_path, "crd.json", _crd(100), set())


def test_a_crd_with_a_schema_just_under_the_nesting_limit_is_checked(tmp_path):
    """The schema rules recurse a few frames per level: from 162 schema levels they used to
    end in RecursionError internal errors."""
    check_hostile(tmp_path, "crd.json", _crd(190), set())


def _alias_chain(levels: int, per: int = 350) -> list[str]:
    """Anchors each nesting the previous one ``per`` levels deeper: every one is under the
    depth limit as written, the last is ``levels * per`` deep once aliases are followed."""
    lines = []
    for i in range(levels):
        inner = "1" if i == 0 else f"*d{i - 1}"
        lines.append(f"d{i}: &d{i} " + "[" * per + inner + "]" * per)
    return lines


def _deep_through_aliases(name: str, levels: int = 20) -> str:
    body = "".join(f"  {line}\n" for line in _alias_chain(levels))
    return (
        f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
        f'  resourceVersion: "1"\ndata:\n  PORT: 8080\nextra:\n{body}'
    )


def test_aliases_cannot_nest_deeper_than_the_limit(tmp_path):
    """20 anchors each 350 deep, aliased into one another, built a 7000-deep document from
    14 KB, and rules that walk the data failed with RecursionError: the depth limit counts
    what aliases stand for."""
    outcome = lint_next_to_normal(tmp_path, "deep.yaml", _deep_through_aliases("deep"))
    assert_clean(outcome)
    assert "excessive-nesting" in outcome.rules_of("deep.yaml")


def test_fix_of_a_document_nested_deep_through_aliases_is_not_a_traceback(tmp_path):
    """--fix and --diff ended in a traceback (fix._plain) on such a document."""
    (tmp_path / "deep.yaml").write_text(_deep_through_aliases("deep"))
    outcome = run_cli(tmp_path, "--diff", "deep.yaml", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]


def test_a_deep_alias_used_as_a_key_is_not_a_traceback(tmp_path):
    """loader._hashable spelled such a key out with repr(), which raised RecursionError
    out of the loader: a traceback, and no other file reported."""
    text = "\n".join([*_alias_chain(4), "? *d3\n: v"]) + "\n"
    outcome = lint_next_to_normal(tmp_path, "deep-key.yaml", text)
    assert_clean(outcome)  # the nesting itself is test_aliases_cannot_nest_deeper_than_the_limit


# --------------------------------------------------------------------------- size


def _hex_dump(size: int) -> bytes:
    """A ConfigMap holding ``size`` bytes of hex dump in a block scalar (a bundled blob)."""
    head = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\ndata:\n  dump.hex: |\n"
    line = b"    " + b"0123456789abcdef" * 62 + b"\n"
    return head + line * ((size - len(head)) // len(line))


def test_a_100_mb_file_is_linted_in_bounded_time_and_memory(tmp_path):
    """The issue: "a 100 MB file does not need ten times its size in memory"."""
    size = 100 << 20
    (tmp_path / "big.yaml").write_bytes(_hex_dump(size))
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    outcome = run_subprocess(tmp_path, "big.yaml", NORMAL_FILE, timeout=120)
    assert_clean(outcome)
    # the API stores at most 1 MiB per ConfigMap: that is the finding
    assert outcome.rules_of("big.yaml") == {"invalid-data-key"}
    assert outcome.peak_rss < 10 * size, f"peak RSS {outcome.peak_rss / size:.1f}x the file"
    assert outcome.seconds < 60, f"{outcome.seconds:.1f} s"
    print(f"100 MB file: {outcome.seconds:.1f} s, peak RSS {outcome.peak_rss / size:.2f}x")


def _many_manifests(size: int) -> bytes:
    docs = []
    total = 0
    i = 0
    while total < size:
        doc = pod(f"web-{i}", image="nginx:1.27.3")
        docs.append(doc)
        total += len(doc) + 4
        i += 1
    return "---\n".join(docs).encode()


def _secret(size: int) -> bytes:
    data = base64.b64encode(os.urandom(size * 3 // 4)).decode()
    return (
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: blob\ndata:\n  blob: {data}\n".encode()
    )


def _binary_data(size: int) -> bytes:
    data = base64.b64encode(os.urandom(size * 3 // 4)).decode()
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: blob\nbinaryData:\n  blob: {data}\n".encode()


def _merged_copies(size: int) -> bytes:
    """One big mapping merged (``<<: *base``) into 45 others: under the alias ratio."""
    keys = size // 16
    lines = ["base: &base", *(f"  key{i:07d}: {i}" for i in range(keys))]
    lines += ["copies:", *("- <<: *base" for _ in range(45))]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def baseline_rss(tmp_path_factory):
    """Peak RSS of kubelint on the ordinary file alone: the interpreter and the rules."""
    where = tmp_path_factory.mktemp("baseline")
    (where / NORMAL_FILE).write_text(NORMAL)
    outcome = run_subprocess(where, NORMAL_FILE, timeout=60)
    assert_clean(outcome)
    return outcome.peak_rss


BIG_SHAPES = [
    pytest.param("hex-dump", _hex_dump, 5 << 20, id="block-scalar"),
    # base64 values were once checked with a backtracking regex: 34x their size in memory
    pytest.param("secret", _secret, 2 << 20, id="secret-data"),
    pytest.param("binary-data", _binary_data, 2 << 20, id="configmap-binary-data"),
    # merge keys copied the merged mapping: 45 merges of a 100,000-key mapping took 390 MB
    pytest.param("merged", _merged_copies, 1 << 18, id="merge-key-copies"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "size"), BIG_SHAPES)
def test_a_large_file_needs_less_than_ten_times_its_size(tmp_path, baseline_rss, name, make, size):
    content = make(size)
    (tmp_path / f"{name}.yaml").write_bytes(content)
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    outcome = run_subprocess(tmp_path, f"{name}.yaml", NORMAL_FILE, timeout=60)
    assert_clean(outcome)
    extra = outcome.peak_rss - baseline_rss
    assert extra < 10 * len(content), f"{extra / len(content):.1f}x the file's size"


#: Peak RSS of PyYAML's C loader holding every document of a file (``yaml.load_all``, plain
#: dicts): the cheapest way a Python tool can read manifests, the baseline for ours.
_MEASURED_PYYAML = """
import resource, sys, yaml

with open(sys.argv[1], encoding="utf-8") as fh:
    documents = list(yaml.load_all(fh.read(), Loader=yaml.CSafeLoader))
try:
    with open("/proc/self/status") as status:
        print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
except (OSError, StopIteration):
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1))
"""


def _pyyaml_peak_rss(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_PYYAML, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return int(done.stdout) * 1024


def test_many_small_manifests_cost_memory_in_proportion_and_no_more_than_pyyaml(
    tmp_path, baseline_rss
):
    """Each small object cost 35-60x its text (a 10 MB file of Pods took 615 MB), twice what
    PyYAML's own objects cost. Measured on N and 2N Pods: the memory grows in proportion,
    and each object costs about what ``yaml.load_all`` needs for it (measured: 0.9-1.1x;
    before, 1.9x). Far from 10x the text: a dict costs what it costs, PyYAML's ~16x."""
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    peaks: dict[str, tuple[int, int, int]] = {}
    for name, size in (("small", 1 << 20), ("large", 2 << 20)):
        content = _many_manifests(size)
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(content)
        outcome = run_subprocess(tmp_path, path.name, NORMAL_FILE, timeout=120)
        assert_clean(outcome)
        assert outcome.rules_of(path.name) == set()
        peaks[name] = (len(content), outcome.peak_rss, _pyyaml_peak_rss(path))
    small, ours_small, pyyaml_small = peaks["small"]
    large, ours_large, pyyaml_large = peaks["large"]
    growth = (ours_large - baseline_rss) / (ours_small - baseline_rss)
    assert growth < 2.4, f"{growth:.2f}x the memory for {large / small:.2f}x the objects"
    ours = (ours_large - ours_small) / (large - small)
    theirs = (pyyaml_large - pyyaml_small) / (large - small)
    assert ours < 1.5 * theirs, f"{ours:.1f}x the text per object, PyYAML {theirs:.1f}x"


LONG = 4 << 20
LONG_LINES = {
    # a value of several megabytes on one line: too big for a ConfigMap, and said so
    "long-value": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  a: " + "x" * LONG + "\n",
        {"invalid-data-key"},
    ),
    "long-flow-mapping": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata: {"
        + ", ".join(f"k{i}: v" for i in range(20_000)) + "}\n",
        set(),
    ),
    # libyaml refuses implicit keys over 1024 characters
    "long-key": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  " + "k" * LONG + ": v\n",
        {"yaml-syntax"},
    ),
    "long-unclosed-quote": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  a: '" + "x" * LONG + "\n",
        {"yaml-syntax"},
    ),
    "long-comment": ("# " + "c" * LONG + "\n" + pod("long"), {"latest-tag"}),
    "long-line-of-nothing": (" " * LONG + "\n" + pod("spaces"), {"latest-tag"}),
}  # fmt: skip


@pytest.mark.parametrize("name", list(LONG_LINES))
def test_very_long_lines(tmp_path, name):
    content, expected = LONG_LINES[name]
    outcome = check_hostile(tmp_path, f"{name}.yaml", content, expected, seconds=10)
    # no message quotes the megabytes back
    assert len(outcome.stdout) < 20_000


# --------------------------------------------------------------------------- bytes


BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4,
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + bytes(range(256)) * 4,
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(255, -1, -1)) * 4,
    "nul-in-yaml": b"apiVersion: v1\x00\nkind: Pod\n",
    "all-bytes": bytes(range(256)) * 64,
}


@pytest.mark.parametrize("name", list(BINARY))
def test_binary_files_are_reported_not_parsed(tmp_path, name):
    outcome = check_hostile(tmp_path, f"{name}.yaml", BINARY[name], {"unreadable-file"})
    assert any("binary" in m for m in outcome.messages_of(f"{name}.yaml"))


INVALID_UTF8 = {
    "latin-1": ("apiVersion: v1\nkind: ConfigMap\n# café\n".encode("latin-1"), 3),
    "shift-jis": ("apiVersion: v1\n# 本番\n".encode("shift_jis"), 2),
    "lone-continuation-byte": (b"a: 1\nb: \x80\n", 2),
    "encoded-surrogate": (b"a: \xed\xa0\x80\n", 1),
    "overlong-encoding": (b"a: 1\n\nb: \xc0\xaf\n", 3),
    "truncated-at-the-end": (b"a: 1\nb: \xe6\x97", 2),
    "high-bytes-without-nul": (bytes(range(0x80, 0x100)) * 8, 1),
}


@pytest.mark.parametrize("name", list(INVALID_UTF8))
def test_invalid_utf8_is_reported_with_its_line(tmp_path, name):
    content, line = INVALID_UTF8[name]
    outcome = check_hostile(tmp_path, f"{name}.yaml", content, {"unreadable-file"})
    (message,) = outcome.messages_of(f"{name}.yaml")
    assert "UTF-8" in message and f"line {line}" in message


def _with_bom(text: str, encoding: str) -> bytes:
    return "\ufeff".encode(encoding) + text.encode(encoding)


READABLE = {
    "utf-8-bom": _with_bom(pod("u8bom"), "utf-8"),
    "utf-16-le-bom": _with_bom(pod("u16le"), "utf-16-le"),
    "utf-16-be-bom": _with_bom(pod("u16be"), "utf-16-be"),
    "utf-32-le-bom": _with_bom(pod("u32le"), "utf-32-le"),
    "utf-32-be-bom": _with_bom(pod("u32be"), "utf-32-be"),
    "utf-16-without-bom": pod("u16nobom").encode("utf-16-le"),
    "crlf": pod("crlf").replace("\n", "\r\n").encode(),
    "cr-only": pod("cr").replace("\n", "\r").encode(),
    "mixed-line-endings": pod("mixed").replace("\n", "\r\n", 4).encode(),
    "utf-16-crlf": _with_bom(pod("u16crlf").replace("\n", "\r\n"), "utf-16-le"),
    "tab-after-colon": pod("tab").replace("image: ", "image:\t").encode(),
    "no-final-newline": pod("nonl").rstrip("\n").encode(),
}


@pytest.mark.parametrize("name", list(READABLE))
def test_other_encodings_and_line_endings_are_read(tmp_path, name):
    """The finding lands on the same line and column, counted in characters."""
    outcome = check_hostile(tmp_path, f"{name}.yaml", READABLE[name], {"latest-tag"})
    assert (f"{name}.yaml", "latest-tag", 8, 12) in outcome.findings


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe" + "a: 1\n".encode("utf-16-le") + b"\x00",  # odd number of bytes
        b"\xff\xfe" + b"a\x00:\x00 \x00\x00\xd8\n\x00",  # a lone surrogate
        b"\xef\xbb\xbfa: \xff\n",  # a UTF-8 BOM, then not UTF-8
    ],
    ids=["truncated-utf-16", "lone-surrogate-utf-16", "bom-then-invalid-utf-8"],
)
def test_broken_unicode_after_a_bom_is_reported(tmp_path, content):
    check_hostile(tmp_path, "broken.yaml", content, {"unreadable-file"})


def test_control_characters_are_a_syntax_error(tmp_path):
    content = b"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \x1b[31mred\x07\n"
    check_hostile(tmp_path, "ctrl.yaml", content, {"yaml-syntax"})


# --------------------------------------------------------------------------- tabs

TABS = {
    "tab-indentation": ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n", {"yaml-syntax"}),
    # libyaml (and PyYAML) refuse a tab at the start of a blank line too
    "blank-line-with-a-tab": ("a: 1\n\t\nb: 2\n", {"yaml-syntax"}),
    "tab-before-a-sequence-item": (
        pod("tabs").replace("  - name: web", "\t- name: web"),
        {"yaml-syntax"},
    ),
    "tabs-inside-values": (
        pod("tabs").replace("name: tabs", 'name: tabs\n  annotations: {a: "x\ty"}'),
        {"latest-tag"},
    ),
}


@pytest.mark.parametrize("name", list(TABS))
def test_tabs(tmp_path, name):
    content, expected = TABS[name]
    outcome = check_hostile(tmp_path, f"{name}.yaml", content, expected)
    if expected == {"yaml-syntax"}:
        assert any("tab" in m for m in outcome.messages_of(f"{name}.yaml"))


def test_tabs_in_json_are_whitespace(tmp_path):
    content = json.dumps(
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},
         "spec": {"containers": [{"name": "a", "image": "busybox:latest",
                                  "resources": {"requests": {"cpu": "1m", "memory": "1Mi"},
                                                "limits": {"memory": "1Mi"}}}]}},
        indent="\t",
    )  # fmt: skip
    check_hostile(tmp_path, "tabs.json", content, {"latest-tag"})


# --------------------------------------------------------------------------- tags

UNKNOWN_TAGS = {
    "cloudformation-ref": "!Ref MyBucket",
    "cloudformation-getatt": "!GetAtt Bucket.Arn",
    "ansible-vault": "!vault |\n      $ANSIBLE_VAULT;1.1;AES256\n      3132",
    "verbatim": "!<tag:example.com,2000:thing> x",
    "secondary-handle": "!!thing x",
}


@pytest.mark.parametrize("name", list(UNKNOWN_TAGS))
def test_unknown_tags_are_reported_and_read_as_plain_yaml(tmp_path, name):
    text = pod("tagged").replace(
        "metadata:\n", f"metadata:\n  annotations:\n    note: {UNKNOWN_TAGS[name]}\n", 1
    )
    check_hostile(tmp_path, "tagged.yaml", text, {"unsupported-tag", "latest-tag"})


def test_a_tag_directive_is_reported(tmp_path):
    text = "%TAG !e! tag:example.com,2000:\n---\n" + pod("tagged").replace(
        "name: tagged", "name: tagged\n  annotations: {a: !e!thing x}", 1
    )
    check_hostile(tmp_path, "tagged.yaml", text, {"unsupported-tag", "latest-tag"})


def _python_tags(canary: Path) -> dict[str, str]:
    """Tags that would run code, or write ``canary``, if anything constructed them."""
    return {
        "object-apply-os-system": f'!!python/object/apply:os.system ["touch {canary}"]',
        "object-apply-open": f'!!python/object/apply:builtins.open ["{canary}", "w"]',
        "object-new": f'!!python/object/new:builtins.open ["{canary}", "w"]',
        "name": "!!python/name:os.system",
        "module": "!!python/module:os",
        "object-mapping": f'!!python/object:subprocess.Popen {{args: ["touch", "{canary}"]}}',
    }


@pytest.mark.parametrize(
    "name",
    ["object-apply-os-system", "object-apply-open", "object-new", "name", "module",
     "object-mapping"],
)  # fmt: skip
def test_python_tags_are_never_constructed(tmp_path, name):
    canary = tmp_path / "canary"
    tag = _python_tags(canary)[name]
    text = pod("tagged").replace("metadata:\n", f"metadata:\n  annotations:\n    x: {tag}\n", 1)
    check_hostile(tmp_path, "tagged.yaml", text, {"unsupported-tag"}, exact=False)
    assert not canary.exists()
    # the fixer composes the file with ruamel.yaml: it must not construct either
    work = tmp_path / "fix"
    work.mkdir()
    (work / "app.yaml").write_text(
        EXPORTED.format(name="app").replace("data:\n", f"data:\n  X: {tag}\n")
    )
    outcome = run_cli(work, "--fix", ".", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr and outcome.code in (0, 1), outcome.stderr
    assert not canary.exists()


def test_python_tags_in_the_configuration_are_never_constructed(tmp_path):
    canary = tmp_path / "canary"
    (tmp_path / ".kubelint.yaml").write_text(
        f'rules:\n  latest-tag: !!python/object/apply:os.system ["touch {canary}"]\n'
    )
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    outcome = run_cli(tmp_path, ".", common=("--no-context", "--format", "json"))
    assert outcome.code == 2 and "Traceback" not in outcome.stderr
    assert not canary.exists()


# --------------------------------------------------------------------------- anchors and merges


def test_merge_keys_are_followed_and_odd_merges_do_not_crash(tmp_path):
    text = """\
apiVersion: v1
kind: Pod
metadata: {name: merged}
spec:
  containers:
  - &base
    name: a
    image: busybox:latest
  - <<: *base
    name: b
  - <<: [*base, {name: z, image: "redis:latest"}]
    name: c
  - <<: 5
    name: d
    image: x:1
  - <<: [1, *base, [], null]
    name: e
  - <<: {}
    <<: {image: "dup:latest"}
    name: f
  - "<<": 3
    name: g
    image: x:1
"""
    outcome = check_hostile(
        tmp_path, "merged.yaml", text, {"latest-tag", "unknown-field"}, exact=False
    )
    latest = [f for f in outcome.findings if f[:2] == ("merged.yaml", "latest-tag")]
    assert len(latest) >= 4  # a, b, c and e get busybox:latest through the merge; f its own


def test_merged_keys_keep_their_positions_and_explicit_keys_win(tmp_path):
    """A mapping that is only ``<<: *x`` shares x, as an alias does; one with keys of its
    own gets x's other entries copied, each still pointing where it was written."""
    text = """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: one}
  spec:
    containers:
    - &web
      name: web
      image: nginx:latest
- apiVersion: v1
  kind: Pod
  metadata: {name: two}
  spec:
    containers:
    - <<: *web
      image: redis:latest
      ports: [{containerPort: 80}]
    - <<: *web
    - <<: [{name: side, image: "busybox:latest"}, *web]
"""
    (doc,) = [d for d in parse(text) if isinstance(d, Document)]
    one, two, alone, both = (
        doc.data["items"][0]["spec"]["containers"][0],
        *doc.data["items"][1]["spec"]["containers"],
    )
    assert two == {"name": "web", "image": "redis:latest", "ports": [{"containerPort": 80}]}
    assert alone == one == {"name": "web", "image": "nginx:latest"}
    assert both == {"name": "side", "image": "busybox:latest"}

    def line_of(container: Any, key: str) -> tuple[int, int]:
        """Lines of the key and of the value."""
        where = entry_offsets(container, key)
        assert where is not None, key
        return text.count("\n", 0, where[0]) + 1, text.count("\n", 0, where[1]) + 1

    assert line_of(two, "image") == (18, 18)  # its own
    assert line_of(two, "name") == line_of(alone, "name") == line_of(one, "name") == (10, 10)
    assert line_of(alone, "image") == (11, 11)
    assert line_of(both, "image") == (21, 21)
    outcome = check_hostile(tmp_path, "merged.yaml", text, {"latest-tag"}, exact=False)
    latest = sorted(
        line for f, rule, line, _ in outcome.findings if (f, rule) == ("merged.yaml", "latest-tag")
    )
    assert latest == [11, 11, 18, 21]


def test_anchors_shared_between_objects(tmp_path):
    text = """\
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: &meta {name: one, labels: &labels {app: shop}}
  spec: &spec
    containers:
    - name: a
      image: busybox:latest
- apiVersion: v1
  kind: Pod
  metadata: {name: two, labels: *labels}
  spec: *spec
- apiVersion: v1
  kind: Service
  metadata: {name: shop}
  spec: {selector: *labels, ports: [{port: 80}]}
"""
    outcome = check_hostile(tmp_path, "list.yaml", text, {"latest-tag"}, exact=False)
    latest = [f for f in outcome.findings if f[:2] == ("list.yaml", "latest-tag")]
    assert len(latest) == 2  # one per Pod, both at the anchor


def test_an_alias_to_an_anchor_in_another_document_is_an_error_and_later_documents_count(
    tmp_path,
):
    text = pod("first") + "---\nfoo: *meta\n---\n" + pod("third")
    outcome = check_hostile(tmp_path, "across.yaml", text, {"yaml-syntax", "latest-tag"})
    lines = sorted(line for f, rule, line, _ in outcome.findings if f == "across.yaml")
    assert lines == [8, 13, 22]  # the first Pod, the alias, the third Pod


# --------------------------------------------------------------------------- empty files

EMPTY = {
    "empty": "",
    "only-a-marker": "---\n",
    "markers-and-ends": "---\n---\n...\n---\n...\n",
    "null-document": "~\n",
    "explicit-null": "--- !!null ''\n",
    "scalar-document": "--- |\n  just text\n",
    "number-document": "42\n",
    "empty-list": "[]\n",
    "empty-mapping": "{}\n",
    "list-document": "- a\n- b\n",
    "directive-then-empty-document": "%YAML 1.1\n---\n",
    "whitespace-only": "   \n\n  \n",
    "only-a-bom": "\ufeff",
    "nul-free-crlf-blank": "\r\n\r\n",
}


@pytest.mark.parametrize("name", list(EMPTY))
def test_empty_documents_are_fine(tmp_path, name):
    check_hostile(tmp_path, f"{name}.yaml", EMPTY[name], set())


COMMENTS = {
    "comments": "# just\n# comments\n",
    "comment-without-newline": "# no newline at the end",
    "comments-and-markers": "# a\n---\n# b\n---\n# c\n",
    "commented-out-manifest": "".join(f"# {line}\n" for line in NORMAL.splitlines()),
    "huge-comment-block": "# lorem ipsum dolor sit amet\n" * 100_000,
}


@pytest.mark.parametrize("name", list(COMMENTS))
def test_comment_only_files_are_fine(tmp_path, name):
    check_hostile(tmp_path, f"{name}.yaml", COMMENTS[name], set())


# --------------------------------------------------------------------------- directory walks


def test_symlink_loops_and_dangling_links(tmp_path):
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to("..")  # a directory loop
    (sub / "self").symlink_to(".")
    (tmp_path / "self.yaml").symlink_to("self.yaml")  # a file loop
    (tmp_path / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "b.yaml").symlink_to("a.yaml")
    (tmp_path / "dangling.yaml").symlink_to("nowhere/at/all.yaml")
    (tmp_path / "twice.yaml").symlink_to(NORMAL_FILE)  # the same file under two names
    outcome = run_cli(tmp_path, ".")
    assert_clean(outcome)
    assert outcome.seconds < 10
    for name in ("self.yaml", "a.yaml", "b.yaml", "dangling.yaml"):
        assert outcome.rules_of(name) == {"unreadable-file"}, (name, outcome.findings)
        (message,) = outcome.messages_of(name)
        assert message.startswith("cannot read file")
    # the loop is walked once, and a file linked twice is linted once
    assert [f for f in outcome.findings if f[1] == "latest-tag"] == [NORMAL_FINDING]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission(tmp_path):
    (tmp_path / "secret.yaml").write_text(pod("secret"))
    (tmp_path / "secret.yaml").chmod(0)
    outcome = lint_next_to_normal(tmp_path, "other.yaml", pod("other"))
    assert_clean(outcome)
    assert outcome.rules_of("secret.yaml") == {"unreadable-file"}


@pytest.mark.parametrize(
    ("error", "words"),
    [(PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
     (OSError(errno.EIO, "Input/output error"), "Input/output error")],
    ids=["permission", "io-error"],
)  # fmt: skip
def test_a_file_that_cannot_be_opened(tmp_path, monkeypatch, error, words):
    """As root too: opening the file fails the way it does for a user without permission
    (or on a failing disk)."""
    locked = str(tmp_path / "locked.yaml")
    real_open = open

    def guarded_open(file, *args, **kwargs):
        if os.path.abspath(str(file)) == locked:
            raise error
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(engine, "open", guarded_open, raising=False)
    outcome = check_hostile(tmp_path, "locked.yaml", pod("locked"), {"unreadable-file"})
    (message,) = outcome.messages_of("locked.yaml")
    assert words in message


def test_a_directory_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    """os.walk without onerror skipped such a directory in silence."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "app.yaml").write_text(pod("locked"))
    real_scandir = os.scandir

    def guarded_scandir(path="."):
        if os.path.abspath(os.fspath(path)) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    outcome = lint_next_to_normal(tmp_path, "other.yaml", pod("other"))
    assert_clean(outcome)
    reported = outcome.stderr + outcome.stdout
    assert "locked" in reported, "the unlistable directory is not mentioned"


# --------------------------------------------------------------------------- kubelint graph


def test_graph_of_hostile_files(tmp_path):
    """``kubelint graph`` loads the same files: bombs, deep nesting and binaries included."""
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    for name, text in BOMBS.items():
        (tmp_path / f"bomb-{name}.yaml").write_text(text)
    for name, text in DEEP.items():
        (tmp_path / f"deep-{name}.yaml").write_text(text)
    for name, content in BINARY.items():
        (tmp_path / f"binary-{name}.yaml").write_bytes(content)
    outcome = run_cli(tmp_path, "graph", "--no-config", "--no-context", ".", common=())
    assert outcome.code == 0 and "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.seconds < 10


def test_graph_of_a_selector_with_an_odd_operator(tmp_path):
    """`kubelint graph` has no per-rule guard: an unhashable operator was a traceback."""
    (tmp_path / "pdb.yaml").write_text(
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb}\n"
        "spec:\n  selector:\n    matchExpressions: [{key: app, operator: []}]\n"
    )
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    outcome = run_cli(tmp_path, "graph", "--no-config", "--no-context", ".", common=())
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    assert outcome.code == 0


# --------------------------------------------------------------------------- file names

FORMATS = ("text", "json", "sarif", "github", "junit", "html")
ODD_NAMES = {
    "newline": "new\nline.yaml",
    "workflow-command": "x\n::error file=y::pwned\n.yaml",
    "leading-dash": "-rf.yaml",
    "colons": "x:1:2: error.yaml",
    "percent-escapes": "%0A%25%3A.yaml",
    "unicode": "ünïcødé — 日本語 \U0001f600.yaml",
    "right-to-left-override": "gpj.\u202eevil.yaml",
    "spaces-and-quotes": " 'quoted' \"name\" .yaml",
}


def _lint_to_files(tmp_path: Path, name: str | bytes) -> tuple[Outcome, Path]:
    """Lint a directory holding ``name`` into a report file of every format."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / NORMAL_FILE).write_text(NORMAL)
    with open(os.path.join(os.fsencode(tree), os.fsencode(name)), "w") as fh:
        fh.write(pod("odd"))
    reports = tmp_path / "reports"
    reports.mkdir()
    args = [f"--format={fmt}={reports / ('report.' + fmt)}" for fmt in FORMATS]
    return run_cli(tree, *args, ".", common=("--no-config", "--no-context")), reports


@pytest.mark.parametrize("name", list(ODD_NAMES))
def test_odd_file_names_in_every_report_format(tmp_path, name):
    outcome, reports = _lint_to_files(tmp_path, ODD_NAMES[name])
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.code in (0, 1), outcome.stderr
    report = json.loads((reports / "report.json").read_text("utf-8"))
    files = {f["file"] for f in report["findings"]}
    assert files == {NORMAL_FILE, ODD_NAMES[name]}
    for fmt in FORMATS:
        assert (reports / f"report.{fmt}").stat().st_size > 0
    # a file name cannot add a workflow command of its own
    commands = (reports / "report.github").read_text("utf-8").splitlines()
    assert all(line.startswith(("::warning ", "Found ")) for line in commands), commands


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_in_every_report_format(tmp_path, fmt):
    """Python keeps such bytes as surrogate escapes, which no UTF-8 writer accepts: every
    format but junit used to end in UnicodeEncodeError."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / NORMAL_FILE).write_text(NORMAL)
    with open(os.path.join(os.fsencode(tree), b"bad\xff.yaml"), "w") as fh:
        fh.write(pod("odd"))
    report = tmp_path / f"report.{fmt}"
    outcome = run_cli(tree, f"--format={fmt}={report}", ".", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    assert outcome.code in (0, 1), outcome.stderr[-2000:]
    assert report.stat().st_size > 0


# --------------------------------------------------------------------------- files that change


def _change_after_collect(monkeypatch, change: Callable[[], None]) -> None:
    """Run ``change`` once, after kubelint has listed the files and before it reads them."""
    real_collect = engine.collect_files
    done = []

    def collect_then_change(*args, **kwargs):
        result = real_collect(*args, **kwargs)
        if not done:
            done.append(True)
            change()
        return result

    monkeypatch.setattr(engine, "collect_files", collect_then_change)


def _replace_with_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _replace_with_loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path.name)


def _cut_after(content: bytes, marker: bytes) -> bytes:
    return content[: content.index(marker) + len(marker)]


CHANGES = {
    "deleted": (Path.unlink, {"unreadable-file"}),
    "replaced-by-a-directory": (_replace_with_directory, {"unreadable-file"}),
    "replaced-by-a-symlink-loop": (_replace_with_loop, {"unreadable-file"}),
    "truncated": (lambda p: p.write_bytes(b""), set()),
    "cut-in-the-middle": (
        lambda p: p.write_bytes(_cut_after(p.read_bytes(), b"{cpu")),
        {"yaml-syntax"},
    ),
    "turned-binary": (lambda p: p.write_bytes(b"\x00\x01\x02" * 100), {"unreadable-file"}),
    "rewritten": (lambda p: p.write_text(pod("rewritten", "redis:latest")), {"latest-tag"}),
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_a_file_that_changes_between_listing_and_reading(tmp_path, monkeypatch, name):
    change, expected = CHANGES[name]
    path = tmp_path / "changing.yaml"
    _change_after_collect(monkeypatch, lambda: change(path))
    check_hostile(tmp_path, "changing.yaml", pod("changing"), expected)


def test_a_fifo_named_on_the_command_line_is_read_as_it_is_written(tmp_path):
    """Like ``kubelint <(helm template chart)``: the text arrives in pieces, while
    kubelint reads."""
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    fifo = tmp_path / "rendered.yaml"
    os.mkfifo(fifo)
    text = pod("rendered").encode()
    stop = threading.Event()

    def writer() -> None:
        deadline = time.monotonic() + 20
        while not stop.is_set() and time.monotonic() < deadline:
            try:  # without a reader, a non-blocking open fails: wait for kubelint to open it
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:
                    raise
                time.sleep(0.01)
                continue
            os.set_blocking(fd, True)
            try:
                for i in range(0, len(text), 16):
                    os.write(fd, text[i : i + 16])
                    time.sleep(0.002)
            finally:
                os.close(fd)
            return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        outcome = run_cli(tmp_path, str(fifo), NORMAL_FILE)
    finally:
        stop.set()
        thread.join(5)
    assert_clean(outcome)
    assert (str(fifo), "latest-tag", 8, 12) in outcome.findings


def _unblock(fifo: Path) -> None:
    """Open ``fifo`` for writing and close it: a reader stuck in open() then reads nothing."""
    with contextlib.suppress(OSError):  # nobody is reading it
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


def test_a_fifo_in_a_directory_does_not_hang_the_walk(tmp_path):
    """open() on a FIFO blocks until something writes: a walk must not open one."""
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result: dict[str, Any] = {}

    def run() -> None:  # absolute paths: no chdir from this thread
        result["run"] = CliRunner().invoke(cli, [*COMMON, str(tmp_path)])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(3)  # a healthy run of two small files takes a few milliseconds
    hung = thread.is_alive()
    while thread.is_alive():  # release kubelint so the test itself does not hang
        _unblock(fifo)
        thread.join(0.1)
    assert not hung, "kubelint was still blocked on the FIFO after 3 s"
    outcome = Outcome(result["run"].exit_code, result["run"].stdout, result["run"].stderr, 0)
    assert outcome.code in (0, 1) and "Traceback" not in outcome.stderr
    assert (str(tmp_path / NORMAL_FILE), "latest-tag", 8, 12) in outcome.findings


def test_a_link_to_a_device_in_a_directory_is_not_read_forever(tmp_path):
    """Reading /dev/zero never ends: a walk must not read devices (it ran out of memory)."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    outcome = run_subprocess(tmp_path, ".", timeout=15, memory=512 << 20)
    assert_clean(outcome)


# --------------------------------------------------------------------------- syntax errors


def test_every_broken_document_is_reported_and_the_rest_checked(tmp_path):
    text = "".join(pod(f"p{i}") + ("---\nbroken: [\n---\n" if i % 2 else "---\n") for i in range(6))
    outcome = check_hostile(tmp_path, "broken.yaml", text, {"yaml-syntax", "latest-tag"})
    rules = [rule for f, rule, _, _ in outcome.findings if f == "broken.yaml"]
    assert rules.count("latest-tag") == 6 and rules.count("yaml-syntax") == 3


def test_many_broken_documents_take_linear_time(tmp_path):
    """The loader resumed after each syntax error by parsing the whole file again from the
    start: a 72 KB file of 8,000 broken documents took 21 s."""
    settings = _default_settings()
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text("a: [\n---\n" * 150)
    large.write_text("a: [\n---\n" * 1200)
    small_time = _best_time(lambda: engine.lint([str(small)], settings), repeat=5)
    large_time = _best_time(lambda: engine.lint([str(large)], settings), repeat=5)
    # 8 times the input: linear is ~8 times the time, quadratic ~64 (measured: ~55)
    assert large_time < 20 * small_time, (large_time, small_time)


# --------------------------------------------------------------------------- configuration

#: Wrong in every way the schema and the policies know; each line marked ``# !`` is one
#: problem the user must hear about, at that line.
INVALID_CONFIG = """\
kube-version: 1.30                  # !
fail-on: sometimes                  # !
default-namespace: Not_A_Namespace  # !
exlude: [vendor]                    # !
exclude: vendor                     # !
presets: [lenient]                  # !
rules:
  latest-tags: off                  # !
  latest-tag: warn                  # !
  image-not-pinned:
    severity: loud                  # !
    no-such-option: 3               # !
categories:
  imagez: off                       # !
  images: 7                         # !
pod-security:
  level: paranoid                   # !
  version: 1.28                     # !
policies:
  - id: Not Kebab                   # !
    severity: fatal                 # !
    target: node                    # !
    match:
      kinds: Pod                    # !
      colour: blue                  # !
    message: m
    assert: {type: objectz}         # !
roots: [1]                          # !
crds: crds/                         # !
external-objects:
  - kind: Secret                    # !
  - {name: 5, kind: Secret}         # !
"""
CONFIG_PROBLEM_LINES = {
    number for number, line in enumerate(INVALID_CONFIG.splitlines(), 1) if line.endswith("# !")
}
_LOCATED = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+):? ")


def _config_run(tmp_path: Path, text: str | bytes) -> tuple[Outcome, Path]:
    config = tmp_path / ".kubelint.yaml"
    if isinstance(text, bytes):
        config.write_bytes(text)
    else:
        config.write_text(text)
    (tmp_path / NORMAL_FILE).write_text(NORMAL)
    return run_cli(tmp_path, ".", common=("--no-context", "--format", "json")), config


def _located_lines(outcome: Outcome, config: Path) -> list[int]:
    lines = []
    for raw in outcome.stderr.splitlines():
        match = _LOCATED.match(raw.removeprefix("kubelint: error: "))
        if match and os.path.basename(match["path"]) == config.name:
            lines.append(int(match["line"]))
    return lines


def test_a_config_invalid_in_every_way_is_a_clean_exit_2(tmp_path):
    outcome, config = _config_run(tmp_path, INVALID_CONFIG)
    assert outcome.code == 2, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert outcome.stdout == ""  # nothing is linted with a broken configuration
    assert outcome.stderr.startswith("kubelint: error:")
    located = _located_lines(outcome, config)
    assert located, outcome.stderr
    # whatever is listed points at a line that really has a problem
    assert set(located) <= CONFIG_PROBLEM_LINES, outcome.stderr


def test_a_config_invalid_in_every_way_lists_every_problem(tmp_path):
    """config._explain showed one error per anyOf value, and policy errors only once the
    schema passed, one at a time, without line:col."""
    outcome, config = _config_run(tmp_path, INVALID_CONFIG)
    assert outcome.code == 2
    missing = CONFIG_PROBLEM_LINES - set(_located_lines(outcome, config))
    assert not missing, f"lines not reported: {sorted(missing)}\n{outcome.stderr}"


HOSTILE_CONFIGS = {
    "alias-bomb": ("\n".join(laughs()) + "\n", True),
    "deep-nesting": ("exclude: " + "[" * 5000 + "]" * 5000 + "\n", True),
    "syntax-error": ("rules: {latest-tag: off\n", True),
    "tab-indentation": ("rules:\n\tlatest-tag: off\n", True),
    "duplicate-key": ("rules:\n  latest-tag: off\n  latest-tag: on\n", True),
    "unknown-tag": ("rules: !vault x\n", True),
    "top-level-list": ("- rules\n- exclude\n", True),
    "top-level-scalar": ("just a string\n", True),
    "two-documents": ("fail-on: error\n---\nfail-on: info\n", False),
    "binary": (b"\x00\x01\x02\xff" * 64, False),
    "invalid-utf-8": (b"fail-on: \xff\n", False),
    "utf-16-garbage": (b"\xff\xfe\x00", False),
}


@pytest.mark.parametrize("name", list(HOSTILE_CONFIGS))
def test_a_hostile_config_file_is_a_clean_exit_2(tmp_path, name):
    text, positioned = HOSTILE_CONFIGS[name]
    outcome, config = _config_run(tmp_path, text)
    assert outcome.code == 2, (outcome.code, outcome.stderr)
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.seconds < 10
    assert str(config) in outcome.stderr or config.name in outcome.stderr
    if positioned:
        assert _located_lines(outcome, config), outcome.stderr


# --------------------------------------------------------------------------- --fix


def _snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under ``root`` (links not followed): kind, content or target, mode."""
    entries: dict[str, tuple[Any, ...]] = {}
    for directory, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            rel = os.path.relpath(path, root)
            if stat.S_ISLNK(info.st_mode):
                entries[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as fh:
                    entries[rel] = ("file", fh.read(), stat.S_IMODE(info.st_mode), info.st_mtime_ns)
            else:
                entries[rel] = ("other", stat.S_IFMT(info.st_mode))
    return entries


def test_fix_writes_only_the_files_it_fixes_and_never_through_links_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "app.yaml").write_text(EXPORTED.format(name="outside-file"))
    (outside / "dir" / "app.yaml").write_text(EXPORTED.format(name="outside-dir"))
    work = tmp_path / "work"
    (work / "sub").mkdir(parents=True)
    (work / "app.yaml").write_text(EXPORTED.format(name="app"))
    (work / "sub" / "inner.yaml").write_text(EXPORTED.format(name="inner"))
    (work / "inner-link.yaml").symlink_to("sub/inner.yaml")  # a link inside the tree
    (work / "file-link.yaml").symlink_to(outside / "app.yaml")
    (work / "relative-link.yaml").symlink_to("../outside/app.yaml")
    (work / "dir-link").symlink_to(outside / "dir")
    (work / "sub" / "loop").symlink_to("..")
    (work / "a.yaml").symlink_to("b.yaml")
    (work / "b.yaml").symlink_to("a.yaml")
    (work / "dangling.yaml").symlink_to("missing.yaml")
    (work / "bomb.yaml").write_text(BOMBS["billion-laughs"])
    (work / "deep.yaml").write_text(DEEP["flow-sequences"])
    (work / "binary.yaml").write_bytes(BINARY["png"])
    (work / "latin1.yaml").write_bytes(INVALID_UTF8["latin-1"][0])
    (work / "normal.yaml").write_text(NORMAL)  # findings, nothing to fix
    before = _snapshot(tmp_path)

    outcome = run_cli(work, "--fix", ".", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert outcome.code == 1, outcome.stderr  # the hostile files' findings remain
    after = _snapshot(tmp_path)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed == {"work/app.yaml", "work/sub/inner.yaml"}, changed  # no temporary left
    assert "symbolic link to a file outside the current directory" in outcome.stderr
    assert 'PORT: "8080"' in (work / "app.yaml").read_text()


def test_fix_does_not_overwrite_an_edit_made_while_it_runs(tmp_path, monkeypatch):
    """The file is checked again right before it is written."""
    import kubelint.fixer as fixer

    path = tmp_path / "app.yaml"
    path.write_text(EXPORTED.format(name="app"))
    real_lint = fixer.lint
    rounds = []

    def lint_then_edit(*args, **kwargs):
        report = real_lint(*args, **kwargs)
        rounds.append(True)
        if len(rounds) == 2:  # after the first round's check, before anything is written
            with open(path, "a") as fh:
                fh.write('  EDITED: "by hand"\n')
        return report

    monkeypatch.setattr(fixer, "lint", lint_then_edit)
    outcome = run_cli(tmp_path, "--fix", "app.yaml", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr
    assert "EDITED" in path.read_text()


def test_fix_with_anchors_shared_between_objects_is_no_internal_error(tmp_path):
    """An edit at an anchor changes every alias of it: such a fix used to end in 'a fix did
    not come out as intended ... please report this' and exit 2."""
    text = (
        "apiVersion: v1\nkind: List\nitems:\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}, data: &d {PORT: 8080}}\n"
        "- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}, data: *d}\n"
    )
    (tmp_path / "list.yaml").write_text(text)
    outcome = run_cli(tmp_path, "--fix", "list.yaml", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr
    assert outcome.code in (0, 1), outcome.stderr


def test_fix_leaves_hostile_files_alone(tmp_path):
    """Files that do not load cleanly are never rewritten, even with fixable objects."""
    broken = pod("x") + "---\n" + EXPORTED.format(name="cm") + "---\nbroken: [\n"
    files = {
        "broken.yaml": broken.encode(),
        "bomb.yaml": (EXPORTED.format(name="cm") + "---\n" + BOMBS["billion-laughs"]).encode(),
        "utf16.yaml": _with_bom(EXPORTED.format(name="cm"), "utf-16-le"),
        "crlf-mixed.yaml": EXPORTED.format(name="cm").replace("\n", "\r\n", 3).encode(),
        "tagged.yaml": EXPORTED.format(name="cm").replace("data:\n", "data:\n  X: !Ref y\n").encode(),
    }  # fmt: skip
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    before = _snapshot(tmp_path)
    outcome = run_cli(tmp_path, "--fix", ".", common=("--no-config", "--no-context"))
    assert "Traceback" not in outcome.stderr and outcome.code in (0, 1), outcome.stderr
    after = _snapshot(tmp_path)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    assert changed <= {"tagged.yaml"}, changed  # a tag is no reason to refuse a fix


def test_stdin_that_is_binary_or_a_bomb(tmp_path):
    """Standard input gets the same treatment as a file."""
    for content, rule in [(BINARY["png"], "unreadable-file"),
                          (BOMBS["billion-laughs"].encode(), "excessive-aliases"),
                          (DEEP["flow-sequences"].encode(), "excessive-nesting")]:  # fmt: skip
        old = os.getcwd()
        os.chdir(tmp_path)
        try:
            result = CliRunner().invoke(cli, [*COMMON, "-"], input=io.BytesIO(content))
        finally:
            os.chdir(old)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert result.exit_code == 1
        rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
        assert rules == {rule}
