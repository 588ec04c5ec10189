"""A pod template mounts a PersistentVolumeClaim that is not defined in the linted files.

## Why
A pod whose `persistentVolumeClaim` volume names a claim that does not exist is never
scheduled: it stays `Pending` with `persistentvolumeclaim "..." not found` in its events,
and a Deployment's rollout waits forever. The workload itself applies cleanly, so a typo in
`claimName` or a claim left out of the repository is found only when the pod does not come
up.

## Example
```yaml
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: eng-app-data-pv     # the claim is called eng-app-data-pvc
```

## Fix
Add the PersistentVolumeClaim, or fix `claimName`. Claims created outside these files on
purpose are declared in `.kubelint.yaml`:

```yaml
external-objects:
- {kind: PersistentVolumeClaim, name: shared-media, namespace: media}
```

A StatefulSet does not need this: its `volumeClaimTemplates` make one claim per replica
(`<template>-<statefulset>-<ordinal>`), and those names count as defined when another pod
mounts them. So do the claims of a bare Pod's generic ephemeral volumes
(`<pod>-<volume>`) and a KubeVirt DataVolume's claim. For scratch space that lives and dies
with the pod, an `ephemeral` volume needs no claim written at all. A pod can only mount
claims of its own namespace.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import claim_refs, missing_targets
from kubelint.registry import Problem, rule

_KIND = "PersistentVolumeClaim"


@rule(
    "unknown-pvc",
    category="references",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "missing": "no PersistentVolumeClaim {claim!r} in namespace {namespace}; add it, fix "
        "the claimName, or declare it under external-objects if it is created outside these "
        "files",
        "similar": "no PersistentVolumeClaim {claim!r} in namespace {namespace}; did you mean "
        "{suggestion!r}?",
        "elsewhere": "no PersistentVolumeClaim {claim!r} in namespace {namespace}, only in "
        "{others}; pods can only mount claims from their own namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    refs = ((ref.name, ref.path, False) for ref in claim_refs(obj))
    for target in missing_targets(ctx.index, _KIND, refs, obj):
        fields: dict[str, Any] = {"claim": target.name, "namespace": obj.namespace}
        if target.others:
            yield Problem("elsewhere", target.path, others=", ".join(target.others), **fields)
        elif target.suggestion:
            yield Problem("similar", target.path, suggestion=target.suggestion, **fields)
        else:
            yield Problem("missing", target.path, **fields)
