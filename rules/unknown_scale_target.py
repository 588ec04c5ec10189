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

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.engine import Context
from kubelint.index import ObjectIndex, canonical_group
from kubelint.kube import BUILTIN_GROUPS, split_api_version
from kubelint.objects import K8sObject
from kubelint.references import may_share_namespace
from kubelint.registry import Problem, rule
from kubelint.rules.pdb_selects_nothing import sources_near

Path = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class _Autoscaler:
    path: Path  # where the reference is
    default_kind: str | None  # the kind when the reference gives none
    default_api_version: str | None
    #: Built-in (group, kind) pairs it can act on; custom kinds need a scale subresource.
    builtin_targets: frozenset[tuple[str, str]]


_SCALABLE = frozenset(
    {("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"),
     ("", "ReplicationController")}
)  # fmt: skip
_AUTOSCALERS = {
    ("autoscaling", "HorizontalPodAutoscaler"): _Autoscaler(
        ("spec", "scaleTargetRef"), None, None, _SCALABLE
    ),
    ("keda.sh", "ScaledObject"): _Autoscaler(
        ("spec", "scaleTargetRef"), "Deployment", "apps/v1", _SCALABLE
    ),
    # The VPA recommender knows these controllers itself; other kinds need /scale.
    ("autoscaling.k8s.io", "VerticalPodAutoscaler"): _Autoscaler(
        ("spec", "targetRef"),
        None,
        None,
        _SCALABLE | {("apps", "DaemonSet"), ("batch", "Job"), ("batch", "CronJob")},
    ),
}


@rule(
    "unknown-scale-target",
    category="references",
    severity="warning",
    kinds={kind for _, kind in _AUTOSCALERS},
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
    autoscaler = _AUTOSCALERS.get((obj.group, obj.kind))
    ref = obj.get(*autoscaler.path) if autoscaler is not None else None
    if autoscaler is None or not isinstance(ref, Mapping):
        return
    kind = ref.get("kind") or autoscaler.default_kind
    name = ref.get("name")
    api_version = ref.get("apiVersion") or autoscaler.default_api_version
    if not isinstance(kind, str) or not isinstance(name, str) or not kind or not name:
        return
    if isinstance(api_version, str) and api_version:
        group = canonical_group(split_api_version(api_version)[0], kind)
        if not _can_act_on(ctx.index, autoscaler, group, kind):
            yield Problem("not-scalable", (*autoscaler.path, "kind"), autoscaler=obj.kind,
                          kind=kind, api_version=api_version)  # fmt: skip
            return
    yield from _resolve(obj, ctx, autoscaler.path, kind, name)


def _can_act_on(index: ObjectIndex, autoscaler: _Autoscaler, group: str, kind: str) -> bool:
    """False only when the kind is known not to be scalable."""
    if (group, kind) in autoscaler.builtin_targets:
        return True
    if group in BUILTIN_GROUPS:
        return False
    scalable = _custom_scale(index).get((group, kind))
    return scalable is not False  # None: no CRD in the linted files, assume it can


def _resolve(obj: K8sObject, ctx: Context, path: Path, kind: str, name: str) -> Iterator[Problem]:
    index, namespace = ctx.index, obj.namespace
    if index.get(kind, name, namespace) is not None or index.declared_external(
        kind, name, namespace
    ):
        return
    by_name, by_namespace = _named(index, kind)
    same_name = by_name.get(name, [])
    if any(may_share_namespace(obj, target) for target in same_name):
        return
    fields: dict[str, Any] = {"kind": kind, "name": name, "namespace": namespace}
    if same_name:
        other = same_name[0].namespace
        yield Problem("elsewhere", (*path, "name"), other=other, **fields)
        return
    near = sources_near(index, obj)
    if obj.written_namespace is not None:
        nearby = by_namespace.get(namespace, [])
    else:
        nearby = [s.owner.name for s in near if s.owner.kind == kind]
    if not nearby and not near:
        return  # nothing of this application is in the linted files
    close = difflib.get_close_matches(name, nearby, n=1, cutoff=0.6)
    if close:
        yield Problem("misspelt", (*path, "name"), suggestion=close[0], **fields)
    else:
        yield Problem("missing", (*path, "name"), **fields)


def _named(
    index: ObjectIndex, kind: str
) -> tuple[dict[str, list[K8sObject]], dict[str | None, list[str]]]:
    """Objects of ``kind`` by name, and their names by namespace (built once per kind)."""

    def build(index: ObjectIndex) -> tuple[dict[str, list[K8sObject]], dict[str | None, list[str]]]:
        by_name: dict[str, list[K8sObject]] = {}
        by_namespace: dict[str | None, list[str]] = {}
        for target in index.of_kind(kind):
            by_name.setdefault(target.name, []).append(target)
            by_namespace.setdefault(target.namespace, []).append(target.name)
        return by_name, by_namespace

    return index.derived(f"unknown-scale-target.named.{kind}", build)


def _custom_scale(index: ObjectIndex) -> dict[tuple[str, str], bool]:
    """For each custom kind whose CRD is in the linted files, whether a version of it has a
    scale subresource."""
    return index.derived("unknown-scale-target.custom-scale", _build_custom_scale)


def _build_custom_scale(index: ObjectIndex) -> dict[tuple[str, str], bool]:
    table: dict[tuple[str, str], bool] = {}
    for crd in index.of_kind("CustomResourceDefinition", group="apiextensions.k8s.io"):
        group, kind = crd.get("spec", "group"), crd.get("spec", "names", "kind")
        if not isinstance(group, str) or not isinstance(kind, str):
            continue
        versions = crd.get("spec", "versions")
        scale = any(
            isinstance(v, Mapping) and isinstance(v.get("subresources"), Mapping)
            and "scale" in v["subresources"]
            for v in (versions if isinstance(versions, list) else [])
        ) or isinstance(crd.get("spec", "subresources", "scale"), Mapping)  # fmt: skip
        table[(group, kind)] = table.get((group, kind), False) or scale
    return table
