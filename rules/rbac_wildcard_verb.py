"""A role grants every verb with `*`.

## Why
`verbs: ["*"]` is every verb the resources have, now and later: besides reading and
writing, `deletecollection` (delete them all in one request) and the special verbs some
resources define (`escalate` and `bind` on roles, `impersonate` on accounts, `approve` on
signers, `use` on policies). A controller rarely needs more than a handful of verbs; a
wildcard hides which ones it uses and gives an attacker holding its token the rest.

This rule is off by default (`presets: [strict]` enables it): on a project's own custom
resources, `*` is common and mostly harmless. The dangerous cases are reported by default
rules: `*` on every resource of Kubernetes' groups by `rbac-wildcard`, `*` on roles,
accounts and pods/exec by `rbac-privilege-escalation`; this one does not repeat them.

## Example
```yaml
kind: Role
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["*"]
```

## Fix
List the verbs the component uses (`verbs: [get, list, watch, update]`).
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.rbac import (
    ROLE_KINDS,
    escalations,
    indirect_escalations,
    is_rbac,
    rules_of,
    wildcard_resources,
)
from kubelint.registry import Problem, rule


@rule(
    "rbac-wildcard-verb",
    category="rbac",
    severity="warning",
    kinds=ROLE_KINDS,
    preset="strict",
    messages={
        "resources": "'*' in verbs grants every verb on {resources}, deletecollection and "
        "any verb added later included; list the verbs it needs",
        "urls": "'*' in verbs grants every HTTP method on {urls}; list the verbs it needs "
        "(usually get)",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_rbac(obj, ROLE_KINDS):
        return
    cluster_role = obj.kind == "ClusterRole"
    for policy in rules_of(obj):
        if "*" not in policy.verbs:
            continue
        if ctx.is_enabled("rbac-wildcard") and wildcard_resources(policy):
            continue
        if ctx.is_enabled("rbac-privilege-escalation") and any(
            escalations(policy, cluster_role=cluster_role, kube_version=ctx.kube_version)
        ):
            continue
        if ctx.is_enabled("rbac-indirect-escalation") and any(
            indirect_escalations(policy, cluster_role=cluster_role)
        ):
            continue
        path = policy.item("verbs", "*")
        if policy.non_resource_urls:
            yield Problem("urls", path, urls=_some(policy.non_resource_urls))
        elif policy.resources:
            yield Problem("resources", path, resources=_some(policy.resources))


def _some(values: tuple[str, ...], most: int = 4) -> str:
    shown = ", ".join(values[:most])
    return f"{shown} and {len(values) - most} more" if len(values) > most else shown
