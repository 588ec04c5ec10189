"""Container has no CPU or memory request.

## Why
The scheduler places pods by their requests. A container without them counts as needing
nothing, so pods pile onto nodes that cannot carry them; under memory pressure the kubelet
evicts pods that use more than they requested first; and autoscalers that target a percentage
of the request (HPA utilization) have nothing to compute it from.

Kubernetes fills in a missing request from the container's limit for the same resource, and
from a `LimitRange` of type `Container` in the namespace (`defaultRequest`, else `default`,
else `max`, else `min`): such containers are not reported when the LimitRange is among the
linted files. From Kubernetes 1.34 on, pod-level `spec.resources` covers its containers too.

## Example
```yaml
      containers:
      - name: web
        image: ghcr.io/acme/web:1.4.2
        # no resources: the scheduler reserves nothing for it
```

## Fix
Set `resources.requests.cpu` and `resources.requests.memory` to what the container uses
under normal load (measure it, for example with `kubectl top pod`):

```yaml
        resources:
          requests:
            cpu: 250m
            memory: 256Mi
          limits:
            memory: 256Mi
```
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.quantity import (
    container_defaults,
    container_requirements,
    pod_level_requirements,
    requirements_path,
)
from kubelint.registry import Problem, rule


@rule(
    "missing-requests",
    category="resources",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "none": "container {container!r} has no cpu or memory request; set "
        "resources.requests.cpu and resources.requests.memory so the scheduler reserves them",
        "cpu": "container {container!r} has no cpu request; set resources.requests.cpu",
        "memory": "container {container!r} has no memory request; set resources.requests.memory",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    defaults = None
    pod_requests, pod_limits = pod_level_requirements(obj, ctx.kube_version)
    for container, requests, limits in container_requirements(obj):
        missing = [
            name
            for name in ("cpu", "memory")
            if name not in requests
            and name not in limits
            and name not in pod_requests
            and name not in pod_limits
        ]
        if missing and defaults is None:
            defaults = container_defaults(ctx.index, obj.namespace)
        if defaults is not None:
            missing = [name for name in missing if name not in defaults.requests]
        if not missing:
            continue
        path, on_key = requirements_path(container, "requests")
        message = "none" if len(missing) == 2 else missing[0]
        yield Problem(message, path, on_key=on_key, container=container.name)
