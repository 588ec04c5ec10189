"""Pod gets a Kubernetes API token it may not need (`automountServiceAccountToken` unset).

## Why
Unless told otherwise, Kubernetes mounts a token of the pod's ServiceAccount into every
container, at `/var/run/secrets/kubernetes.io/serviceaccount`. Most applications never call
the Kubernetes API, but whoever gets code execution in one can: with the token they act as
the ServiceAccount, with every permission any RoleBinding gives it, now or later. A pod that
does not need the token should not have it.

Only pods where nothing decides are reported: a pod that sets
`automountServiceAccountToken` (to `false`, or to `true` because it uses the API) is not,
and neither is one whose ServiceAccount, among the linted files, sets it.

This rule is in the `strict` preset.

## Example
```yaml
    spec:
      serviceAccountName: web
      containers:
      - name: web
```

## Fix
Set `automountServiceAccountToken: false` on the ServiceAccount (every pod using it) or on
the pod. A pod that does call the API keeps its token with `automountServiceAccountToken:
true`, which says so.

`kubelint --fix --unsafe-fixes` writes `automountServiceAccountToken: false` into the pod
spec. The fix is unsafe: a program that talks to the API server (operators, controllers,
anything using a Kubernetes client) stops working.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.security import account_use


@rule(
    "service-account-token-mounted",
    category="security",
    severity="warning",
    kinds=POD_KINDS,
    preset="strict",
    fixable="unsafe",
    messages={
        "mounted": "every container gets a token of ServiceAccount {account!r}, so code "
        "running in them can call the Kubernetes API as it; set "
        "automountServiceAccountToken: false unless the pod uses the API (then set it to "
        "true to say so)",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    use = account_use(obj, ctx.index)
    spec_path = obj.pod_spec_path()
    if use is None or spec_path is None or use.automount is not None:
        return
    from kubelint.fix import Fix, insert

    fix = Fix.of(insert(spec_path, "automountServiceAccountToken", False), safe=False)
    if use.name_path is not None:
        yield Problem("mounted", use.name_path, account=use.name, fix=fix)
    else:
        yield Problem("mounted", spec_path, on_key=True, account=use.name, fix=fix)
