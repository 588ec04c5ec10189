"""A resource amount is not a quantity the API accepts.

## Why
Requests, limits, storage sizes, quotas and LimitRange bounds are quantities: a number with
an optional suffix. The API server rejects the whole object when one does not parse, so the
Deployment, claim or quota is never created. The usual culprits are units borrowed from
elsewhere (`512MB`, `1GiB`), the wrong case (`1gi`, `2K`), a space (`1 Gi`) and words
(`2 cores`). Negative amounts parse, but are rejected for every resource.

Checked: container and init container requests and limits (every resource name), pod-level
resources, `emptyDir.sizeLimit`, claim templates, PersistentVolumeClaim requests and limits,
PersistentVolume capacity, ResourceQuota `hard`, and LimitRange `max`, `min`, `default`,
`defaultRequest` and `maxLimitRequestRatio`.

## Example
```yaml
        resources:
          requests:
            memory: 512MB
```

## Fix
Write a number with an optional suffix. Suffixes are case-sensitive: `m` (thousandths, for
CPU: `250m`), `k`, `M`, `G`, `T`, `P`, `E` (powers of 1000) and `Ki`, `Mi`, `Gi`, `Ti`,
`Pi`, `Ei` (powers of 1024, for bytes: `512Mi`). An exponent works too (`129e6`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.quantity import (
    QUANTITY_KINDS,
    byte_units,
    correction,
    parse_quantity,
    quantity_fields,
    show,
)
from kubelint.registry import Problem, rule


@rule(
    "invalid-quantity",
    category="resources",
    severity="error",
    kinds=POD_KINDS | QUANTITY_KINDS,
    messages={
        "invalid": "{field} {value} is not a valid quantity; write a number with an optional "
        "suffix, such as 250m, 64Mi or 2G",
        "did-you-mean": "{field} {value} is not a valid quantity; did you mean {suggestion!r}?",
        "byte-unit": "{field} {value} is not a valid quantity: Kubernetes units have no B; "
        "write {binary!r} (powers of 1024) or {decimal!r} (powers of 1000)",
        "negative": "{field} {value} is negative, which the API rejects; resource amounts "
        "are zero or more",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for field in quantity_fields(obj):
        quantity = parse_quantity(field.value)
        if quantity is not None:
            if quantity.negative:
                yield Problem("negative", field.path, field=field.label, value=show(field.value))
            continue
        label, shown = field.label, show(field.value)
        units = byte_units(field.value)
        if units is not None:
            yield Problem(
                "byte-unit",
                field.path,
                binary=units.binary,
                decimal=units.decimal,
                field=label,
                value=shown,
            )
            continue
        suggestion = correction(field.value)
        if suggestion is not None:
            yield Problem(
                "did-you-mean", field.path, suggestion=suggestion, field=label, value=shown
            )
        else:
            yield Problem("invalid", field.path, field=label, value=shown)
