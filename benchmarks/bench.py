"""kubelint's speed and memory, as ratios against baselines measured in the same run.

    python benchmarks/bench.py [--corpus DIR] [--min-objects N] [--repeat N]

Measures, each in a fresh process (so peak RSS is per measurement), the commands compared
with each other run in turn, so that a machine whose speed drifts during the run (a shared
virtual machine does) moves them alike; the median of ``--repeat`` runs is shown:
- floor: reading every file and ``yaml.load_all`` with PyYAML's C loader (libyaml), the
  cheapest way a Python tool can read these manifests;
- load: kubelint's loader alone (positions, duplicate keys, ... included);
- lint: a full ``kubelint --format json`` run with the default rules, in one process
  (``-j 1``) and on every CPU (the default);
- cold start: ``kubelint one-file.yaml`` against ``python -c "import yaml, click"``;
- pre-commit: one file checked inside a repository of the generated corpus (so the rest is
  read for references), from kubelint's cache of unchanged files and with ``--no-cache``,
  against the same file checked alone;
- peers: ``checkov`` and ``kubernetes-validate`` on the same files, when they are on PATH
  (or ``--peers DIR`` names a bin folder holding them).

The corpus is ``../shared/corpus/real`` (real public manifests) copied until it holds at
least ``--min-objects`` objects, plus a generated corpus of typical application manifests.
Not part of the test suite: timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "real"

FLOOR = """
import os, sys, yaml
n = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith(('.yaml', '.yml', '.json')):
            with open(os.path.join(d, f), 'rb') as fh:
                try:
                    text = fh.read().decode('utf-8', 'replace')
                    for doc in yaml.load_all(text, Loader=yaml.CSafeLoader):
                        n += isinstance(doc, dict)
                except yaml.YAMLError:
                    pass
print(n)
"""

LOAD = """
import sys
from kubelint.engine import collect_files, load_source
files, _ = collect_files([sys.argv[1]])
print(sum(len(load_source(fs, d).objects) for fs, d in files))
"""

APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app-{i}, namespace: team-{ns}, labels: {{app: app-{i}}}}}
spec:
  replicas: 2
  selector: {{matchLabels: {{app: app-{i}}}}}
  template:
    metadata: {{labels: {{app: app-{i}, version: v1}}}}
    spec:
      containers:
      - name: app
        image: registry.example.com/app-{i}:1.{i}.0
        ports: [{{containerPort: 8080, name: http}}]
        envFrom: [{{configMapRef: {{name: app-{i}}}}}]
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
          limits: {{memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata: {{name: app-{i}, namespace: team-{ns}}}
spec:
  selector: {{app: app-{i}}}
  ports: [{{name: http, port: 80, targetPort: 8080}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: app-{i}, namespace: team-{ns}}}
data: {{LOG_LEVEL: info, FEATURE_X: "true"}}
"""


MESH_APP = """\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  selector: {{matchLabels: {{app: svc-{i}}}}}
  template:
    metadata: {{labels: {{app: svc-{i}, version: v1}}}}
    spec:
      serviceAccountName: svc-{i}
      containers:
      - name: app
        image: registry.example.com/svc-{i}:2.{i}.0
        ports: [{{containerPort: 8080, name: http}}]
        envFrom: [{{configMapRef: {{name: svc-{i}}}}}, {{secretRef: {{name: svc-{i}-db}}}}]
        volumeMounts: [{{name: data, mountPath: /data}}]
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
          limits: {{memory: 256Mi}}
      volumes:
      - name: data
        persistentVolumeClaim: {{claimName: svc-{i}}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
---
apiVersion: v1
kind: Service
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  selector: {{app: svc-{i}}}
  ports: [{{name: http, port: 80, targetPort: http}}]
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
data: {{LOG_LEVEL: info}}
---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {{name: svc-{i}-db, namespace: mesh-{ns}}}
spec: {{encryptedData: {{PASSWORD: AgBy3i4OJSWK}}}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  storageClassName: standard
  accessModes: [ReadWriteOnce]
  resources: {{requests: {{storage: 1Gi}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  ingressClassName: nginx
  rules:
  - host: svc-{i}.example.com
    http:
      paths:
      - {{path: /, pathType: Prefix, backend: {{service: {{name: svc-{i}, port: {{number: 80}}}}}}}}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  hosts: [svc-{i}]
  http:
  - route:
    - destination: {{host: svc-{i}, subset: v1, port: {{number: 80}}}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  host: svc-{i}
  subsets: [{{name: v1, labels: {{version: v1}}}}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {{name: svc-{i}, namespace: mesh-{ns}}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: svc-{i}}}
  minReplicas: 2
  maxReplicas: 5
"""

