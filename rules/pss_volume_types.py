"""A pod uses a volume type the restricted Pod Security Standard does not allow

## Why
Inline volume sources such as `nfs`, `iscsi`, `rbd` or `gitRepo` let a pod author reach
storage (and, for some drivers, run code on the node) without an administrator's say. The
restricted Pod Security Standard (control "Volume Types") allows only `configMap`, `csi`,
`downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and
`secret` volumes, so the API server rejects any other in a namespace that enforces
restricted. (hostPath volumes are reported by `pss-host-path`, at baseline too.)

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      volumes:
      - name: shared
        nfs:
          server: nfs.internal
          path: /exports/shared
```

## Fix
Have an administrator define the storage as a PersistentVolume (or a StorageClass) and mount
it through a `persistentVolumeClaim`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-volume-types",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "volume": "volume {volume!r} is a {type} volume, which the {level} Pod Security "
        "Standard (Volume Types) forbids; mount it through a persistentVolumeClaim",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "volume-types")
