"""A probe or lifecycle hook sends its request to another host, which the standard forbids

## Why
`httpGet.host` and `tcpSocket.host` make the kubelet, which runs on the node with the node's
network access, open a connection to any address the pod author chooses: a probe becomes a
way to reach the node's own services or other internal endpoints. From policy v1.34 the
baseline Pod Security Standard (control "Host Probes / Lifecycle Hooks") forbids a non-empty
host in liveness, readiness and startup probes and in `postStart` and `preStop` hooks, so the
API server rejects such a pod in a namespace that enforces baseline or restricted at v1.34 or
later (or `latest`). Namespaces pinned to an older `enforce-version` still admit it.

Checked only for pods under a Pod Security level: the `pod-security.kubernetes.io/enforce`
(and `enforce-version`) labels of their Namespace, which win, else `--pod-security` or
`pod-security:` in the configuration.

## Example
```yaml
        livenessProbe:
          httpGet:
            host: 10.0.0.12
            path: /healthz
            port: 8080
```

## Fix
Remove `host`: the kubelet then probes the pod's own IP. To check a dependency, probe an
endpoint of your own container that checks it.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import pss
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "pss-probe-host",
    category="pod-security",
    severity="error",
    kinds=POD_KINDS,
    messages={
        "host": "container {container!r} sets {handler}.host {host!r}, which the {level} Pod "
        "Security Standard at v{version} (Host Probes / Lifecycle Hooks) forbids; remove it so "
        "the kubelet targets the pod",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from pss.problems(obj, ctx, "probe-host")
