"""Secret value is a private key, an API token or registry credentials.

## Why
Some values are credentials whatever the key is called: a private key block, a token in a
format its issuer documents (AWS access keys, GitHub, GitLab, Slack, Stripe live keys,
Google API keys...), or the `auth` and `password` of a docker registry login. Committed,
they give anyone who can read the repository what the key or token gives its owner, and
bots scan public repositories for these formats within minutes of a push. kubelint decodes
`data`, reads `stringData` as it is, and looks inside JSON and kubeconfig files held in a
value. Certificates and public keys are public and are not reported; neither are
SOPS-encrypted values.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: test-secret
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t...   # a private key, in plain base64
```

## Fix
Treat the credential as leaked: revoke or rotate it (a new key pair, a new token, a new
registry password), since git history keeps the old one. Then keep the new one out of the
repository: a SealedSecret, a SOPS-encrypted file, or an ExternalSecret that copies it from
a secret manager at deploy time. For TLS, let cert-manager issue the key inside the
cluster. A throwaway key used only by tests can be silenced with
`# kubelint: disable=leaked-credential` on its line.
"""

from collections.abc import Iterator

from kubelint.credentials import find_credential, secret_values
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "leaked-credential",
    category="secrets",
    severity="error",
    kinds={"Secret"},
    messages={
        "credential": "key {key!r} in {field} holds {what}; treat it as leaked: revoke or "
        "rotate it, and keep the new one out of the repository (SealedSecrets, SOPS, "
        "External Secrets)",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for value in secret_values(obj):
        if value.content is None or value.encrypted:
            continue
        what = find_credential(value.content, value.key)
        if what is not None:
            yield Problem(
                "credential", value.path, on_key=True, key=value.key, field=value.field, what=what
            )
