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
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class PolicyProblem:
    """One thing wrong with a policy: where, as a path into the list of policies (index, key,
    ...), and what, in words that name the policy."""

    path: tuple[Any, ...]
    message: str


class PolicyError(ValueError):
    """Policies that cannot be used; the message names each policy and its problem."""

    def __init__(self, found: Sequence[PolicyProblem]) -> None:
        self.problems = tuple(found)
        super().__init__("; ".join(problem.message for problem in self.problems))


def problems(policies: Sequence[Any], builtin: Mapping[str, Rule]) -> list[PolicyProblem]:
    """Every problem with ``policies`` that their JSON Schema (POLICY_SCHEMA) cannot see: an id
    that is not kebab-case or is taken, an ``assert`` that is not a valid JSON Schema, a
    label selector of the wrong shape. A part of the wrong type is skipped (the schema
    reports it), so any data can be checked."""
    found: list[PolicyProblem] = []
    seen: set[str] = set()
    for index, policy in enumerate(policies):
        if not isinstance(policy, Mapping):
            continue
        policy_id = policy.get("id")
        name = repr(policy_id) if isinstance(policy_id, str) else f"number {index + 1}"
        if isinstance(policy_id, str):
            if not _ID_RE.match(policy_id):
                found.append(
                    PolicyProblem(
                        (index, "id"),
                        f"policy {name}: the id must be kebab-case: lower-case letters and "
                        "digits, words joined by hyphens (team-label)",
                    )
                )
            elif policy_id in builtin:
                found.append(
                    PolicyProblem(
                        (index, "id"),
                        f"policy {name}: a rule with that id already exists; choose another id",
                    )
                )
            elif policy_id in seen:
                found.append(
                    PolicyProblem(
                        (index, "id"),
                        f"policy {name}: an earlier policy has the same id; choose another id",
                    )
                )
            seen.add(policy_id)
        schema = policy.get("assert")
        if isinstance(schema, Mapping):
            for path, mistake in _schema_mistakes(schema):
                where = "/".join(str(p) for p in path) or "the top level"
                found.append(
                    PolicyProblem(
                        (index, "assert", *path),
                        f"policy {name}: assert is not a valid JSON Schema at {where}: {mistake}",
                    )
                )
        match = policy.get("match")
        selector = match.get("labels") if isinstance(match, Mapping) else None
        if isinstance(selector, Mapping) and not _valid_selector(selector):
            found.append(
                PolicyProblem(
                    (index, "match", "labels"),
                    f"policy {name}: match.labels must map label names to values, or hold "
                    "matchLabels and matchExpressions",
                )
            )
    return found


def build_rules(
    policies: Sequence[Mapping[str, Any]], builtin: Mapping[str, Rule]
) -> dict[str, Rule]:
    """One rule per policy. The policies must match POLICY_SCHEMA; any other problem (see
    ``problems``) raises a PolicyError listing them all."""
    import jsonschema

    found = problems(policies, builtin)
    if found:
        raise PolicyError(found)
    rules: dict[str, Rule] = {}
    for policy in policies:
        policy_id = str(policy["id"])
        validator = jsonschema.Draft202012Validator(policy["assert"])
        rules[policy_id] = _rule(policy_id, policy, validator)
    assert "policy" in CATEGORIES
    return rules


def _schema_mistakes(schema: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Where and how ``schema`` breaks the JSON Schema 2020-12 meta-schema, each place once."""
    import jsonschema

    from kubelint.config import expected_forms, leaf_errors

    meta = jsonschema.Draft202012Validator
    validator = meta(meta.META_SCHEMA, format_checker=meta.FORMAT_CHECKER)
    mistakes: dict[tuple[tuple[Any, ...], str], None] = {}
    for error in validator.iter_errors(_plain(schema)):
        for leaf in leaf_errors(error):
            mistake = _mistake(leaf)
            if leaf.validator in ("anyOf", "oneOf") and leaf.context:
                mistake = f"expected {expected_forms(leaf)}, got {leaf.instance!r}"
            mistakes.setdefault((tuple(leaf.absolute_path), mistake), None)
    return list(mistakes)


def _mistake(error: Any) -> str:
    """What is wrong with one part of a schema (the value is the policy author's own)."""
    kind = error.validator
    value = error.validator_value
    if kind == "type":
        expected = value if isinstance(value, str) else " or ".join(value)
        return f"expected {expected}, got {error.instance!r}"
    if kind == "enum":
        return f"expected one of {', '.join(str(v) for v in value)}; got {error.instance!r}"
    if kind == "minimum":
        return f"expected a number of at least {value}, got {error.instance!r}"
    if kind == "format" and value == "regex":
        return f"{error.instance!r} is not a valid regular expression"
    if kind == "uniqueItems":
        return "the list repeats an item"
    if kind == "minItems":
        return f"expected at least {value} item{'s' if value != 1 else ''}"
    return str(error.message)


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
