"""A pod template refers to a ConfigMap that is not defined in the linted files.

## Why
A container whose `envFrom`, `configMapKeyRef` or volume needs a ConfigMap that does not
exist never starts: the kubelet holds it in `CreateContainerConfigError` (environment) or
`ContainerCreating` (volume) and retries until someone creates the ConfigMap. `kubectl
apply` accepts the workload without complaint, so the typo or the forgotten file shows up
only as a rollout that never finishes.

## Example
```yaml
      containers:
      - name: api
        envFrom:
        - configMapRef:
            name: api-setings      # the ConfigMap is called api-settings
```

## Fix
Add the ConfigMap, fix the name, or mark the reference `optional: true` if the pod can run
without it. ConfigMaps made outside these files on purpose are declared in `.kubelint.yaml`:

```yaml
external-objects:
- {kind: ConfigMap, name: cluster-settings, namespace: shop}
```

Some ConfigMaps count as defined without being written: `kube-root-ca.crt` (in every
namespace since Kubernetes 1.20), `istio-ca-root-cert` (written by istiod into every
namespace of the mesh), the `configMapGenerator` entries of a kustomize Kustomization in the
linted files (kustomize rewrites references to the generated, hash-suffixed name), and a
trust-manager Bundle's target. A pod can only use ConfigMaps of its own namespace; a
workload that writes no namespace may use one written in any.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import data_refs, missing_targets
from kubelint.registry import Problem, rule


@rule(
    "unknown-configmap",
    category="references",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "missing": "no ConfigMap {configmap!r} in namespace {namespace}{times}; add it, mark "
        "the reference optional: true, or declare it under external-objects if it is created "
        "outside these files",
        "similar": "no ConfigMap {configmap!r} in namespace {namespace}{times}; did you mean "
        "{suggestion!r}?",
        "elsewhere": "no ConfigMap {configmap!r} in namespace {namespace}{times}, only in "
        "{others}; pods can only use ConfigMaps from their own namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = data_refs(obj, "ConfigMap")
    if not found:
        return
    refs = ((ref.name, ref.path, ref.optional) for ref in found)
    # One finding per missing ConfigMap, at its first reference.
    for target in missing_targets(ctx.index, "ConfigMap", refs, obj):
        times = f" (referenced {target.count} times here)" if target.count > 1 else ""
        fields: dict[str, Any] = {"configmap": target.name, "namespace": obj.namespace,
                                  "times": times}  # fmt: skip
        if target.others:
            yield Problem("elsewhere", target.path, others=", ".join(target.others), **fields)
        elif target.suggestion:
            yield Problem("similar", target.path, suggestion=target.suggestion, **fields)
        else:
            yield Problem("missing", target.path, **fields)