REFERENCES = """
import gc, sys, time
from kubelint.engine import Settings, load_run, lint
from kubelint.registry import load_rules
path = sys.argv[1]
rules = load_rules()
reference_rules = {
    r.id: r.severity for r in rules.values() if r.category in ("references", "istio")
}
best_load = best_lint = float("inf")
for _ in range(int(sys.argv[2])):
    gc.collect()  # the previous run's objects (files and objects refer to each other)
    gc.disable()  # as lint() does while it runs
    start = time.perf_counter()
    objects = len(load_run([path], Settings(severities={})).objects)
    best_load = min(best_load, time.perf_counter() - start)
    gc.enable()
    gc.collect()
    start = time.perf_counter()
    lint([path], Settings(severities=reference_rules))
    best_lint = min(best_lint, time.perf_counter() - start)
print(objects, best_load, best_lint)
"""


#: Subprocesses run with bytecode caching on, as an installed kubelint runs (pip compiles
#: packages when it installs them); PYTHONDONTWRITEBYTECODE in the calling environment would
#: otherwise make every measured run compile kubelint's sources again, and not PyYAML's.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(
    cmd: list[str], *, timeout: float | None = None, cwd: Path | None = None
) -> tuple[float, int, str]:
    """One run of ``cmd``: wall seconds, peak RSS in MiB, and its stdout.

    A run that takes longer than ``timeout`` is stopped and counts as infinitely slow."""
    start = time.perf_counter()
    timed = ["/usr/bin/time", "-f", "%M", *cmd] if os.path.exists("/usr/bin/time") else cmd
    # its own session, so a stopped tool's worker processes are stopped with it
    with subprocess.Popen(
        timed, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True, cwd=cwd,
    ) as child:  # fmt: skip
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            return float("inf"), 0, ""
    seconds = time.perf_counter() - start
    lines = stderr.strip().splitlines()
    return seconds, int(lines[-1]) // 1024 if lines and lines[-1].isdigit() else 0, stdout


def measure_together(
    cmds: list[list[str]], repeat: int, *, cwd: Path | None = None
) -> list[tuple[float, int, str]]:
    """Each command's median wall seconds, largest peak RSS and last stdout over ``repeat``
    runs, the commands run in turn (A B C, A B C, ...): a machine that slows down or speeds
    up during the run affects each command alike, not the ratios."""
    for cmd in cmds:  # write the bytecode
        subprocess.run(cmd, capture_output=True, check=False, env=ENV, cwd=cwd)
    runs = [[measure(cmd, cwd=cwd) for cmd in cmds] for _ in range(repeat)]
    return [
        (
            statistics.median(run[i][0] for run in runs),
            max(run[i][1] for run in runs),
            runs[-1][i][2],
        )
        for i in range(len(cmds))
    ]


