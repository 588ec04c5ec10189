"""A RoleBinding or ClusterRoleBinding grants a Role or ClusterRole that is not defined.

## Why
A binding's `roleRef` names the Role (in the binding's own namespace) or ClusterRole whose
permissions it grants. The API accepts a binding to a role that does not exist, and the
subjects then get nothing: the application fails at run time with `forbidden` errors, far
from the typo or the rename that caused it. A RoleBinding cannot use a Role of another
namespace; it may grant a ClusterRole, scoped to its own namespace.

## Example
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: config-reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: config-reader     # the Role is called configmap-reader
subjects:
- kind: ServiceAccount
  name: cart
```

## Fix
Name a Role of the binding's namespace, or a ClusterRole (`kind: ClusterRole`). The roles
every cluster has count as defined: the ClusterRoles `cluster-admin`, `admin`, `edit`,
`view` and `system:*`, and the Roles `kube-system` holds for the control plane (such as
`extension-apiserver-authentication-reader`). Roles created outside these files (by an
operator or the cluster's installer) are declared in `.kubelint.yaml` under
`external-objects`. When the linted files define nothing else in the binding's namespace
(a binding into a namespace another team owns), a missing Role is not reported; for a
binding that does not write its namespace, the objects of its own directory (applied with
it) decide.
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.index import ObjectIndex
from kubelint.kube import RBAC_GROUP, is_builtin_cluster_role, is_builtin_role
from kubelint.objects import K8sObject
from kubelint.references import NameTable, may_share_namespace, names_of_kind, sources_near
from kubelint.registry import Problem, rule


@rule(
    "unknown-role",
    category="references",
    severity="warning",
    kinds={"RoleBinding", "ClusterRoleBinding"},
    messages={
        "missing-cluster-role": "no ClusterRole {name!r}, so the binding grants nothing; "
        "fix the name, or declare it under external-objects if it is created outside "
        "these files",
        "misspelt-cluster-role": "no ClusterRole {name!r}, so the binding grants nothing; "
        "did you mean {suggestion!r}?",
        "missing-role": "no Role {name!r} in namespace {namespace}, so the binding grants "
        "nothing; fix the name, or declare it under external-objects if it is created "
        "outside these files",
        "misspelt-role": "no Role {name!r} in namespace {namespace}, so the binding grants "
        "nothing; did you mean {suggestion!r}?",
        "cluster-role": "no Role {name!r} in namespace {namespace}, but there is a "
        "ClusterRole {name!r}; set roleRef.kind: ClusterRole",
        "elsewhere": "the Role {name!r} is in namespace {other}, not in the binding's namespace "
        "{namespace}; a RoleBinding can only grant a Role of its own namespace (or a "
        "ClusterRole)",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group != RBAC_GROUP:
        return
    ref = obj.get("roleRef")
    if not isinstance(ref, dict):
        return
    kind, name = ref.get("kind"), ref.get("name")
    if not isinstance(name, str) or not name or kind not in ("Role", "ClusterRole"):
        return
    path = ("roleRef", "name")
    index = ctx.index
    if kind == "ClusterRole":
        if _cluster_role_exists(index, name):
            return
        close = _close(name, _table(index, "ClusterRole").by_namespace.get(None, []))
        if close:
            yield Problem("misspelt-cluster-role", path, name=name, suggestion=close)
        else:
            yield Problem("missing-cluster-role", path, name=name)
        return
    if obj.kind != "RoleBinding":
        return  # a ClusterRoleBinding to a Role: the API rejects it
    yield from _check_role(obj, ctx, name, path)


def _check_role(
    obj: K8sObject, ctx: Context, name: str, path: tuple[Any, ...]
) -> Iterator[Problem]:
    index, namespace = ctx.index, obj.namespace
    if index.exists("Role", name, namespace) or is_builtin_role(name, namespace):
        return
    same_name = _table(index, "Role").by_name.get(name, [])
    if any(may_share_namespace(obj, role) for role in same_name):
        return
    if _cluster_role_exists(index, name):
        yield Problem("cluster-role", ("roleRef", "kind"), name=name, namespace=namespace)
        return
    if same_name:
        other = same_name[0].namespace
        yield Problem("elsewhere", path, name=name, other=other, namespace=namespace)
        return
    if not _namespace_known(index, obj):
        return  # a binding into a namespace whose objects are managed elsewhere
    close = _close(name, _table(index, "Role").nearby(obj))
    if close:
        yield Problem("misspelt-role", path, name=name, namespace=namespace, suggestion=close)
    else:
        yield Problem("missing-role", path, name=name, namespace=namespace)


def _cluster_role_exists(index: ObjectIndex, name: str) -> bool:
    return is_builtin_cluster_role(name) or index.exists("ClusterRole", name, None)


def _namespace_known(index: ObjectIndex, binding: K8sObject) -> bool:
    """Whether the linted files hold something of the binding's namespace besides bindings
    (roles, service accounts, workloads): of the namespace it writes, or, when it writes
    none, of its own directory (the objects applied with it)."""
    if _table(index, "Role").nearby(binding) or _table(index, "ServiceAccount").nearby(binding):
        return True
    if binding.written_namespace is None:
        return bool(sources_near(index, binding))
    return bool(index.pod_owners(binding.namespace))


def _close(name: str, candidates: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def _table(index: ObjectIndex, kind: str) -> NameTable:
    """The Roles or ClusterRoles (of the RBAC group), or the ServiceAccounts (core)."""
    group = RBAC_GROUP if kind in ("Role", "ClusterRole") else ""
    return names_of_kind(index, kind, group=group)
