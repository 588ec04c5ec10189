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

import functools
from collections.abc import Iterator
from typing import Any

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
    if obj.kind_guessed or not obj.kind:
        return
    found = _finding(obj.group, obj.version, obj.api_version, obj.kind)
    if found is None:
        return  # the common case, decided once per apiVersion and kind
    if f"{obj.api_version}/{obj.kind}" in schemas_for(ctx).crds:
        return
    message, at, fields = found
    yield Problem(message, at, **fields)


@functools.lru_cache(maxsize=1024)
def _finding(
    group: str, version: str, api_version: str, kind: str
) -> tuple[str, tuple[str], dict[str, Any]] | None:
    """(message, path, fields) of the finding for an object of ``kind`` in ``api_version``
    unless a CRD defines it; None when there is none."""
    kinds = builtin_kinds().get(group)
    if kinds is None:
        return None
    if not KUBE_VERSION().fullmatch(version):
        return None  # not a Kubernetes API group (`apiVersion: builtin` is kustomize's)
    if lifecycle(api_version, kind) is not None:
        return None  # a kind the API rules know about: removed, deprecated or not served yet
    shown = group or "core (v1)"
    if kind in kinds:
        versions = builtin_versions(group, kind)
        if api_version not in versions:
            fields = {"kind": kind, "api_version": api_version, "versions": " or ".join(versions)}
            return "version", ("apiVersion",), fields
        return None
    suggestion = similar_field(kind, kinds)
    if suggestion:
        return "similar", ("kind",), {"group": shown, "kind": kind, "suggestion": suggestion}
    return "kind", ("kind",), {"group": shown, "kind": kind}
