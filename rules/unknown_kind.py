"""A Kubernetes API group that has no such kind, or does not serve it in that version.

## Why
`apiVersion: apps/v1` with `kind: Deploymnet`, or `apiVersion: apps/v2`, names something no
Kubernetes release serves: `kubectl apply` fails with "no matches for kind". kubelint knows
every kind of the built-in API groups from 1.25 on; kinds that were removed earlier are
reported by `removed-api`.

## Example
```yaml
apiVersion: apps/v1
kind: Deploymnet
```

## Fix
Correct the kind (kinds are case-sensitive: `ConfigMap`, not `Configmap`) or the version.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.apis import lifecycle
from kubelint.engine import Context
from kubelint.lazy import regex
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.schema import builtin_kinds, builtin_versions, schemas_for, similar_field

KUBE_VERSION = regex(r"v\d+((alpha|beta)\d+)?")


@rule(
    "unknown-kind",
    category="schema",
    severity="error",
    messages={
        "kind": "the API group {group} has no kind {kind!r}, so the API rejects the object; "
        "check the kind's spelling",
        "similar": "the API group {group} has no kind {kind!r}, so the API rejects the object; "
        "did you mean {suggestion!r}?",
        "version": "no Kubernetes release serves {kind} as {api_version}; use {versions}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    kinds = builtin_kinds().get(obj.group)
    if kinds is None or obj.kind_guessed or not obj.kind:
        return
    if not KUBE_VERSION().fullmatch(obj.version):
        return  # not a Kubernetes API group (`apiVersion: builtin` is kustomize's)
    if lifecycle(obj.api_version, obj.kind) is not None:
        return  # a kind the API rules know about: removed, deprecated or not served yet
    if f"{obj.api_version}/{obj.kind}" in schemas_for(ctx).crds:
        return
    group = obj.group or "core (v1)"
    if obj.kind in kinds:
        versions = builtin_versions(obj.group, obj.kind)
        if obj.api_version not in versions:
            yield Problem(
                "version",
                ("apiVersion",),
                kind=obj.kind,
                api_version=obj.api_version,
                versions=" or ".join(versions),
            )
        return
    suggestion = similar_field(obj.kind, kinds)
    if suggestion:
        yield Problem("similar", ("kind",), group=group, kind=obj.kind, suggestion=suggestion)
    else:
        yield Problem("kind", ("kind",), group=group, kind=obj.kind)
