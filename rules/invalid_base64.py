"""Secret `data` or ConfigMap `binaryData` value is not base64 the API server can decode.

## Why
The API server stores these fields as bytes and reads them as standard base64 with `=`
padding (the alphabet `A-Z a-z 0-9 + /`); it ignores line breaks and nothing else. Any
other value, a template placeholder such as `$server.crt` left unreplaced, plain text, the
URL-safe alphabet (`-` and `_`), a value with its padding cut off, or a number or boolean,
makes `kubectl apply` fail for the whole object. A plain scalar continued on a second line
is folded with a space, which is also rejected.

## Example
```yaml
apiVersion: v1
kind: Secret
metadata:
  name: test-secret
type: Opaque
data:
  tls.crt: $server.crt    # meant to be replaced by the file's base64 content
  tls.key: $server.key
```

## Fix
Encode the value: `base64 -w0 < server.crt` (GNU) or `base64 -i server.crt` (macOS), or
let kubectl do it: `kubectl create secret tls test-secret --cert=server.crt
--key=server.key --dry-run=client -o yaml`. Plain text belongs under `stringData`, which
takes values as they are. Long values may be wrapped in a literal block (`|`).
"""

from collections.abc import Iterator

from kubelint.credentials import (
    BASE64_FIELDS,
    base64_error,
    is_core,
    is_placeholder,
    is_sops_value,
    sops_encrypted,
    type_name,
)
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "invalid-base64",
    category="secrets",
    severity="error",
    kinds=set(BASE64_FIELDS),
    messages={
        "placeholder": "key {key!r} in {field} is a placeholder, not base64, so the API server "
        "rejects the object; replace it with the encoded content (base64 -w0 < file)",
        "whitespace": "key {key!r} in {field} is not valid base64: it contains spaces or tabs; "
        "encode the value with base64 -w0 (a long value may be wrapped in a literal block |, "
        "whose line breaks are ignored)",
        "url-safe": "key {key!r} in {field} uses the URL-safe base64 alphabet (- and _); the "
        "API server accepts only the standard one (+ and /): re-encode it with base64 -w0",
        "alphabet": "key {key!r} in {field} is not valid base64: it has characters outside "
        "A-Z, a-z, 0-9, + and /, so the API server rejects the object; encode the value with "
        "base64 -w0, or move plain text to {plain_field}",
        "length": "key {key!r} in {field} is not valid base64: its length is not a multiple "
        "of 4 (= padding missing or the value cut short); re-encode it with base64 -w0",
        "padding": "key {key!r} in {field} is not valid base64: = padding appears before the "
        "end; encode the whole value at once with base64 -w0",
        "not-string": "key {key!r} in {field} is a {type}, not a base64 string, so the API "
        "server rejects the object; quote the base64 text, or move plain values to "
        "{plain_field}",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    fields = BASE64_FIELDS.get(obj.kind, ())
    if not fields or not is_core(obj, obj.kind):
        return
    encrypted = sops_encrypted(obj)
    plain_field = "stringData" if obj.kind == "Secret" else "data"
    for field in fields:
        entries = obj.data.get(field)
        if not isinstance(entries, dict):
            continue
        for key, value in entries.items():
            where = (field, key)
            if value is None:
                continue  # JSON null: the API server stores no bytes (null-value's concern)
            if not isinstance(value, str):
                yield Problem(
                    "not-string",
                    where,
                    key=str(key),
                    field=field,
                    type=type_name(value),
                    plain_field=plain_field,
                )
                continue
            if encrypted and is_sops_value(value):
                continue
            reason = base64_error(value)
            if reason is not None:
                if is_placeholder(value):
                    reason = "placeholder"
                yield Problem(reason, where, key=str(key), field=field, plain_field=plain_field)
