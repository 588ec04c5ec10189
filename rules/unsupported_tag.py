"""A value carries a YAML tag Kubernetes does not understand.

## Why
Tags such as `!Ref`, `!vault` or `!!python/object` belong to other tools. Kubernetes knows
only YAML's standard types, so the tagged value reaches the API server as plain text (or the
file is rejected), never as what the tag meant. kubelint reads the value as plain YAML and
never constructs Python objects from tags.

## Example
```yaml
env:
- name: DB_PASSWORD
  value: !vault secret/db#password
```

In a Secret the tag itself is never printed: an unquoted value that starts with `!` is read
as a tag, and kubelint does not print secret values.

## Fix
Render the file with the tool that owns the tag before applying it, or replace the value with
a plain one (for credentials, a `secretKeyRef`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "unsupported-tag",
    category="yaml",
    severity="warning",
    messages={
        "tag": "tag {tag} is not a YAML type Kubernetes understands; the value is read as plain "
        "YAML; render the file with the tool that owns the tag",
        "secret": "a value in this Secret starts with '!', which YAML reads as a tag; quote the "
        "value",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    base = obj.base
    for tag in obj.document.tags:
        if tag.path[: len(base)] != base:
            continue
        if obj.kind == "Secret":
            # An unquoted value such as `password: !s3cret` is read as a tag: never print it.
            yield Problem("secret", offset=tag.offset)
        else:
            yield Problem("tag", offset=tag.offset, tag=tag.tag)
