"""A field the object's schema requires is missing.

## Why
Some fields have no default: a container needs a `name`, a Service port its `port`, an
Ingress path (networking.k8s.io/v1) its `pathType` and `backend`, a RoleBinding its
`roleRef`. The API server rejects an object without them. An explicit `null` (a key with
nothing after it) counts as missing.

## Example
```yaml
  ports:
  - name: http
    targetPort: 8080
```

## Fix
Add the field. The message names it and the mapping that needs it.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.schema import schema_problems

RULE = "missing-required-field"


@rule(
    RULE,
    category="schema",
    severity="error",
    messages={
        "missing": "{where} lacks the required field {field!r}, so the API rejects the object; "
        "add it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from schema_problems(obj, ctx, RULE)
