"""A pod or container runs as user 0, which the restricted Pod Security Standard forbids

## Why
`runAsUser: 0` runs the container as root whatever its image says, and contradicts
`runAsNonRoot` (the kubelet then refuses to start it). From policy v1.23 the restricted Pod
Security Standard (control "Running as Non-root user") forbids it on the pod and on every
container. From policy v1.35, pods that run in their own user namespace (`hostUsers: false`)
are exempt.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      securityContext:
        runAsUser: 0
```

## Fix
Use a non-zero user id the image is prepared for, or leave `runAsUser` unset and let the
image's user apply.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-run-as-user",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "pod": "the pod sets securityContext.runAsUser: 0, which the {level} Pod Security "
        "Standard (Running as Non-root user) forbids; use a non-zero user id",
        "container": "container {container!r} sets securityContext.runAsUser: 0, which the "
        "{level} Pod Security Standard (Running as Non-root user) forbids; use a non-zero user "
        "id",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "run-as-user")
