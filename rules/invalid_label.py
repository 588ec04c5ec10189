"""A label key or value, or a label selector, that the API server rejects.

## Why
A label key is an optional DNS subdomain prefix and `/`, then a name of at most 63 letters,
digits, `-`, `_` and `.` that starts and ends with a letter or digit. A label value is empty
or follows the same rule as that name. The API checks this on the object's labels, on the
labels of the pods a workload creates, and on every selector: the keys and values of
`matchLabels`, the keys of `matchExpressions` and, from Kubernetes 1.26, their values, and a
Service's `spec.selector`. One bad label fails the whole `kubectl apply`. Labels are for
short identifiers: versions with `+`, paths with `/`, sentences and URLs are the usual
offenders.

## Example
```yaml
metadata:
  labels:
    app.kubernetes.io/version: 2.4.1+build.77    # '+' is not allowed in a value
    owner: platform team                          # nor is a space
```

## Fix
Spell the value with letters, digits, `-`, `_` and `.` (`2.4.1-build.77`), and keep free
text (descriptions, URLs, e-mail addresses) in annotations, which accept any value. A
selector has to use the corrected labels too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint import names
from kubelint.engine import Context
from kubelint.kube import get_path
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "invalid-label",
    category="validation",
    severity="error",
    messages={
        "key": "label key {key!r} is not a valid qualified name: {reason}; rename it",
        "value": "value {value!r} of label {key!r} is not a valid label value: {reason}; "
        "change it, and keep free text in annotations",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    data = obj.data
    for path in names.label_maps(obj.group, obj.kind):
        labels = get_path(data, path)
        if isinstance(labels, dict):
            for key, value in labels.items():
                if not _valid(key, value):
                    yield from _pair(key, value, (*path, key))
    selectors = names.label_selectors(obj.group, data)
    if not selectors:
        return
    values_checked = ctx.kube_version >= names.SELECTOR_VALUES_CHECKED
    for path in selectors:
        selector = get_path(data, path)
        match_labels = selector.get("matchLabels")
        if isinstance(match_labels, dict):
            for key, value in match_labels.items():
                if not _valid(key, value):
                    yield from _pair(key, value, (*path, "matchLabels", key))
        expressions = selector.get("matchExpressions")
        for i, expr in enumerate(expressions if isinstance(expressions, list) else []):
            if isinstance(expr, dict):
                yield from _expression(expr, (*path, "matchExpressions", i), values_checked)


def _valid(key: Any, value: Any) -> bool:
    """A quick test that a label has nothing to report (nearly all do): a string key that
    is a qualified name, with a value that is a valid label value or not a string."""
    return (
        isinstance(key, str)
        and names.label_key(key) is None
        and (not isinstance(value, str) or names.label_value(value) is None)
    )


def _pair(key: Any, value: Any, at: tuple[Any, ...]) -> Iterator[Problem]:
    if not isinstance(key, str) or names.is_placeholder(key):
        return
    reason = names.label_key(key)
    if reason:
        yield Problem("key", at, on_key=True, key=key, reason=reason)
    yield from _value(key, value, at)


def _expression(expr: Mapping[str, Any], at: tuple[Any, ...], values: bool) -> Iterator[Problem]:
    key = expr.get("key")
    if not isinstance(key, str):
        return
    reason = names.label_key(key)
    if reason:
        yield Problem("key", (*at, "key"), key=key, reason=reason)
    items = expr.get("values")
    if values and expr.get("operator") in ("In", "NotIn") and isinstance(items, list):
        for j, value in enumerate(items):
            yield from _value(key, value, (*at, "values", j))


def _value(key: str, value: Any, at: tuple[Any, ...]) -> Iterator[Problem]:
    # Numbers and booleans are the wrong type, which the schema rules report.
    if not isinstance(value, str) or names.is_placeholder(value):
        return
    reason = names.label_value(value)
    if reason:
        yield Problem("value", at, key=key, value=value, reason=reason)
