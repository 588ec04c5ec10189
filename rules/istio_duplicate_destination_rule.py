"""Two DestinationRules configure the same host in one namespace, and one loses.

## Why
Istio merges the DestinationRules of a namespace that name the same host (and the same
workload selector, or none): it adds the subsets of the later rule to the earlier one and
keeps nothing else of it. So when both set a top-level `trafficPolicy`, the one created
later is ignored as a whole (its TLS mode, load balancing, circuit breaking); when both
define a subset with the same name, the later definition is dropped; and the merged rule
has one `exportTo` (a rule that writes none is exported everywhere), so the other rule's
is lost. Which rule is "earlier" is decided by creation time, not by anything in the files,
so the outcome can change when the objects are recreated.

Splitting a host's subsets over several rules is supported and not reported; only the
settings a merge throws away are. The finding is on the rule whose file (and position)
comes later; the same host written differently (`reviews` and
`reviews.shop.svc.cluster.local`) counts as the same host. Rules in different namespaces
do not merge (a client uses the rule of its own namespace first, then the one of the
host's namespace).

## Example
```yaml
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
kind: DestinationRule
metadata: {name: reviews-lb, namespace: shop}
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy:             # ignored if reviews was created first
    loadBalancer: {simple: LEAST_REQUEST}
```

## Fix
Keep one DestinationRule per host and namespace with the whole `trafficPolicy`, or move
the settings of one rule into the other; give subsets distinct names.
"""

from collections.abc import Iterator
from typing import Any

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-duplicate-destination-rule",
    category="istio",
    severity="warning",
    kinds={"DestinationRule"},
    messages={
        "policy": "trafficPolicy for host {host!r} is also set by DestinationRule {other}; "
        "Istio merges the two rules and keeps only the trafficPolicy of the one created "
        "first; put the settings in one rule",
        "subset": "subset {subset!r} of host {host!r} is also defined by DestinationRule "
        "{other}; Istio merges the two rules and keeps only the definition created first; "
        "define it once",
        "export": "exportTo for host {host!r} differs from the one of DestinationRule "
        "{other}; Istio merges the two rules and keeps only the exportTo of the one created "
        "first; give them the same exportTo or merge them",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "DestinationRule"):
        return
    merged = istio.merged_rules(ctx.index, obj)
    if obj not in merged:
        return
    earlier = [r for r in merged[: merged.index(obj)] if r.name != obj.name]
    if not earlier:
        return
    host = obj.get("spec", "host")
    policy = obj.get("spec", "trafficPolicy")
    if isinstance(policy, dict) and policy:
        other = next((r for r in earlier if _has_policy(r)), None)
        if other is not None:
            yield Problem("policy", ("spec", "trafficPolicy"), on_key=True, other=_name(other),
                          host=host)  # fmt: skip
    subsets = obj.get("spec", "subsets")
    for i, subset in enumerate(subsets if isinstance(subsets, list) else ()):
        if not isinstance(subset, dict) or subset.get("name") in (None, ""):
            continue
        name = str(subset["name"])
        other = next((r for r in earlier if name in istio.subset_names(r)), None)
        if other is not None:
            yield Problem("subset", ("spec", "subsets", i, "name"), subset=name, host=host,
                          other=_name(other))  # fmt: skip
    scope = _export(obj)
    other = next((r for r in earlier if _export(r) != scope), None)
    if other is not None:
        yield Problem("export", ("spec", "exportTo"), on_key=True, other=_name(other),
                      host=host)  # fmt: skip


def _has_policy(rule: K8sObject) -> bool:
    policy = rule.get("spec", "trafficPolicy")
    return isinstance(policy, dict) and bool(policy)


def _export(rule: K8sObject) -> frozenset[str]:
    """The namespaces a rule is exported to (every one when it writes no ``exportTo``)."""
    written: Any = rule.get("spec", "exportTo")
    return istio.export_scope(written, rule.namespace)


def _name(rule: K8sObject) -> str:
    return rule.name
