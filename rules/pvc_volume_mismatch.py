"""A claim and the PersistentVolume meant for it cannot bind each other.

## Why
A PersistentVolumeClaim that names its volume in `spec.volumeName` binds it only if the
volume satisfies the claim: at least the requested capacity, the same storage class, the
same volume mode, every requested access mode, and no `claimRef` reserving it for another
claim. A volume that reserves a claim with `spec.claimRef` is taken by that claim only when
capacity, volume mode and access modes fit (the class is not compared). Otherwise the
claim stays `Pending` with a terse event (or, past a reservation that does not fit, takes
some other volume), the pod that mounts it never starts, and nothing failed at
`kubectl apply` time. A `volumeName` that names no volume at all leaves the claim Pending
the same way.

## Example
```yaml
kind: PersistentVolume
metadata:
  name: reports
spec:
  storageClassName: manual
  capacity: {storage: 5Gi}
  accessModes: [ReadWriteOnce]
---
kind: PersistentVolumeClaim
metadata:
  name: reports
spec:
  storageClassName: manual
  volumeName: reports
  accessModes: [ReadWriteMany]      # the volume offers ReadWriteOnce only
  resources:
    requests: {storage: 10Gi}       # more than the volume holds
```

## Fix
Make the claim ask for what the volume offers (or enlarge the volume): a request no larger
than its `capacity.storage`, access modes it lists, the same `volumeMode` and
`storageClassName` (`""` on both for a volume without a class). Volumes created outside
these files are declared in `.kubelint.yaml` under `external-objects`. A claim that writes
no `storageClassName` is given the cluster's default class, so its class is not compared
here (`pvc-missing-storage-class` reports the volumes without a class it will miss).
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.storage import (
    is_claim,
    is_volume,
    mismatches,
    reserved_claim,
    reserved_for_another,
    volume_named,
)


@rule(
    "pvc-volume-mismatch",
    category="references",
    severity="warning",
    kinds={"PersistentVolumeClaim", "PersistentVolume"},
    messages={
        "missing": "volumeName {pv!r} names no PersistentVolume, so the claim stays "
        "Pending; fix the name, or declare the volume under external-objects if it is "
        "created outside these files",
        "claimed": "its volumeName {pv!r} is reserved for claim {other} by the volume's "
        "claimRef, so this claim stays Pending; name another volume or fix the claimRef",
        "capacity": "the claim requests {wanted} but its volumeName {pv!r} holds "
        "{offered}, so the claim stays Pending; request at most {offered} or enlarge the "
        "volume",
        "access-modes": "the claim asks for {wanted}, which its volumeName {pv!r} does not "
        "offer ({offered}), so the claim stays Pending; ask only for modes the volume lists",
        "volume-mode": "the claim asks for volumeMode {wanted} but its volumeName {pv!r} "
        "is {offered}, so the claim stays Pending; use the same volumeMode on both",
        "class": "the claim asks for storageClassName {wanted!r} but its volumeName {pv!r} "
        "has {offered!r}, so the claim stays Pending; use the same class on both",
        "reserved-capacity": "claimRef reserves this volume for claim {claim}, which "
        "requests {wanted}, more than the {offered} it holds; the claim stays Pending "
        "or binds another volume",
        "reserved-access-modes": "claimRef reserves this volume for claim {claim}, which "
        "asks for {wanted} while the volume offers only {offered}; the claim stays Pending "
        "or binds another volume",
        "reserved-volume-mode": "claimRef reserves this volume for claim {claim}, which "
        "asks for volumeMode {wanted} while the volume is {offered}; the claim stays "
        "Pending or binds another volume",
        "reserved-other-volume": "claimRef reserves this volume for claim {claim}, which "
        "names volumeName {other!r}; the reservation is never used; fix the claimRef or "
        "the claim's volumeName",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if is_claim(obj):
        yield from _check_claim(obj, ctx)
    elif is_volume(obj):
        yield from _check_volume(obj, ctx)


def _check_claim(claim: K8sObject, ctx: Context) -> Iterator[Problem]:
    name = claim.get("spec", "volumeName")
    if not isinstance(name, str) or not name:
        return
    pv = volume_named(ctx.index, name)
    if pv is None:
        if not ctx.index.declared_external("PersistentVolume", name, None):
            yield Problem("missing", ("spec", "volumeName"), pv=name)
        return
    if not isinstance(pv.get("spec"), dict):
        return
    ref = reserved_for_another(pv, claim)
    if ref is not None:
        other = f"{ref.namespace}/{ref.name}" if ref.namespace else ref.name
        yield Problem("claimed", ("spec", "volumeName"), pv=name, other=other)
    for found in mismatches(pv, claim, compare_class=True):
        yield Problem(found.reason, found.claim_path, pv=name, wanted=found.wanted,
                      offered=found.offered)  # fmt: skip


def _check_volume(pv: K8sObject, ctx: Context) -> Iterator[Problem]:
    claim = reserved_claim(ctx.index, pv)
    if claim is None:
        return
    fields: dict[str, Any] = {"claim": f"{claim.namespace}/{claim.name}"}
    volume_name = claim.get("spec", "volumeName")
    if isinstance(volume_name, str) and volume_name:
        if volume_name != pv.name:
            yield Problem("reserved-other-volume", ("spec", "claimRef"), on_key=True,
                          other=volume_name, **fields)  # fmt: skip
        return  # the claim names this volume: its own findings say what does not fit
    for found in mismatches(pv, claim, compare_class=False):
        # A list the volume lacks a mode in is pointed at by its key.
        yield Problem(f"reserved-{found.reason}", found.volume_path, wanted=found.wanted,
                      offered=found.offered, on_key=found.reason == "access-modes",
                      **fields)  # fmt: skip
