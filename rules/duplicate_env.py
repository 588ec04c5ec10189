"""A container sets the same environment variable twice in `env`.

## Why
The API accepts the list, and the container sees only the later entry, so the earlier one
is dead text that a reader takes for the real value. Worse, `env` entries are merged by
name: when a later `kubectl apply` changes or removes one of the two, the patch can drop
both, and the variable is gone. Recent API servers warn that the entry hides the previous
definition. Long `env` lists edited by several people, and values an overlay appends to a
base, are where this usually comes from.

An entry that builds on the earlier value through `$(NAME)` (`PATH` set to
`$(PATH):/opt/tools/bin`) is a deliberate redefinition and is not reported. Neither are
names that `envFrom` also provides: an explicit `env` entry overriding a key of a ConfigMap
or Secret is the documented way to override one value of a shared source.

## Example
```yaml
        env:
        - name: LOG_LEVEL
          value: info
        - name: DB_HOST
          value: postgres.db.svc
        - name: LOG_LEVEL        # overrides info, a screen further down in real files
          value: debug
```

## Fix
Keep one entry per name, with the value you mean.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS, format_path
from kubelint.objects import K8sObject
from kubelint.podspec import hidden_env
from kubelint.registry import Problem, rule


@rule(
    "duplicate-env",
    category="validation",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "again": "container {container!r} sets env var {name!r} again after {first}; only "
        "this later entry takes effect and apply may drop one of them, so keep a single entry",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for container in obj.containers():
        for first, later in hidden_env(container):
            yield Problem(
                "again",
                (*later.path, "name"),
                container=container.name,
                name=later.name,
                first=format_path(first.path[len(container.path) :]),
            )
