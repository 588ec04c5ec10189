"""DestinationRule subset whose labels select none of the Service's pods.

## Why
A subset is the pods of the rule's host that also carry the subset's `labels`. Istio looks
for them among the Service's endpoints, so the Service's own selector applies as well. When
no pod of the Service has those labels (`version: v2` while the Deployment labels its pods
`version: "2.0"`, or a subset copied from another service), the subset is empty: routes to
it fail with 503 `no healthy upstream`, and nothing in the rule or the route is invalid.

kubelint checks subsets of hosts that resolve to a Service whose pods are in the linted
files; when the Service's selector matches no pod here, the pods are deployed from
elsewhere and nothing is reported. Labels Istio adds to endpoints itself (the node's
`topology.kubernetes.io/zone` and `region`, `topology.istio.io/subzone`, the injector's
`security.istio.io/tlsMode` and `service.istio.io/canonical-*`) are not looked for in pod
templates.

## Example
```yaml
kind: Deployment
spec:
  template:
    metadata:
      labels: {app: reviews, version: v1}
---
kind: DestinationRule
spec:
  host: reviews
  subsets:
  - name: v2
    labels: {version: v2}    # no reviews pod is labelled version=v2
```

## Fix
Make the subset's labels a subset of the pod template labels of the version it stands
for (`spec.template.metadata.labels`), or deploy that version. Labels must not contradict
the Service's selector.
"""

from collections.abc import Iterator, Mapping

from kubelint import istio, kube
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.references import PodSource
from kubelint.registry import Problem, rule


@rule(
    "istio-subset-selects-nothing",
    category="istio",
    severity="warning",
    kinds={"DestinationRule"},
    messages={
        "nothing": "subset {subset!r} selects no pod of {service}: its pods have {have} "
        "where the subset wants {want}; fix the subset's labels or the pod template labels",
        "conflict": "subset {subset!r} wants {want}, but {service} selects {selector}, so "
        "no pod can be in both; fix the subset's labels",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "DestinationRule") or obj.namespace is None:
        return
    host = obj.get("spec", "host")
    subsets = obj.get("spec", "subsets")
    if not isinstance(host, str) or not host or host.startswith("*"):
        return
    if not isinstance(subsets, list):
        return
    found = istio.registry(ctx.index).resolve(host, obj.namespace, obj.get("spec", "exportTo"))
    services = [e.source for e in found if e.source is not None and e.kind == "Service"]
    for service in services:
        if service.get("spec", "type") == "ExternalName":
            continue
        pods = istio.service_pods(ctx.index, service)
        if not pods:
            continue  # the Service's pods are not in the linted files
        selector = kube.labels_of(service.get("spec", "selector"))
        for i, subset in enumerate(subsets):
            if not isinstance(subset, dict) or subset.get("name") in (None, ""):
                continue
            labels = istio.subset_labels(subset)
            if not labels or any(pod.matches(labels) for pod in pods):
                continue
            at = ("spec", "subsets", i, "labels")
            name = str(subset["name"])
            contradicted = {k: v for k, v in labels.items() if k in selector and selector[k] != v}
            if contradicted:
                yield Problem("conflict", at, on_key=True, subset=name,
                              want=_render(contradicted), service=service.display_name,
                              selector=_render(selector))  # fmt: skip
                continue
            wrong = _unmatched(labels, pods)
            yield Problem("nothing", at, on_key=True, subset=name, service=service.display_name,
                          have=_have(wrong, pods), want=_render(wrong))  # fmt: skip


def _unmatched(labels: Mapping[str, str], pods: list[PodSource]) -> dict[str, str]:
    """The subset labels that no pod carries with that value; all of them when each is
    carried by some pod but never all together."""
    wrong = {k: v for k, v in labels.items() if not any(p.labels.get(k) == v for p in pods)}
    return wrong or dict(labels)


def _have(wanted: Mapping[str, str], pods: list[PodSource]) -> str:
    """What the pods carry for the wanted keys: ``version=v1, version=v2``, ``track unset``."""
    parts: list[str] = []
    for key in wanted:
        values = sorted({p.labels[key] for p in pods if key in p.labels})
        parts.extend(f"{key}={value}" for value in values)
        if any(key not in p.labels for p in pods):
            parts.append(f"{key} unset")
    return ", ".join(parts)


def _render(labels: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in labels.items())
