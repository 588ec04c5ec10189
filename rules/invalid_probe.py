"""A probe or lifecycle hook that the API server rejects although the schema allows it.

## Why
The schema makes every field of a probe optional, but the API server rejects the pod
template when:

- a probe, `postStart` or `preStop` has no action, or more than one (a probe takes one of
  `exec`, `httpGet`, `tcpSocket`, `grpc`; a hook one of `exec`, `httpGet`, `tcpSocket`,
  `sleep`);
- a liveness or startup probe sets `successThreshold` to anything but 1: one success is all
  they can act on;
- `initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold` or
  `failureThreshold` is negative (0 is accepted and means the default, which is 1 second, 10
  seconds, 1 and 3 for the last four), or a probe's `terminationGracePeriodSeconds` is 0 or
  less, or set on a readiness probe;
- an init container has probes or lifecycle hooks. An init container runs to completion
  before the next one starts, so there is nothing to probe. The exception is a sidecar, an
  init container with `restartPolicy: Always`, which may have all three probes and both
  hooks from Kubernetes 1.29, when sidecar containers were turned on by default.

These mistakes come from probes moved between containers, from a probe whose action was
commented out, and from two actions merged by an overlay.

## Example
```yaml
      initContainers:
      - name: migrate
        image: ghcr.io/acme/migrate:1.4.0
        readinessProbe:             # an init container is never "ready"
          exec:
            command: [cat, /tmp/done]
      containers:
      - name: api
        image: ghcr.io/acme/api:2.3.0
        livenessProbe:
          httpGet: {path: /healthz, port: 8080}
          successThreshold: 2       # must be 1 for a liveness probe
```

## Fix
Give every probe and hook exactly one action, leave `successThreshold` out of liveness and
startup probes, and use positive numbers. Remove probes from init containers, or make the
container a sidecar with `restartPolicy: Always` if it is meant to keep running.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, Container
from kubelint.objects import K8sObject
from kubelint.podspec import PROBE_COUNTS, PROBES, SIDECARS_SINCE, Handler, handlers, is_sidecar
from kubelint.registry import Problem, rule
from kubelint.versions import KubeVersion, format_version


@rule(
    "invalid-probe",
    category="validation",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "init": "init container {container!r} sets {field}, which the API rejects on an init "
        "container that is not a sidecar; remove it, or add restartPolicy: Always if the "
        "container is meant to keep running",
        "init-before-sidecars": "init container {container!r} sets {field}, which the API "
        "rejects on every init container before Kubernetes {since}, when sidecars arrived "
        "(the target is {version}); remove it, or run the container under containers",
        "no-action": "{field} of container {container!r} has no action, so the API rejects "
        "it; add one of {actions}",
        "actions": "{field} of container {container!r} sets both {first} and {extra}, but the "
        "API accepts only one action; keep one of them",
        "success-threshold": "{field} of container {container!r} has successThreshold "
        "{value}, but the API accepts only 1 on a {field}; remove it",
        "negative": "{field} of container {container!r} has {setting} {value}, and the API "
        "rejects negative values; remove it or use a positive number",
        "grace": "{field} of container {container!r} has terminationGracePeriodSeconds "
        "{value}, and the API requires more than 0; remove it to use the pod's grace period",
        "readiness-grace": "readinessProbe of container {container!r} sets "
        "terminationGracePeriodSeconds, which the API rejects on a readiness probe; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in obj.containers():
        if container.is_init and not is_sidecar(container, ctx.kube_version):
            yield from _init_fields(container, ctx.kube_version)
            continue
        for handler in handlers(container):
            yield from _handler(handler)


def _init_fields(container: Container, version: KubeVersion) -> Iterator[Problem]:
    """Probes and lifecycle hooks that an init container may not have."""
    for field in (*PROBES, "lifecycle"):
        if container.data.get(field) is None:
            continue
        at = (*container.path, field)
        if version < SIDECARS_SINCE:
            yield Problem(
                "init-before-sidecars", at, on_key=True, container=container.name, field=field,
                since=format_version(SIDECARS_SINCE), version=format_version(version),
            )  # fmt: skip
        else:
            yield Problem("init", at, on_key=True, container=container.name, field=field)


def _handler(handler: Handler) -> Iterator[Problem]:
    names: dict[str, Any] = {"field": handler.field, "container": handler.container.name}
    actions = handler.actions
    if not actions:
        listed = ", ".join(handler.allowed_actions[:-1]) + f" or {handler.allowed_actions[-1]}"
        yield Problem("no-action", handler.path, on_key=True, actions=listed, **names)
    for extra in actions[1:]:
        at = (*handler.path, extra)
        yield Problem("actions", at, on_key=True, first=actions[0], extra=extra, **names)
    if not handler.is_probe:
        return
    for setting in PROBE_COUNTS:
        value = _number(handler.data.get(setting))
        if value is not None and value < 0:
            at = (*handler.path, setting)
            yield Problem("negative", at, setting=setting, value=value, **names)
    threshold = _number(handler.data.get("successThreshold"))
    if handler.field != "readinessProbe" and threshold is not None and threshold > 1:
        at = (*handler.path, "successThreshold")
        yield Problem("success-threshold", at, value=threshold, **names)
    grace_at = (*handler.path, "terminationGracePeriodSeconds")
    grace = handler.data.get("terminationGracePeriodSeconds")
    if handler.field == "readinessProbe" and grace is not None:
        yield Problem("readiness-grace", grace_at, on_key=True, container=names["container"])
    elif (value := _number(grace)) is not None and value <= 0:
        yield Problem("grace", grace_at, value=value, **names)


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
