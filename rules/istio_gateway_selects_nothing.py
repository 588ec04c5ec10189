"""Gateway selector matches none of the gateway pods in the linted files.

## Why
An Istio Gateway is served by the proxies whose pod labels include its `selector`. When
no pod has those labels (a typo, or the labels of another installation: the Helm
`gateway` chart labels its pods `istio: ingress`, istioctl's default profile
`istio: ingressgateway`), no proxy opens the Gateway's ports, every VirtualService bound to
it is dead, and clients get connection refused. Everything applies without error.

The gateway proxies are usually installed apart from the applications, so kubelint only
reports when the linted files run gateway pods (a pod template injected with the `gateway`
template, running Istio's `proxyv2` image, or labelled `istio: ...gateway`) and none of
them matches. A selector for a gateway Istio's installers deploy (`istio: ingressgateway`,
`istio: egressgateway`, `istio: eastwestgateway`, `istio: ingress`...) is assumed to be
satisfied by that installation. Pods are matched in every namespace, as Istio does.

## Example
```yaml
kind: Deployment
metadata: {name: public-gateway, namespace: edge}
spec:
  template:
    metadata:
      annotations: {inject.istio.io/templates: gateway}
      labels: {istio: public-gateway}
---
kind: Gateway
spec:
  selector:
    istio: public-gw        # the pods are labelled istio: public-gateway
```

## Fix
Copy the labels of the gateway's pod template (`spec.template.metadata.labels`) into the
Gateway's `selector`.
"""

from collections.abc import Iterator

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.references import closest_miss, render_labels
from kubelint.registry import Problem, rule


@rule(
    "istio-gateway-selects-nothing",
    category="istio",
    severity="warning",
    kinds={"Gateway"},
    messages={
        "closest": "selector {selector} matches no pod; the closest gateway, {closest}, has "
        "{have} where the selector wants {want}; fix the selector or the gateway's labels",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "Gateway"):
        return
    selector = istio.gateway_selector(obj)
    if not selector or istio.selects_installed_gateway(selector):
        return
    if istio.gateway_pods(ctx.index, obj):
        return
    gateways = istio.gateway_workloads(ctx.index)
    if not gateways:
        return  # the gateway proxies are installed from elsewhere
    miss = closest_miss(selector, gateways)  # the gateways come sorted
    owner = miss.source.owner
    yield Problem(
        "closest",
        ("spec", "selector"),
        on_key=True,
        selector=render_labels(selector),
        closest=f"{owner.kind} {owner.namespace}/{owner.name}",
        have=miss.have,
        want=miss.want,
    )
