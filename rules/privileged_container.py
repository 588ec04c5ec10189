"""Container runs privileged (or as a Windows HostProcess container).

## Why
A privileged container gets every Linux capability, sees all of the node's devices and runs
without the seccomp and AppArmor confinement other containers get. Root inside it is root on
the node: it can mount the node's disks, load kernel modules and reach every other pod on
the node. A bug or a compromised dependency in it is a compromise of the node. A Windows
HostProcess container is the same on Windows: it runs as a process of the node itself.

Node agents (CNI plugins, storage drivers, some monitoring) do need it; everything else
almost never does.

## Example
```yaml
      containers:
      - name: app
        image: ghcr.io/acme/app:2.3.1
        securityContext:
          privileged: true
```

## Fix
Remove `privileged: true` and give the container only what it needs: usually nothing, or one
capability (`capabilities: {add: [NET_ADMIN]}`) or one device. For a node agent that really
needs it, keep it and say why in a suppression comment
(`# kubelint: disable=privileged-container`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import setting


@rule(
    "privileged-container",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "privileged": "container {container!r} runs privileged, with every capability and "
        "the node's devices, so whoever controls it controls the node; remove "
        "privileged: true and add only the capabilities it needs",
        "host-process": "container {container!r} is a Windows HostProcess container: it runs "
        "as a process of the node, with the node's privileges; use an ordinary container "
        "unless it manages the node itself",
        "pod-host-process": "the pod makes {containers} Windows HostProcess containers, which "
        "run as processes of the node, with the node's privileges; use ordinary containers "
        "unless the pod manages the node itself",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    inherited: list[str] = []
    pod_path = None
    for container in obj.containers():
        privileged = setting(obj, container, "privileged")
        if privileged is not None and privileged.value is True:
            yield Problem("privileged", privileged.path, container=container.name)
            continue
        options = setting(obj, container, "windowsOptions")
        if options is None or not isinstance(options.value, dict):
            continue
        if options.value.get("hostProcess") is not True:
            continue
        if options.from_pod:
            inherited.append(repr(container.name))
            pod_path = (*options.path, "hostProcess")
        else:
            path = (*options.path, "hostProcess")
            yield Problem("host-process", path, container=container.name)
    if pod_path is not None:
        yield Problem("pod-host-process", pod_path, containers=", ".join(inherited))
