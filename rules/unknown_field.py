"""A field the object's schema does not have: a typo, a wrong indentation, a field of another kind.

## Why
The API server decodes a manifest strictly: `kubectl apply` (which validates strictly by
default) rejects an object with a field its kind does not define, such as `contianers`, or
`resources` indented under `ports`. Tools that validate leniently drop such fields without a
word, which is worse: `imagePullpolicy: Always` silently does nothing. Custom resources are
checked against the schema of their CustomResourceDefinition, found in the linted files, the
project, the files listed under `crds:` in the configuration, or shipped with kubelint
(Istio).

## Example
```yaml
    spec:
      contianers:
      - name: web
        image: nginx:1.27.3
```

## Fix
Correct the spelling (field names are case-sensitive) or move the field to the mapping it
belongs to. If the field is new in a Kubernetes release newer than the one you target, raise
`--kube-version` (or `kube-version:` in the configuration).
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.schema import schema_problems

RULE = "unknown-field"


@rule(
    RULE,
    category="schema",
    severity="error",
    messages={
        "unknown": "{where} has no field {field!r}, so the API rejects the object; remove it "
        "or check its spelling and indentation",
        "similar": "{where} has no field {field!r}, so the API rejects the object; did you "
        "mean {suggestion!r}?",
        "misplaced": "{where} has no field {field!r}, so the API rejects the object; it is a "
        "field of {owner}: check the indentation",
        "misplaced-crd": "{where} has no field {field!r} according to {schema}; it is a field "
        "of {owner}: check the indentation",
        "unknown-crd": "{where} has no field {field!r} according to {schema}; remove it or "
        "check its spelling and indentation",
        "similar-crd": "{where} has no field {field!r} according to {schema}; did you mean "
        "{suggestion!r}?",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from schema_problems(obj, ctx, RULE)
