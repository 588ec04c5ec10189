"""Container does not set `allowPrivilegeEscalation: false`.

## Why
Left unset, privilege escalation is allowed: a process in the container can become root, or
gain capabilities, through a setuid binary or a file with capabilities. `false` sets the
kernel's `no_new_privs` flag on the container's processes, so nothing they start can have
more privileges than they have. It costs nothing for the great majority of programs, and it
is one of the settings the restricted Pod Security profile requires.

A written `allowPrivilegeEscalation: true` is reported by `privilege-escalation` (on by
default). Privileged containers and containers that add `SYS_ADMIN` always allow escalation
and are left to `privileged-container` and `dangerous-capability`. Windows pods are not
checked.

This rule is in the `strict` preset.

## Example
```yaml
      containers:
      - name: web
        image: ghcr.io/acme/web:1.4.2
        securityContext:
          runAsNonRoot: true
```

## Fix
```yaml
        securityContext:
          allowPrivilegeEscalation: false
```

`kubelint --fix --unsafe-fixes` writes it. The fix is unsafe: a program in the image that
relies on a setuid binary (`sudo`, an old `ping`) stops working.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import context_path, escalates_anyway, is_windows, set_in_context, setting


@rule(
    "privilege-escalation-not-disabled",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    fixable="unsafe",
    messages={
        "unset": "container {container!r} does not set allowPrivilegeEscalation: false, so "
        "setuid programs can make its processes root; set it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    for container in obj.containers():
        if container.list_name == "ephemeralContainers":
            continue
        if setting(obj, container, "allowPrivilegeEscalation") is not None:
            continue
        if escalates_anyway(obj, container):
            continue
        from kubelint.fix import Fix

        path, on_key = context_path(container)
        edit = set_in_context(container, "allowPrivilegeEscalation", False)
        fix = Fix.of(edit, safe=False) if edit is not None else None
        yield Problem("unset", path, on_key=on_key, container=container.name, fix=fix)
