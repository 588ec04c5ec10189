"""A binding grants the `cluster-admin` ClusterRole.

## Why
`cluster-admin` allows every verb on every resource. Bound by a ClusterRoleBinding, its
subjects control the whole cluster: every Secret, every node, RBAC itself. Bound by a
RoleBinding it is limited to one namespace, but there it allows everything, including what
the built-in `admin` role withholds from a namespace's owners: changing its resource quotas
and the Namespace object itself (its Pod Security labels; deleting it). An application or
controller holding it turns any bug that leaks its token into a compromise of everything it
reaches.

## Example
```yaml
kind: ClusterRoleBinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
- kind: ServiceAccount
  name: deployer
  namespace: ci
```

## Fix
Bind a role listing what the subjects need: a ClusterRole of your own, or the built-in
`admin`, `edit` or `view`, with a RoleBinding in each namespace they work in. Keep
`cluster-admin` for the people who administer the cluster (through a group of your
identity provider), and say why in a suppression comment where a tool really needs it
(`# kubelint: disable=cluster-admin-binding`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import (
    BINDING_KINDS,
    describe_subjects,
    is_cluster_wide,
    is_rbac,
    role_ref,
    subjects,
)
from kubelint.registry import Problem, rule


@rule(
    "cluster-admin-binding",
    category="rbac",
    severity="warning",
    kinds=BINDING_KINDS,
    messages={
        "cluster": "grants cluster-admin, every permission in the whole cluster, to "
        "{subjects}; bind a role with only the permissions they need",
        "namespace": "grants cluster-admin in namespace {namespace}, every permission there "
        "(roles, Secrets, quotas and the namespace itself included), to {subjects}; bind "
        "admin, edit or a role of your own",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_rbac(obj, BINDING_KINDS):
        return
    ref = role_ref(obj)
    if ref is None or ref.kind != "ClusterRole" or ref.name != "cluster-admin":
        return
    found = subjects(obj)
    if not found:
        return  # grants nothing
    if is_cluster_wide(obj):
        yield Problem("cluster", ref.path, subjects=describe_subjects(found))
    else:
        yield Problem(
            "namespace", ref.path, namespace=obj.namespace, subjects=describe_subjects(found)
        )
