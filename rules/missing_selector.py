"""A Deployment, ReplicaSet, StatefulSet or DaemonSet has no `spec.selector`.

## Why
The selector tells the controller which pods are its own. apps/v1 (and apps/v1beta2) require
it and reject the object without one. extensions/v1beta1 and apps/v1beta1 used to copy it from
the pod template's labels, so manifests written for them often leave it out; those versions
were removed in Kubernetes 1.16, and the manifest is rejected as soon as its apiVersion is
updated. The selector cannot be changed after creation, so it deserves a deliberate choice.

## Example
```yaml
apiVersion: apps/v1beta1
kind: Deployment
metadata:
  name: mysql
spec:
  template:
    metadata:
      labels:
        app: mysql
```

## Fix
Select the template's labels. The selector is immutable: an object created through an old
apiVersion already carries all its template labels as its selector, so copy all of them (the
message lists them); for a new object, select only labels that will never change (`app`,
not `version`).
```yaml
spec:
  selector:
    matchLabels:
      app: mysql
```
`kubelint --fix` adds `spec.selector.matchLabels` with every template label, at the end of
`spec`. It is safe: the API rejects the object without a selector, and an object created
through an apiVersion that defaulted it carries exactly those labels as its selector. Review
it before a new workload is first applied, and drop the labels that may change. A
`selector:` written with no value gets no fix: fill it in by hand.

A workload with neither a selector nor template labels is not reported: that is the shape of
a kustomize base whose `commonLabels` (or `labels` with `includeSelectors`) add both; lint
the output of `kustomize build` to check the result. An empty `selector:` whose entries visibly
lost their indentation is reported by `null-value` instead, on the same line.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kubelint.engine import Context
from kubelint.fields import lost_entries
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.workloads import (
    SELECTOR_KINDS,
    SELECTOR_PATH,
    flow_labels,
    has_label_selector,
    selector_defaulted,
    template_labels,
)

if TYPE_CHECKING:
    from kubelint.fix import Fix


@rule(
    "missing-selector",
    category="workloads",
    severity="error",
    kinds=SELECTOR_KINDS,
    fixable="safe",
    messages={
        "missing": "{kind} has no spec.selector, which {api_version} requires; "
        "add spec.selector.matchLabels: {labels}",
        "defaulted": "{kind} has no spec.selector; {api_version} copied it from the template "
        "labels, but apps/v1, which replaces it, requires it: "
        "add spec.selector.matchLabels: {labels}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not has_label_selector(obj.group, obj.kind):
        return
    if obj.get(*SELECTOR_PATH) is not None:
        return
    if ctx.is_enabled("null-value") and any(
        obj.is_empty_value(path) and lost_entries(obj, path)
        for path in (SELECTOR_PATH, SELECTOR_PATH[:1])
    ):
        return  # `selector:` (or `spec:`) lost its entries: null-value reports that very line
    labels = template_labels(obj.group, obj.kind, obj.data)
    if not labels:
        return  # a kustomize base: its commonLabels add the selector and the labels
    message = "defaulted" if selector_defaulted(obj.api_version) else "missing"
    yield Problem(
        message,
        SELECTOR_PATH[:1],
        on_key=True,
        kind=obj.kind,
        api_version=obj.api_version,
        labels=flow_labels(labels),
        fix=_selector_fix(labels),
    )


def _selector_fix(labels: dict[str, str]) -> "Fix":
    """``spec.selector.matchLabels``: every template label, added at the end of ``spec`` (where
    the removed-api migration adds it too, so that the two fixes meet and only one applies)."""
    from kubelint.fix import Fix, insert

    return Fix.of(insert(SELECTOR_PATH[:1], SELECTOR_PATH[1], {"matchLabels": dict(labels)}))
