"""A value the schema does not allow: not one of the listed values, out of range, too long.

## Why
Many fields accept only a few values (`imagePullPolicy: Always | IfNotPresent | Never`,
`protocol: TCP | UDP | SCTP`, `pathType: Exact | Prefix | ImplementationSpecific`), and
custom resources often constrain numbers, lengths and patterns. The values are
case-sensitive: `imagePullPolicy: always` is rejected. The API server rejects the object.

## Example
```yaml
      containers:
      - name: web
        image: nginx:1.27.3
        imagePullPolicy: always
```

## Fix
Use one of the values the message lists, or a value within the stated limits.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.schema import schema_problems

RULE = "invalid-value"


@rule(
    RULE,
    category="schema",
    severity="error",
    messages={
        "enum": "{field} is {value}, which the API does not accept; use one of {allowed}",
        "minimum": "{field} is {size}, below the minimum {limit}",
        "maximum": "{field} is {size}, above the maximum {limit}",
        "exclusiveMinimum": "{field} is {size}; it must be greater than {limit}",
        "exclusiveMaximum": "{field} is {size}; it must be less than {limit}",
        "minLength": "{field} is {size} characters long, shorter than the minimum {limit}",
        "maxLength": "{field} is {size} characters long, longer than the maximum {limit}",
        "minItems": "{field} has {size} entries, fewer than the minimum {limit}",
        "maxItems": "{field} has {size} entries, more than the maximum {limit}",
        "minProperties": "{field} has {size} entries, fewer than the minimum {limit}",
        "maxProperties": "{field} has {size} entries, more than the maximum {limit}",
        "pattern": "{field} does not match the pattern {pattern} its schema requires",
        "one-of": "{field} must set exactly one of {names}",
        "any-of": "{field} must set at least one of {names}",
        "alternatives": "{field} matches none of the forms its schema allows",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from schema_problems(obj, ctx, RULE)
