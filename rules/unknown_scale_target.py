"""An autoscaler targets a workload that is not defined, or one that cannot be scaled.

## Why
A HorizontalPodAutoscaler scales the object its `spec.scaleTargetRef` names (kind, name,
in the autoscaler's own namespace); a VerticalPodAutoscaler resizes the pods of its
`spec.targetRef`; a KEDA ScaledObject drives an HPA for its `spec.scaleTargetRef`. When the
target is misspelt, renamed or lives in another namespace, the autoscaler applies cleanly
and then does nothing: `kubectl describe hpa` shows `FailedGetScale`, and the workload
keeps its fixed replica count under load. Targeting a kind without a scale subresource (a
DaemonSet, a Job, a Service) fails the same way.

## Example
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web-frontend     # the Deployment is called web
  minReplicas: 2
  maxReplicas: 10
```

## Fix
Name a Deployment, StatefulSet, ReplicaSet or ReplicationController (or a custom resource
with a scale subresource, such as an Argo Rollout) of the autoscaler's namespace. A
VerticalPodAutoscaler may also target a DaemonSet, Job or CronJob. A target created
outside these files is declared in `.kubelint.yaml` (`external-objects`). When nothing in
the linted files runs in the autoscaler's namespace (for an autoscaler that does not write
its namespace: in its directory), its workloads are taken to live elsewhere and only the
kind is checked.
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import AUTOSCALERS
from kubelint.objects import K8sObject
from kubelint.references import (
    can_scale,
    may_share_namespace,
    names_of_kind,
    scale_target,
    sources_near,
)
from kubelint.registry import Problem, rule

Path = tuple[Any, ...]


@rule(
    "unknown-scale-target",
    category="references",
    severity="warning",
    kinds={kind for _, kind in AUTOSCALERS},
    messages={
        "missing": "no {kind} {name!r} in namespace {namespace}, so the autoscaler has "
        "nothing to act on; fix the name, or declare it under external-objects if it is "
        "created outside these files",
        "misspelt": "no {kind} {name!r} in namespace {namespace}, so the autoscaler has "
        "nothing to act on; did you mean {suggestion!r}?",
        "elsewhere": "{kind} {name!r} is in namespace {other}, not in the autoscaler's "
        "namespace {namespace}; an autoscaler only acts on objects of its own namespace",
        "not-scalable": "a {autoscaler} cannot act on a {kind} ({api_version}), which has "
        "no scale subresource; target the workload that runs the pods",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    target = scale_target(obj)
    if target is None:
        return
    if not can_scale(ctx.index, target):
        yield Problem("not-scalable", (*target.path, "kind"), autoscaler=obj.kind,
                      kind=target.kind, api_version=target.api_version)  # fmt: skip
        return
    yield from _resolve(obj, ctx, target.path, target.kind, target.name)


def _resolve(obj: K8sObject, ctx: Context, path: Path, kind: str, name: str) -> Iterator[Problem]:
    index, namespace = ctx.index, obj.namespace
    if index.get(kind, name, namespace) is not None or index.declared_external(
        kind, name, namespace
    ):
        return
    table = names_of_kind(index, kind)
    same_name = table.by_name.get(name, [])
    if any(may_share_namespace(obj, target) for target in same_name):
        return
    fields: dict[str, Any] = {"kind": kind, "name": name, "namespace": namespace}
    if same_name:
        other = same_name[0].namespace
        yield Problem("elsewhere", (*path, "name"), other=other, **fields)
        return
    near = sources_near(index, obj)
    if obj.written_namespace is not None:
        nearby = table.by_namespace.get(namespace, [])
    else:
        nearby = [s.owner.name for s in near if s.owner.kind == kind]
    if not nearby and not near:
        return  # nothing of this application is in the linted files
    import difflib

    close = difflib.get_close_matches(name, nearby, n=1, cutoff=0.6)
    if close:
        yield Problem("misspelt", (*path, "name"), suggestion=close[0], **fields)
    else:
        yield Problem("missing", (*path, "name"), **fields)
