"""A container binds a port of the node where the Pod Security Standard forbids it

## Why
`hostPort` opens the port on the node's own address and forwards it to the container, around
Services and NetworkPolicies; it also limits the workload to one pod per node and port. The
baseline Pod Security Standard (control "Host Ports") forbids any non-zero hostPort, so the
API server rejects the pod in a namespace that enforces baseline or restricted.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
        ports:
        - containerPort: 8080
          hostPort: 8080
```

## Fix
Remove `hostPort` and reach the pod through a Service (a NodePort or LoadBalancer Service if
it must be reachable from outside the cluster).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-host-ports",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "host-port": "container {container!r} sets hostPort {port}, which the {level} Pod "
        "Security Standard (Host Ports) forbids; remove it and reach the pod through a Service",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "host-ports")
