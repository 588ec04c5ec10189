"""The target version no longer serves this apiVersion and kind.

## Why
The API server answers `no matches for kind "Deployment" in version "extensions/v1beta1"`
and the object is never created: the apply fails, and with it often the whole release. It
happens when a cluster is upgraded under manifests written years ago, or when an old
tutorial is copied. An apiVersion is rarely a rename only: `apps/v1` requires the
`spec.selector` that `extensions/v1beta1` made up from the template labels, Ingress
`networking.k8s.io/v1` reshapes every backend, `autoscaling/v2` every metric. Istio removed
its first routing API with 1.0, its `rbac.istio.io` and `authentication.istio.io` policies
with 1.6 and everything Mixer read from `config.istio.io` with 1.8; cert-manager renamed its
API group and later stopped serving its pre-v1 versions.

## Example
```yaml
apiVersion: extensions/v1beta1   # removed in Kubernetes 1.16
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
```

## Fix
Move to the apiVersion the message names (the newest one the target serves) and make the
changes it lists, for example:
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}   # required by apps/v1, and immutable
  template:
    metadata:
      labels: {app: web}
```
`kubectl convert` can do part of the work for Kubernetes kinds, `cmctl convert` for
cert-manager. PodSecurityPolicy has no replacement API: label namespaces for Pod Security
Admission instead. The target version is set with `--kube-version` or `kube-version:` in the
configuration.

`kubelint --fix` migrates Kubernetes kinds to the replacement the target version serves
(a `flowcontrol.apiserver.k8s.io/v1beta1` FlowSchema becomes `v1beta3` at 1.26 to 1.28 and
`v1` from 1.29). Where the new version defaults a field differently, the fix writes the old
default, so the object behaves as before: delete those lines afterwards to adopt the new
defaults. It changes:

- Deployments, DaemonSets, ReplicaSets and StatefulSets from `extensions/v1beta1` and
  `apps/v1beta1`: `spec.selector.matchLabels` gets every template label when the selector is
  missing, and `metadata.labels` the template labels when the object has none (both what the
  old versions filled in). extensions/v1beta1 Deployments keep their rolling update of 1 pod
  (`maxSurge: 1`, `maxUnavailable: 1`, apps/v1 says 25%), every old ReplicaSet
  (`revisionHistoryLimit: 2147483647`, apps/v1 keeps 10) and no progress deadline
  (`progressDeadlineSeconds: 2147483647`, apps/v1 gives up after 600 seconds); apps/v1beta1
  Deployments keep `revisionHistoryLimit: 2`. extensions/v1beta1 DaemonSets and apps/v1beta1
  StatefulSets keep `updateStrategy.type: OnDelete` (apps/v1 rolls pods on every template
  change). The server-written `spec.templateGeneration` of DaemonSets goes. From
  `apps/v1beta2` only the apiVersion changes.
- Ingress from `extensions/v1beta1` and `networking.k8s.io/v1beta1`: `spec.backend` becomes
  `spec.defaultBackend`, `serviceName`/`servicePort` become `service.name` and
  `service.port.number` (a port written as digits, even quoted, is a number) or
  `service.port.name`, and a path without `pathType` gets `ImplementationSpecific`, the
  matching the beta versions used. Resource backends and the `kubernetes.io/ingress.class`
  annotation stay as they are.
- HorizontalPodAutoscaler from `autoscaling/v2beta1`: each metric's target becomes a `target`
  (`targetAverageUtilization` a `Utilization`, `targetAverageValue` an `AverageValue`,
  `targetValue` a `Value`), `metricName` and `selector` (`metricSelector` for external
  metrics) become `metric`, an object metric's `target` becomes `describedObject`.
- PriorityLevelConfiguration: `assuredConcurrencyShares` becomes `nominalConcurrencyShares`
  (v1beta3 and v1), and a share of 0, which the betas read as the default, becomes 30 in v1,
  which would read 0 literally.
- RoleBinding and ClusterRoleBinding from `rbac.authorization.k8s.io/v1alpha1`: a subject's
  `apiVersion` becomes its `apiGroup`, and the subject user `*` the group
  `system:authenticated`, as the API server read them.
- EndpointSlice: `endpoints[].topology` gives its zone to `zone`, its hostname to
  `nodeName` and keeps the rest as `deprecatedTopology`, as the API server converts it.
- Admission webhooks from `admissionregistration.k8s.io/v1beta1`: each webhook gets the
  v1beta1 defaults that v1 changed (`failurePolicy: Ignore`, `matchPolicy: Exact`,
  `timeoutSeconds: 30`) and `admissionReviewVersions: [v1beta1]`, the version the webhook was
  sent.
- CronJob from `batch/v2alpha1`: unset history limits become 2147483647, since v2alpha1 kept
  every finished Job (`batch/v1` keeps 3 successful and 1 failed).
- CronJob, PodDisruptionBudget, RBAC, storage, scheduling, node, coordination, IngressClass,
  APIService, NetworkPolicy and the other kinds whose fields did not change: only the
  apiVersion (an `extensions/v1beta1` PodSecurityPolicy becomes `policy/v1beta1` while a
  target below 1.25 serves it).

These fixes are safe. Three are unsafe, applied only with `--unsafe-fixes`, and the message
says so: a PodDisruptionBudget with an empty selector (`{}`), which selected no pod in
`policy/v1beta1` and selects every pod of the namespace in `policy/v1` (a missing selector
selects nothing in both, so that one is safe); a webhook without `sideEffects` (or with
`Unknown`), which gets `None`, so dry-run requests reach it where v1beta1 refused them; and a
Deployment's `spec.rollbackTo`, which apps/v1 does not have and the fix drops.

There is no fix for a CustomResourceDefinition (v1 needs a structural schema for every
version), a CertificateSigningRequest (v1 needs a signer only you can name), a webhook with
`sideEffects: Some` (it must first learn to skip them on dry runs), PodSecurityPolicy from
1.25, other kinds that changed shape, other projects' APIs, or an object whose shape the
migration does not recognise (a mapping that lost its entries, a backend without a Service).
A fix rewrites the backends and metrics it converts, so comments inside them go; everything
else stays as written.
"""

