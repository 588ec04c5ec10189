"""An annotation key the API server rejects, or annotations too large for it.

## Why
Annotation keys follow the rule of label keys (an optional DNS subdomain prefix and `/`,
then at most 63 letters, digits, `-`, `_` and `.`), except that upper-case letters are
allowed anywhere; a key with a space, a second `/` or a leading dot is rejected. Values may
hold anything, but all the keys and values of one object's annotations together may not
exceed 256 KiB (262144 bytes). Either mistake fails the whole `kubectl apply` of the
object, or of the workload whose pod template carries the annotations.

## Example
```yaml
metadata:
  annotations:
    description: payment gateway           # fine
    team contact: payments@example.com     # a space is not allowed in a key
```

## Fix
Rename the key (`team-contact`, or better under a prefix you own: `example.com/team-contact`).
Move large content, such as a dashboard or a certificate bundle, into a ConfigMap or Secret
and keep only a reference to it in the annotation.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import names
from kubelint.engine import Context
from kubelint.kube import get_path
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "invalid-annotation",
    category="validation",
    severity="error",
    messages={
        "key": "annotation key {key!r} is not a valid qualified name: {reason}; rename it",
        "size": "annotations total {size} bytes, over the API's limit of {limit} bytes "
        "(256 KiB); the largest is {largest!r} ({largest_size} bytes): move large content into "
        "a ConfigMap",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    data = obj.data
    for path in names.annotation_maps(obj.group, obj.kind):
        annotations = get_path(data, path)
        if not isinstance(annotations, dict) or not annotations:
            continue
        sizes: dict[str, int] = {}
        for key, value in annotations.items():
            if not isinstance(key, str):
                continue
            reason = names.annotation_key(key)
            if reason and not names.is_placeholder(key):
                yield Problem("key", (*path, key), on_key=True, key=key, reason=reason)
            text = value if isinstance(value, str) else ""
            sizes[key] = names.utf8_size(key) + names.utf8_size(text)
        total = sum(sizes.values())
        if total > names.ANNOTATIONS_MAX_BYTES:
            largest = max(sizes, key=lambda k: sizes[k])
            yield Problem("size", path, on_key=True, size=total, limit=names.ANNOTATIONS_MAX_BYTES,
                          largest=largest, largest_size=sizes[largest])  # fmt: skip
