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
"""

from collections.abc import Iterator
from typing import Any

from kubelint.apis import choose_replacement, lifecycle
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.versions import format_version


@rule(
    "removed-api",
    category="api",
    severity="error",
    messages={
        "removed": "{api_version} {kind} was removed in Kubernetes {removed} and is not served "
        "by {target}; use {replacement}: {note}",
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
    at = ("apiVersion",)
    if not entry.is_kubernetes:
        yield Problem("removed-component" if choice else "removed-component-alone", at, **fields)
    elif entry.never_served:
        yield Problem("never" if choice else "never-alone", at, **fields)
    elif choice is None:
        yield Problem("removed-alone", at, **fields)
    else:
        yield Problem("removed", at, **fields)
