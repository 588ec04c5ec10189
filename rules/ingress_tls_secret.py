"""An Ingress TLS entry names a Secret that is missing or is not a TLS Secret.

## Why
The controller reads the certificate and key for `tls[].secretName` from a Secret in the
Ingress's namespace. When the Secret does not exist, most controllers quietly serve their
default self-signed certificate (GKE does not create the HTTPS frontend), so browsers reject
the site although every object applied. A `kubernetes.io/tls` Secret is checked by the API
server (`tls.crt` and `tls.key` must be present); an `Opaque` Secret with a missing or
misspelt key is accepted and only fails when the controller loads it.

## Example
```yaml
kind: Secret
metadata:
  name: test-secret
type: Opaque            # should be kubernetes.io/tls
---
kind: Ingress
spec:
  tls:
  - secretName: test-secret
```

## Fix
Create the Secret as `type: kubernetes.io/tls` with `tls.crt` and `tls.key`
(`kubectl create secret tls NAME --cert=... --key=...` does that), and keep the key out of
the repository. If cert-manager issues it, annotate the Ingress with
`cert-manager.io/cluster-issuer` (or `cert-manager.io/issuer`) or add a Certificate whose
`secretName` is this name. If the Secret is created outside these files, declare it under
`external-objects`.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.ingress import is_ingress, tls_secrets
from kubelint.objects import K8sObject
from kubelint.references import find, issues_certificates, secret_available
from kubelint.registry import Problem, rule

TLS_SECRET_TYPE = "kubernetes.io/tls"


@rule(
    "ingress-tls-secret",
    category="references",
    severity="warning",
    kinds={"Ingress"},
    messages={
        "missing": "secretName {secret!r} names no Secret in namespace {namespace}; create it "
        "as type kubernetes.io/tls, let cert-manager issue it, or declare it under "
        "external-objects",
        "type": "secretName {secret!r} names a Secret of type {type}, not kubernetes.io/tls; "
        "recreate it with kubectl create secret tls",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if not is_ingress(obj) or issues_certificates(obj):
        return
    for tls in tls_secrets(obj):
        secret = find(ctx.index, "Secret", tls.name, obj)
        if secret is not None:
            secret_type = secret.get("type") or "Opaque"
            if secret_type != TLS_SECRET_TYPE:
                yield Problem("type", tls.path, secret=tls.name, type=secret_type)
        elif not secret_available(ctx.index, tls.name, obj):
            yield Problem("missing", tls.path, secret=tls.name, namespace=obj.namespace)
