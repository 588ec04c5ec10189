"""VirtualService routes to a subset that no DestinationRule defines for its host.

## Why
A `subset` in a route or mirror destination names a group of the host's pods that a
DestinationRule for that same host defines (`subsets[].name` with their labels). When no
DestinationRule for the host defines it, the sidecar or gateway has no cluster for the
subset: every request the route takes fails with 503 (`NR`/`NC` in the access log), while
the VirtualService and the DestinationRule both apply cleanly. The host must match as Istio
reads it: `reviews` in a DestinationRule of namespace `shop` is the host
`reviews.shop.svc.cluster.local`, not `reviews` of another namespace.

Only destinations whose host resolves to a Service or ServiceEntry are checked (a host that
does not is `istio-unknown-host`'s finding). DestinationRules count from any namespace, and
a wildcard host (`*.shop.svc.cluster.local`) covers the hosts it matches.

## Example
```yaml
kind: DestinationRule
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
---
kind: VirtualService
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v2     # no DestinationRule defines v2 for reviews
```

## Fix
Add the subset (with the labels of the pods it stands for) to the DestinationRule of the
host, or route to a subset it defines. Apply the DestinationRule before the VirtualService
that uses it.
"""

from collections.abc import Iterator
from typing import Any

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-unknown-subset",
    category="istio",
    severity="error",
    kinds={"VirtualService"},
    messages={
        "undefined": "{role} subset {subset!r} is not defined for host {host!r} (subsets "
        "defined by {rules}: {defined}); route to one of those or add the subset",
        "no-rule": "{role} subset {subset!r} is not defined for host {host!r}: no "
        "DestinationRule has that host; add one that defines the subset",
        "other-host": "{role} subset {subset!r} is not defined for host {host!r}: no "
        "DestinationRule has that host, but {rule} defines the subset for host {other!r}, "
        "which matches no Service; point its host at {host!r}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "VirtualService") or obj.namespace is None:
        return
    known = istio.registry(ctx.index)
    for dest in istio.destinations(ctx.index, obj):
        if not dest.host or dest.subset is None:
            continue
        found = known.resolve(dest.host, obj.namespace, obj.get("spec", "exportTo"))
        if all(entry.source is None for entry in found):
            continue  # unresolved, or a Service Istio installs (its rules live with it)
        rules = istio.rules_for_host(ctx.index, dest.host, obj.namespace)
        if any(dest.subset in istio.subset_names(r) for r in rules):
            continue
        fields: dict[str, Any] = {
            "role": "mirror" if dest.mirror else "destination",
            "subset": dest.subset,
            "host": dest.host,
        }
        at = (*dest.path, "subset")
        if rules:
            defined = sorted({name for r in rules for name in istio.subset_names(r)})
            yield Problem(
                "undefined",
                at,
                rules=", ".join(sorted(r.display_name for r in rules)),
                defined=", ".join(repr(d) for d in defined) if defined else "none",
                **fields,
            )
            continue
        other = _defined_for_another_host(ctx, obj, dest)
        if other is not None:
            yield Problem(
                "other-host", at, rule=other.display_name, other=other.get("spec", "host"), **fields
            )
        else:
            yield Problem("no-rule", at, **fields)


def _defined_for_another_host(
    ctx: Context, vs: K8sObject, dest: istio.Destination
) -> K8sObject | None:
    """A DestinationRule that defines the subset for a host Istio cannot resolve, in the
    VirtualService's namespace or the destination Service's: most likely the one meant for
    this host, with its host misspelt."""
    namespaces = [vs.namespace]
    cluster = istio.split_service_host(istio.expand_host(dest.host, vs.namespace))
    if cluster is not None and cluster[1] not in namespaces:
        namespaces.append(cluster[1])
    known = istio.registry(ctx.index)
    for namespace in namespaces:
        for other in istio.rules_defining(ctx.index, dest.subset or "", namespace):
            host = other.get("spec", "host")
            if not known.resolve(host, other.namespace, other.get("spec", "exportTo")):
                return other
    return None
