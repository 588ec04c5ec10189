"""Pod runs as its namespace's `default` ServiceAccount.

## Why
Every namespace has a ServiceAccount named `default`, and every pod that names no other runs
as it. It is shared: a permission granted to `default` for one application (a RoleBinding
added to make something work) goes to every pod of the namespace, and the audit log cannot
tell them apart. A ServiceAccount per application keeps each one's permissions, and its
identity towards cloud IAM or a service mesh, its own.

A pod that does not mount the account's token (`automountServiceAccountToken: false` on the
pod or, among the linted files, on the account) is not reported: it cannot use the
account's permissions. When a RoleBinding or ClusterRoleBinding among the linted files
grants `default` a role, the message names it.

This rule is in the `strict` preset.

## Example
```yaml
    spec:
      containers:                   # no serviceAccountName: runs as default
      - name: web
```

## Fix
Create a ServiceAccount for the application and name it in `serviceAccountName`; bind roles
to that account rather than to `default`:

```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
automountServiceAccountToken: false
```
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import DEFAULT_SERVICE_ACCOUNT, account_use, bindings_of


@rule(
    "default-service-account",
    category="security",
    severity="info",
    kinds=POD_KINDS,
    preset="strict",
    messages={
        "default": "the pod runs as the namespace's default ServiceAccount, which every pod "
        "without its own shares; give it a ServiceAccount of its own",
        "bound": "the pod runs as the namespace's default ServiceAccount, and {binding} grants "
        "that account a role, so every pod of the namespace without its own account has it; "
        "give the pod a ServiceAccount of its own and bind the role to that",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    use = account_use(obj, ctx.index)
    spec_path = obj.pod_spec_path()
    if use is None or spec_path is None:
        return
    if use.name != DEFAULT_SERVICE_ACCOUNT or use.automount is False:
        return
    path, on_key = (use.name_path, False) if use.name_path is not None else (spec_path, True)
    bindings = bindings_of(ctx.index, use.name, obj.namespace)
    if bindings:
        yield Problem("bound", path, on_key=on_key, binding=bindings[0].display_name)
    else:
        yield Problem("default", path, on_key=on_key)
