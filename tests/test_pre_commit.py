"""The pre-commit hook, run by the real ``pre-commit`` on real commits.

A snapshot of this working tree (tracked and untracked files, ignored ones left out) is
committed to a temporary repository, and a temporary project points its
``.pre-commit-config.yaml`` at it, as a user's project points at kubelint's. ``pre-commit
install`` puts the hook in place and ``git commit`` runs it: a bad manifest blocks the
commit and the finding is printed, the fix goes through. pre-commit passes only the changed
files; references still resolve against the whole repository.

``pre-commit try-repo`` is not used: its shadow commit takes only tracked files (``git add
-u``), so a module not yet added to git would be missing from the installed hook, and it
builds a fresh environment on every call. Here the environment is built once, in a
temporary ``PRE_COMMIT_HOME``, by pip from PyPI.

Skipped when ``pre-commit`` or ``git`` is missing, unless ``KUBELINT_REQUIRE_TOOLS=1``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = os.environ.get("KUBELINT_REQUIRE_TOOLS") == "1"


def _unavailable(why: str) -> None:
    if REQUIRED:
        pytest.fail(f"{why} (KUBELINT_REQUIRE_TOOLS=1)")
    pytest.skip(why)


SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
"""

CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  LOG_LEVEL: info
"""

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27.0
        ports:
        - name: http
          containerPort: 8080
        env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: web-config
              key: LOG_LEVEL
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {memory: 128Mi}
"""

#: ``verbose`` prints kubelint's summary even when the hook passes, so the tests can see
#: how many files pre-commit handed it.
PRE_COMMIT_CONFIG = """\
repos:
- repo: {repo}
  rev: {rev}
  hooks:
  - id: kubelint
    args: [--fail-on, warning]
    verbose: true
"""


@dataclass
class Hook:
    """A kubelint checkout pre-commit can clone, and the environment to run it in."""

    repo: Path
    rev: str
    env: dict[str, str]


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 120):
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    result = _run(["git", *args], cwd, env)
    assert result.returncode == 0, f"git {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def _snapshot(dest: Path, env: dict[str, str]) -> str:
    """Commit this working tree, as it is now, to a new repository at ``dest``."""
    listed = _run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env
    )
    if listed.returncode != 0:
        _unavailable(f"{ROOT} is not a git checkout: {listed.stderr.strip()}")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if not source.is_file():  # deleted in the working tree, not yet in git
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    _git(dest, env, "init", "-q")
    _git(dest, env, "add", "-A")
    _git(dest, env, "commit", "-q", "--no-verify", "-m", "snapshot of the working tree")
    return _git(dest, env, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def hook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hook]:
    if shutil.which("git") is None:
        _unavailable("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        _unavailable("pre-commit is not installed (pip install '.[test]')")
    base = tmp_path_factory.mktemp("pre-commit")
    gitconfig = base / "gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = kubelint tests\n\temail = tests@kubelint.invalid\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        # a pytest run from a git hook must not aim these at the outer repository
        if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "SKIP"
    }
    env.update(
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        PRE_COMMIT_HOME=str(base / "cache"),
        PRE_COMMIT_COLOR="never",
    )
    repo = base / "kubelint"
    repo.mkdir()
    rev = _snapshot(repo, env)
    yield Hook(repo=repo, rev=rev, env=env)


class Project:
    """A user's git repository with the kubelint hook installed."""

    def __init__(self, path: Path, hook: Hook) -> None:
        self.path = path
        self.env = hook.env

    def write(self, name: str, text: str) -> None:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str) -> subprocess.CompletedProcess[str]:
        """``git add -A && git commit``: the hook runs on the staged files."""
        _git(self.path, self.env, "add", "-A")
        return _run(["git", "commit", "-q", "-m", message], self.path, self.env, timeout=600)

    def head(self) -> str:
        return _git(self.path, self.env, "rev-parse", "HEAD").strip()

    def changed_in_head(self) -> list[str]:
        out = _git(self.path, self.env, "show", "--name-only", "--format=", "HEAD")
        return out.split()


