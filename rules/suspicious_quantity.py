"""A valid resource amount that is almost surely not what was meant.

## Why
The API accepts these, so nothing complains until the pod misbehaves:

- **A byte amount with `m`, `u` or `n`**: `memory: 100m` is a tenth of a byte (`m` means
  thousandths, not mega). As a limit it keeps the container from starting at all; as a
  request it reserves nothing.
- **A byte amount written as a bare number below 1Mi** (1048576): a bare number counts
  bytes, so `memory: 128` is 128 bytes. A container barely starts in less than a mebibyte
  (the process and its runtime need more), and whoever means an exact byte count writes it
  in full (`134217728`) or with a unit.
- **A bare CPU count of 100 or more** in a container, a pod or a LimitRange: `cpu: 500` asks
  for 500 whole CPUs, and the pod stays Pending on every ordinary node. 100, 200, 250, 500
  and 1000 are millicpu values with the `m` forgotten. General-purpose cloud machines top
  out at around 200 CPUs, so one container that needs 100 of them is rare enough to deserve
  a suppression comment. ResourceQuota totals are exempt: a namespace may well add up to
  hundreds of CPUs.
- **A binary suffix on CPU**: `cpu: 1Gi` is 1073741824 CPUs, a memory value in the wrong
  field.

Byte amounts are `memory`, `storage`, `ephemeral-storage`, `hugepages-*` and
`emptyDir.sizeLimit`, including quota keys such as `requests.memory`.

## Example
```yaml
        resources:
          requests:
            cpu: 500        # 500 CPUs
            memory: 128     # 128 bytes
          limits:
            memory: 100m    # 0.1 bytes
```

## Fix
Write the unit: `cpu: 500m`, `memory: 128Mi`, `memory: 100Mi`. If the amount really is
meant, silence the finding with `# kubelint: disable=suspicious-quantity` and a reason.
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.quantity import (
    DECIMAL_SUFFIXES,
    QUANTITY_KINDS,
    Quantity,
    QuantityField,
    decimal,
    parse_quantity,
    quantity_fields,
    show,
    text_of,
)
from kubelint.registry import Problem, rule

#: A bare byte count below this is taken for a forgotten unit.
MIN_BARE_BYTES = 2**20
#: A bare CPU count at or above this, in a container, is taken for forgotten millicpus.
MAX_BARE_CPUS = 100
#: Suffixes that make a byte amount a fraction of its number.
_SUB_UNIT = ("m", "u", "n")


@rule(
    "suspicious-quantity",
    category="resources",
    severity="warning",
    kinds=POD_KINDS | QUANTITY_KINDS,
    messages={
        "sub-byte": "{field} {value} is {amount} bytes ({suffix!r} is 10^{power}, not a "
        "byte unit); did you mean {suggestion!r}?",
        "bare-bytes": "{field} {value} is {amount} bytes, since a bare number counts bytes; "
        "did you mean {suggestion!r}?",
        "bare-cpus": "{field} {value} is {amount} whole CPUs; did you mean "
        "{suggestion!r} (millicpus)?",
        "binary-cpu": "{field} {value} has the byte suffix {suffix!r}, which makes it "
        "{amount} CPUs; write CPUs as cores (2) or millicpus (500m)",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for field in quantity_fields(obj):
        if field.role == "ratio":
            continue
        unit = field.unit
        if unit is None:
            continue
        quantity = parse_quantity(field.value)
        if quantity is None or not quantity.positive:
            continue  # invalid-quantity reports those; nothing to say of zero
        if unit == "bytes":
            if quantity.suffix in _SUB_UNIT:
                yield _problem(
                    "sub-byte",
                    field,
                    quantity,
                    suffix=quantity.suffix,
                    power=DECIMAL_SUFFIXES[quantity.suffix],
                    suggestion=_number(field, quantity) + "Mi",
                )
            elif quantity.unitless and quantity.value < MIN_BARE_BYTES:
                big = field.resource.endswith("storage") or field.resource == "sizeLimit"
                suggestion = _number(field, quantity) + ("Gi" if big else "Mi")
                yield _problem("bare-bytes", field, quantity, suggestion=suggestion)
        elif quantity.binary:
            yield _problem("binary-cpu", field, quantity, suffix=quantity.suffix)
        elif field.role == "pod" and quantity.unitless and quantity.value >= MAX_BARE_CPUS:
            suggestion = _number(field, quantity) + "m"
            yield _problem("bare-cpus", field, quantity, suggestion=suggestion)


def _problem(message: str, field: QuantityField, quantity: Quantity, **fields: Any) -> Problem:
    return Problem(
        message,
        field.path,
        field=field.label,
        value=show(field.value),
        amount=decimal(quantity.value),
        **fields,
    )


def _number(field: QuantityField, quantity: Quantity) -> str:
    """The number as written, without its suffix."""
    text = text_of(field.value)
    return text[: len(text) - len(quantity.suffix)]
