"""A pod mounts a hostPath volume where the Pod Security Standard forbids it.

## Why
A hostPath volume exposes a directory of the node to the pod: the container runtime socket,
the kubelet's credentials, other pods' data. The baseline Pod Security Standard (control
"HostPath Volumes") forbids them, and restricted allows only a short list of volume types
that excludes them, so the API server rejects the pod in a namespace that enforces either.
(At restricted the admission controller names the violation "restricted volume types";
kubelint reports hostPath volumes here at both levels and the other types under
`pss-volume-types`.)

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
      volumes:
      - name: logs
        hostPath:
          path: /var/log
```

## Fix
Use a persistentVolumeClaim for data that must outlive the pod, an emptyDir for scratch
space, a configMap or secret for configuration. Node agents that must read the node belong in
a namespace labelled `enforce: privileged`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-host-path",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "host-path": "volume {volume!r} is a hostPath volume, which the {level} Pod Security "
        "Standard (HostPath Volumes) forbids; use a persistentVolumeClaim, emptyDir, configMap "
        "or secret instead",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "host-path")