@pytest.fixture
def project(hook: Hook, tmp_path: Path) -> Project:
    """A project whose first commit (manifests, .kubelint.yaml and the pre-commit config)
    went through the hook."""
    path = tmp_path / "project"
    path.mkdir()
    _git(path, hook.env, "init", "-q")
    proj = Project(path, hook)
    proj.write(".pre-commit-config.yaml", PRE_COMMIT_CONFIG.format(repo=hook.repo, rev=hook.rev))
    proj.write(".kubelint.yaml", 'kube-version: "1.30"\n')
    proj.write("k8s/service.yaml", SERVICE)
    proj.write("k8s/config.yaml", CONFIG_MAP)
    proj.write("k8s/deployment.yaml", DEPLOYMENT)
    installed = _run(
        [sys.executable, "-m", "pre_commit", "install", "--install-hooks"],
        path,
        hook.env,
        timeout=600,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = proj.commit("first")
    assert first.returncode == 0, f"a clean project is blocked:\n{first.stdout}{first.stderr}"
    # the config files are YAML too, so the hook got them: they are not manifests, not findings
    assert "No problems found in 5 files (3 objects)." in first.stdout + first.stderr
    return proj


def test_a_bad_manifest_blocks_the_commit_and_the_fix_goes_through(project: Project):
    before = project.head()
    project.write("k8s/deployment.yaml", DEPLOYMENT.replace("replicas: 2", "replica: 2"))

    blocked = project.commit("typo")

    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert project.head() == before, "the commit was made despite the finding"
    assert "kubelint" in output and "Failed" in output, output
    assert "k8s/deployment.yaml:6:3: error [unknown-field]" in output, output
    assert "'replica'" in output, output

    project.write("k8s/deployment.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 3"))
    fixed = project.commit("fix the typo")

    output = fixed.stdout + fixed.stderr
    assert fixed.returncode == 0, output
    assert project.head() != before
    assert "No problems found in 1 file (1 object)." in output, output


def test_references_resolve_against_the_whole_repository(project: Project):
    """pre-commit hands kubelint deployment.yaml alone; the ConfigMap it reads is in
    config.yaml, and kubelint finds it there (with ``--no-context`` it would report
    ``unknown-configmap``)."""
    project.write("k8s/deployment.yaml", DEPLOYMENT.replace("replicas: 2", "replicas: 4"))

    passed = project.commit("scale up")

    output = passed.stdout + passed.stderr
    assert passed.returncode == 0, output
    assert project.changed_in_head() == ["k8s/deployment.yaml"]
    assert "No problems found in 1 file (1 object)." in output, output
    assert "unknown-configmap" not in output

    before = project.head()
    project.write("k8s/deployment.yaml", DEPLOYMENT.replace("key: LOG_LEVEL", "key: LOG_LEVLE"))

    blocked = project.commit("read the wrong key")

    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert project.head() == before
    # the key and the suggestion come from config.yaml, which pre-commit did not pass
    assert (
        "k8s/deployment.yaml:26:20: warning [unknown-config-key] ConfigMap 'web-config' "
        "has no key 'LOG_LEVLE'; did you mean 'LOG_LEVEL'?"
    ) in output, output
    assert "Found 1 problem (0 errors, 1 warning, 0 info) in 1 file (1 object)." in output


def test_a_fix_in_the_other_file_is_seen(project: Project):
    """The ConfigMap gains the key the Deployment reads: committing both together passes,
    though the finding would be on the Deployment had config.yaml not changed."""
    project.write("k8s/deployment.yaml", DEPLOYMENT.replace("key: LOG_LEVEL", "key: LOG_FORMAT"))
    project.write("k8s/config.yaml", CONFIG_MAP + "  LOG_FORMAT: json\n")

    result = project.commit("log as json")

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert sorted(project.changed_in_head()) == ["k8s/config.yaml", "k8s/deployment.yaml"]
    assert "No problems found in 2 files (2 objects)." in output, output
