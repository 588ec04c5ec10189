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

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.engine import Context
from kubelint.kube import selector_matches
from kubelint.objects import K8sObject
from kubelint.quantity import parse_quantity
from kubelint.registry import Problem, rule

#: The annotation that named the class before ``spec.storageClassName`` (still honoured).
_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


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
    if obj.group != "" or not isinstance(spec, Mapping) or _has_class(obj, spec):
        return
    if spec.get("dataSource") or spec.get("dataSourceRef"):
        return  # a clone or a restore: meant to be provisioned
    volume_name = spec.get("volumeName")
    for pv in ctx.index.of_kind("PersistentVolume", group=""):
        pv_spec = pv.get("spec")
        if not isinstance(pv_spec, Mapping) or _has_class(pv, pv_spec):
            continue
        if volume_name:
            if pv.name == volume_name:
                yield Problem("prebound", ("spec", "storageClassName"), pv=pv.name)
                return
        elif _satisfies(pv, pv_spec, obj, spec):
            capacity = pv.get("spec", "capacity", "storage")
            modes = ", ".join(str(m) for m in pv_spec.get("accessModes") or [])
            yield Problem(
                "unbound", ("spec", "storageClassName"), pv=pv.name, capacity=capacity,
                modes=modes,
            )  # fmt: skip
            return


def _has_class(obj: K8sObject, spec: Mapping[str, Any]) -> bool:
    """Whether a class is chosen: any written storageClassName, "" included."""
    return spec.get("storageClassName") is not None or _CLASS_ANNOTATION in obj.annotations


def _satisfies(
    pv: K8sObject, pv_spec: Mapping[str, Any], claim: K8sObject, spec: Mapping[str, Any]
) -> bool:
    """Whether the volume could bind the claim if their classes matched."""
    claim_ref = pv_spec.get("claimRef")
    if isinstance(claim_ref, Mapping) and claim_ref.get("name"):
        if claim_ref.get("name") != claim.name:
            return False
        if claim_ref.get("namespace", claim.namespace) != claim.namespace:
            return False
    wanted = spec.get("accessModes")
    offered = pv_spec.get("accessModes")
    if not isinstance(wanted, list) or not isinstance(offered, list):
        return False
    if not set(map(str, wanted)) <= set(map(str, offered)):
        return False
    if spec.get("volumeMode", "Filesystem") != pv_spec.get("volumeMode", "Filesystem"):
        return False
    selector = spec.get("selector")
    if isinstance(selector, Mapping) and not selector_matches(selector, pv.labels):
        return False
    requested = parse_quantity(claim.get("spec", "resources", "requests", "storage"))
    capacity = parse_quantity(pv.get("spec", "capacity", "storage"))
    return requested is not None and capacity is not None and capacity.value >= requested.value
