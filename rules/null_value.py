"""A field that holds a mapping or a list was left empty, so it is null.

## Why
`labels:` with nothing after it is `labels: null`. It almost always means the entries below
it lost their indentation and became keys of the enclosing mapping instead (the selector
then selects nothing, the labels end up nowhere). Where the emptiness is on purpose, leaving
the key out says the same thing without the ambiguity.

## Example
```yaml
spec:
 selector:
 app: nginx      # meant to be inside selector
```

## Fix
Indent the entries under the key, or delete the key.
"""

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

#: Keys that hold a mapping or a list wherever they appear in Kubernetes objects.
STRUCTURAL_KEYS = frozenset(
    {
        "metadata", "labels", "annotations", "spec", "selector", "matchLabels",
        "matchExpressions", "template", "jobTemplate", "containers", "initContainers", "ports",
        "volumes", "volumeMounts", "env", "envFrom", "data", "stringData", "binaryData",
        "rules", "paths", "http", "backend", "defaultBackend", "tls", "subsets", "resources",
        "requests", "limits", "securityContext", "strategy", "rollingUpdate", "updateStrategy",
        "items", "subjects", "roleRef", "tolerations", "affinity", "nodeSelector", "capacity",
        "accessModes", "verbs", "apiGroups", "route", "match", "servers", "hosts",
        "trafficPolicy", "webhooks", "imagePullSecrets", "volumeClaimTemplates",
    }
)  # fmt: skip


@rule(
    "null-value",
    category="yaml",
    severity="error",
    messages={
        "empty": "{field!r} is empty (null) where a mapping or list belongs; indent the entries "
        "meant to be inside it, or remove the key",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    yield from _walk(obj, obj.data, ())


def _walk(obj: K8sObject, node: Any, path: tuple[Any, ...]) -> Iterator[Problem]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if value is None:
                if key in STRUCTURAL_KEYS and obj.is_empty_value((*path, key)):
                    yield Problem("empty", (*path, key), on_key=True, field=key)
            elif isinstance(value, (Mapping, list)):
                yield from _walk(obj, value, (*path, key))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (Mapping, list)):
                yield from _walk(obj, item, (*path, i))
