"""Pod shares its node's network, process or IPC namespace (`hostNetwork`, `hostPID`, `hostIPC`).

## Why
Namespaces are what keep a pod's view of the node to itself. With `hostNetwork: true` the
pod uses the node's network stack: it can listen on any of the node's addresses and ports,
reach services bound to the node's localhost (the kubelet's, a cloud metadata proxy's), and
its traffic escapes most NetworkPolicy implementations. With `hostPID: true` it sees every
process on the node, their command lines and environments (secrets often among them), and
with enough privilege can signal or trace them. With `hostIPC: true` it shares the node's
System V shared memory and semaphores with every process that uses them.

CNI plugins, node exporters and some ingress setups need one of these; applications do not.
Windows HostProcess pods must use the node's network; they are reported by
`privileged-container` instead.

## Example
```yaml
    spec:
      hostNetwork: true
      containers:
      - name: web
```

## Fix
Remove the field. To accept traffic on a node's port, use a Service of type `NodePort` or
`LoadBalancer`; to inspect another container's processes, share the pod's process namespace
(`shareProcessNamespace: true`) or attach an ephemeral debug container. For a node agent
that needs it, keep it and say why in a suppression comment.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import is_host_process


@rule(
    "host-namespace",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "hostNetwork": "the pod uses its node's network (hostNetwork: true): it can reach "
        "what listens on the node's localhost and its traffic escapes NetworkPolicy; remove "
        "it and expose ports through a Service",
        "hostPID": "the pod sees every process of its node (hostPID: true), with their "
        "command lines and environments; remove it, or use shareProcessNamespace to see only "
        "the pod's own",
        "hostIPC": "the pod shares its node's IPC namespace (hostIPC: true), and with it the "
        "shared memory of every process on the node; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec_path = obj.spec_path
    spec = obj.pod_spec()
    if spec_path is None or spec is None:
        return
    for field in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(field) is not True:
            continue
        # HostProcess pods must use the node's network: privileged-container reports them.
        if field == "hostNetwork" and any(is_host_process(obj, c) for c in obj.containers()):
            continue
        yield Problem(field, (*spec_path, field))
