"""A pod declares a volume that no container mounts.

## Why
A volume only reaches a container through a `volumeMounts` (or `volumeDevices`) entry. One
that nothing mounts is usually a mistake on the other side: the mount was forgotten, or
renamed, and the application runs without the configuration, credentials or data it was
meant to see (and falls back to defaults without a word). When it is really unused, it still
costs something: the kubelet fetches its ConfigMap or Secret, a claim is bound and attached,
and a StatefulSet claim template makes a claim for every replica.

## Example
```yaml
      containers:
      - name: web
        volumeMounts:
        - name: config
          mountPath: /etc/nginx/conf.d
      volumes:
      - name: config
        configMap: {name: web-config}
      - name: tls                   # mounted by no container
        secret: {secretName: web-tls}
```

## Fix
Mount the volume in the container that needs it, or remove it. Init containers and
ephemeral containers count as mounting it, and so does the Istio proxy for the volumes the
pod template's `sidecar.istio.io/userVolumeMount` annotation names.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import injected_mounts, pod_volumes, volume_uses
from kubelint.registry import Problem, rule


@rule(
    "unused-volume",
    category="workloads",
    severity="info",
    kinds=POD_KINDS,
    messages={
        "volume": "volume {volume!r} is mounted by no container; mount it where it is "
        "needed or remove it",
        "claim-template": "volume claim template {volume!r} is mounted by no container, yet "
        "every replica gets a claim for it; mount it or remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    volumes = pod_volumes(obj)
    if not volumes or not any(True for _ in obj.containers()):
        return  # no containers at all: a broken template, reported by other rules
    used = {use.name for use in volume_uses(obj)} | injected_mounts(obj)
    for volume in volumes:
        if volume.name not in used:
            used.add(volume.name)  # a name declared twice is reported once
            message = "claim-template" if volume.claim_template else "volume"
            yield Problem(message, volume.path, volume=volume.name)
