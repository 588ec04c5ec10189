"""A role grants a way to gain more permissions than it lists.

## Why
The API server stops an account from writing a Role or a binding that grants more than the
account itself holds, so permission to create roles and bindings is safe on its own. A few
permissions get around that, or around RBAC altogether:

- `escalate` on roles or clusterroles: write roles with permissions one does not hold;
- `bind` on roles or clusterroles: bind any role, `cluster-admin` included (together with
  permission to create bindings);
- `impersonate` on users, groups, serviceaccounts (or uids, userextras): send requests as
  someone else, such as a member of `system:masters`;
- `create` on serviceaccounts/token: obtain a token of any ServiceAccount in reach, and with
  it that account's permissions;
- `create` on pods/exec or pods/attach (before Kubernetes 1.35, `get` was enough too): run
  commands in other pods, with their ServiceAccount and Secrets; `update` or `patch` on
  pods/ephemeralcontainers does the same by adding a container to a running pod;
- any verb on nodes/proxy: the kubelet API of the nodes, which runs commands in every pod of
  the node (through a WebSocket `get`), out of reach of admission control and audit logs;
- `approve` on the signers of Kubernetes itself (`kubernetes.io/...`, or all signers):
  issue client certificates for any identity, `system:masters` included.

A rule with `verbs: ["*"]` grants these verbs too. `*` in resources is reported by
`rbac-wildcard` instead.

## Example
```yaml
kind: ClusterRole
rules:
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["impersonate"]
```

## Fix
Drop the permission, or narrow it: name the roles a controller may bind
(`resourceNames`), grant exec only in the namespace where it is needed (a Role), read
kubelet metrics through `nodes/metrics`, `nodes/stats` or `nodes/log` rather than
`nodes/proxy`, and approve only the signers of your own issuer
(`resourceNames: [example.com/my-signer]`). List verbs instead of `*`. When a component
really needs the permission (an operator that manages RBAC for its tenants), keep it and
say why in a suppression comment (`# kubelint: disable=rbac-privilege-escalation`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import ROLE_KINDS, escalations, is_rbac, rules_of
from kubelint.registry import Problem, rule


@rule(
    "rbac-privilege-escalation",
    category="rbac",
    severity="warning",
    kinds=ROLE_KINDS,
    messages={
        "escalate": "{verbs} on {resources} lets its holder write roles with permissions it "
        "does not have; remove the escalate verb",
        "bind": "{verbs} on {resources} lets its holder bind any role, cluster-admin "
        "included; remove the bind verb or restrict it with resourceNames",
        "escalate-bind": "{verbs} on {resources} lets its holder write and bind roles "
        "with any permission, cluster-admin's included; list the verbs it needs",
        "impersonate": "{verbs} on {resources} lets its holder act as any of them, and gain "
        "their permissions; remove the impersonate verb or restrict it with resourceNames",
        "token": "{verbs} on {resources} lets its holder obtain a token of any "
        "ServiceAccount in reach, and its permissions; restrict it with resourceNames",
        "exec": "{verbs} on {resources} lets its holder run commands in pods, with their "
        "ServiceAccounts and Secrets; grant it only where needed",
        "ephemeral": "{verbs} on {resources} lets its holder add a container to running "
        "pods, with their ServiceAccounts and Secrets; grant it only where needed",
        "node-proxy": "{verbs} on {resources} opens the kubelet API, which runs commands in "
        "every pod of the node; use nodes/metrics, nodes/stats or nodes/log",
        "approve": "{verbs} on {resources} lets its holder approve certificates of "
        "Kubernetes' own signers, for any identity; restrict it with resourceNames to "
        "your own signers",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_rbac(obj, ROLE_KINDS):
        return
    cluster_role = obj.kind == "ClusterRole"
    for policy in rules_of(obj):
        for grant in escalations(policy, cluster_role=cluster_role, kube_version=ctx.kube_version):
            yield Problem(grant.what, grant.path, verbs=grant.verbs, resources=grant.resources)
