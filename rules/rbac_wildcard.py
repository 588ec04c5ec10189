"""A Role or ClusterRole grants every resource of Kubernetes' own API groups with `*`.

## Why
`resources: ["*"]` covers every resource of the listed API groups: with the core group or
`apiGroups: ["*"]` that includes Secrets, ServiceAccount tokens, pods/exec and, in a
ClusterRole, nodes and every namespace; with `rbac.authorization.k8s.io` it includes the
roles and bindings themselves. It also covers every resource a later Kubernetes release or
an installed extension adds, so the role silently grows. With `verbs: ["*"]` it is
cluster-admin under another name. Whoever obtains the credentials of the account bound to
it (a compromised pod, a leaked token) gets all of that.

`*` over a project's own API group (`apiGroups: [example.com], resources: ["*"]`, the
usual rule of a controller for its custom resources) is not reported: it grants nothing of
Kubernetes itself. Wildcard verbs on named resources are reported by the opt-in
`rbac-wildcard-verb`.

## Example
```yaml
kind: ClusterRole
rules:
- apiGroups: ["*"]
  resources: ["*"]       # every resource, Secrets included
  verbs: ["get", "list", "watch"]
```

## Fix
List the resources the component really uses (`resources: [pods, services, endpoints]`),
one rule per API group. When it must see arbitrary resources (a policy engine, a GitOps
controller), say so in a suppression comment
(`# kubelint: disable=rbac-wildcard`), and keep the binding as narrow as possible: a
RoleBinding in the namespaces it manages rather than a ClusterRoleBinding.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import ROLE_KINDS, is_rbac, rules_of, wildcard_resources
from kubelint.registry import Problem, rule


@rule(
    "rbac-wildcard",
    category="rbac",
    severity="warning",
    kinds=ROLE_KINDS,
    messages={
        "every-group": "'*' in resources grants {verbs} on every resource of every API "
        "group, Secrets and roles included, and on any added later; list the resources it "
        "needs",
        "groups": "'*' in resources grants {verbs} on every resource of apiGroups [{groups}], "
        "and on any added later; list the resources it needs",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_rbac(obj, ROLE_KINDS):
        return
    for policy in rules_of(obj):
        if not wildcard_resources(policy):
            continue
        verbs = "every verb" if "*" in policy.verbs else ", ".join(policy.verbs)
        path = policy.item("resources", "*")
        if "*" in policy.api_groups:
            yield Problem("every-group", path, verbs=verbs)
        else:
            groups = ", ".join(f'"{g}"' for g in policy.api_groups)
            yield Problem("groups", path, verbs=verbs, groups=groups)
