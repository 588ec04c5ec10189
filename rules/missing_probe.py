"""Long-running container has no readiness or no liveness probe.

## Why
Without a readiness probe a container counts as ready as soon as it starts: a Service sends
it traffic while it is still loading, and a rolling update replaces the old pods with new
ones that may never serve, since nothing checks. Without a liveness probe a container that
hangs (a deadlock, a lost connection it never recovers) keeps its place and its traffic
until someone notices; the kubelet only restarts containers that exit.

Only containers that run for the pod's whole life are checked: the containers of
Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and Argo
Rollouts, and their sidecars (init containers with `restartPolicy: Always`). Plain init
containers may not have probes, Jobs and CronJobs run to completion, and a bare Pod is not
rolled out or replaced by anything that would wait for it to be ready. A startup probe is
never required: it only holds off the other two for slow starters.

This rule is in the `strict` preset: probes need an endpoint or a command that tells the
truth, and a liveness probe that is wrong restarts healthy containers, so adding them is
work to do with care rather than to make a linter quiet.

## Example
```yaml
      containers:
      - name: api
        image: ghcr.io/acme/api:3.2.0
        ports:
        - containerPort: 8080
```

## Fix
```yaml
        readinessProbe:
          httpGet: {path: /ready, port: 8080}
        livenessProbe:
          httpGet: {path: /healthz, port: 8080}
          periodSeconds: 10
          failureThreshold: 3
```

Make the liveness probe check only the process itself, not its dependencies: a database
outage should make pods unready, not restart them all.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import long_running_containers


@rule(
    "missing-probe",
    category="workloads",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "both": "container {container!r} has no readiness or liveness probe, so it gets "
        "traffic before it is ready and keeps it when it hangs; add both",
        "readinessProbe": "container {container!r} has no readiness probe, so it gets traffic "
        "(and a rollout moves on) before it is ready; add one",
        "livenessProbe": "container {container!r} has no liveness probe, so it is not "
        "restarted when it hangs; add one",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in long_running_containers(obj, ctx.kube_version):
        missing = [
            probe
            for probe in ("readinessProbe", "livenessProbe")
            if not isinstance(container.data.get(probe), dict)
        ]
        if not missing:
            continue
        message = "both" if len(missing) == 2 else missing[0]
        path = (*container.path, "name") if "name" in container.data else container.path
        yield Problem(message, path, container=container.name)
