"""A NetworkPolicy's podSelector matches no pods in its namespace.

## Why
A NetworkPolicy applies to the pods its `spec.podSelector` matches, and only to those.
When a non-empty selector matches no pod (a typo, a label renamed on one side, the
workload's own `metadata.labels` instead of its pod template's), the policy does nothing:
the pods it was written for stay open to all traffic, or keep being denied traffic the
policy meant to allow, and nothing reports it.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db-from-api-only
spec:
  podSelector:
    matchLabels:
      app: postgresql     # the StatefulSet's pods are labelled app: postgres
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: api
```

## Fix
Make the selector match the labels of the pod template (`spec.template.metadata.labels`)
of the workload the policy is for. An empty selector (`podSelector: {}`) selects every pod
of the namespace, as default-deny policies intend, and is not checked. When nothing in the
linted files runs in the policy's namespace, its workloads are taken to live elsewhere and
the rule stays quiet. An object that does not write its namespace may be applied into any
namespace, so it counts for all; such a policy is only judged when workloads are written in
its own directory (applied with it), and not when one of them has no template labels at
all (a kustomize base that gets its labels from `commonLabels`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.references import explain_no_match
from kubelint.registry import Problem, rule
from kubelint.workloads import is_empty_label_selector

#: API groups that serve NetworkPolicy.
_GROUPS = frozenset({"networking.k8s.io", "extensions"})


@rule(
    "network-policy-selects-nothing",
    category="references",
    severity="warning",
    kinds={"NetworkPolicy"},
    messages={
        "closest": "podSelector {selector} matches no pods in namespace {namespace}; the "
        "closest, {closest}, has {have} where the selector wants {want}; fix the selector "
        "or the pod template labels",
        "unrelated": "podSelector {selector} matches no pods in namespace {namespace} (none "
        "there has any of its label keys); fix the selector or the pod template labels",
        "elsewhere": "podSelector {selector} matches {owner} in namespace {other}, but the "
        "policy is in namespace {namespace}; a NetworkPolicy only applies to pods of its "
        "own namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group not in _GROUPS:
        return
    selector = obj.get("spec", "podSelector")
    if not isinstance(selector, dict) or is_empty_label_selector(selector):
        return
    found = explain_no_match(ctx.index, obj, selector)
    if found is not None:
        yield Problem(found.message, ("spec", "podSelector"), on_key=True, **found.fields)
