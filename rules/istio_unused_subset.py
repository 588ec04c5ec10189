"""DestinationRule subset that no VirtualService routes to.

## Why
A subset only matters when a VirtualService route (HTTP, TCP or TLS) or mirror names it
with `subset:` for the rule's host; traffic without a subset goes to every pod of the
Service. An unused subset is often a sign that the routing half was never written, or that
it names the host differently (`reviews` in one namespace is not `reviews` in another), so
the version split you meant to set up is not happening.

The rule stays quiet when the linted files hold no VirtualService at all: the routes are
then kept somewhere else. A wildcard host (`*.shop.svc.cluster.local`) counts every route
to a host it matches.

## Example
```yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: v1        # no VirtualService sends traffic to reviews/v1
    labels:
      version: v1
```

## Fix
Route to the subset from a VirtualService (`destination: {host: reviews, subset: v1}`), or
remove the subset if it is left over.
"""

from collections.abc import Iterator

from kubelint import istio
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "istio-unused-subset",
    category="istio",
    severity="info",
    kinds={"DestinationRule"},
    messages={
        "unused": "subset {subset!r} of host {host!r} is not used by any VirtualService "
        "route; route to it or remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not istio.is_networking(obj, "DestinationRule"):
        return
    host = obj.get("spec", "host")
    subsets = obj.get("spec", "subsets")
    if not isinstance(host, str) or not host or not isinstance(subsets, list):
        return
    if not istio.networking_objects(ctx.index, "VirtualService"):
        return  # the routes live somewhere else
    for i, subset in enumerate(subsets):
        if not isinstance(subset, dict) or subset.get("name") in (None, ""):
            continue
        name = str(subset["name"])
        if not istio.subset_routed(ctx.index, host, obj.namespace, name):
            yield Problem("unused", ("spec", "subsets", i, "name"), subset=name, host=host)
