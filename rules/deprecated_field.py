"""A field, annotation, node label or volume type that is deprecated at the target version.

## Why
Many Kubernetes features started as annotations or beta labels and were later replaced by
fields and GA labels. The old spelling keeps being accepted long after it stopped
mattering: the seccomp annotations have done nothing since 1.27, `beta.kubernetes.io/os` is a
node label kept only for compatibility, the `Recycle` reclaim policy is abandoned in favour
of dynamic provisioning, and in-tree volume plugins such as `glusterfs` or `cephfs` were
deleted outright, so pods that use them no longer start. Nothing fails when the manifest is
applied, which is why these survive for years.

## Example
```yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: data
spec:
  persistentVolumeReclaimPolicy: Recycle
  nfs: {server: nfs.example.com, path: /exports/data}
```

## Fix
Write what the message names instead: the field (`spec.securityContext.seccompProfile`,
`spec.ingressClassName`, `spec.storageClassName`), the GA label (`kubernetes.io/os`,
`topology.kubernetes.io/zone`), a CSI driver for the storage, or dynamic provisioning instead
of `Recycle`. A finding appears only once the target version has deprecated the field.
"""

from collections.abc import Iterator

from kubelint.apis import FieldDeprecation, deprecated_fields
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.versions import KubeVersion, format_version


@rule(
    "deprecated-field",
    category="api",
    severity="warning",
    messages={
        "annotation": "annotation {key!r} is deprecated since Kubernetes {since}; {replacement}",
        "annotation-defunct": "annotation {key!r} has no effect since Kubernetes {defunct}; "
        "{replacement}",
        "node-label": "node label {key!r} is deprecated since Kubernetes {since}; "
        "use {replacement!r}",
        "field": "{key} is deprecated since Kubernetes {since}; {replacement}",
        "field-undated": "{key} is deprecated; {replacement}",
        "value": "{key}: {value} is deprecated since Kubernetes {since}; {replacement}",
        "value-undated": "{key}: {value} is deprecated; {replacement}",
        "volume": "volume type {key} is deprecated since Kubernetes {since}; {replacement}",
        "volume-undated": "volume type {key} is deprecated; {replacement}",
        "volume-defunct": "volume type {key} was removed in Kubernetes {defunct} and can no "
        "longer be mounted; {replacement}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    target = ctx.kube_version
    for use in deprecated_fields(obj):
        deprecation = use.deprecation
        if not deprecation.applies(target):
            continue
        yield Problem(
            message_for(deprecation, target),
            use.path,
            on_key=use.on_key,
            key=use.name,
            value=deprecation.value or "",
            since=format_version(deprecation.since) if deprecation.since else "",
            defunct=format_version(deprecation.defunct) if deprecation.defunct else "",
            replacement=deprecation.replacement,
        )


def message_for(deprecation: FieldDeprecation, target: KubeVersion) -> str:
    """The message id for a deprecation at ``target``: by what is deprecated, then by whether
    it still works and whether a version is known."""
    base = "value" if deprecation.value is not None else deprecation.where
    base = {"pod-annotation": "annotation"}.get(base, base)
    if deprecation.defunct_at(target):
        return f"{base}-defunct"
    return base if deprecation.since is not None else f"{base}-undated"
