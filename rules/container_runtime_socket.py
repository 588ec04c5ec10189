"""Pod mounts the container runtime's socket (Docker, containerd, CRI-O) from its node.

## Why
The runtime's socket is the API that starts every container on the node. A container that
can reach it can start a privileged container with the node's root filesystem mounted, read
every other container's files and environment, or stop them: it is root on the node, and
on every node its pods land on. This holds for a read-only mount too (connecting to a
socket is not a write to the file), and for a mount of the directory that holds the
socket (`/run/containerd`), or of a parent directory with a `subPath` that leads to it.

Such a mount used to be how CI jobs built images (Docker-in-Docker through the host's
daemon) and how some agents listed containers. Since Kubernetes 1.24 removed dockershim,
most nodes run containerd or CRI-O and have no Docker socket at all: there the pod is
dangerous and broken at once.

## Example
```yaml
      volumes:
      - name: docker
        hostPath:
          path: /var/run/docker.sock
```

## Fix
Build images with a daemonless builder (BuildKit rootless, kaniko, buildah) or a remote
builder; read container metadata from the Kubernetes API or the kubelet's read-only
endpoints instead of the runtime. If a trusted node agent truly needs the socket, run it in
its own namespace under a restrictive policy and suppress the finding with the reason.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import mounted_host_paths, runtime_socket


@rule(
    "container-runtime-socket",
    category="security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "socket": "container {container!r} mounts the {runtime} socket of its node "
        "({host_path!r}, volume {volume!r}), so it can start privileged containers there: "
        "it is root on the node; remove the mount",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for volume in mounted_host_paths(obj):
        for container, host_path in volume.mounted:
            runtime = runtime_socket(host_path)
            if runtime is not None:
                yield Problem(
                    "socket", volume.path, container=container.name, runtime=runtime,
                    host_path=host_path, volume=volume.name,
                )  # fmt: skip
                break
