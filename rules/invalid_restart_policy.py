"""A pod template's `restartPolicy`, or a container's, is one the API server rejects there.

## Why
Each controller accepts only the pod restart policies that fit what it does, and the API
server rejects the whole object otherwise:

- Deployments, ReplicaSets, StatefulSets, DaemonSets and ReplicationControllers keep their
  pods running, so their template accepts only `Always` (the default when unset);
- a Job, and the job template of a CronJob, must set `OnFailure` or `Never`. Leaving it out
  is the classic mistake: the pod spec default, `Always`, is filled in first and then
  rejected. With `podFailurePolicy` only `Never` is accepted;
- a Pod, or a PodTemplate, may use any of the three.

A container may have its own `restartPolicy` too. Before Kubernetes 1.35 only an init
container may set it, and only to `Always`, which makes it a sidecar (from 1.29, when
sidecar containers were turned on by default; earlier the API drops or refuses the field and
the container blocks the pod as an ordinary init container). From 1.35, container restart
rules let any container set `Always`, `OnFailure` or `Never`. The target version is the one
given to kubelint (`--kube-version`).

## Example
```yaml
apiVersion: batch/v1
kind: Job
spec:
  template:
    spec:                          # no restartPolicy: Always is filled in and rejected
      containers:
      - name: report
        image: ghcr.io/acme/report:1.2.0
        restartPolicy: Never       # a container-level policy, rejected before 1.35
```

## Fix
Remove `restartPolicy` from the templates of long-running controllers, and set
`restartPolicy: OnFailure` or `Never` under a Job's `template.spec`. Move a sidecar that was
written as a regular container with `restartPolicy: Always` to `initContainers`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, Container
from kubelint.objects import K8sObject
from kubelint.podspec import (
    CONTAINER_RESTART_RULES_SINCE,
    POD_FAILURE_POLICY_SINCE,
    RESTART_POLICIES,
    SIDECARS_SINCE,
    container_restart_policies,
    job_spec_path,
    template_restart_policies,
)
from kubelint.registry import Problem, rule
from kubelint.versions import KubeVersion, format_version


@rule(
    "invalid-restart-policy",
    category="validation",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "unknown": "restartPolicy {value!r} is not one of Always, OnFailure or Never, so the "
        "API rejects it; use one of those, spelled exactly so",
        "controller": "restartPolicy {value} is not accepted in a {kind}'s pod template, which "
        "must restart its pods Always; remove it, or run this as a Job",
        "job": "restartPolicy {value} is not accepted in a {kind}'s pod template; use "
        "OnFailure or Never",
        "job-unset": "a {kind}'s pod template must set restartPolicy to OnFailure or Never, "
        "and the default, Always, is rejected; add restartPolicy: Never or OnFailure",
        "failure-policy": "restartPolicy {value} cannot be combined with podFailurePolicy, "
        "which the API accepts only with Never; set restartPolicy: Never",
        "regular-container": "container {container!r} sets restartPolicy, which the API "
        "rejects on a regular container before Kubernetes {since} (the target is {version}); "
        "remove it, or move a sidecar to initContainers with restartPolicy: Always",
        "init-container": "init container {container!r} has restartPolicy {value}, but "
        "before Kubernetes {since} an init container accepts only Always, which makes it a "
        "sidecar (the target is {version}); remove it",
        "before-sidecars": "init container {container!r} sets restartPolicy, but sidecar "
        "containers need Kubernetes {since} (the target is {version}): the API drops or "
        "rejects the field, and the container would have to exit before the pod starts; run "
        "it under containers instead",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec_path = obj.pod_spec_path()
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return
    yield from _pod_policy(obj, spec_path, spec.get("restartPolicy"), ctx.kube_version)
    for container in obj.containers():
        yield from _container_policy(container, ctx.kube_version)


def _pod_policy(
    obj: K8sObject, spec_path: tuple[Any, ...], value: Any, version: KubeVersion
) -> Iterator[Problem]:
    allowed = template_restart_policies(obj.group, obj.kind)
    if allowed is None or value not in (None, *RESTART_POLICIES):
        return  # a kind the API server does not check; a misspelling is invalid-value's
    at = (*spec_path, "restartPolicy")
    if value is None:
        if "Always" not in allowed:
            yield Problem("job-unset", at, kind=obj.kind)
    elif value not in allowed:
        message = "controller" if allowed == ("Always",) else "job"
        yield Problem(message, at, value=value, kind=obj.kind)
    elif value == "OnFailure" and version >= POD_FAILURE_POLICY_SINCE:
        job = job_spec_path(obj.group, obj.kind)
        if job is not None and obj.get(*job, "podFailurePolicy") is not None:
            yield Problem("failure-policy", at, value=value)


def _container_policy(container: Container, version: KubeVersion) -> Iterator[Problem]:
    value = container.data.get("restartPolicy")
    if not isinstance(value, str) or container.list_name == "ephemeralContainers":
        return
    at = (*container.path, "restartPolicy")
    allowed = container_restart_policies(container, version)
    names: dict[str, Any] = {"container": container.name, "version": format_version(version)}
    if value not in RESTART_POLICIES:
        yield Problem("unknown", at, value=value)
    elif value in allowed:
        return
    elif not container.is_init:
        since = format_version(CONTAINER_RESTART_RULES_SINCE)
        yield Problem("regular-container", at, on_key=True, since=since, **names)
    elif version < SIDECARS_SINCE:
        since = format_version(SIDECARS_SINCE)
        yield Problem("before-sidecars", at, on_key=True, since=since, **names)
    else:
        since = format_version(CONTAINER_RESTART_RULES_SINCE)
        yield Problem("init-container", at, value=value, since=since, **names)
