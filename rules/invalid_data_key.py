"""A ConfigMap or Secret key the API server rejects, or data too large for it.

## Why
Each key of a ConfigMap's `data` and `binaryData`, and of a Secret's `data` and
`stringData`, becomes a file name when the object is mounted as a volume, so the API only
accepts letters, digits, `-`, `_` and `.`, at most 253 of them, and no key starting with
`..` (the names the kubelet uses for its own bookkeeping). A ConfigMap may not hold the same
key in `data` and in `binaryData`. And the values of one ConfigMap or Secret may not total
more than 1 MiB (1048576 bytes, counted after base64 decoding), the limit the API server
keeps objects under for etcd. Any of these fails the whole `kubectl apply`.

## Example
```yaml
kind: ConfigMap
data:
  nginx/default.conf: |        # '/' is not allowed in a key
    server { listen 8080; }
```

## Fix
Rename the key with letters, digits, `-`, `_` and `.` (`default.conf`). A volume can still
place the file under any name and directory: list it under the volume's `items` with the
`path` you need. Split data over 1 MiB into several objects, or ship it in the image or a
volume instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from kubelint import names
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule


@rule(
    "invalid-data-key",
    category="validation",
    severity="error",
    kinds=("ConfigMap", "Secret"),
    messages={
        "key": "key {key!r} in {field} is not a valid {kind} key: {reason}; rename it (a "
        "volume's items[].path can still give the file any name)",
        "both": "key {key!r} is in both data and binaryData, which the API rejects; keep it "
        "in one of them",
        "size": "the {kind}'s values total {size} bytes, over the API's limit of {limit} bytes "
        "(1 MiB); split it into several {kind}s or ship the content another way",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    fields = names.data_fields(obj.group, obj.kind)
    written = [field for field in fields if isinstance(obj.data.get(field), dict)]
    data = obj.data["data"] if "data" in written else {}
    for field in written:
        for key in obj.data[field]:
            if not isinstance(key, str) or names.is_placeholder(key):
                continue
            reason = names.config_key(key)
            if reason:
                yield Problem("key", (field, key), on_key=True, key=key, field=field,
                              kind=obj.kind, reason=reason)  # fmt: skip
            elif field == "binaryData" and key in data:
                yield Problem("both", (field, key), on_key=True, key=key)
    if not written:
        return  # no values to count
    size = names.data_size(obj.group, obj.kind, obj.data)
    if size > names.DATA_MAX_BYTES:
        yield Problem("size", (written[0],), on_key=True, kind=obj.kind, size=size,
                      limit=names.DATA_MAX_BYTES)  # fmt: skip
