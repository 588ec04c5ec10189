"""A container may gain privileges, which the restricted Pod Security Standard forbids

## Why
Unless `allowPrivilegeEscalation` is `false`, a process in the container can gain more
privileges than its parent, through a setuid binary or file capabilities. The restricted Pod
Security Standard (control "Privilege Escalation") requires every container, init and
ephemeral ones included, to set it to `false` explicitly: the default is true. From policy
v1.25, pods with `spec.os.name: windows` are exempt.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      containers:
      - name: web
        securityContext:
          runAsNonRoot: true
```

## Fix
Add `allowPrivilegeEscalation: false` to each container's `securityContext`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-privilege-escalation",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "set": "container {container!r} sets allowPrivilegeEscalation: true, which the {level}"
        " Pod Security Standard (Privilege Escalation) forbids; set it to false",
        "unset": "container {container!r} does not set securityContext.allowPrivilegeEscalation"
        ": false, which the {level} Pod Security Standard (Privilege Escalation) requires; add "
        "it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "privilege-escalation")