def replicate(corpus: Path, target: Path, min_objects: int, count_objects) -> int:
    """Copy ``corpus`` into ``target/copyN`` until the copies hold ``min_objects`` objects."""
    per_copy = count_objects(corpus)
    copies = max(1, -(-min_objects // max(per_copy, 1)))
    for n in range(copies):
        shutil.copytree(corpus, target / f"copy{n}")
    return per_copy * copies


def generate_mesh(target: Path, apps: int) -> int:
    """Applications whose objects refer to each other in every way the reference rules check."""
    target.mkdir(parents=True)
    for i in range(apps):
        (target / f"svc-{i}.yaml").write_text(MESH_APP.format(i=i, ns=i % 25))
    return apps * (MESH_APP.count("\n---\n") + 1)


def generate(target: Path, apps: int) -> int:
    target.mkdir(parents=True)
    for i in range(apps):
        (target / f"app-{i}.yaml").write_text(APP.format(i=i, ns=i % 20))
    return apps * 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--min-objects", type=int, default=10_000)
    parser.add_argument("--generated-apps", type=int, default=4_000)
    parser.add_argument("--mesh-apps", type=int, default=1_000, help="10 objects each")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", type=Path, help="a bin folder with checkov and friends")
    parser.add_argument(
        "--peer-timeout", type=float, default=300, help="seconds before a peer is stopped"
    )
    args = parser.parse_args()
    py = sys.executable

    def count(path: Path) -> int:
        return int(
            subprocess.run([py, "-c", LOAD, str(path)], capture_output=True, text=True).stdout
        )

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # kubelint's cache of context files: one of the benchmark's own, not the user's
        ENV["KUBELINT_CACHE_DIR"] = str(Path(tmp) / "cache")
        sets: list[tuple[str, Path, int]] = []
        if args.corpus.is_dir():
            real = Path(tmp) / "real"
            objects = replicate(args.corpus, real, args.min_objects, count)
            sets.append(("real corpus", real, objects))
        generated = Path(tmp) / "generated"
        sets.append(("generated", generated, generate(generated, args.generated_apps)))

        for name, path, objects in sets:
            # --no-context: only the corpus is read, wherever the benchmark is started from
            # (inside a repository, kubelint would also read its work tree for references)
            lint_argv = [
                py, "-m", "kubelint", "--no-config", "--no-context", "--format", "json", str(path)
            ]  # fmt: skip
            measured = measure_together(
                [
                    [py, "-c", FLOOR, str(path)],
                    [py, "-c", LOAD, str(path)],
                    [*lint_argv, "-j", "1"],
                    lint_argv,
                ],
                args.repeat,
            )
            (floor, floor_rss, _), (load, load_rss, _), (serial, serial_rss, _) = measured[:3]
            lint, lint_rss, _ = measured[3]
            rows.append((f"{name}: PyYAML CLoader (floor)", objects, floor, 1.0, floor_rss))
            rows.append((f"{name}: kubelint loader", objects, load, load / floor, load_rss))
            rows.append((f"{name}: kubelint -j 1", objects, serial, serial / floor, serial_rss))
            rows.append((f"{name}: kubelint (every CPU)", objects, lint, lint / floor, lint_rss))
            for peer, argv in _peers(args.peers, path):
                seconds, rss, _ = measure(argv, timeout=args.peer_timeout)
                rows.append((f"{name}: {peer}", objects, seconds, seconds / floor, rss))
            _show(rows)  # so far: a long run that is stopped still leaves its numbers

        mesh = Path(tmp) / "mesh"
        generate_mesh(mesh, args.mesh_apps)
        reference_sets = [("dense synthetic", mesh)]
        if args.corpus.is_dir():
            reference_sets.insert(0, ("real corpus", Path(tmp) / "real"))
        for name, path in reference_sets:
            out = subprocess.run(
                [py, "-c", REFERENCES, str(path), str(args.repeat)], capture_output=True, text=True
            ).stdout.split()
            objects, load, with_rules = int(out[0]), float(out[1]), float(out[2])
            rows.append((f"{name}: load + index (in process)", objects, load, 1.0, 0))
            rows.append((f"{name}: + reference rules", objects, with_rules, with_rules / load, 0))

        # a project of one file: run where kubelint finds no repository to resolve
        # references against (in a repository it also reads the rest of the work tree)
        project = Path(tmp) / "one"
        project.mkdir()
        (project / "one.yaml").write_text(APP.format(i=1, ns=1))
        (base, base_rss, _), (cold, cold_rss, _) = measure_together(
            [[py, "-c", "import yaml, click"], [py, "-m", "kubelint", "one.yaml"]],
            max(args.repeat, 10),
            cwd=project,
        )
        rows.append(("cold start: python -c 'import yaml, click'", 1, base, 1.0, base_rss))
        rows.append(("cold start: kubelint one-file.yaml", 3, cold, cold / base, cold_rss))
        _show(rows)

        # a pre-commit run: one file checked, the rest of the repository read to resolve
        # references; unchanged files come from the cache (filled by the warm-up run)
        repository = Path(tmp) / "repository"
        objects = generate(repository, args.generated_apps)
        (repository / ".git").mkdir()  # what kubelint looks for to find the work tree
        time.sleep(3.5)  # files changed in the last 3 seconds are not cached
        one = [py, "-m", "kubelint", "app-0.yaml"]
        (alone, alone_rss, _), (cached, cached_rss, _), (fresh, fresh_rss, _) = measure_together(
            [[*one, "--no-context"], one, [*one, "--no-cache"]], args.repeat, cwd=repository
        )
        name = "pre-commit: app-0.yaml"
        rows.append((f"{name} alone (--no-context)", 3, alone, 1.0, alone_rss))
        rows.append((f"{name} in repository, cached", objects, cached, cached / alone, cached_rss))
        rows.append((f"{name} in repository, --no-cache", objects, fresh, fresh / alone, fresh_rss))

    _show(rows)
    print(f"\n{_machine()}")
    return 0


def _show(rows: list[tuple[str, int, float, float, int]]) -> None:
    line = "{:<46} {:>8} {:>8} {:>10} {:>6} {:>9}"
    print(line.format("measurement", "objects", "seconds", "objects/s", "ratio", "peak MiB"))
    for name, objects, seconds, ratio, rss in rows:
        if seconds == float("inf"):
            print(line.format(name, objects, "stopped", "-", "-", "-"))
            continue
        rate = objects / seconds if seconds else 0
        print(line.format(name, objects, f"{seconds:.2f}", f"{rate:.0f}", f"{ratio:.2f}", rss))
    print(flush=True)


def _peers(folder: Path | None, path: Path) -> list[tuple[str, list[str]]]:
    """Other Python tools that read the same manifests, those that are installed."""

    def find(name: str) -> str | None:
        if folder is not None and (folder / name).exists():
            return str(folder / name)
        return shutil.which(name)

    found = []
    if checkov := find("checkov"):
        found.append(("checkov", [checkov, "--quiet", "--compact", "-o", "json", "-d", str(path)]))
    if validate := find("kubernetes-validate"):
        files = sorted(str(p) for p in path.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
        found.append(("kubernetes-validate", [validate, "--quiet", *files]))
    return found


def _machine() -> str:
    """The CPU, its count and the Python the numbers were measured with."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cpus} CPUs usable; Python {sys.version.split()[0]}, {sys.platform}"


if __name__ == "__main__":
    sys.exit(main())
