"""Container has no memory limit.

## Why
Without a memory limit a container may take all the memory of its node. A leak or a load
spike then pushes the node into memory pressure, and the kubelet or the kernel's OOM killer
ends other pods, often ones that behaved. With a limit, only the container that went over is
restarted, and the problem shows up where it is.

A `LimitRange` of type `Container` in the namespace that sets a `default` (or `max`) memory
gives containers a limit, and is taken into account when it is among the linted files; from
Kubernetes 1.34 on, a pod-level `spec.resources.limits.memory` covers its containers too.
CPU limits are not required: exceeding one only slows the container down, and whether to set
them at all is a matter of policy.

## Example
```yaml
        resources:
          requests:
            cpu: 100m
            memory: 100Mi
          # no limits.memory
```

## Fix
Set `resources.limits.memory`. Equal to the memory request is the safe choice (the container
can never be evicted for using more than it asked for); higher lets it burst into memory the
node may not have.

```yaml
          limits:
            memory: 100Mi
```
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.quantity import missing_limits
from kubelint.registry import Problem, rule


@rule(
    "missing-memory-limit",
    category="resources",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "missing": "container {container!r} has no memory limit, so it can use up its "
        "node's memory; set resources.limits.memory",
        "with-request": "container {container!r} requests {request} of memory but has no "
        "memory limit, so it can use up its node's memory; set resources.limits.memory, "
        "for example equal to the request",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    return missing_limits(obj, ctx.index, ctx.kube_version, "memory")
