"""A replica count, Job count or disruption budget has a value the API server rejects.

## Why
The schema types these fields as integers (or integer-or-string) but sets no bounds; the API
server does, and refuses the object when it is applied:

- `replicas` of a Deployment, ReplicaSet, StatefulSet or ReplicationController, and
  `parallelism`, `completions` and `backoffLimit` of a Job (or of a CronJob's job template),
  may not be negative;
- a HorizontalPodAutoscaler needs `minReplicas` of at least 1 (0 only with the alpha feature
  gate `HPAScaleToZero`, off by default), `maxReplicas` of at least 1, and `maxReplicas` no
  lower than `minReplicas` (the same in `autoscaling/v1` and `v2`);
- `minAvailable` and `maxUnavailable` of a PodDisruptionBudget are a count of 0 or more or a
  percentage of at most 100%: a string is always read as a percentage, so a quoted count such
  as `"2"` is rejected too.

These values usually come from a templating variable that went wrong (an empty value
rendered as `-1`, a `minReplicas` and `maxReplicas` swapped between environments).

## Example
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
spec:
  minReplicas: 4
  maxReplicas: 2
```

## Fix
Use counts of 0 or more (1 or more for an autoscaler), keep `maxReplicas` at or above
`minReplicas`, and write a budget as an unquoted count or a percentage such as `"50%"`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.lazy import regex
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

Path = tuple[Any, ...]

#: Counts that may not be negative, by (API group, kind): the mapping and its fields.
COUNTS: dict[tuple[str, str], tuple[Path, tuple[str, ...]]] = {
    ("", "ReplicationController"): (("spec",), ("replicas",)),
    ("batch", "Job"): (("spec",), ("parallelism", "completions", "backoffLimit")),
    ("batch", "CronJob"): (
        ("spec", "jobTemplate", "spec"),
        ("parallelism", "completions", "backoffLimit"),
    ),
}
for _group in ("apps", "extensions"):
    for _kind in ("Deployment", "ReplicaSet", "StatefulSet"):
        COUNTS[(_group, _kind)] = (("spec",), ("replicas",))

HPA = ("autoscaling", "HorizontalPodAutoscaler")
PDB = ("policy", "PodDisruptionBudget")
BUDGETS = ("minAvailable", "maxUnavailable")
#: The percentages the API accepts in an int-or-string budget.
_PERCENT_RE = regex(r"([0-9]+)%")
_COUNT_RE = regex(r"[0-9]+")


@rule(
    "invalid-replicas",
    category="validation",
    severity="error",
    kinds={kind for _, kind in COUNTS} | {HPA[1], PDB[1]},
    messages={
        "negative": "{field} is {value}, but it may not be negative, so the API rejects this "
        "{kind}; use 0 or more",
        "min-zero": "minReplicas is 0, which the API accepts only with the alpha feature gate "
        "HPAScaleToZero (off by default); use 1 or more",
        "below-one": "{field} is {value}, but an autoscaler needs at least 1, so the API "
        "rejects it; use 1 or more",
        "max-below-min": "maxReplicas {max} is below minReplicas {min}, so the API rejects this "
        "HorizontalPodAutoscaler; raise maxReplicas or lower minReplicas",
        "over-100": "{field} is {value!r}, more than 100%, so the API rejects this "
        "PodDisruptionBudget; use a percentage up to 100%",
        "quoted-count": "{field} is the string {value!r}, which the API reads as a percentage "
        "and rejects; write {value} without quotes, or {value}%",
        "not-percent": "{field} is {value!r}, which is neither a count nor a percentage such as "
        "'50%', so the API rejects this PodDisruptionBudget",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    key = (obj.group, obj.kind)
    if key in COUNTS:
        path, names = COUNTS[key]
        for name in names:
            value = obj.get(*path, name)
            if _is_int(value) and value < 0:
                yield Problem("negative", (*path, name), field=name, value=value, kind=obj.kind)
    elif key == HPA:
        yield from _autoscaler(obj)
    elif key == PDB:
        for name in BUDGETS:
            yield from _budget(obj.get("spec", name), ("spec", name))


def _autoscaler(obj: K8sObject) -> Iterator[Problem]:
    low, high = obj.get("spec", "minReplicas"), obj.get("spec", "maxReplicas")
    if _is_int(low) and low < 1:
        at = ("spec", "minReplicas")
        if low == 0:
            yield Problem("min-zero", at)
        else:
            yield Problem("below-one", at, field="minReplicas", value=low)
    if _is_int(high) and high < 1:
        yield Problem("below-one", ("spec", "maxReplicas"), field="maxReplicas", value=high)
    elif _is_int(high) and _is_int(low) and high < low:
        yield Problem("max-below-min", ("spec", "maxReplicas"), max=high, min=low)


def _budget(value: Any, at: Path) -> Iterator[Problem]:
    name = at[-1]
    if _is_int(value) and value < 0:
        yield Problem("negative", at, field=name, value=value, kind=PDB[1])
    elif isinstance(value, str):
        percent = _PERCENT_RE().fullmatch(value)
        if percent and int(percent.group(1)) > 100:
            yield Problem("over-100", at, field=name, value=value)
        elif percent is None and _PERCENT_RE().fullmatch(value.removeprefix("-")):
            yield Problem("negative", at, field=name, value=value, kind=PDB[1])
        elif percent is None and _COUNT_RE().fullmatch(value):
            yield Problem("quoted-count", at, field=name, value=value)
        elif percent is None:
            yield Problem("not-percent", at, field=name, value=value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
