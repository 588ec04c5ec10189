"""A mapping or list lost its entries to bad indentation and became null.

## Why
`labels:` with nothing after it is `labels: null`. When the lines below it lost their
indentation (a blog engine, a careless paste), they become keys of the enclosing mapping:
the selector selects nothing, the labels land in `metadata`, two `name:` keys collide, and
the object still loads. kubelint reports an empty mapping or list when the keys around it
show that its entries escaped: the mapping it sits in repeats a key, or the key after it is
not a field of that mapping but one of the empty field (`selector:` followed by
`matchLabels:`). An empty key at the end of its mapping with nothing missing from it
(`annotations:` rendered empty by a chart) is harmless and not reported.

## Example
```yaml
spec:
 selector:
 matchLabels:     # meant to be inside selector
 app: nginx
```

## Fix
Indent the entries under the key they belong to, or delete the empty key.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.fields import lost_entries
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
        "escaped": "{field!r} is empty (null) but {evidence}: its entries lost their "
        "indentation; indent them under {field!r}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    base = obj.base
    for at in obj.document.empties:
        if at[: len(base)] != base:
            continue
        path = at[len(base) :]
        field = path[-1]
        if field in STRUCTURAL_KEYS and obj.get(*path) is None:  # a later duplicate may set it
            evidence = lost_entries(obj, path)
            if evidence:
                yield Problem("escaped", path, on_key=True, field=field, evidence=evidence)
