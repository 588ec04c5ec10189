"""A name the API server rejects: of the object, its namespace, a container or a volume.

## Why
The schema only says a name is a string; the API server then checks its spelling, and each
kind has its own rule. Most objects need a DNS-1123 subdomain (lower-case letters, digits,
`-` and `.`, at most 253 characters). A Namespace, a StatefulSet, every container and every
volume need a DNS-1123 label (no dots, at most 63 characters); a Service needs a DNS-1035
label, which must also start with a letter, because its name becomes a DNS name. RBAC roles
and bindings only may not contain `/` or `%`. A CronJob name may not exceed 52 characters,
because the Jobs it creates add 11 to it, and a Job name may not exceed 63, because it is
copied into a label of its pods. A CustomResourceDefinition must be called
`<plural>.<group>` and an APIService `<version>.<group>`. `kubectl apply` fails on the
whole object; a StatefulSet whose pod template is wrong is accepted, then none of its pods
can be created.

## Example
```yaml
apiVersion: v1
kind: Service
metadata:
  name: 2fa_gateway         # starts with a digit, and '_' is not allowed
```

## Fix
Rename the object, container or volume: lower-case letters, digits and `-` are accepted
everywhere, and a Service name must start with a letter. Then update what refers to the old
name: volume mounts, Ingress backends, `envFrom` and `volumes` entries, role bindings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, TypeGuard

from kubelint import names
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.references import pod_volumes
from kubelint.registry import Problem, rule


@rule(
    "invalid-name",
    category="validation",
    severity="error",
    messages={
        "name": "name {name!r} is not a valid {kind} name ({syntax}): {reason}; rename it",
        "name-suggest": "name {name!r} is not a valid {kind} name ({syntax}): {reason}; "
        "did you mean {suggestion!r}?",
        "too-long": "name {name!r} has {length} characters, but a {kind} name may have at most "
        "{limit}, as {why}; shorten it",
        "generate-name": "generateName {name!r} cannot begin a valid {kind} name ({syntax}): "
        "{reason}; fix the prefix",
        "required": "name {name!r} is not {required!r} ({fields}), the only name the API "
        "accepts for this {kind}; rename it or correct those fields",
        "label": "{what} {name!r} is not a valid DNS-1123 label: {reason}; rename it",
        "label-suggest": "{what} {name!r} is not a valid DNS-1123 label: {reason}; "
        "did you mean {suggestion!r}?",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    meta = obj.metadata
    problem = _object_name(obj, meta)
    if problem is not None:
        yield problem
    namespace = meta.get("namespace")
    if obj.namespace is not None and _bad_label(namespace):
        yield _label(namespace, ("metadata", "namespace"), "namespace")
    if obj.spec_path is None:
        return  # no pods: no containers, no volumes
    for container in obj.containers():
        name = container.data.get("name")
        if _bad_label(name):
            yield _label(name, (*container.path, "name"), "container name")
    for volume in pod_volumes(obj):
        if _bad_label(volume.name):
            yield _label(volume.name, volume.path, "volume name")


def _checked(name: Any) -> TypeGuard[str]:
    """Names other rules leave alone: missing, empty, not text, or filled in by a tool."""
    return isinstance(name, str) and bool(name) and not names.is_placeholder(name)


def _object_name(obj: K8sObject, meta: Mapping[str, Any]) -> Problem | None:
    """The problem with the object's name, if it has one."""
    syntax = names.name_syntax(obj.group, obj.kind)
    name = meta.get("name")
    kind = obj.kind or "object"
    at = ("metadata", "name")
    if not _checked(name):
        prefix = meta.get("generateName")
        reason = syntax.check(names.generated_name(prefix)) if syntax and _checked(prefix) else None
        if reason and syntax:
            return Problem("generate-name", ("metadata", "generateName"), name=prefix, kind=kind,
                           syntax=syntax.title, reason=reason)  # fmt: skip
        return None
    reason = syntax.check(name) if syntax else None
    if reason and syntax:
        return _invalid("name", at, name, syntax, kind=kind, syntax=syntax.title, reason=reason)
    required = names.required_name(obj.group, obj.kind, obj.data)
    if required and name != required[0]:
        return Problem("required", at, name=name, kind=kind, required=required[0],
                       fields=required[1])  # fmt: skip
    limit = names.name_length_limit(obj.group, obj.kind, obj.data)
    if limit and len(name) > limit[0]:
        return Problem("too-long", at, name=name, kind=kind, length=len(name), limit=limit[0],
                       why=limit[1])  # fmt: skip
    return None


def _bad_label(name: Any) -> TypeGuard[str]:
    """A name to check that is not a valid DNS-1123 label."""
    return _checked(name) and names.dns1123_label(name) is not None


def _label(name: str, at: tuple[Any, ...], what: str) -> Problem:
    """The problem with a name ``_bad_label`` found invalid."""
    reason = names.dns1123_label(name)
    return _invalid("label", at, name, names.LABEL, what=what, reason=reason)


def _invalid(message: str, at: tuple[Any, ...], name: str, rule: names.Syntax,
             **fields: Any) -> Problem:  # fmt: skip
    """The problem, with a corrected spelling when one is obvious."""
    suggestion = names.suggest(name, rule)
    if suggestion:
        return Problem(f"{message}-suggest", at, name=name, suggestion=suggestion, **fields)
    return Problem(message, at, name=name, **fields)
