"""A value of the wrong type: a number where the API expects a string, a string for a number.

## Why
The API server decodes each field into a typed structure and rejects the whole object when a
value has the wrong type. In YAML this happens without anyone noticing: `replicas: "3"` is a
string, `value: 8080` or `value: true` in an environment variable is a number or a boolean,
and so is a ConfigMap value such as `MAX_CONNECTIONS: 100` or `DEBUG: yes` (YAML reads `yes`,
`no`, `on` and `off` as booleans). `kubectl apply` then fails with "cannot unmarshal number
into Go struct field".

## Example
```yaml
kind: ConfigMap
data:
  MAX_CONNECTIONS: 100
  DEBUG: yes
```

## Fix
Quote values that must be strings (`"100"`, `"yes"`); write numbers without quotes where
the field is a number (`replicas: 3`).

`kubelint --fix` quotes a number or boolean where a string belongs, keeping exactly the
text you wrote (`1.10` becomes `"1.10"`, not `"1.1"`). It is safe: the API rejected the
object before, and the quoted text is what was written.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.schema import schema_problems

RULE = "wrong-type"


@rule(
    RULE,
    category="schema",
    severity="error",
    fixable="safe",
    messages={
        "type": "{field} must be {expected}, not {actual}, so the API rejects the object",
        "quote": "{field} must be a string, not {actual}, so the API rejects the object; {hint}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from schema_problems(obj, ctx, RULE)
