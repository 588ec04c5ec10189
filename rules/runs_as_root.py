"""Container is set to run as root (`runAsUser: 0`).

## Why
Root in a container is the node's root user, confined only by namespaces, capabilities and
seccomp. A process running as root can write to every file of its image and of its mounted
volumes (host paths included, which then belong to root on the node), and any escape from
the container starts with root's rights. Most images run fine as an ordinary user; writing
`runAsUser: 0` asks for root explicitly.

`runAsUser: 0` together with `runAsNonRoot: true` is a contradiction the API accepts but the
kubelet does not: it refuses to start the container (`CreateContainerConfigError`).

Only a written `runAsUser: 0` is reported. A container that leaves the user to its image may
run as root too; the `strict` preset's `missing-run-as-non-root` reports those.

## Example
```yaml
    spec:
      securityContext:
        runAsUser: 0
```

## Fix
Run as a non-zero user (`runAsUser: 10001`) and set `runAsNonRoot: true`. Give the files
the process writes to that user (or a `fsGroup`), and use a port above 1024 or the
`NET_BIND_SERVICE` capability instead of root for low ports.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import is_true, is_windows, placed, setting


@rule(
    "runs-as-root",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "root": "container {container!r} runs as root (runAsUser: 0), so any flaw in it "
        "acts with root's rights; run it as a non-zero user and set runAsNonRoot: true",
        "pod-root": "the pod runs {containers} as root (runAsUser: 0), so any flaw there "
        "acts with root's rights; set a non-zero runAsUser and runAsNonRoot: true",
        "contradiction": "runAsUser: 0 contradicts runAsNonRoot: true, so the kubelet refuses "
        "to start {containers} (CreateContainerConfigError); run as a non-zero user",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    for group in placed(obj, obj.containers(), "runAsUser"):
        found = group.setting
        if found is None or found.value != 0 or isinstance(found.value, bool):
            continue
        refused = [
            repr(c.name) for c in group.containers if is_true(setting(obj, c, "runAsNonRoot"))
        ]
        if refused:
            yield Problem("contradiction", found.path, containers=", ".join(refused))
        elif found.from_pod:
            yield Problem("pod-root", found.path, containers=group.names)
        else:
            yield Problem("root", found.path, container=group.containers[0].name)
