"""A custom resource whose schema kubelint does not know, so its fields go unchecked.

## Why
kubelint validates a custom resource against the `openAPIV3Schema` of its
CustomResourceDefinition. When the CRD is in none of the linted files, the project, or the
files named under `crds:` in the configuration (and is not one kubelint ships, such as
Istio's), a typo in the resource goes unnoticed until `kubectl apply`. This is reported once
per apiVersion and kind, on its first object.

## Example
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor     # its CRD is installed by a chart that is not in this repository
```

## Fix
Add the CRD's file (or a folder of CRDs) to `crds:` in `.kubelint.yaml`, or disable this
rule if you do not want custom resources validated.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.apis import lifecycle
from kubelint.engine import Context
from kubelint.kube import TOOL_GROUPS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.schema import builtin_kinds, schema_version, schemas_for


@rule(
    "missing-schema",
    category="schema",
    severity="info",
    messages={
        "missing": "no schema is known for {kind} ({api_version}){others}, so its fields are "
        "not checked; add its CustomResourceDefinition to `crds:` in the configuration",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.kind_guessed or not obj.kind or not obj.api_version or "/" not in obj.api_version:
        return
    if obj.group in builtin_kinds() or obj.group in TOOL_GROUPS:
        return
    if lifecycle(obj.api_version, obj.kind) is not None:
        return
    if schema_version(ctx.kube_version) is None:
        return
    if schemas_for(ctx).root(obj.api_version, obj.kind) is not None:
        return
    same = [o for o in ctx.index.of_kind(obj.kind) if o.api_version == obj.api_version]
    if same and same[0] is not obj:
        return
    others = f" and {len(same) - 1} more" if len(same) > 1 else ""
    yield Problem("missing", ("kind",), kind=obj.kind, api_version=obj.api_version, others=others)
