"""A document has `apiVersion` or `kind` but not both.

## Why
Every Kubernetes object names its `apiVersion` and `kind`; kubectl refuses a document that
lacks either. A document with neither is not a Kubernetes object (a values file, a CI
workflow) and kubelint skips it quietly, but one with only half is a manifest with a
mistake. Where the shape of the object makes its kind obvious (a `type: Opaque` with
`data` is a Secret), kubelint says so and checks it as that kind.

## Example
```yaml
apiVersion: v1
type: Opaque        # no kind: Secret
data:
  tls.crt: ...
```

## Fix
Add the missing field: `kind: Secret`, or `apiVersion: apps/v1` for a Deployment.
"""

from collections.abc import Iterator

from kubelint.engine import Context
from kubelint.kube import PREFERRED_API_VERSION
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "missing-type-meta",
    category="objects",
    severity="error",
    messages={
        "no-kind": "document has apiVersion {api_version!r} but no kind; kubectl cannot apply it",
        "guessed-kind": "document has no kind; its fields look like a {guess}: add `kind: {guess}`",
        "no-api-version": "{kind} has no apiVersion; kubectl cannot apply it{hint}",
        "not-string": "{field} must be a string, not {value!r}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    data = obj.data
    for field in ("apiVersion", "kind"):
        value = data.get(field)
        if value is not None and not isinstance(value, str):
            yield Problem("not-string", (field,), field=field, value=value)
            return
    if obj.kind_guessed:
        yield Problem("guessed-kind", ("apiVersion",), on_key=True, guess=obj.kind)
    elif not obj.kind:
        yield Problem("no-kind", ("apiVersion",), on_key=True, api_version=obj.api_version)
    elif not obj.api_version:
        suggestion = PREFERRED_API_VERSION.get(obj.kind)
        hint = f" (add `apiVersion: {suggestion}`)" if suggestion else ""
        yield Problem("no-api-version", ("kind",), on_key=True, kind=obj.kind, hint=hint)
