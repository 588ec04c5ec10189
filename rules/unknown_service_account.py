"""A pod template or a role binding names a ServiceAccount that is not defined.

## Why
The API server refuses to create a pod whose `serviceAccountName` does not exist in its
namespace. A Deployment, a StatefulSet or a Job applies without complaint, but its
controller fails to create every pod (`FailedCreate: error looking up service account`), so
nothing runs and nothing says why unless someone reads the events. A RoleBinding or
ClusterRoleBinding whose ServiceAccount subject does not exist applies cleanly and grants
its role to nobody: the pods meant to have those permissions get `403 Forbidden` instead.

## Example
```yaml
      serviceAccountName: metrics-scraper     # the ServiceAccount is called metrics-scrapper
---
kind: ClusterRoleBinding
subjects:
- kind: ServiceAccount
  name: metrics-scrapper
  namespace: monitoring                       # it lives in namespace observability
```

## Fix
Add the ServiceAccount, or fix the name (and, for a binding subject, the namespace).
Accounts that Helm, an operator or a platform creates outside these files are declared in
`.kubelint.yaml`:

```yaml
external-objects:
- {kind: ServiceAccount, name: builder}     # OpenShift makes it in every project
```

`default` exists in every namespace, and a Kubeflow Profile's `default-editor` and
`default-viewer` count as defined in the profile's namespace. A RoleBinding subject without
a namespace is looked up in the binding's namespace, as the authorizer does. A binding
subject in a namespace where the linted files define nothing at all is not reported: that
namespace belongs to another installation (a binding for `kube-system` or a monitoring
stack's account), unless an account of that name is written in another namespace, which
suggests a wrong namespace.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import (
    BINDING_KINDS,
    NameRef,
    Place,
    account_subjects,
    available,
    elsewhere,
    service_account,
    similar_object,
    subject_judged,
)
from kubelint.registry import Problem, rule

_KIND = "ServiceAccount"


@rule(
    "unknown-service-account",
    category="references",
    severity="warning",
    kinds=POD_KINDS | BINDING_KINDS,
    messages={
        "pod-missing": "no ServiceAccount {account!r} in namespace {namespace}, and pods "
        "cannot be created without it; add it, or declare it under external-objects if it "
        "is created outside these files",
        "pod-similar": "no ServiceAccount {account!r} in namespace {namespace}, and pods "
        "cannot be created without it; did you mean {suggestion!r}?",
        "pod-elsewhere": "no ServiceAccount {account!r} in namespace {namespace}, only in "
        "{others}; pods can only run as a ServiceAccount of their own namespace",
        "subject-missing": "no ServiceAccount {account!r} in namespace {namespace}, so this "
        "binding grants its role to nobody; add it, fix the subject, or declare it under "
        "external-objects if it is created outside these files",
        "subject-similar": "no ServiceAccount {account!r} in namespace {namespace}, so this "
        "binding grants its role to nobody; did you mean {suggestion!r}?",
        "subject-elsewhere": "no ServiceAccount {account!r} in namespace {namespace}, only in "
        "{others}; fix the subject's namespace",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    account = service_account(obj)
    if account is not None:
        yield from _resolve(ctx, "pod", account, Place.of(obj))
    for subject, place in account_subjects(obj):
        if subject_judged(ctx.index, subject, place):
            yield from _resolve(ctx, "subject", subject, place)


def _resolve(
    ctx: Context, where: str, ref: NameRef, place: Place, **extra: str
) -> Iterator[Problem]:
    index = ctx.index
    if available(index, _KIND, ref.name, place):
        return
    fields: dict[str, Any] = {"account": ref.name, "namespace": place.namespace}
    others = elsewhere(index, _KIND, ref.name, place)
    close = similar_object(index, _KIND, ref.name, place)
    if others:
        yield Problem(f"{where}-elsewhere", ref.path, others=", ".join(others), **fields)
    elif close:
        yield Problem(f"{where}-similar", ref.path, suggestion=close, **fields)
    else:
        yield Problem(f"{where}-missing", ref.path, **fields)
