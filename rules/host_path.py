"""Pod mounts a file or directory of its node (`hostPath` volume).

## Why
A `hostPath` volume hands a container part of its node's filesystem. What the container
reads depends on which node it lands on, and what it writes stays on that node after the
pod is gone, readable by the next pod that mounts it; a writable mount of a system
directory (`/etc`, `/var/lib/kubelet`, `/`) lets the container change the node itself.
Host paths are also the usual way out of a container: the node's credentials, the kubelet's
files and the runtime's socket are all files.

Log collectors, CSI drivers, node exporters and device plugins need host paths; application
pods almost never do. The container runtime's socket is reported, as an error, by
`container-runtime-socket` instead. A volume no container mounts is left to `unused-volume`.

## Example
```yaml
      volumes:
      - name: data
        hostPath:
          path: /srv/data
```

## Fix
Keep data in a PersistentVolumeClaim (a `local` PersistentVolume if it must stay on one
node's disk), configuration in a ConfigMap or Secret, scratch space in an `emptyDir`. Where a
node agent needs the host path, mount it `readOnly: true` if it only reads, and say why in a
suppression comment.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import SOCKET_PARENTS, host_path_key, mounted_host_paths, runtime_socket


@rule(
    "host-path",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "writable": "container {container!r} mounts {host_path!r} of its node writable "
        "(volume {volume!r}): what it writes changes the node and outlives the pod; use a "
        "PersistentVolumeClaim, a ConfigMap or an emptyDir instead",
        "read-only": "container {container!r} mounts {host_path!r} of its node (volume "
        "{volume!r}), so it reads whatever that node holds; use a ConfigMap, a Secret or a "
        "PersistentVolumeClaim instead",
        "socket-parent": "container {container!r} mounts {host_path!r} of its node (volume "
        "{volume!r}), which holds the container runtime's socket among much else: whoever "
        "controls the container controls the node; mount only the files it needs",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for volume in mounted_host_paths(obj):
        if any(runtime_socket(host_path) for _, host_path in volume.mounted):
            continue
        if host_path_key(volume.host_path) in SOCKET_PARENTS:
            message = "socket-parent"
        else:
            message = "writable" if volume.writable else "read-only"
        yield Problem(
            message, volume.path, container=volume.container.name, host_path=volume.host_path,
            volume=volume.name,
        )  # fmt: skip
