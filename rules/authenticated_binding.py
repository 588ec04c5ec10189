"""A binding grants permissions to every authenticated user, or every ServiceAccount.

## Why
`system:authenticated` is the group of every request with valid credentials: every person
with an account, and every ServiceAccount token of every pod in the cluster.
`system:serviceaccounts` is every ServiceAccount of every namespace. A role bound to them
is held by every workload, so a single compromised pod anywhere has it, and nobody can be
given less. They already get what every account needs (discovery, reviewing their own
permissions); anything more belongs to the accounts that use it.

Roles that only expose health, version and discovery endpoints, reviews of one's own
access, reads of a few named objects that are not Secrets (a ConfigMap published for
everyone, such as a version record) or the use of a named PodSecurityPolicy are not
reported. Neither is `system:serviceaccounts:<namespace>`, the accounts of one namespace.
A role defined outside the files is reported, since kubelint cannot tell what it grants.

## Example
```yaml
kind: ClusterRoleBinding
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: Group
  name: system:authenticated
```

## Fix
Bind the role to the groups and ServiceAccounts that need it. To publish information for
everyone, grant `get` on the one ConfigMap that holds it (`resourceNames`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import BINDING_KINDS, EVERYONE, grants_to
from kubelint.registry import Problem, rule


@rule(
    "authenticated-binding",
    category="rbac",
    severity="warning",
    kinds=BINDING_KINDS,
    messages={
        "authenticated": "{subject} is every user and ServiceAccount of the cluster, and "
        "this binding gives it {role}, which allows {grant}; bind it to the accounts "
        "that need it",
        "authenticated-unknown": "{subject} is every user and ServiceAccount of the cluster, "
        "and this binding gives it {role}, defined outside these files; bind it to the "
        "accounts that need it",
        "serviceaccounts": "{subject} is every ServiceAccount of every namespace, and this "
        "binding gives it {role}, which allows {grant}; bind it to the accounts that need "
        "it",
        "serviceaccounts-unknown": "{subject} is every ServiceAccount of every namespace, "
        "and this binding gives it {role}, defined outside these files; bind it to the "
        "accounts that need it",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for found in grants_to(ctx.index, obj, EVERYONE):
        kind = (
            "authenticated" if found.subject.name == "system:authenticated" else "serviceaccounts"
        )
        subject, role = found.subject.describe(), found.role.describe()
        if found.grant is None:
            yield Problem(f"{kind}-unknown", found.subject.path, subject=subject, role=role)
        else:
            yield Problem(kind, found.subject.path, subject=subject, role=role, grant=found.grant)
