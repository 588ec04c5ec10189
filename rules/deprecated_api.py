"""The target version still serves this apiVersion and kind, but it is deprecated.

## Why
A deprecated beta or alpha API is served for a few more releases and then disappears: the
upgrade that removes it makes `kubectl apply` fail with `no matches for kind`. The API server
already answers every request for it with a warning that CI logs tend to hide. Migrating
while both versions are served is cheap, because objects can be switched one by one and
rolled back; migrating after the removal happens under pressure. A few GA kinds are
deprecated without a removal date (`v1 Endpoints`, `v1 ComponentStatus`): they keep working
but are no longer developed.

## Example
```yaml
# with kube-version: "1.24"
apiVersion: autoscaling/v2beta2   # deprecated in 1.23, not served from 1.26
kind: HorizontalPodAutoscaler
```

## Fix
Move to the apiVersion the message names (the newest one the target serves) and make the
changes it lists. `networking.istio.io/v1alpha3` and `v1beta1` are not deprecated, although
Istio now documents `v1`.

`kubelint --fix` makes the migration removed-api describes, when the target version already
serves the replacement and the migration keeps behaviour: the safe ones only, since the
deprecated version still works. A PodDisruptionBudget with an empty selector or a webhook
without `sideEffects` is left for you (removed-api offers those with `--unsafe-fixes` once
the version is gone). The migrated manifest needs the target version or newer: a
`networking.k8s.io/v1` Ingress written at 1.19 no longer applies to a 1.18 cluster.
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
    "deprecated-api",
    category="api",
    severity="warning",
    fixable="safe",
    messages={
        "deprecated": "{api_version} {kind} is deprecated since Kubernetes {deprecated} and is "
        "not served from {removed}; use {replacement}: {note}",
        "deprecated-later": "{api_version} {kind} is deprecated since Kubernetes {deprecated} "
        "and is not served from {removed}; {replacement} replaces it from Kubernetes "
        "{served_from}: {note}",
        "deprecated-alone": "{api_version} {kind} is deprecated since Kubernetes {deprecated} "
        "and is not served from {removed}, and no API replaces it: {note}",
        "deprecated-kept": "{api_version} {kind} is deprecated since Kubernetes {deprecated} "
        "(no removal is scheduled); use {replacement}: {note}",
        "deprecated-kept-alone": "{api_version} {kind} is deprecated since Kubernetes "
        "{deprecated} (no removal is scheduled): {note}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not obj.api_version or not obj.kind or obj.kind_guessed:
        return
    entry = lifecycle(obj.api_version, obj.kind)
    # Other components' deprecations have no target version to compare with: their APIs are
    # reported by removed-api once gone.
    if entry is None or not entry.is_kubernetes or not entry.deprecated_at(ctx.kube_version):
        return
    choice = choose_replacement(entry, ctx.kube_version)
    fields: dict[str, Any] = {
        "api_version": obj.api_version,
        "kind": obj.kind,
        "note": entry.note,
        "deprecated": format_version(entry.deprecated) if entry.deprecated else "",
        "removed": format_version(entry.removed) if entry.removed else "",
    }
    at = ("apiVersion",)
    if choice is None:
        message = "deprecated-alone" if entry.removed else "deprecated-kept-alone"
        yield Problem(message, at, **fields)
    elif choice.served_from is not None:
        yield Problem(
            "deprecated-later",
            at,
            replacement=choice.replacement.for_kind(obj.kind),
            served_from=format_version(choice.served_from),
            **fields,
        )
    else:
        # only a migration that keeps behaviour: a deprecated API still works
        migration = migrate(obj, choice.replacement)
        fix = migration.fix if migration is not None and migration.fix.safe else None
        message = "deprecated" if entry.removed else "deprecated-kept"
        yield Problem(
            message, at, fix=fix, replacement=choice.replacement.for_kind(obj.kind), **fields
        )
