"""A ConfigMap holds a password, a token or another credential.

## Why
ConfigMaps are for configuration that anyone working on the application may read: they
are not encrypted at rest, RBAC roles commonly grant read access to all of them, tools and
dashboards display them, and they end up in logs and support bundles. A credential kept
in one is effectively public inside the cluster, and committed with the manifest it is
public to everyone who can read the repository.

kubelint reports a ConfigMap value when its key is named like a credential
(`DB_PASSWORD`, `api-token`, `client_secret`...) and the value looks real (not empty, not a
switch, a path, a placeholder or the name of a Secret object), when it holds a URL with a
password in it, or when it is one random-looking token (high entropy, see
`credential-in-env`). In a configuration file held in a value (YAML, JSON, INI,
properties, `.env`, shell), it reports settings named like credentials with a literal
value (`spring.datasource.password=...`, `token: ...`) and URLs with passwords; `${VAR}`
in a file is left alone, since the program reading the file usually expands it from its
environment. Private keys, tokens in documented formats and docker registry logins
(`auths`) are `leaked-credential`'s while that rule is enabled.

## Example
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: orders-config
data:
  DB_HOST: postgres.shop.svc
  DB_PASSWORD: Winter-Harbor-42
  application.properties: |
    spring.datasource.url=jdbc:postgresql://postgres.shop.svc/orders
    spring.datasource.password=Winter-Harbor-42
```

## Fix
Move the credential to a Secret (committed encrypted with SealedSecrets or SOPS, or
fetched by External Secrets) and give it to the container from there: an environment
variable with `valueFrom.secretKeyRef`, `envFrom` with a `secretRef`, or a file from a
`secret` volume. A configuration file can then refer to it, for example
`spring.datasource.password=${DB_PASSWORD}`. Rotate a real credential that was committed.
"""

from collections.abc import Iterator

from kubelint.credentials import sightings
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

_FIX = "move it to a Secret and give it to the container from there (secretKeyRef, envFrom)"
_IN_FILE = (
    "move the value to a Secret and let the file refer to it (an environment variable from "
    "secretKeyRef, or a file from a secret volume)"
)


@rule(
    "credential-in-configmap",
    category="secrets",
    severity="warning",
    kinds={"ConfigMap"},
    messages={
        "named": "key {key!r} in ConfigMap data is named like {what} and holds a literal "
        "value; ConfigMaps are not for secrets: " + _FIX,
        "url": "key {key!r} in ConfigMap data holds a URL with a password in it; ConfigMaps "
        "are not for secrets: " + _FIX,
        "random": "key {key!r} in ConfigMap data holds a random-looking value (high entropy), "
        "like a generated key or token; if it is one, " + _FIX,
        "known": "key {key!r} in ConfigMap data holds what looks like {what}; rotate it and "
        + _FIX,
        "setting-named": "key {key!r} in ConfigMap data sets {setting!r} (line {line} of the "
        "value), named like {what}, to a literal value; " + _IN_FILE,
        "setting-url": "key {key!r} in ConfigMap data holds a URL with a password in it (line "
        "{line} of the value); " + _IN_FILE,
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    leaked_reported = ctx.is_enabled("leaked-credential")
    for seen in sightings(obj):
        if seen.place not in ("configmap", "configmap-setting"):
            continue
        if seen.verdict.kind == "placeholder" or (
            seen.verdict.kind == "leaked" and leaked_reported
        ):
            continue
        message = seen.verdict.reason
        if seen.place == "configmap-setting":
            message = f"setting-{message}"
        yield Problem(message, seen.path, on_key=seen.on_key, what=seen.verdict.what, **seen.names)
