"""An annotation carries a Secret's values or a credential.

## Why
Annotations are metadata: anyone allowed to list the object reads them, tools copy them
into events, logs and dashboards, and nothing encrypts them. The most common way a
credential ends up in one is `kubectl.kubernetes.io/last-applied-configuration`: `kubectl
apply` stores the whole object as applied in that annotation, so a manifest exported with
`kubectl get -o yaml` from a Secret repeats the Secret's `data` (base64, which anyone can
decode) and `stringData` (in clear) in JSON. Removing or encrypting the Secret's values in
the file leaves them readable there.

kubelint reports that annotation when it embeds a Secret with readable values (empty
values, placeholders and certificates do not count), any annotation named like a
credential (`example.com/api-token`) whose value looks real (not a path, a switch, a
placeholder or the name of a Secret object, as `nginx.ingress.kubernetes.io/auth-secret`
holds), any annotation holding a URL with a password in it, and any annotation that is one
random-looking token (high entropy, see `credential-in-env`; hex checksums such as
`checksum/config` are left alone). Annotations of pod templates are checked too. Private
keys and tokens in documented formats are `leaked-credential`'s while that rule is enabled.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"v1","kind":"Secret","data":{"password":"V2ludGVyLUhhcmJvci00Mg=="},...}
```

## Fix
Delete the last-applied-configuration annotation (and the other fields the server wrote,
see `server-written-field`), then handle the Secret's values as `plain-secret` says.
Credentials an annotation needs to pass to a controller belong in a Secret the controller
reads, named by the annotation. Rotate a real credential that was committed.
"""

from collections.abc import Iterator

from kubelint.credentials import LAST_APPLIED, key_list, sightings
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

#: Where annotation values are seen (see ``Sighting.place``).
_PLACES = frozenset({"annotation", "annotation-setting", "last-applied"})


@rule(
    "credential-in-annotation",
    category="secrets",
    severity="warning",
    messages={
        "embedded": "annotation " + LAST_APPLIED + " repeats the Secret's values for {keys} "
        "in readable JSON (base64 is an encoding, not encryption); delete the annotation",
        "named": "annotation {key!r} is named like {what} and holds a literal value; keep "
        "credentials in a Secret and name the Secret in the annotation instead",
        "url": "annotation {key!r} holds a URL with a password in it; keep credentials in a "
        "Secret and name the Secret in the annotation instead",
        "random": "annotation {key!r} holds a random-looking value (high entropy), like a "
        "generated key or token; if it is one, keep it in a Secret instead",
        "known": "annotation {key!r} holds what looks like {what}; rotate it and remove it "
        "from the annotation",
        "setting-named": "annotation {key!r} sets {setting!r}, named like {what}, to a literal "
        "value; keep credentials in a Secret and let the tool reading the annotation take "
        "them from there (from an environment variable, for example)",
        "setting-url": "annotation {key!r} holds a URL with a password in it; keep credentials "
        "in a Secret and let the tool reading the annotation take them from there",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    found = [seen for seen in sightings(obj) if seen.place in _PLACES]
    if not found:
        return
    leaked_reported = ctx.is_enabled("leaked-credential")
    for seen in found:
        verdict = seen.verdict
        if verdict.kind == "placeholder" or (verdict.kind == "leaked" and leaked_reported):
            continue
        names = dict(seen.names)
        message = verdict.reason
        if seen.place == "annotation-setting":
            message = f"setting-{message}"
        if seen.place == "last-applied":
            if verdict.kind == "leaked":  # leaked-credential is off
                names = {"key": LAST_APPLIED}
            else:
                names["keys"] = key_list(names["keys"])
        yield Problem(message, seen.path, on_key=seen.on_key, what=verdict.what, **names)
