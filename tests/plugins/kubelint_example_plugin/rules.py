"""Workloads carry an `owner` annotation naming the team that runs them.

## Why
When a workload misbehaves at night, the on-call engineer needs to know whose it is.

## Example
```yaml
metadata:
  name: billing
```

## Fix
Add `metadata.annotations.owner: <team>`.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "example-owner-annotation",
    category="policy",
    severity="warning",
    kinds={"Deployment", "StatefulSet", "DaemonSet"},
    messages={"missing": "{kind} {name!r} has no owner annotation; add metadata.annotations.owner"},
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if "owner" not in obj.annotations:
        yield Problem("missing", ("metadata",), kind=obj.kind, name=obj.name)
