"""VirtualService names a gateway that does not exist.

## Why
`spec.gateways` (and `match[].gateways`) bind a VirtualService to the proxies that should
apply it. A name that matches no Gateway binds it to nothing: the routes never reach the
ingress (requests get 404 from the gateway) and, since naming any gateway replaces the
default `mesh`, the sidecars ignore them too. Istio reads a bare name in the
VirtualService's own namespace, so a Gateway kept in `istio-system` must be written
`istio-system/name`. Both Istio Gateways and Gateway API Gateways count; `mesh` is the
reserved name of the sidecars.

A gateway in a namespace where the linted files define no Gateway, Service or workload is
not reported: that namespace is deployed from elsewhere (as is `istio-system`, where
installers put the shared gateways). If the Gateway lives in a known namespace but another
repository, declare it under `external-objects` with `kind: Gateway`.

## Example
```yaml
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: ["shop.example.com"]
  gateways:
  - public-gateway      # the Gateway is istio-system/public-gateway
```

## Fix
Name the Gateway as `namespace/name` when it lives in another namespace, correct the name,
or add the Gateway.
"""

from collections.abc import Iterator
from difflib import get_close_matches
from typing import Any

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-unknown-gateway",
    category="istio",
    severity="error",
    kinds={"VirtualService"},
    messages={
        "elsewhere": "gateway {gateway!r} matches no Gateway in namespace {namespace}, only "
        "in {others}; write it as {suggestion!r}",
        "did-you-mean": "gateway {gateway!r} matches no Gateway in namespace {namespace}; "
        "did you mean {suggestion!r}?",
        "missing": "gateway {gateway!r} matches no Gateway in namespace {namespace}; add the "
        "Gateway, correct the name, or declare it under external-objects",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "VirtualService") or obj.namespace is None:
        return
    for at, reference in istio.gateway_references(obj):
        parsed = istio.gateway_reference(reference, obj.namespace)
        if parsed is None or istio.find_gateway(ctx.index, reference, obj) is not None:
            continue
        namespace, name = parsed
        known = istio.registry(ctx.index).knows_namespace(namespace)
        if not known and not istio.gateway_names(ctx.index, namespace):
            continue  # the linted files hold nothing deployed in that namespace
        if ctx.index.declared_external("Gateway", name, namespace):
            continue
        fields: dict[str, Any] = {"gateway": reference, "namespace": namespace}
        others = sorted(
            {
                g.namespace
                for g in istio.gateways_named(ctx.index, name)
                if g.namespace and g.namespace != namespace
            }
        )
        if others:
            suggestion = f"{others[0]}/{name}"
            yield Problem(
                "elsewhere", at, others=", ".join(others), suggestion=suggestion, **fields
            )
            continue
        close = get_close_matches(name, istio.gateway_names(ctx.index, namespace), n=1, cutoff=0.8)
        if close:
            short = namespace == obj.namespace and "/" not in reference and "." not in reference
            suggestion = close[0] if short else f"{namespace}/{close[0]}"
            yield Problem("did-you-mean", at, suggestion=suggestion, **fields)
        else:
            yield Problem("missing", at, **fields)
