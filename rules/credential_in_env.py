"""A container's environment variable holds a credential as a literal value.

## Why
A literal `env[].value` is part of the pod template: it is committed with the manifest,
shown by `kubectl describe` and `kubectl get -o yaml` to anyone who may read the workload,
copied into every ReplicaSet revision, and changing it means editing and redeploying the
workload. A Secret, referenced with `valueFrom.secretKeyRef` or `envFrom`, is kept apart,
can be encrypted at rest and read-restricted with RBAC, and is rotated without touching
the workload's manifest.

kubelint reports a literal value when the variable is named like a credential (the last
word of the name: `DB_PASSWORD`, `API_TOKEN`, `CLIENT_SECRET`, `STRIPE_API_KEY`,
`SIGNING_KEY`...; not `DB_PASSWORD_FILE` or `TOKEN_TTL`) and the value looks real: not
empty, not a switch (`true`, `1`), not a path or a file name, not the name of a Secret
object, not a `$(VAR)` reference to another variable. It also reports a URL with a
password in it (`postgres://app:s3cret@db/app`), whatever the variable is called, and a
random-looking value (a token of 20 to 200 characters mixing upper case, lower case and
digits with high entropy; hex checksums, digests, UUIDs and base64 of readable text are
left alone) under a name that does not say it is a checksum, a digest or an id. A variable
named like a credential that reads a ConfigMap (`configMapKeyRef`) is reported too:
ConfigMaps are not meant for secrets. Values in a documented token format are
`leaked-credential`'s (an error) while that rule is enabled, and placeholders
(`changeme`, `${DB_PASSWORD}`) are `placeholder-credential`'s.

## Example
```yaml
      containers:
      - name: api
        image: registry.example.com/orders-api:2.4.1
        env:
        - name: DB_PASSWORD
          value: Winter-Harbor-42
        - name: DATABASE_URL
          value: postgres://orders:Winter-Harbor-42@db:5432/orders
```

## Fix
Put the value in a Secret (committed encrypted, or created out of band) and reference it:

```yaml
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: orders-db
              key: password
        - name: DATABASE_URL
          value: postgres://orders:$(DB_PASSWORD)@db:5432/orders
```

`$(DB_PASSWORD)` is replaced by the kubelet with the earlier variable, so a URL can be
built without writing the password into it. Rotate a real password that was committed.
"""

from collections.abc import Iterator

from kubelint.credentials import sightings
from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

_FIX = "keep it in a Secret and reference it with valueFrom.secretKeyRef"


@rule(
    "credential-in-env",
    category="secrets",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "named": "env var {name!r} of container {container!r} is named like {what} and set "
        "to a literal value; " + _FIX,
        "url": "env var {name!r} of container {container!r} holds a URL with a password in "
        "it; " + _FIX + " (build the URL with $(VAR) from a variable that does)",
        "random": "env var {name!r} of container {container!r} holds a random-looking literal "
        "value (high entropy), like a generated key or token; if it is one, " + _FIX,
        "known": "env var {name!r} of container {container!r} holds what looks like {what}; "
        "rotate it, then " + _FIX,
        "configmap-ref": "env var {name!r} of container {container!r} is named like {what} "
        "but reads it from ConfigMap {configmap!r}; ConfigMaps are not for secrets: move the "
        "value to a Secret and use valueFrom.secretKeyRef",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    leaked_reported = ctx.is_enabled("leaked-credential")
    for seen in sightings(obj):
        if seen.place != "env" or seen.verdict.kind == "placeholder":
            continue
        if seen.verdict.kind == "leaked" and leaked_reported:
            continue
        yield Problem(
            seen.verdict.reason, seen.path, on_key=seen.on_key, what=seen.verdict.what, **seen.names
        )
