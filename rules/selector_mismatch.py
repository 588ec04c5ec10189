"""A controller's `spec.selector` does not select the labels of its own pod template.

## Why
A Deployment, ReplicaSet, StatefulSet, DaemonSet or ReplicationController only manages the
pods its selector matches, so the API server rejects one whose selector does not match its
own pod template's labels: the controller would create pods it cannot see and create more
forever. An empty selector (`selector: {}`) is rejected too, and so are labels written
straight under `selector:` the way a Service writes them: the selector of the apps kinds
keeps them under `matchLabels`. The usual cause is a label renamed in one place
only, or a template copied from another workload.

## Example
```yaml
spec:
  selector:
    matchLabels:
      app: redis
      role: master
  template:
    metadata:
      labels:
        app: redis
        role: replica
```

## Fix
Make every label the selector asks for appear, with the same value, in
`spec.template.metadata.labels`. Change the template rather than the selector of an existing
object: the selector of an apps/v1 workload is immutable.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.workloads import (
    SELECTOR_KINDS,
    SELECTOR_PATH,
    Unmatched,
    flow_labels,
    has_label_selector,
    has_map_selector,
    is_empty_label_selector,
    stray_selector_keys,
    template_labels,
    unmatched_map_entries,
    unmatched_requirements,
)


@rule(
    "selector-mismatch",
    category="workloads",
    severity="error",
    kinds=SELECTOR_KINDS,
    messages={
        "mismatch": "spec.selector does not select this {kind}'s own pods, so the API rejects "
        "it: {requirements} not met by the template labels {labels}; make "
        "spec.template.metadata.labels carry every selected label",
        "unlabelled": "spec.selector requires {requirements} but the pod template has no "
        "labels, so the API rejects this {kind}; add them to spec.template.metadata.labels",
        "empty": "spec.selector is empty, which the API rejects for a {kind}; select the "
        "pod template's labels with matchLabels: {labels}",
        "empty-unlabelled": "spec.selector is empty and the pod template has no labels, which "
        "the API rejects for a {kind}; label spec.template.metadata and select those labels "
        "in spec.selector.matchLabels",
        "flat": "spec.selector lists {labels} directly, but a {kind} selector keeps labels "
        "under matchLabels, so the API rejects it; move them to spec.selector.matchLabels",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    selector = obj.get(*SELECTOR_PATH)
    if not isinstance(selector, dict):
        return
    labels = template_labels(obj.group, obj.kind, obj.data)
    if labels is None:
        return
    unmatched: list[Unmatched]
    if has_label_selector(obj.group, obj.kind):
        stray = stray_selector_keys(selector)
        if stray:
            yield Problem(
                "flat", SELECTOR_PATH, on_key=True, kind=obj.kind, labels=flow_labels(stray)
            )
            return
        if is_empty_label_selector(selector):
            if labels:
                yield Problem("empty", SELECTOR_PATH, kind=obj.kind, labels=flow_labels(labels))
            else:
                yield Problem("empty-unlabelled", SELECTOR_PATH, kind=obj.kind)
            return
        unmatched = unmatched_requirements(selector, labels)
    elif has_map_selector(obj.group, obj.kind):
        # An empty map is defaulted from the template labels; nested values are not labels.
        if not selector or any(isinstance(v, (dict, list)) for v in selector.values()):
            return
        unmatched = list(unmatched_map_entries(selector, labels))
    else:
        return
    if not unmatched:
        return
    requirements = ", ".join(u.requirement for u in unmatched)
    at = (*SELECTOR_PATH, *unmatched[0].path)
    if labels:
        yield Problem(
            "mismatch",
            at,
            kind=obj.kind,
            requirements=requirements,
            labels=flow_labels(labels),
        )
    else:
        yield Problem("unlabelled", at, kind=obj.kind, requirements=requirements)
