"""Container does not drop all capabilities (`capabilities: {drop: [ALL]}`).

## Why
Containers start with a set of capabilities the runtime gives by default: `CHOWN`,
`DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`, `KILL`, `NET_BIND_SERVICE` and others,
`NET_RAW` among them on most runtimes. Few programs use any of them, but an attacker who
gets code execution in the container does: `NET_RAW` crafts packets to spoof other pods'
traffic on the node's network, `DAC_OVERRIDE` ignores file permissions, `SETUID` changes user.
Dropping `ALL` and adding back the one or two a program needs leaves nothing to abuse; it is
what the restricted Pod Security profile requires.

Privileged containers have every capability whatever they drop, and are left to
`privileged-container`. Windows pods are not checked.

This rule is in the `strict` preset.

## Example
```yaml
        securityContext:
          capabilities:
            drop: [NET_RAW]
```

## Fix
```yaml
        securityContext:
          capabilities:
            drop: [ALL]
            add: [NET_BIND_SERVICE]     # only if it binds a port below 1024
```
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, Container, Path
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import capabilities, context_path, is_true, is_windows, setting


@rule(
    "capabilities-not-dropped",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "none": "container {container!r} keeps the runtime's default capabilities, NET_RAW "
        "among them; drop ALL and add back only what it needs",
        "some": "container {container!r} drops {dropped} but not ALL, so it keeps the "
        "runtime's other default capabilities, NET_RAW among them; drop ALL and add back "
        "only what it needs",
        "some-raw": "container {container!r} drops {dropped} but not ALL, so it keeps the "
        "runtime's other default capabilities; drop ALL and add back only what it needs",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    for container in obj.containers():
        if container.list_name == "ephemeralContainers":
            continue
        if is_true(setting(obj, container, "privileged")):
            continue
        dropped = capabilities(container, "drop")
        if any(cap.name == "ALL" for cap in dropped):
            continue
        if not dropped:
            path, on_key = _where(container)
            yield Problem("none", path, on_key=on_key, container=container.name)
            continue
        message = "some-raw" if any(cap.name == "NET_RAW" for cap in dropped) else "some"
        path = (*container.path, "securityContext", "capabilities", "drop")
        names = ", ".join(cap.written for cap in dropped)
        yield Problem(message, path, on_key=True, container=container.name, dropped=names)


def _where(container: Container) -> tuple[Path, bool]:
    """The ``capabilities:`` key when the container has one, else its securityContext."""
    context = container.data.get("securityContext")
    if isinstance(context, dict) and "capabilities" in context:
        return (*container.path, "securityContext", "capabilities"), True
    return context_path(container)
