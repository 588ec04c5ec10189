"""A credential is a placeholder: the workload gets it as written unless something replaces it.

## Why
Kubernetes substitutes nothing in a Secret or in an environment variable except `$(VAR)`
references to earlier variables of the same container. A value written as `changeme`,
`<password>`, `TODO`, `${DB_PASSWORD}`, `{{ .Values.password }}` or the variable's own
name reaches the application exactly like that when the manifest is applied as it is: a
database initialised with the password `changeme`, a client that sends `${API_TOKEN}` and
fails to authenticate, or an admin account protected by a well-known word. That is fine
when a step of the pipeline (envsubst, Flux post-build substitution, a Helm or Kustomize
render, a secret manager) replaces the value before apply, which kubelint cannot see; this
is why the rule only informs.

It reports the values of Secrets, environment variables named like a credential (see
`credential-in-env`), ConfigMap keys and settings named like one (but not `${VAR}` in a
configuration file, which the program reading it usually expands), annotations named like
one, URLs whose password is a placeholder, and docker configs whose logins are all
placeholders. A Secret value in `data` that is not base64 at all is `invalid-base64`'s.

## Example
```yaml
        env:
        - name: ADMIN_PASSWORD
          value: changeme
        - name: API_TOKEN
          value: ${API_TOKEN}    # Kubernetes does not expand ${...}
```

## Fix
Reference a Secret that holds the real value (`valueFrom.secretKeyRef`), and create that
Secret from a secret manager or commit it encrypted. If a tool of yours does replace the
placeholder before apply, lint the rendered output instead, or disable this rule for the
templates.
"""

from collections.abc import Iterator

from kubelint.credentials import PLACEHOLDER_REASONS, sightings
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule

_AS_WRITTEN = "unless a tool replaces it before apply"


@rule(
    "placeholder-credential",
    category="secrets",
    severity="info",
    messages={
        "secret": "key {key!r} in {field} is {placeholder} rather than a real value; the "
        "Secret is created with it as written " + _AS_WRITTEN,
        "env": "env var {name!r} of container {container!r} is named like {what} but set to "
        "{placeholder}; the container gets it as written " + _AS_WRITTEN + ": reference a "
        "Secret with valueFrom.secretKeyRef",
        "configmap": "key {key!r} in ConfigMap data is named like {what} but set to {placeholder}; "
        "the application reads it as written " + _AS_WRITTEN,
        "configmap-setting": "key {key!r} in ConfigMap data sets {setting!r} (line {line} of the "
        "value), named like {what}, to {placeholder}; the application reads it as written "
        + _AS_WRITTEN,
        "annotation-setting": "annotation {key!r} sets {setting!r}, named like {what}, to "
        "{placeholder}; it is read as written " + _AS_WRITTEN,
        "annotation": "annotation {key!r} is named like {what} but set to {placeholder}; it "
        "is applied as written " + _AS_WRITTEN,
        "env-url": "env var {name!r} of container {container!r} holds a URL whose password "
        "is {placeholder}; the container gets it as written " + _AS_WRITTEN + ": build the "
        "URL with $(VAR) from a variable that references a Secret",
        "configmap-url": "key {key!r} in ConfigMap data holds a URL whose password is "
        "{placeholder}; the application reads it as written " + _AS_WRITTEN,
        "configmap-setting-url": "key {key!r} in ConfigMap data holds a URL whose password is "
        "{placeholder} (line {line} of the value); the application reads it as written "
        + _AS_WRITTEN,
        "annotation-setting-url": "annotation {key!r} holds a URL whose password is "
        "{placeholder}; it is read as written " + _AS_WRITTEN,
        "annotation-url": "annotation {key!r} holds a URL whose password is {placeholder}; it "
        "is applied as written " + _AS_WRITTEN,
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    for seen in sightings(obj):
        verdict = seen.verdict
        if verdict.kind != "placeholder":
            continue
        message = f"{seen.place}-url" if verdict.in_url else seen.place
        yield Problem(
            message,
            seen.path,
            on_key=seen.on_key,
            what=verdict.what,
            placeholder=PLACEHOLDER_REASONS[verdict.reason],
            **seen.names,
        )
