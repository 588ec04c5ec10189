"""A container mounts a volume that its pod does not declare.

## Why
Every `volumeMounts` (and `volumeDevices`) entry names a volume of the pod. When no volume
has that name (a typo, a volume renamed or removed on one side only, an indentation slip
that moved `volumes:` elsewhere), the API server rejects the pod template: `kubectl apply`
of the Pod, Deployment, DaemonSet or Job fails with `volumeMounts[0].name: Not found`. A
StatefulSet, whose template the API does not check this far, applies cleanly, and then its
controller fails to create every pod, which shows up only as a rollout that never starts.

## Example
```yaml
      containers:
      - name: web
        volumeMounts:
        - name: static-files        # the volume below is called static
          mountPath: /usr/share/nginx/html
      volumes:
      - name: static
        configMap:
          name: web-static
```

## Fix
Use the name of a volume under the pod's `volumes`, or add the volume. In a StatefulSet, the
`metadata.name` of each `volumeClaimTemplates` entry is a volume too: mount it by that name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import pod_volumes, similar_name, volume_uses
from kubelint.registry import Problem, rule


@rule(
    "undeclared-volume",
    category="workloads",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "missing": "container {container!r} names volume {volume!r} in {field}, but the pod "
        "has no such volume, so the API rejects it; add the volume or fix the name",
        "similar": "container {container!r} names volume {volume!r} in {field}, but the pod "
        "has no such volume, so the API rejects it; did you mean {suggestion!r}?",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    uses = volume_uses(obj)  # none without a pod spec
    if not uses:
        return
    declared = sorted({volume.name for volume in pod_volumes(obj)})
    for use in uses:
        if use.name in declared:
            continue
        fields: dict[str, Any] = {
            "container": use.container.name,
            "volume": use.name,
            "field": "volumeDevices" if use.device else "volumeMounts",
        }
        close = similar_name(use.name, declared)
        if close:
            yield Problem("similar", use.path, suggestion=close, **fields)
        else:
            yield Problem("missing", use.path, **fields)
