"""A Service's selector matches no pod template in the linted files.

## Why
A Service sends traffic to the pods whose labels include every `key: value` of its
selector. When no workload's pod template carries those labels (a typo, a label renamed on
one side only, the wrong app name copied from another Service), the Service has no
endpoints: clients get connection refused and an Ingress in front of it returns 502/503,
while every object applies cleanly.

## Example
```yaml
kind: Service
metadata:
  name: hoge-service
spec:
  selector:
    app: hoge           # the Deployment's pods are labelled app: nginx
```

## Fix
Make the selector a subset of the pod template's labels (`spec.template.metadata.labels`),
or fix the template. Only the pod template counts: the workload's own `metadata.labels` are
not the pods' labels.

Labels the controllers add to every pod count as well (`statefulset.kubernetes.io/pod-name`
for a Service per StatefulSet replica, `pod-template-hash`, `job-name`...), and so do the
pods prometheus-operator runs for a Prometheus, Alertmanager or ThanosRuler. A Service with
no `selector` (endpoints managed by hand or by a controller) and an `ExternalName` Service
are not checked. When nothing in the linted files runs in the Service's namespace, its
workloads are taken to live in files not linted with it and the rule stays quiet; an object
that does not write its namespace may be applied into any namespace, so it counts for all.
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import labels_of
from kubelint.objects import K8sObject
from kubelint.references import (
    closest_miss,
    may_share_namespace,
    pod_sources,
    render_labels,
    selectable,
)
from kubelint.registry import Problem, rule


@rule(
    "service-selects-nothing",
    category="references",
    severity="warning",
    kinds={"Service"},
    messages={
        "closest": "selector {selector} matches no pod template in namespace {namespace}; "
        "the closest, {closest}, has {have} where the selector wants {want}; "
        "fix the selector or the template labels",
        "unrelated": "selector {selector} matches no pod template in namespace {namespace} "
        "(none there has any of these label keys); fix the selector or the template labels",
        "elsewhere": "selector {selector} matches {owner} in namespace {other}, but the "
        "Service is in namespace {namespace}; a Service only selects pods in its own "
        "namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.data.get("spec") if obj.group == "" else None
    if not isinstance(spec, dict) or spec.get("type") == "ExternalName":
        return
    written = spec.get("selector")
    if not isinstance(written, dict) or not written:
        return
    selector = labels_of(written)
    selected = selectable(ctx.index, selector)
    for source in selected:
        if may_share_namespace(obj, source.owner):
            return
    fields: dict[str, Any] = {"selector": render_labels(selector), "namespace": obj.namespace}
    path = ("spec", "selector")
    if selected:
        owner = selected[0].owner
        yield Problem("elsewhere", path, on_key=True, owner=f"{owner.kind} {owner.name}",
                      other=owner.namespace, **fields)  # fmt: skip
        return
    near = [s for s in pod_sources(ctx.index) if may_share_namespace(obj, s.owner)]
    if not any(s.owner.namespace == obj.namespace for s in near):
        return  # nothing in the linted files runs there: its workloads are elsewhere
    miss = closest_miss(selector, near)
    if not miss.related:
        yield Problem("unrelated", path, on_key=True, **fields)
        return
    owner = miss.source.owner
    yield Problem("closest", path, on_key=True, closest=f"{owner.kind} {owner.name}",
                  have=miss.have, want=miss.want, **fields)  # fmt: skip
