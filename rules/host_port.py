"""Container binds a port of its node (`hostPort`).

## Why
A `hostPort` opens the port on the address of whichever node the pod lands on. Only one pod
using that port fits on a node, so replicas beyond the number of nodes stay Pending and a
rolling update's new pods may find no node with the port free; clients have to know which
nodes the pods run on; and it is one more port open on the address of every node that runs
the pod, beside the ones the cluster's Services manage.

A pod with `hostNetwork: true` uses its node's ports anyway (reported by `host-namespace`),
so its host ports are not reported again.

## Example
```yaml
        ports:
        - containerPort: 8080
          hostPort: 80
```

## Fix
Remove `hostPort` and put a Service in front of the pods: `ClusterIP` inside the cluster,
`NodePort` or `LoadBalancer` (or an Ingress or Gateway) from outside. Ingress controllers and
node agents that must answer on every node's address can keep it, with a suppression
comment that says so.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import host_ports


@rule(
    "host-port",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "bound": "container {container!r} binds port {port} of its node (hostPort), so only "
        "one such pod fits on a node; expose it through a Service instead",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.pod_spec()
    if spec is None or spec.get("hostNetwork") is True:
        return
    for container, port, path in host_ports(obj):
        yield Problem("bound", path, container=container.name, port=port)
