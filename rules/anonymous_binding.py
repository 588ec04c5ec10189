"""A binding grants permissions to unauthenticated requests.

## Why
`system:anonymous` (the user) and `system:unauthenticated` (the group) are what the API
server calls a request that carries no credentials. A binding to them gives its role to
anyone who can reach the API server: from the internet when the endpoint is public, from
every pod of the cluster otherwise. There is no token to revoke, and the audit log cannot
tell who it was. Every cluster already lets them read its health, version and discovery
endpoints; nothing else is ever meant for them.

Roles that only expose those endpoints (`system:public-info-viewer`, `system:discovery`,
the service account issuer's OIDC documents) and roles that only read a few named objects
that are not Secrets (such as the `cluster-info` ConfigMap of `kube-public`, which
`kubeadm join` reads before it has credentials) are not reported. A role defined outside
the files is reported, since kubelint cannot tell what it grants.

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
  name: system:unauthenticated
```

## Fix
Remove the subject and bind the role to the users, groups or ServiceAccounts that need it.
To publish information, put it in a ConfigMap and grant `get` on that ConfigMap alone
(`resourceNames`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import ANONYMOUS, BINDING_KINDS, grants_to
from kubelint.registry import Problem, rule


@rule(
    "anonymous-binding",
    category="rbac",
    severity="error",
    kinds=BINDING_KINDS,
    messages={
        "grants": "{subject} is every request without credentials, and this binding gives "
        "it {role}, which allows {grant}: anyone who can reach the API server has it; "
        "remove this subject",
        "unknown": "{subject} is every request without credentials, and this binding gives "
        "it {role}, defined outside these files: anyone who can reach the API server has "
        "its permissions; remove this subject",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for found in grants_to(ctx.index, obj, ANONYMOUS):
        subject, role = found.subject.describe(), found.role.describe()
        if found.grant is None:
            yield Problem("unknown", found.subject.path, subject=subject, role=role)
        else:
            yield Problem(
                "grants", found.subject.path, subject=subject, role=role, grant=found.grant
            )
