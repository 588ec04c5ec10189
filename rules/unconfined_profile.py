"""Container runs with its seccomp or AppArmor profile set to `Unconfined`.

## Why
Seccomp and AppArmor are what stand between a container's processes and the parts of the
node's kernel they have no business calling. The runtime's default seccomp profile blocks
about fifty rarely needed system calls (`unshare`, `keyctl`, `bpf`, `mount`...) through which
many kernel exploits and container escapes went; the default AppArmor profile keeps the
container away from `/proc` and `/sys` files it could abuse. `Unconfined` turns that off
explicitly, for the pod or for one container.

The old annotations count as well: `container.apparmor.security.beta.kubernetes.io/<name>`,
and the seccomp ones up to Kubernetes 1.26 (later releases ignore them, and
`deprecated-field` reports them).

## Example
```yaml
    spec:
      securityContext:
        seccompProfile:
          type: Unconfined
```

## Fix
Use `type: RuntimeDefault`. If the application needs a system call the default profile
blocks, write a `Localhost` profile that allows that call and nothing else, rather than
dropping the filter altogether.
"""

from collections.abc import Callable, Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, Container
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import Setting, apparmor, is_windows, placed, seccomp
from kubelint.versions import KubeVersion

Finder = Callable[[K8sObject, Container, KubeVersion], Setting | None]


@rule(
    "unconfined-profile",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "container": "container {container!r} turns its {filter} profile off (Unconfined), "
        "so what the runtime's default profile blocks is open to it; use RuntimeDefault",
        "pod": "the pod turns the {filter} profile of {containers} off (Unconfined), which "
        "leaves open what the runtime's default profile blocks; use RuntimeDefault",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_windows(obj):
        return
    for name, find in (("seccomp", seccomp), ("AppArmor", apparmor)):

        def profile(container: Container, find: Finder = find) -> Setting | None:
            return find(obj, container, ctx.kube_version)

        for group in placed(obj, obj.containers(), profile):
            found = group.setting
            if found is None or found.value != "Unconfined":
                continue
            if found.from_pod:
                yield Problem("pod", found.path, filter=name, containers=group.names)
            else:
                container = group.containers[0].name
                yield Problem("container", found.path, filter=name, container=container)