from collections.abc import Iterator
from typing import Any

from kubelint.apis import choose_replacement, lifecycle
from kubelint.engine import Context
from kubelint.migrate import migrate
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.versions import format_version


@rule(
    "removed-api",
    category="api",
    severity="error",
    fixable="some",
    messages={
        "removed": "{api_version} {kind} was removed in Kubernetes {removed} and is not served "
        "by {target}; use {replacement}: {note}",
        "removed-unsafe": "{api_version} {kind} was removed in Kubernetes {removed} and is not "
        "served by {target}; use {replacement}: {note}; --unsafe-fixes migrates it, but "
        "{caveat}",
        "removed-alone": "{api_version} {kind} was removed in Kubernetes {removed} and is not "
        "served by {target}, and no API replaces it: {note}",
        "never": "{api_version} never had a kind {kind}, so no Kubernetes version serves it; "
        "use {replacement}: {note}",
        "never-alone": "{api_version} never had a kind {kind}, so no Kubernetes version serves "
        "it: {note}",
        "removed-component": "{api_version} {kind} was removed in {component} {removed}; "
        "use {replacement}: {note}",
        "removed-component-alone": "{api_version} {kind} was removed in {component} {removed}: "
        "{note}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not obj.api_version or not obj.kind or obj.kind_guessed:
        return
    entry = lifecycle(obj.api_version, obj.kind)
    if entry is None or not entry.removed_at(ctx.kube_version):
        return
    choice = choose_replacement(entry, ctx.kube_version)
    fields: dict[str, Any] = {
        "api_version": obj.api_version,
        "kind": obj.kind,
        "note": entry.note,
        "target": format_version(ctx.kube_version),
        "removed": format_version(entry.removed) if entry.removed else "",
        "component": entry.component,
    }
    if choice is not None:
        fields["replacement"] = choice.replacement.for_kind(obj.kind)
    migration = None
    if choice is not None and entry.is_kubernetes and choice.served_from is None:
        migration = migrate(obj, choice.replacement)
    fix = migration.fix if migration is not None else None
    at = ("apiVersion",)
    if not entry.is_kubernetes:
        yield Problem("removed-component" if choice else "removed-component-alone", at, **fields)
    elif entry.never_served:
        yield Problem("never" if choice else "never-alone", at, fix=fix, **fields)
    elif choice is None:
        yield Problem("removed-alone", at, **fields)
    elif migration is not None and migration.caveat is not None:
        yield Problem("removed-unsafe", at, fix=fix, caveat=migration.caveat, **fields)
    else:
        yield Problem("removed", at, fix=fix, **fields)
