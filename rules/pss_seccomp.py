"""A pod or container runs without the seccomp profile the Pod Security Standard requires

## Why
A seccomp profile filters the system calls a container can make; the runtime's default
profile blocks the calls most container escapes rely on. The Pod Security Standards (control
"Seccomp") require:

- baseline: no `Unconfined` profile: `seccompProfile.type`, where set (pod or container), is
  `RuntimeDefault` or `Localhost`;
- restricted: the same, and every container must end up with one, set on the container or
  inherited from the pod. From policy v1.25, pods with `spec.os.name: windows` are exempt.

Before policy v1.19 the standard checked the alpha annotations
`seccomp.security.alpha.kubernetes.io/pod` and `container.seccomp.security.alpha.kubernetes.io/*`
instead (allowed: `runtime/default`, `docker/default`, `localhost/*`). The API server rejects a
pod that breaks the level its namespace enforces.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
    spec:
      securityContext:
        seccompProfile:
          type: Unconfined
```

## Fix
Set `securityContext.seccompProfile.type: RuntimeDefault` once on the pod (containers inherit
it), or `Localhost` with a `localhostProfile` loaded on the nodes.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-seccomp",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "pod": "the pod sets seccomp profile type {profile!r}, which the {level} Pod Security "
        "Standard (Seccomp) forbids; use RuntimeDefault or Localhost",
        "container": "container {container!r} sets seccomp profile type {profile!r}, which the"
        " {level} Pod Security Standard (Seccomp) forbids; use RuntimeDefault or Localhost",
        "missing": "neither the pod nor container {container!r} sets a seccomp profile, which "
        "the {level} Pod Security Standard (Seccomp) requires; set "
        "securityContext.seccompProfile.type: RuntimeDefault on the pod",
        "annotation": "annotation {annotation!r} sets seccomp profile {profile!r}, which the "
        "{level} Pod Security Standard at v{version} (Seccomp) forbids; use runtime/default",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "seccomp")
