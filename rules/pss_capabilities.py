"""A container adds, or does not drop, capabilities against the Pod Security Standard

## Why
Capabilities split root's powers; `NET_ADMIN`, `SYS_ADMIN`, `SYS_PTRACE` and the like are
each enough to escape or disturb the node. The Pod Security Standards (control
"Capabilities") limit them:

- baseline: `capabilities.add` may only name capabilities the container runtime grants by
  default (`AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`, `MKNOD`,
  `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`);
- restricted (from v1.22): every container must drop `ALL` and may add back only
  `NET_BIND_SERVICE`. From v1.25, pods with `spec.os.name: windows` are exempt.

The API server rejects a pod that breaks the level its namespace enforces. Init, sidecar and
ephemeral containers count like the others.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      containers:
      - name: vpn
        securityContext:
          capabilities:
            add: [NET_ADMIN]
```

## Fix
Remove the capability, or move the workload to a namespace whose level allows it. Under
restricted, give every container `capabilities: {drop: [ALL]}` (and `add:
[NET_BIND_SERVICE]` only if it binds a port below 1024).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-capabilities",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "add-baseline": "container {container!r} adds capability {capability!r}, which the "
        "{level} Pod Security Standard (Capabilities) forbids: only the runtime's default "
        "capabilities may be added",
        "add-restricted": "container {container!r} adds capability {capability!r}, which the "
        "{level} Pod Security Standard (Capabilities) forbids: only NET_BIND_SERVICE may be "
        "added",
        "drop-all": "container {container!r} does not drop ALL capabilities, which the {level}"
        " Pod Security Standard (Capabilities) requires; add ALL to "
        "securityContext.capabilities.drop",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "capabilities")
