"""A container runs privileged where the Pod Security Standard forbids it.

## Why
`securityContext.privileged: true` gives the container every capability and every device of
the node, and turns off most isolation: a process in it is root on the node in all but name.
The baseline Pod Security Standard (control "Privileged Containers") forbids it, so in a
namespace that enforces baseline or restricted the API server rejects the pod, and a
Deployment, StatefulSet, DaemonSet or Job applies cleanly but never gets its pods created.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      containers:
      - name: web
        securityContext:
          privileged: true
```

## Fix
Remove `privileged: true`. If the container needs one specific power, add that capability
(baseline allows the runtime's default set); a workload that truly needs the node (a CNI
agent, a storage driver) belongs in a namespace labelled `enforce: privileged`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-privileged",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "privileged": "container {container!r} sets securityContext.privileged: true, which "
        "the {level} Pod Security Standard (Privileged Containers) forbids; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "privileged")
