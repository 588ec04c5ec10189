"""Container has no CPU limit.

## Why
Without a CPU limit a container may use every idle CPU of its node. That is often what you
want, and why this rule is not on by default: a limit throttles the container even when the
node is idle, which shows up as latency, and many teams set CPU requests only. Where
workloads must be predictable (latency-sensitive services next to batch jobs, clusters that
bill or plan by limits, nodes with the static CPU manager, which gives whole CPUs only to
pods whose requests equal their limits), a limit keeps one container's spike from slowing
its neighbours.

A `LimitRange` of type `Container` in the namespace that sets a `default` (or `max`) CPU
gives containers a limit, and is taken into account when it is among the linted files; from
Kubernetes 1.34 on, a pod-level `spec.resources.limits.cpu` covers its containers too.

This rule is in the `strict` preset.

## Example
```yaml
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            memory: 256Mi
```

## Fix
Set `resources.limits.cpu`, at or above the request (equal gives the pod the Guaranteed
class when memory is equal too):

```yaml
          limits:
            cpu: 500m
            memory: 256Mi
```
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.quantity import missing_limits
from kubelint.registry import Problem, rule


@rule(
    "missing-cpu-limit",
    category="resources",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "missing": "container {container!r} has no CPU limit, so it can take every idle CPU "
        "of its node; set resources.limits.cpu",
        "with-request": "container {container!r} requests {request} of CPU but has no CPU "
        "limit, so it can take every idle CPU of its node; set resources.limits.cpu",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    return missing_limits(obj, ctx.index, ctx.kube_version, "cpu")
