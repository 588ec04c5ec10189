"""A PodDisruptionBudget's selector matches no pods in its namespace.

## Why
A PodDisruptionBudget protects the pods its selector matches from voluntary evictions
(node drains, cluster upgrades, the autoscaler removing nodes). When the selector matches
no pod (a typo, labels renamed on one side, the workload's own `metadata.labels` copied
instead of its pod template's) the budget protects nothing: a drain evicts every replica
at once and the service goes down, while the budget looks fine in `kubectl get pdb` apart
from its zero expected pods.

The selector's meaning depends on the API version: in `policy/v1` an empty selector (`{}`)
selects every pod of the namespace, in the removed `policy/v1beta1` it selects none, and a
budget with no selector at all selects none in either.

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web-frontend   # the Deployment's pods are labelled app: web
```

## Fix
Make the selector match the labels of the pod template (`spec.template.metadata.labels`)
of the workload to protect. Labels the controllers add to every pod count too
(`pod-template-hash`, `statefulset.kubernetes.io/pod-name`...), and so do the pods
prometheus-operator runs. When nothing in the linted files runs in the budget's namespace,
its workloads are taken to live elsewhere and the rule stays quiet. An object that does not
write its namespace may be applied into any namespace, so it counts for all; such a budget
is only judged when workloads are written in its own directory (applied with it), and not
when one of them has no template labels at all (a kustomize base that gets its labels from
`commonLabels`).
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.references import explain_no_match
from kubelint.registry import Problem, rule
from kubelint.workloads import is_empty_label_selector

Path = tuple[Any, ...]

_SELECTOR: Path = ("spec", "selector")


@rule(
    "pdb-selects-nothing",
    category="references",
    severity="warning",
    kinds={"PodDisruptionBudget"},
    messages={
        "closest": "selector {selector} matches no pods in namespace {namespace}; the "
        "closest, {closest}, has {have} where the selector wants {want}; fix the selector "
        "or the pod template labels",
        "unrelated": "selector {selector} matches no pods in namespace {namespace} (none "
        "there has any of its label keys); fix the selector or the pod template labels",
        "elsewhere": "selector {selector} matches {owner} in namespace {other}, but the "
        "budget is in namespace {namespace}; a PodDisruptionBudget only covers pods of its "
        "own namespace",
        "no-selector": "the budget has no selector, so it covers no pods; add "
        "spec.selector.matchLabels with the pod template labels of the workload to protect",
        "empty-beta": "an empty selector covers no pods in policy/v1beta1; move to "
        "policy/v1 (where it covers every pod of the namespace) or add matchLabels",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group != "policy":
        return
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    selector = spec.get("selector")
    if selector is None:
        yield Problem("no-selector", ("spec",), on_key=True)
        return
    if not isinstance(selector, dict):
        return
    if is_empty_label_selector(selector):
        if obj.version == "v1beta1":
            yield Problem("empty-beta", _SELECTOR, on_key=True)
        return  # policy/v1: every pod of the namespace
    found = explain_no_match(ctx.index, obj, selector)
    if found is not None:
        yield Problem(found.message, _SELECTOR, on_key=True, **found.fields)
