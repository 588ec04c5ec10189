"""A cluster-scoped object sets `metadata.namespace`.

## Why
PersistentVolumes, ClusterRoles, StorageClasses, Namespaces and the other cluster-scoped kinds
do not live in a namespace: the API server drops `metadata.namespace` when it stores them. The
field suggests an isolation that does not exist (a PersistentVolume "in" namespace `app` can
be claimed from any namespace) and hides which objects are shared by the whole cluster.

## Example
```yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: app-data
  namespace: app
```

## Fix
Delete `metadata.namespace`. To tie a PersistentVolume to one claim, set its `claimRef`
(namespace and name of the PersistentVolumeClaim) instead.

`kubelint --fix --unsafe-fixes` deletes it. The fix is unsafe only because kubelint may not
know a custom kind's scope from its CRD: check that the kind really is cluster-scoped.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "cluster-scoped-namespace",
    category="objects",
    severity="warning",
    fixable="unsafe",
    messages={
        "ignored": "{kind} is cluster-scoped, so the API ignores metadata.namespace "
        "{namespace!r}; remove it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    # The engine sets namespace to None exactly for kinds it knows are cluster-scoped.
    if obj.namespace is None and obj.written_namespace is not None:
        from kubelint.fix import Fix, delete

        path = ("metadata", "namespace")
        yield Problem(
            "ignored",
            path,
            kind=obj.kind,
            namespace=obj.written_namespace,
            fix=Fix.of(delete(path), safe=False),
        )
