"""DestinationRule host matches no Service or ServiceEntry that Istio knows.

## Why
Istio applies a DestinationRule only to a host in its service registry: a Kubernetes
Service (`name`, or `name.namespace.svc.cluster.local`) or a host of a ServiceEntry exported
to the rule's namespace. Any other host is accepted by the API server and then silently
ignored, so subsets, load balancing and TLS settings never take effect. A short host is
expanded in the rule's own namespace; a host with a dot is taken literally, so
`reviews.shop` is not the Service `reviews` in `shop`. A common slip is to write the name of
the Deployment instead of the Service that exposes it.

kubelint resolves hosts as Istio does, against the Services and ServiceEntries of the
linted files (and the Services an Istio installation creates in `istio-system`). A cluster
host in a namespace where the linted files define no Service and no workload is not
reported: its Services live elsewhere. A host outside the cluster (`api.example.com`) needs
a ServiceEntry somewhere; if yours lives in another repository, declare it under
`external-objects` with `kind: ServiceEntry` and the host (or a pattern) as `name`.
Services deployed out of band are declared the same way, with `kind: Service`.

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

## Fix
Use the name of the Service that selects the pods (`reviews`), or its full name
`reviews.shop.svc.cluster.local`. For a host outside the cluster, add a ServiceEntry that
lists it. If the Service is exported with `networking.istio.io/exportTo`, export it to the
rule's namespace too.
"""

from collections.abc import Iterator

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-unknown-host",
    category="istio",
    severity="error",
    kinds={"DestinationRule"},
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
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "DestinationRule") or obj.namespace is None:
        return
    host = obj.get("spec", "host")
    if not isinstance(host, str) or not host:
        return
    registry = istio.registry(ctx.index)
    if registry.resolve(host, obj.namespace, obj.get("spec", "exportTo")):
        return
    expanded = istio.expand_host(host, obj.namespace)
    if registry.declared_external(expanded):
        return
    at = ("spec", "host")
    hidden = registry.matching(expanded)
    if hidden:
        yield Problem(
            "not-exported", at, host=host, target=hidden[0].describe(), namespace=obj.namespace
        )
        return

    cluster = istio.split_service_host(expanded)
    if cluster is not None:
        name, namespace = cluster
        if not registry.knows_namespace(namespace):
            return  # the Services of that namespace are not in the linted files
        if name.startswith("*"):
            yield Problem("no-service", at, host=host, namespace=namespace)
            return
        hint = istio.hint_for_service(
            ctx.index, name, namespace, as_fqdn=not istio.is_short_name(host)
        )
        if hint.owner is not None and hint.suggestion:
            yield Problem(
                "workload",
                at,
                host=host,
                namespace=namespace,
                owner_kind=hint.owner.kind,
                owner=hint.owner.name,
                suggestion=hint.suggestion,
            )
        elif hint.owner is not None:
            yield Problem(
                "unexposed",
                at,
                host=host,
                namespace=namespace,
                owner_kind=hint.owner.kind,
                owner=hint.owner.name,
            )
        elif hint.suggestion:
            yield Problem(
                "did-you-mean", at, host=host, namespace=namespace, suggestion=hint.suggestion
            )
        else:
            yield Problem("no-service", at, host=host, namespace=namespace)
        return

    partial = istio.partial_service_host(host)
    if partial is not None:
        name, namespace = partial
        # ``name.namespace`` could be a real domain; say so only when that Service exists.
        if host.count(".") > 1 or registry.service(name, namespace) is not None:
            yield Problem("partial", at, host=host, suggestion=istio.service_host(name, namespace))
            return
    yield Problem("no-service-entry", at, host=host, namespace=obj.namespace)
