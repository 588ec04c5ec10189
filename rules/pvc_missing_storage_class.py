"""A claim without `storageClassName` will not bind the PersistentVolume written for it.

## Why
A PersistentVolumeClaim that leaves out `storageClassName` does not mean "no class": on a
cluster with a default StorageClass (almost every managed cluster) the admission plugin
fills in the default, the claim is provisioned dynamically, and the static
PersistentVolume written next to it (which has no class) stays `Available` forever. The
data the pod expected on that NFS share or disk is not there. Setting `volumeName` alone
does not help: the classes must still match.

## Example
```yaml
kind: PersistentVolume
metadata:
  name: eng-app
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  nfs: {server: pvserver, path: /opt/nfs/eng_app}
---
kind: PersistentVolumeClaim
metadata:
  name: eng-app-pvc
spec:                       # no storageClassName: the default class takes it
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 10Gi}
```

## Fix
Set `storageClassName: ""` on the claim to ask explicitly for a volume without a class, and
`volumeName: <pv>` to bind that PersistentVolume and no other. Alternatively give the
PersistentVolume and the claim the same non-default class name.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.storage import (
    could_bind_unclassed,
    has_class,
    is_claim,
    spec_of,
    unclassed_volume_named,
    unclassed_volumes,
)


@rule(
    "pvc-missing-storage-class",
    category="references",
    severity="info",
    kinds={"PersistentVolumeClaim"},
    messages={
        "unbound": "claim has no storageClassName, so with a default StorageClass it is "
        "provisioned dynamically and never binds PersistentVolume {pv!r} ({capacity}, "
        '{modes}); set storageClassName: "" and volumeName: {pv}',
        "prebound": "claim has no storageClassName, so with a default StorageClass it never "
        'binds its volumeName {pv!r}, which has no class; set storageClassName: ""',
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    spec = obj.get("spec")
    if not is_claim(obj) or not isinstance(spec, dict) or has_class(obj):
        return
    if spec.get("dataSource") or spec.get("dataSourceRef"):
        return  # a clone or a restore: meant to be provisioned
    volume_name = spec.get("volumeName")
    if volume_name:
        if unclassed_volume_named(ctx.index, str(volume_name)) is not None:
            yield Problem("prebound", ("spec", "storageClassName"), pv=str(volume_name))
        return
    for pv in unclassed_volumes(ctx.index):
        if could_bind_unclassed(pv, obj):
            modes = ", ".join(str(m) for m in spec_of(pv).get("accessModes") or [])
            yield Problem(
                "unbound", ("spec", "storageClassName"), pv=pv.name,
                capacity=pv.get("spec", "capacity", "storage"), modes=modes,
            )  # fmt: skip
            return
