"""A container may run as root, which the restricted Pod Security Standard forbids

## Why
`runAsNonRoot: true` makes the kubelet refuse to start a container whose user is root. The
restricted Pod Security Standard (control "Running as Non-root") requires it on the pod (the
containers inherit it) or on every container, and forbids `false` anywhere. From policy v1.35,
pods that run in their own user namespace (`hostUsers: false`) are exempt: root in them is not
root on the node.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
    spec:
      containers:
      - name: web
        image: ghcr.io/acme/web:2.1.0
```

## Fix
Set `securityContext.runAsNonRoot: true` on the pod, and make sure the image runs as a
non-root user (or set `runAsUser`).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-run-as-non-root",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "pod": "the pod sets securityContext.runAsNonRoot: false, which the {level} Pod "
        "Security Standard (Running as Non-root) forbids; set it to true",
        "container": "container {container!r} sets securityContext.runAsNonRoot: false, which "
        "the {level} Pod Security Standard (Running as Non-root) forbids; set it to true",
        "missing": "neither the pod nor container {container!r} sets securityContext."
        "runAsNonRoot: true, which the {level} Pod Security Standard (Running as Non-root) "
        "requires; set it on the pod",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "run-as-non-root")
