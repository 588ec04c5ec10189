"""Your own policies, written in the configuration: match some objects, assert a JSON Schema.

```yaml
policies:
- id: require-team-label
  severity: warning                      # default: warning
  message: every workload names its owning team in metadata.labels.team
  doc: |                                 # shown by `kubelint explain require-team-label`
    The on-call rota is looked up by this label.
  match:                                 # all optional; every condition must hold
    kinds: [Deployment, StatefulSet]     # kind names (shell patterns)
    namespaces: ["shop-*"]               # the object's namespace, defaults applied
    names: ["*"]
    labels: {tier: web}                  # a label selector: matchLabels, or
                                         # {matchLabels: ..., matchExpressions: [...]}
  target: object                         # object (default), pod (the pod spec of a
                                         # workload) or container (each container)
  assert:                                # JSON Schema (2020-12) the target must satisfy
    properties:
      metadata:
        required: [labels]
        properties:
          labels: {required: [team]}
```

Each place where the target breaks the schema is a finding of rule ``<id>`` (category
``policy``) at that node, silenced like any other rule. Messages say which constraint broke
and never quote a value from the manifest (it could be a secret). A policy that is not
valid (unknown key, bad schema, an id a built-in rule has) is a configuration error naming
the policy.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kubelint import kube
from kubelint.registry import CATEGORIES, SEVERITIES, Problem, Rule

TARGETS = ("object", "pod", "container")
_ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

#: The JSON Schema of one policy entry (part of the configuration's schema).
POLICY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "message", "assert"],
    "properties": {
        "id": {"type": "string", "description": "kebab-case rule id of the policy"},
        "severity": {"enum": list(SEVERITIES), "description": "default: warning"},
        "message": {"type": "string", "description": "what is wrong and what to do"},
        "doc": {"type": "string", "description": "longer documentation (kubelint explain)"},
        "match": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "kinds": {"type": "array", "items": {"type": "string"}},
                "namespaces": {"type": "array", "items": {"type": "string"}},
                "names": {"type": "array", "items": {"type": "string"}},
                "labels": {"type": "object"},
            },
        },
        "target": {"enum": list(TARGETS), "description": "what `assert` is checked against"},
        "assert": {
            "type": ["object", "boolean"],
            "description": "a JSON Schema the target must satisfy",
        },
    },
}


class PolicyError(ValueError):
    """A policy that cannot be used; the message names the policy."""


def build_rules(
    policies: Sequence[Mapping[str, Any]], builtin: Mapping[str, Rule]
) -> dict[str, Rule]:
    """One rule per policy, checked (ids unique and new, schemas valid)."""
    import jsonschema

    rules: dict[str, Rule] = {}
    for policy in policies:
        policy_id = str(policy["id"])
        if not _ID_RE.match(policy_id):
            raise PolicyError(f"policy {policy_id!r}: the id must be kebab-case (team-label)")
        if policy_id in builtin or policy_id in rules:
            raise PolicyError(f"policy {policy_id!r}: a rule with that id already exists")
        schema = policy["assert"]
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:
            where = "/".join(str(p) for p in exc.absolute_path) or "the top level"
            raise PolicyError(
                f"policy {policy_id!r}: assert is not a valid JSON Schema at {where}: {exc.message}"
            ) from None
        selector = (policy.get("match") or {}).get("labels")
        if selector is not None and not _valid_selector(selector):
            raise PolicyError(
                f"policy {policy_id!r}: match.labels must map label names to values, or hold "
                "matchLabels and matchExpressions"
            )
        rules[policy_id] = _rule(policy_id, policy, jsonschema.Draft202012Validator(schema))
    assert "policy" in CATEGORIES
    return rules


def _valid_selector(selector: Any) -> bool:
    if not isinstance(selector, Mapping):
        return False
    if set(selector) & {"matchLabels", "matchExpressions"}:
        return set(selector) <= {"matchLabels", "matchExpressions"}
    return all(isinstance(v, str) for v in selector.values())


def _rule(policy_id: str, policy: Mapping[str, Any], validator: Any) -> Rule:
    match = policy.get("match") or {}
    target = policy.get("target", "object")
    summary = str(policy["message"]).strip().splitlines()[0].rstrip(".")

    def check(obj: Any, ctx: Any) -> Iterator[Problem]:
        if not _matches(obj, match):
            return
        for base, subject in _targets(obj, target):
            for error in validator.iter_errors(subject):
                path = (*base, *error.absolute_path)
                yield Problem(
                    "violated",
                    path,
                    on_key=error.validator in ("additionalProperties", "unevaluatedProperties"),
                    where=kube.format_path(path) if path else "the object",
                    problem=_problem(error),
                )

    doc = str(policy.get("doc") or policy["message"]).strip()
    return Rule(
        id=policy_id,
        category="policy",
        severity=policy.get("severity", "warning"),
        messages={"violated": f"{{where}} {{problem}}; {_escape(str(policy['message']).strip())}"},
        summary=summary,
        doc=doc,
        check=check,
        kinds=None,
        scope="object",
        default=True,
        module="kubelint.policies",
    )


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _matches(obj: Any, match: Mapping[str, Any]) -> bool:
    kinds = match.get("kinds")
    if kinds and not any(fnmatch.fnmatchcase(obj.kind, k) for k in kinds):
        return False
    namespaces = match.get("namespaces")
    if namespaces and not any(fnmatch.fnmatchcase(obj.namespace or "", n) for n in namespaces):
        return False
    names = match.get("names")
    if names and not any(fnmatch.fnmatchcase(obj.name, n) for n in names):
        return False
    selector = match.get("labels")
    if selector is not None:
        if not set(selector) & {"matchLabels", "matchExpressions"}:
            selector = {"matchLabels": selector}
        if not kube.selector_matches(selector, obj.labels):
            return False
    return True


def _targets(obj: Any, target: str) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if target == "object":
        yield (), _plain(obj.data)
    elif target == "pod":
        path = obj.pod_spec_path()
        spec = obj.pod_spec()
        if path is not None and spec is not None:
            yield path, _plain(spec)
    else:
        for container in obj.containers():
            yield container.path, _plain(container.data)


def _plain(data: Any) -> Any:
    """Plain JSON-like data: the loader's mapping type, and keys that are not strings,
    confuse some JSON Schema keywords."""
    if isinstance(data, Mapping):
        return {str(k): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _problem(error: Any) -> str:
    """Which constraint broke, in words, without the value (it could be a secret)."""
    kind = error.validator
    value = error.validator_value
    if kind == "required":
        missing = [name for name in value if not _has(error.instance, name)]
        return f"lacks {', '.join(repr(m) for m in missing) or 'a required field'}"
    if kind == "false" or error.schema is False:
        return "is not allowed here"
    if kind in ("additionalProperties", "unevaluatedProperties"):
        return "is a field the policy does not allow"
    if kind == "type":
        expected = value if isinstance(value, str) else " or ".join(value)
        return f"must be of type {expected}"
    if kind in ("enum", "const"):
        return "has a value the policy does not allow"
    if kind == "pattern":
        return f"does not match the pattern {value}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"breaks the {kind} {value}"
    if kind in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        return f"breaks {kind} {value}"
    if kind == "not":
        return "matches a form the policy forbids"
    return f"breaks the policy's {kind} constraint"


def _has(instance: Any, name: str) -> bool:
    return isinstance(instance, Mapping) and name in instance
