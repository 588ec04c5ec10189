"""A pod sets a sysctl outside the safe set of the Pod Security Standard

## Why
Most kernel parameters are shared by every pod of a node, or weaken its defences; only a few
are isolated per pod. The baseline Pod Security Standard (control "Sysctls") allows only that
safe set in `spec.securityContext.sysctls`, and the set grew over releases:

- always: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`,
  `net.ipv4.ip_unprivileged_port_start`, `net.ipv4.tcp_syncookies`,
  `net.ipv4.ping_group_range`;
- from v1.27: `net.ipv4.ip_local_reserved_ports`;
- from v1.29: `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`,
  `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`;
- from v1.32: `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`;
- from v1.37: `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat`.

A namespace pinned to an older `enforce-version` rejects the later additions.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
    spec:
      securityContext:
        sysctls:
        - name: net.core.somaxconn
          value: "1024"
```

## Fix
Remove the sysctl, tune it on the nodes instead, or raise the namespace's `enforce-version`
when the sysctl became safe in a later release.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-sysctls",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "sysctl": "sysctl {sysctl!r} is not in the safe set of the {level} Pod Security "
        "Standard at v{version} (Sysctls); remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "sysctls")
