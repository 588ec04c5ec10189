"""A pod template refers to a Secret that is not defined in the linted files.

## Why
A pod whose environment or volumes need a missing Secret never starts: it stays in
`CreateContainerConfigError` or `ContainerCreating` (a missing image pull Secret shows up as
`ImagePullBackOff` on a private registry). Nothing fails at `kubectl apply` time, so the
mistake is found only when the rollout hangs. Secrets are often kept out of the repository
on purpose; then say so once in the configuration instead of living with the warning.

## Example
```yaml
      containers:
      - name: app
        envFrom:
        - secretRef:
            name: eng-app-secret   # created by hand with kubectl, not in these files
```

## Fix
Add the Secret (preferably as a SealedSecret, an ExternalSecret or a SOPS-encrypted file
rather than in plain base64), fix the name, or mark the reference `optional: true` if the
pod can run without it. Secrets created outside the repository on purpose are declared in
`.kubelint.yaml`:

```yaml
external-objects:
- {kind: Secret, name: eng-app-secret, namespace: eng-app}
```

Secrets that another object in the linted files creates count as defined: a cert-manager
Certificate's `secretName`, a SealedSecret, an ExternalSecret's target, an Ingress annotated
for cert-manager, and a few more operators. So do Secrets the install creates when it runs:
those a Role allowed to create Secrets names in its `resourceNames`, and the one a
certificate-generator Job is given with `--secret-name`.
"""

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import missing_targets, secret_refs
from kubelint.registry import Problem, rule


@rule(
    "unknown-secret",
    category="references",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "missing": "no Secret {secret!r} in namespace {namespace}{times}; add it, mark the "
        "reference optional: true, or declare it under external-objects if it is created "
        "outside these files",
        "elsewhere": "no Secret {secret!r} in namespace {namespace}{times}, only in {others}; "
        "pods can only use Secrets from their own namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = secret_refs(obj)
    if not found:
        return
    refs = ((ref.name, ref.path, ref.optional) for ref in found)
    # One finding per missing Secret, at its first reference: a pod that reads four keys of
    # one absent Secret has one problem, not four.
    for target in missing_targets(ctx.index, "Secret", refs, obj):
        times = f" (referenced {target.count} times here)" if target.count > 1 else ""
        fields: dict[str, Any] = {"secret": target.name, "namespace": obj.namespace, "times": times}
        if target.others:
            yield Problem("elsewhere", target.path, others=", ".join(target.others), **fields)
        else:
            yield Problem("missing", target.path, **fields)
