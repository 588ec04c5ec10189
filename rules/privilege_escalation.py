"""Container sets `allowPrivilegeEscalation: true`.

## Why
With privilege escalation allowed, a process in the container can gain more privileges than
it started with: a setuid-root binary (`su`, `sudo`, `ping` on older images) or a file with
capabilities runs with them. A container meant to run as an unprivileged user can then
become root inside it, and from there use every capability the runtime left it. Setting the
field to `true` asks for that explicitly, and it is rarely needed.

Privileged containers and containers that add `SYS_ADMIN` always allow escalation; they are
reported by `privileged-container` and `dangerous-capability` instead.

## Example
```yaml
        securityContext:
          allowPrivilegeEscalation: true
```

## Fix
Set `allowPrivilegeEscalation: false`. If a setuid program in the image needs it, prefer
giving the program's capability to the container (`capabilities: {add: [...]}`) or removing
the need. The `strict` preset's `privilege-escalation-not-disabled` also asks for `false` to be
written where the field is left out.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import escalates_anyway, is_windows, setting


@rule(
    "privilege-escalation",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "allowed": "container {container!r} sets allowPrivilegeEscalation: true, so setuid "
        "programs can make its processes root; set it to false",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    for container in obj.containers():
        found = setting(obj, container, "allowPrivilegeEscalation")
        if found is None or found.value is not True or escalates_anyway(obj, container):
            continue
        yield Problem("allowed", found.path, container=container.name)
