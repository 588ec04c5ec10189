"""A pod reads a key that its ConfigMap or Secret does not have.

## Why
`configMapKeyRef`, `secretKeyRef` and a volume's `items` name single keys. When the object
is there but the key is not (`DB_HOST` against `db-host`, a key renamed on one side only),
the pod does not start: an environment variable stops the container with
`CreateContainerConfigError: couldn't find key`, and a volume item keeps the pod in
`ContainerCreating`. Both sides apply cleanly, so the mismatch is found only at rollout.

## Example
```yaml
kind: ConfigMap
metadata:
  name: api-settings
data:
  log-level: info
---
        env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: api-settings
              key: LOG_LEVEL       # the ConfigMap's key is log-level
```

## Fix
Use a key the object has, add the key to it, or mark the reference `optional: true` when the
pod can run without it. The keys are those of `data`, `stringData` and `binaryData`; a
message lists key names, never values.

Only objects written in the linted files are checked. A ConfigMap or Secret that another
object makes (a kustomize generator, a SealedSecret, an ExternalSecret...) may hold any key,
and so may one written with no data at all (a placeholder an operator or a script fills in)
and a `kubernetes.io/service-account-token` Secret (the token controller writes its keys).
`kube-root-ca.crt` is known to hold `ca.crt` and `istio-ca-root-cert` to hold
`root-cert.pem`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint.engine import Context
from kubelint.kube import POD_KINDS
from kubelint.objects import K8sObject
from kubelint.references import KeyRef, Place, data_refs, known_keys, similar_name
from kubelint.registry import Problem, rule

#: How many key names a message lists before saying how many more there are.
_SHOWN_KEYS = 8


@rule(
    "unknown-config-key",
    category="references",
    severity="warning",
    kinds=POD_KINDS,
    messages={
        "missing": "{kind} {name!r} has no key {key!r}{times} (its keys: {keys}); use one "
        "of them, add the key, or mark the reference optional: true",
        "similar": "{kind} {name!r} has no key {key!r}{times}; did you mean {suggestion!r}?",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    keyed = [ref for ref in data_refs(obj) if ref.keys and not ref.optional]
    if not keyed:
        return
    place = Place.of(obj)
    missing: dict[tuple[str, str, str], list[KeyRef]] = {}
    keys_of: dict[tuple[str, str], frozenset[str]] = {}
    for ref in keyed:
        keys = known_keys(ctx.index, ref.kind, ref.name, place)
        if keys is None:
            continue
        keys_of[(ref.kind, ref.name)] = keys
        for wanted in ref.keys:
            if wanted.key not in keys:
                missing.setdefault((ref.kind, ref.name, wanted.key), []).append(wanted)
    # One finding per missing key of an object, at its first reference.
    for (kind, name, key), refs in missing.items():
        keys = keys_of[(kind, name)]
        times = f" (referenced {len(refs)} times here)" if len(refs) > 1 else ""
        fields: dict[str, Any] = {"kind": kind, "name": name, "key": key, "times": times}
        close = _suggest(key, keys)
        if close is not None:
            yield Problem("similar", refs[0].path, suggestion=close, **fields)
        else:
            yield Problem("missing", refs[0].path, keys=_list(keys), **fields)


def _suggest(key: str, keys: frozenset[str]) -> str | None:
    """The key ``key`` most likely meant: the same but for case and separators (``LOG_LEVEL``
    for ``log-level``), else a close spelling."""
    by_shape: dict[str, str] = {}
    for name in sorted(keys):
        by_shape.setdefault(_shape(name), name)
    if _shape(key) in by_shape:
        return by_shape[_shape(key)]
    close = similar_name(_shape(key), by_shape)
    return by_shape[close] if close else None


def _shape(key: str) -> str:
    return key.lower().replace("-", "_").replace(".", "_")


def _list(keys: frozenset[str]) -> str:
    names = sorted(keys)
    shown = ", ".join(names[:_SHOWN_KEYS])
    more = len(names) - _SHOWN_KEYS
    return f"{shown} and {more} more" if more > 0 else shown
