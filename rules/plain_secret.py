"""Secret committed with readable values: base64 is an encoding, not encryption.

## Why
Anyone who can read the repository (every clone, fork, CI log and backup of it) can run
`base64 -d` on a Secret's `data` and read `stringData` as it is. Git keeps the value in
history after the file is deleted, so a committed credential has to be rotated, not just
removed. Secrets whose values are all empty, placeholders such as `${DB_PASSWORD}` or
`changeme` (which `placeholder-credential` reports), certificates (which are public) and
SOPS-encrypted files are not reported, nor are values that `leaked-credential` reports
(private keys, tokens) while that rule is enabled.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
type: Opaque
data:
  username: YXBw          # "app"
  password: cjNkLXN0YXBsZXI=
```

## Fix
Keep only an encrypted form in the repository: a
[SealedSecret](https://github.com/bitnami-labs/sealed-secrets) (encrypted for one
cluster's controller), a file encrypted with [SOPS](https://github.com/getsops/sops) and
decrypted by your deployment tool (Flux, helm-secrets, ksops), or an
[ExternalSecret](https://external-secrets.io) that copies the value from a secret manager
(Vault, AWS Secrets Manager, GCP Secret Manager...) at deploy time. A Secret that is meant
to be created out of band can stay out of the linted files; declare it under
`external-objects` so references to it still resolve.
"""

from collections.abc import Iterator

from kubelint.credentials import find_credential, holds_value, secret_values, sops_encrypted
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

#: How many key names the message lists before summing up the rest.
_SHOWN_KEYS = 4


@rule(
    "plain-secret",
    category="secrets",
    severity="warning",
    kinds={"Secret"},
    messages={
        "committed": "secret {name!r} commits {keys} unencrypted (base64 is an encoding, not "
        "encryption); commit a SealedSecret or a SOPS-encrypted file instead, or fetch the "
        "values at deploy time with External Secrets",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if sops_encrypted(obj):
        return
    committed = [value for value in secret_values(obj) if holds_value(value)]
    if ctx.is_enabled("leaked-credential"):  # it reports those values, as errors
        committed = [v for v in committed if find_credential(v.content or b"", v.key) is None]
    if not committed:
        return
    names = [repr(value.key) for value in committed]
    keys = ", ".join(names[:_SHOWN_KEYS])
    if len(names) > _SHOWN_KEYS:
        keys += f" and {len(names) - _SHOWN_KEYS} more keys"
    yield Problem("committed", (committed[0].field,), on_key=True, name=obj.name, keys=keys)
