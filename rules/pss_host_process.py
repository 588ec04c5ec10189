"""A Windows pod runs a HostProcess container where the Pod Security Standard forbids it

## Why
`windowsOptions.hostProcess: true` runs the container as a process on the Windows node
itself, with the node's network and file system and whatever account it names: it is the
Windows counterpart of a privileged container. The baseline Pod Security Standard (control
"HostProcess") forbids it on the pod and on every container, so the API server rejects the
pod in a namespace that enforces baseline or restricted.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
    spec:
      securityContext:
        windowsOptions:
          hostProcess: true
```

## Fix
Remove `hostProcess: true`, or run the workload in a namespace labelled
`pod-security.kubernetes.io/enforce: privileged` if it must manage the node.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-host-process",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "pod": "the pod sets securityContext.windowsOptions.hostProcess: true, which the "
        "{level} Pod Security Standard (HostProcess) forbids; remove it",
        "container": "container {container!r} sets securityContext.windowsOptions.hostProcess:"
        " true, which the {level} Pod Security Standard (HostProcess) forbids; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "host-process")
