"""A resource limit is lower than the request for the same resource.

## Why
A request is what the scheduler reserves and a limit is the most the container may use, so
a limit below its request makes no sense and the API server rejects the pod ("must be less
than or equal to ... limit"). A Deployment or StatefulSet with such a template is accepted,
but its controller can never create a single pod; the error only shows up in its events.

Quantities are compared by value, not by spelling: `1G` (10^9 bytes) is less than `1Gi`
(2^30 bytes), and `0.5` cpu equals `500m`. The same rejection happens when a container
requests more than the default limit a `LimitRange` in its namespace gives it (the
LimitRange must be among the linted files).

## Example
```yaml
        resources:
          requests:
            memory: 1Gi
          limits:
            memory: 1G      # 1000000000 < 1073741824
```

## Fix
Raise the limit or lower the request; with a LimitRange default in play, set the limit
explicitly.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.quantity import (
    Quantity,
    container_defaults,
    container_requirements,
    decimal,
    parse_quantity,
    pod_level_requirements,
    show,
)
from kubelint.registry import Problem, rule


@rule(
    "limit-below-request",
    category="resources",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "container": "container {container!r} limits {resource} to {limit}, below its request "
        "of {request}; the API rejects the pod, raise the limit or lower the request",
        "container-units": "container {container!r} limits {resource} to {limit} ({limit_amount}), "
        "below its request of {request} ({request_amount}); the API rejects the pod, raise the "
        "limit or lower the request",
        "pod": "the pod limits {resource} to {limit}, below its pod-level request of {request}; "
        "the API rejects the pod, raise the limit or lower the request",
        "default-limit": "container {container!r} requests {request} of {resource}, more than "
        "the default limit {limit} that LimitRange {limit_range!r} gives it; the API rejects "
        "the pod, set resources.limits.{resource}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    defaults = None
    for container, requests, limits in container_requirements(obj):
        if not requests:
            continue  # nothing to be below, nothing for a default limit to be below
        for resource, limit, request in _below(requests, limits):
            yield Problem(
                "container" if limit.suffix == request.suffix else "container-units",
                (*container.path, "resources", "limits", resource),
                container=container.name,
                resource=resource,
                limit=show(limits[resource]),
                request=show(requests[resource]),
                limit_amount=decimal(limit.value),
                request_amount=decimal(request.value),
            )
        unlimited = [name for name in requests if name not in limits]
        if not unlimited:
            continue
        if defaults is None:
            defaults = container_defaults(ctx.index, obj.namespace)
        for resource in unlimited:
            default = defaults.limits.get(resource)
            if default is None:
                continue
            request_q = parse_quantity(requests[resource])
            limit_q = parse_quantity(default.value)
            if request_q and limit_q and limit_q.value < request_q.value:
                yield Problem(
                    "default-limit",
                    (*container.path, "resources", "requests", resource),
                    container=container.name,
                    resource=resource,
                    request=show(requests[resource]),
                    limit=show(default.value),
                    limit_range=default.limit_range,
                )
    spec_path = obj.spec_path
    if spec_path is None:
        return
    pod_requests, pod_limits = pod_level_requirements(obj, ctx.kube_version)
    if pod_requests and pod_limits:
        for resource, _, _ in _below(pod_requests, pod_limits):
            yield Problem(
                "pod",
                (*spec_path, "resources", "limits", resource),
                resource=resource,
                limit=show(pod_limits[resource]),
                request=show(pod_requests[resource]),
            )


def _below(
    requests: Mapping[str, Any], limits: Mapping[str, Any]
) -> Iterator[tuple[str, Quantity, Quantity]]:
    """(resource, limit, request) for every resource whose limit is below its request."""
    for resource, limit in limits.items():
        if resource not in requests:
            continue
        limit_q = parse_quantity(limit)
        request_q = parse_quantity(requests[resource])
        if limit_q is not None and request_q is not None and limit_q.value < request_q.value:
            yield resource, limit_q, request_q
