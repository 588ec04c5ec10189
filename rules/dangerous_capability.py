"""Container adds a capability that acts on its node or on other processes (`SYS_ADMIN`...).

## Why
Capabilities split root's powers into pieces. Most of those a container may add only act
on the container itself (binding a low port, changing file owners inside it). The ones
reported here act on what the container shares with everything else on its node:
`SYS_ADMIN` (mounts, and most of root's powers: the usual start of a container escape),
`SYS_MODULE` (kernel modules), `SYS_RAWIO` (devices and memory), `SYS_PTRACE` (other
processes), `SYS_BOOT` (reboot, or load another kernel), `SYS_TIME` (the node's clock, for
every pod), `DAC_READ_SEARCH` (files of the node, by handle), `BPF` and `PERFMON` (the
kernel), `MAC_ADMIN` and `MAC_OVERRIDE` (AppArmor and SELinux), `SYSLOG` (the kernel log)
and `AUDIT_CONTROL` (audit rules), and `ALL` of them at once. Runtimes accept the names with
or without `CAP_`, in any case; so does this rule.

Node agents sometimes need one of these. Application containers practically never do.

## Example
```yaml
        securityContext:
          capabilities:
            add: [SYS_ADMIN]
```

## Fix
Remove the capability and find what the container actually does with it: a mount is better
made by a volume, tracing by an ephemeral debug container used when needed. Where an agent
needs it, keep it and say why in a suppression comment. Privileged containers have every
capability already and are reported by `privileged-container` instead.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import DANGEROUS_CAPABILITIES, added_capabilities


@rule(
    "dangerous-capability",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "added": "container {container!r} adds {capability}, which allows {power}; remove "
        "it unless the container manages the node",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container, cap in added_capabilities(obj):
        power = DANGEROUS_CAPABILITIES.get(cap.name)
        if power is not None:
            yield Problem(
                "added", cap.path, container=container.name, capability=cap.written,
                power=power,
            )  # fmt: skip
