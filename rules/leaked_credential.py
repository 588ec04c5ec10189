"""A private key, an API token or registry credentials is committed in a manifest.

## Why
Some values are credentials whatever they are called: a private key block, a token in a
format its issuer documents (AWS access keys, GitHub, GitLab, Slack, Stripe live keys,
Google API keys, Vault tokens, signed JSON Web Tokens...), or the `auth` and `password` of
a docker registry login. Committed, they give anyone who can read the repository what the
key or token gives its owner, and bots scan public repositories for these formats within
minutes of a push.

kubelint looks for them wherever a manifest holds values: a Secret's `data` (decoded) and
`stringData`, including JSON and kubeconfig files kept in a value; the literal `value` of
a container's environment variable; a ConfigMap's `data` and `binaryData`; and annotations,
including the `kubectl.kubernetes.io/last-applied-configuration` that `kubectl apply`
writes, which repeats a Secret's values in clear JSON. Certificates and public keys are
public and are not reported; neither are SOPS-encrypted values, nor tokens filled with a
repeated character or the word `EXAMPLE`, as documentation writes them.

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
---
        env:
        - name: GITHUB_TOKEN
          value: ghp_...                               # a GitHub token, in the pod spec
```

## Fix
Treat the credential as leaked: revoke or rotate it (a new key pair, a new token, a new
registry password), since git history keeps the old one. Then keep the new one out of the
repository: a SealedSecret, a SOPS-encrypted file, or an ExternalSecret that copies it from
a secret manager at deploy time. A container gets it from that Secret with
`valueFrom.secretKeyRef` (or `envFrom` with a `secretRef`); a ConfigMap is never the place
for it; an annotation should not carry it at all (delete the last-applied-configuration
annotation from manifests exported with `kubectl get -o yaml`). For TLS, let cert-manager
issue the key inside the cluster. A throwaway key used only by tests can be silenced with
`# kubelint: disable=leaked-credential` on its line.
"""

from collections.abc import Iterator

from kubelint.credentials import LAST_APPLIED, sightings
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

_ROTATE = "treat it as leaked: revoke or rotate it"


@rule(
    "leaked-credential",
    category="secrets",
    severity="error",
    messages={
        "secret": "key {key!r} in {field} holds {what}; " + _ROTATE + ", and keep the new one "
        "out of the repository (SealedSecrets, SOPS, External Secrets)",
        "env": "env var {name!r} of container {container!r} holds {what} as a literal value; "
        + _ROTATE
        + ", then keep the new one in a Secret and reference it with valueFrom.secretKeyRef",
        "configmap": "key {key!r} in ConfigMap {field} holds {what}; ConfigMaps are not for "
        "secrets: " + _ROTATE + " and keep the new one in a Secret (SealedSecrets, SOPS, "
        "External Secrets)",
        "annotation": "annotation {key!r} holds {what}; " + _ROTATE + ", and remove it from "
        "the annotation",
        "last-applied": "annotation " + LAST_APPLIED + " repeats key {key!r} of the Secret's "
        "{field}, which holds {what}; " + _ROTATE + ", and delete the annotation",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for seen in sightings(obj):
        if seen.verdict.kind != "leaked":
            continue
        yield Problem(
            seen.place,
            seen.path,
            on_key=seen.on_key,
            what=seen.verdict.what,
            **seen.names,
        )
