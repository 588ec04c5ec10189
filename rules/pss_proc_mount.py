"""A container unmasks /proc where the Pod Security Standard forbids it

## Why
The container runtime masks parts of `/proc` (kernel keys, timers, sysrq) that would leak or
change state of the node. `procMount: Unmasked` removes the masks. The Pod Security
Standards (control "/proc Mount Type") allow only `Default`. From policy v1.35 the baseline
level accepts any value for pods that run in their own user namespace (`hostUsers: false`),
where the unmasked `/proc` belongs to that namespace; restricted never does. The API server
rejects the pod otherwise, in a namespace that enforces baseline or restricted.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      containers:
      - name: builder
        securityContext:
          procMount: Unmasked
```

## Fix
Remove `procMount` (or set `Default`). A nested container runtime that needs an unmasked
`/proc` can run with `hostUsers: false` in a namespace that enforces baseline v1.35 or later.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-proc-mount",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "proc-mount": "container {container!r} sets securityContext.procMount: {value}, which "
        "the {level} Pod Security Standard at v{version} (/proc Mount Type) forbids; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "proc-mount")
