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

`kubelint --fix` writes the replacement where it is mechanical; the others (volume plugins,
`Recycle`, `loadBalancerIP`, tcpSocket hooks, the critical-pod annotation) are left to you.
Safe fixes, which do exactly what the old spelling did:

- the seccomp annotations become `seccompProfile` in the pod's or the named container's
  `securityContext` (`runtime/default` and `docker/default` -> `type: RuntimeDefault`,
  `localhost/<file>` -> `type: Localhost` with `localhostProfile: <file>`, `unconfined` ->
  `type: Unconfined`), which is what the API server itself did with them up to 1.26;
- the AppArmor annotations become `appArmorProfile` in the named container's
  `securityContext`, the same way (from 1.30, where the API server converts between the two);
- the node labels `beta.kubernetes.io/os` and `beta.kubernetes.io/arch` become
  `kubernetes.io/os` and `kubernetes.io/arch`, which every kubelet sets with the same values;
- `trafficDistribution: PreferClose` becomes `PreferSameZone`, its new name, from 1.34 (1.33
  accepts the new name only behind an alpha feature gate);
- `serviceAccount` becomes `serviceAccountName`, of which it is an alias;
- the `topology-aware-hints` annotation set to `auto` or `Auto` becomes
  `service.kubernetes.io/topology-mode: Auto`;
- the `storage-class` annotation becomes `spec.storageClassName` (the API lets an existing
  claim make that move), and the `mount-options` annotation becomes `spec.mountOptions`, split
  at its commas as the kubelet does;
- an Istio fault's `delay.percent` becomes `delay.percentage.value`.

Where the replacement is already written, the old spelling is just deleted when that changes
nothing: both say the same, or the replacement wins anyway (`serviceAccountName`,
`percentage`). Otherwise there is no fix.

Unsafe fixes, applied with `--unsafe-fixes`:

- `kubernetes.io/ingress.class` becomes `spec.ingressClassName`: the annotation names a class
  the controller answers to, the field an IngressClass object, which must exist with that
  name (and a few controllers still read only the annotation);
- the node labels `failure-domain.beta.kubernetes.io/zone` and `region`,
  `beta.kubernetes.io/instance-type` and `node-role.kubernetes.io/master` become their GA
  names: cloud providers, installers or people set these, and some nodes may carry only the
  old label;
- any node label in a PersistentVolume's node affinity (which cannot change once the volume
  exists) or a StorageClass's topologies (read by a provisioner that may know only the old
  key);
- an annotation that no longer has any effect at the target version (seccomp from 1.27,
  `tolerate-unready-endpoints` from 1.24, the init-container and sysctl annotations):
  writing the field turns on what has been off since, so check the workload still runs. The
  init-container annotation's JSON list becomes `spec.initContainers`, the sysctl
  annotations' `name=value` pairs `spec.securityContext.sysctls`, and
  `tolerate-unready-endpoints: "true"` `spec.publishNotReadyAddresses: true`. Below 1.27
  (seccomp) and 1.24 (`tolerate-unready-endpoints`), where the annotations still worked,
  these fixes are safe.
"""

from collections.abc import Iterator

from kubelint.apis import FieldDeprecation, deprecated_fields, field_fix
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.versions import KubeVersion, format_version


@rule(
    "deprecated-field",
    category="api",
    severity="warning",
    fixable="some",
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
            fix=field_fix(obj, use, target),
        )


def message_for(deprecation: FieldDeprecation, target: KubeVersion) -> str:
    """The message id for a deprecation at ``target``: by what is deprecated, then by whether
    it still works and whether a version is known."""
    base = "value" if deprecation.value is not None else deprecation.where
    base = {"pod-annotation": "annotation"}.get(base, base)
    if deprecation.defunct_at(target):
        return f"{base}-defunct"
    return base if deprecation.since is not None else f"{base}-undated"
