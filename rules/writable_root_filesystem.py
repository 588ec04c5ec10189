"""Container's root filesystem is writable (no `readOnlyRootFilesystem: true`).

## Why
A container that can write to its own filesystem can be changed while it runs: an attacker
who gets code execution drops tools, replaces binaries or plants a backdoor that lives as
long as the container does, and nothing in the image or the manifest shows it. Writes there
also go to the node's disk without any limit the pod declares, and vanish on restart, which
surprises whoever relied on them. A read-only root filesystem makes the image the whole
truth about what runs, and every writable place an explicit volume.

Windows pods are not checked (Windows has no read-only root filesystem).

This rule is in the `strict` preset: many images write to their filesystem (caches, pid
files, `/tmp`) and need volumes added before they run read-only.

## Example
```yaml
        securityContext:
          allowPrivilegeEscalation: false
```

## Fix
Set `readOnlyRootFilesystem: true` and mount an `emptyDir` wherever the program writes:

```yaml
        securityContext:
          readOnlyRootFilesystem: true
        volumeMounts:
        - {name: tmp, mountPath: /tmp}
      volumes:
      - {name: tmp, emptyDir: {}}
```
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import context_path, is_windows, setting


@rule(
    "writable-root-filesystem",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "unset": "container {container!r} can write to its root filesystem, so whoever runs "
        "code in it can change its programs; set readOnlyRootFilesystem: true and mount an "
        "emptyDir where it writes",
        "false": "container {container!r} sets readOnlyRootFilesystem: false, so whoever runs "
        "code in it can change its programs; set it to true and mount an emptyDir where it "
        "writes",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    for container in obj.containers():
        if container.list_name == "ephemeralContainers":
            continue
        found = setting(obj, container, "readOnlyRootFilesystem")
        if found is None:
            path, on_key = context_path(container)
            yield Problem("unset", path, on_key=on_key, container=container.name)
        elif found.value is not True:
            yield Problem("false", found.path, container=container.name)
