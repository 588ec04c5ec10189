"""A ClusterRoleBinding grants reading Secrets in every namespace.

## Why
A ClusterRole that may `get`, `list` or `watch` Secrets, bound by a ClusterRoleBinding,
reads every Secret of the cluster: database passwords, TLS keys, cloud credentials and the
tokens of other ServiceAccounts, `kube-system`'s included, through which it can often gain
any other permission. Whoever obtains the subject's credentials gets all of them. The
same ClusterRole bound by a RoleBinding reads only the Secrets of that binding's namespace.

The rule looks at what the bound ClusterRole really grants: its rules in the files, the
ClusterRoles it aggregates (`aggregationRule`), and the built-in roles, `edit` and `admin`
(which read Secrets) and `view` (which does not, unless a ClusterRole in the files is
aggregated into it with the label `rbac.authorization.k8s.io/aggregate-to-view`). A
ClusterRole defined outside the files is not judged; `cluster-admin` is reported by
`cluster-admin-binding`. Rules limited to named Secrets (`resourceNames`) do not count.

Controllers that serve every namespace (ingress controllers reading TLS Secrets,
certificate managers, backup tools) do need this; installers of such tools will report it.

## Example
```yaml
kind: ClusterRole
metadata:
  name: config-reader
rules:
- apiGroups: [""]
  resources: ["configmaps", "secrets"]
  verbs: ["get", "list", "watch"]
---
kind: ClusterRoleBinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: config-reader
subjects:
- kind: ServiceAccount
  name: app
  namespace: shop
```

## Fix
Bind the ClusterRole with a RoleBinding in each namespace whose Secrets the subject needs,
or split the Secrets out of it into a Role of those namespaces, and name the Secrets in
`resourceNames` when they are known. For a controller that must watch Secrets everywhere,
keep it and say why in a suppression comment
(`# kubelint: disable=cluster-wide-secret-access`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import (
    READ_VERBS,
    describe_subjects,
    granted_rules,
    is_rbac,
    role_ref,
    secret_read,
    subjects,
)
from kubelint.registry import Problem, rule


@rule(
    "cluster-wide-secret-access",
    category="rbac",
    severity="warning",
    kinds={"ClusterRoleBinding"},
    messages={
        "secrets": "grants ClusterRole {role!r}, which can {verbs} Secrets, in every "
        "namespace: {subjects} can read the Secrets of all namespaces, kube-system's "
        "included; bind it with RoleBindings in the namespaces that need it",
        "aggregated": "grants ClusterRole {role!r}, which can {verbs} Secrets through the "
        "ClusterRole {source!r} aggregated into it, in every namespace: {subjects} can read "
        "the Secrets of all namespaces, kube-system's included; bind it with RoleBindings "
        "in the namespaces that need it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_rbac(obj, {"ClusterRoleBinding"}):
        return
    ref = role_ref(obj)
    if ref is None or (ref.name == "cluster-admin" and ctx.is_enabled("cluster-admin-binding")):
        return
    found = subjects(obj)
    rules = granted_rules(ctx.index, obj)
    if not found or not rules:
        return
    verbs: set[str] = set()
    sources: list[str] = []
    for policy in rules:
        read = secret_read(policy)
        verbs.update(read)
        if read:
            sources.append(policy.role_name)
    if not verbs:
        return
    shown = ", ".join(v for v in READ_VERBS if v in verbs)
    who = describe_subjects(found)
    if ref.name in sources:
        yield Problem("secrets", ref.path, role=ref.name, verbs=shown, subjects=who)
    else:
        yield Problem(
            "aggregated", ref.path, role=ref.name, verbs=shown, subjects=who, source=sources[0]
        )
