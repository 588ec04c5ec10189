"""Container adds a capability other than `NET_BIND_SERVICE`.

## Why
Every capability a container adds is a piece of root's power that its processes, and
whoever takes them over, can use. `NET_ADMIN` reconfigures the pod's network (routes,
iptables rules, interfaces), `NET_RAW` crafts packets to spoof other traffic, `IPC_LOCK` pins
memory the node cannot reclaim, `CHOWN`, `SETUID` and `DAC_OVERRIDE` undo file permissions.
Some programs do need one; the list should then be short and each entry deliberate. The
restricted Pod Security profile allows adding only `NET_BIND_SERVICE`.

Capabilities that act on the node itself (`SYS_ADMIN`, `SYS_MODULE`...) are reported by
`dangerous-capability`, on by default; privileged containers by `privileged-container`.
Windows pods are not checked.

This rule is in the `strict` preset: service-mesh init containers and some databases add
capabilities for good reasons, which a repository may prefer not to annotate one by one.

## Example
```yaml
        securityContext:
          capabilities:
            drop: [ALL]
            add: [NET_ADMIN, NET_RAW]
```

## Fix
Remove the capability if the program works without it. If it needs it, keep it, drop
`ALL` besides, and say why in a suppression comment
(`# kubelint: disable=added-capability`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import DANGEROUS_CAPABILITIES, HARMLESS_ADDITIONS, added_capabilities


@rule(
    "added-capability",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "added": "container {container!r} adds {capability}; keep it only if the program "
        "needs it (the restricted profile allows adding only NET_BIND_SERVICE)",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container, cap in added_capabilities(obj):
        if cap.name not in HARMLESS_ADDITIONS and cap.name not in DANGEROUS_CAPABILITIES:
            yield Problem("added", cap.path, container=container.name, capability=cap.written)
