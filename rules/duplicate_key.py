"""A mapping sets the same key twice.

## Why
YAML forbids duplicate keys, but PyYAML (and every tool built on it) silently keeps the last
value, so the object you review is not the object you wrote. kubectl rejects the file. It
usually means indentation was lost, as when a blog engine flattens a manifest: `labels:`
ends up empty and its `name:` collides with the object's own `name:`.

## Example
```yaml
metadata:
 labels:
 name: hoge          # meant to be a label...
 name: hoge-service  # ...but both are keys of metadata now
```

## Fix
Keep one of the keys, or restore the indentation so each key sits in the mapping it belongs
to.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import format_path
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "duplicate-key",
    category="yaml",
    severity="error",
    messages={
        "duplicate": "key {key!r} is set twice in {mapping} (lines {first} and {second}); "
        "kubectl rejects this and other tools keep only the last value",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    base = obj.base
    for dup in obj.document.duplicates:
        if dup.path[: len(base)] != base:
            continue
        first, _ = obj.file.line_col(dup.first_offset)
        second, _ = obj.file.line_col(dup.offset)
        yield Problem(
            "duplicate",
            offset=dup.offset,
            key=str(dup.key),
            mapping=format_path(dup.path[len(base) :]),
            first=first,
            second=second,
        )
