"""DestinationRule host or VirtualService destination matches no Service or ServiceEntry.

## Why
Istio applies a DestinationRule only to a host in its service registry: a Kubernetes
Service (`name`, or `name.namespace.svc.cluster.local`) or a host of a ServiceEntry exported
to the rule's namespace. Any other host is accepted by the API server and then silently
ignored, so subsets, load balancing and TLS settings never take effect. A VirtualService
route (HTTP, TCP or TLS), `mirror` or `mirrors` destination resolves the same way; when it
names nothing Istio knows, the requests it takes fail with 503 (mirrored copies are
dropped). A short host is expanded in the namespace of the object that writes it; a host
with a dot is taken literally, so `reviews.shop` is not the Service `reviews` in `shop`. A
common slip is to write the name of the Deployment instead of the Service that exposes it.

kubelint resolves hosts as Istio does, against the Services and ServiceEntries of the
linted files (and the Services an Istio installation creates in `istio-system`). A cluster
host in a namespace where the linted files define no Service and no workload is not
reported: its Services live elsewhere. Nor is one in `istio-system`, where Istio's
installers create Services that manifests do not define. A host outside the cluster
(`api.example.com`) needs a ServiceEntry somewhere; if yours lives in another repository,
declare it under `external-objects` with `kind: ServiceEntry` and the host (or a pattern)
as `name`. Services deployed out of band are declared the same way, with `kind: Service`.

## Example
```yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews-app   # the Deployment; the Service is named reviews
```

A VirtualService destination is written the same way:

```yaml
  http:
  - route:
    - destination:
        host: reviews-app   # same slip, in a route
```

## Fix
Use the name of the Service that selects the pods (`reviews`), or its full name
`reviews.shop.svc.cluster.local`. For a host outside the cluster, add a ServiceEntry that
lists it. If the Service is exported with `networking.istio.io/exportTo`, export it to the
namespace of the DestinationRule or VirtualService too.
"""

from collections.abc import Iterator
from typing import Any

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-unknown-host",
    category="istio",
    severity="error",
    kinds={"DestinationRule", "VirtualService"},
    messages={
        "workload": "host {host!r} matches no Service in namespace {namespace}: "
        "{owner_kind} {owner} has that name, but a DestinationRule needs a Service; "
        "did you mean {suggestion!r}, the Service that selects its pods?",
        "unexposed": "host {host!r} matches no Service in namespace {namespace}: "
        "{owner_kind} {owner} has that name, but no Service selects its pods; "
        "add a Service and use its name as the host",
        "did-you-mean": "host {host!r} matches no Service in namespace {namespace}; "
        "did you mean {suggestion!r}?",
        "no-service": "host {host!r} matches no Service in namespace {namespace}; "
        "define the Service or correct the host",
        "not-exported": "host {host!r} is {target}, which is not exported to namespace "
        "{namespace}; add {namespace} to its exportTo or move the DestinationRule",
        "partial": "host {host!r} is taken literally by Istio and matches nothing; "
        "write the full name {suggestion!r}",
        "no-service-entry": "host {host!r} matches no ServiceEntry visible in namespace "
        "{namespace}, so Istio ignores this DestinationRule; add a ServiceEntry for it "
        "or declare it in external-objects",
        "route-workload": "{role} host {host!r} matches no Service in namespace {namespace}: "
        "{owner_kind} {owner} has that name, but Istio routes to Services; "
        "did you mean {suggestion!r}, the Service that selects its pods?",
        "route-unexposed": "{role} host {host!r} matches no Service in namespace "
        "{namespace}: {owner_kind} {owner} has that name, but no Service selects its pods; "
        "add a Service and route to its name",
        "route-did-you-mean": "{role} host {host!r} matches no Service in namespace "
        "{namespace}; did you mean {suggestion!r}?",
        "route-no-service": "{role} host {host!r} matches no Service in namespace "
        "{namespace}; define the Service or correct the host",
        "route-not-exported": "{role} host {host!r} is {target}, which is not exported to "
        "namespace {namespace}; add {namespace} to its exportTo or move the VirtualService",
        "route-partial": "{role} host {host!r} is taken literally by Istio and matches "
        "nothing; write the full name {suggestion!r}",
        "route-no-service-entry": "{role} host {host!r} matches no ServiceEntry visible in "
        "namespace {namespace}, so Istio has nowhere to send this traffic; add a "
        "ServiceEntry for it or declare it in external-objects",
        "route-no-host": "{role} has no host; name the Service to send this traffic to",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.namespace is None:
        return
    if istio.is_networking(obj, "DestinationRule"):
        host = obj.get("spec", "host")
        if isinstance(host, str) and host:
            yield from _report(ctx, obj, host, ("spec", "host"), "")
    elif istio.is_networking(obj, "VirtualService"):
        for dest in istio.destinations(ctx.index, obj):
            role = "mirror" if dest.mirror else "destination"
            if not dest.host:
                yield Problem("route-no-host", dest.path, role=role)
            else:
                yield from _report(ctx, obj, dest.host, (*dest.path, "host"), role)


def _report(
    ctx: Context, obj: K8sObject, host: str, at: tuple[Any, ...], role: str
) -> Iterator[Problem]:
    """The finding for a host that resolves to nothing; ``role`` is "" for a
    DestinationRule's host, else what the VirtualService does with it."""
    unknown = istio.diagnose_host(ctx.index, host, obj.namespace, obj.get("spec", "exportTo"))
    if unknown is None:
        return
    fields: dict[str, Any] = {"host": host, "namespace": unknown.namespace}
    if role:
        fields["role"] = role
    if unknown.owner is not None:
        fields.update(owner_kind=unknown.owner.kind, owner=unknown.owner.name)
    if unknown.suggestion is not None:
        fields["suggestion"] = unknown.suggestion
    if unknown.target is not None:
        fields["target"] = unknown.target
    if unknown.reason == "partial":
        del fields["namespace"]
    yield Problem(f"route-{unknown.reason}" if role else unknown.reason, at, **fields)
