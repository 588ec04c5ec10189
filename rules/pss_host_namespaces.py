"""A pod shares a namespace of the node where the Pod Security Standard forbids it

## Why
`hostNetwork: true` puts the pod on the node's network stack (it can bind any node port and
reach services listening on localhost), `hostPID: true` lets it see and signal every process
of the node, and `hostIPC: true` lets it read the node's shared memory. The baseline Pod
Security Standard (control "Host Namespaces") forbids all three, so the API server rejects
the pod in a namespace that enforces baseline or restricted.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
    spec:
      hostNetwork: true
      containers:
      - name: exporter
```

## Fix
Remove the field (false is the default). Expose ports through a Service instead of the node's
network; node agents that need the host belong in a namespace labelled `enforce: privileged`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-host-namespaces",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "host": "the pod sets {field}: true, which the {level} Pod Security Standard "
        "(Host Namespaces) forbids; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "host-namespaces")
