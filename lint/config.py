"""Configuration: ``.kubelint.yaml``, ``[tool.kubelint]`` in ``pyproject.toml`` or ``--config``.

The file is validated against ``schemas/config.schema.json`` (generated from the rule
registry); a bad file is a ConfigError that names the file, the line, the key and what was
expected.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kubelint.index import ExternalObject
from kubelint.registry import Rule, Severity
from kubelint.versions import KubeVersion, parse_version

CONFIG_NAMES = (".kubelint.yaml", ".kubelint.yml")


class ConfigError(Exception):
    """A configuration problem the user must fix; the CLI exits with code 2."""


#: A rule or category setting: off, on (default severity) or a severity.
Setting = str


@dataclass(slots=True)
class Config:
    path: str | None = None  # where it was read from; None for defaults
    root: str = "."  # directory that relative paths in the file are relative to
    kube_version: KubeVersion | None = None
    fail_on: Severity | None = None
    default_namespace: str = "default"
    rules: dict[str, Setting] = field(default_factory=dict)
    categories: dict[str, Setting] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    external_objects: list[ExternalObject] = field(default_factory=list)
    #: Directories whose manifests resolve references (absolute paths); None: the default.
    roots: list[str] | None = None
    #: Files and directories of CustomResourceDefinitions (absolute paths), read for schemas.
    crds: list[str] = field(default_factory=list)
    #: Options set under a rule (``rules: {id: {severity: ..., option: value}}``).
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Opt-in presets enabled (``presets: [strict]``).
    presets: list[str] = field(default_factory=list)
    #: Pod Security Standards level to check, and the standard's version (None: the target).
    pod_security: tuple[str, KubeVersion | None] | None = None
    #: The rules the configuration's ``policies`` define (see kubelint.policies).
    policy_rules: dict[str, Rule] = field(default_factory=dict)

    def rule_severity(self, rule: Rule, presets: Sequence[str] = ()) -> Severity | None:
        """The severity a rule reports at, or None when it is disabled."""
        setting: Setting | None = self.rules.get(rule.id, self.categories.get(rule.category))
        if setting is None:
            enabled = rule.default or (rule.preset is not None and rule.preset in presets)
            return rule.severity if enabled else None
        if setting == "off":
            return None
        if setting == "on":
            return rule.severity
        return setting  # type: ignore[return-value]


# --------------------------------------------------------------------------- discovery


def project_roots(config: Config, start: str) -> list[str]:
    """Where references are resolved: the configured ``roots``, else the directory holding
    the configuration file, else the git work tree around ``start``, else nothing extra."""
    if config.roots is not None:
        return config.roots
    if config.path is not None:
        return [config.root]
    directory = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return [directory]
        parent = os.path.dirname(directory)
        if parent == directory:
            return []
        directory = parent


def discover(start: str) -> str | None:
    """The nearest config file at or above ``start``."""
    directory = os.path.abspath(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                return candidate
        pyproject = os.path.join(directory, "pyproject.toml")
        if os.path.isfile(pyproject) and _pyproject_has_section(pyproject):
            return pyproject
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def _pyproject_has_section(path: str) -> bool:
    try:
        with open(path, encoding="utf-8") as fh:
            return "[tool.kubelint" in fh.read()
    except OSError:
        return False


# --------------------------------------------------------------------------- loading


def load(path: str) -> Config:
    """Read and validate a config file (YAML, or pyproject.toml's ``[tool.kubelint]``)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from None
    if path.endswith(".toml"):
        data, locate = _load_toml(path, raw)
    else:
        data, locate = _load_yaml(path, raw)
    _validate(path, data, locate)
    return _build(path, data)


Locator = Any  # callable: json path -> "file:line:col" prefix


def _load_toml(path: str, raw: bytes) -> tuple[Any, Locator]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    data = document.get("tool", {}).get("kubelint")
    if data is None:
        raise ConfigError(f"{path}: no [tool.kubelint] table")

    def locate(json_path: Sequence[Any], key: bool = False) -> str:
        return f"{path}: [tool.kubelint]"

    return data, locate


def _load_yaml(path: str, raw: bytes) -> tuple[Any, Locator]:
    from kubelint.loader import Document, LoadProblem, decode, entry_offsets, parse
    from kubelint.objects import SourceFile

    text = decode(raw)
    if isinstance(text, LoadProblem):
        raise ConfigError(f"{path}: {text.message}")
    source = SourceFile(path, text)
    documents = []
    for item in parse(text):
        if isinstance(item, LoadProblem):
            line, col = source.line_col(item.offset)
            raise ConfigError(f"{path}:{line}:{col}: not valid YAML: {item.message}")
        documents.append(item)
    real = [d for d in documents if d.data is not None]
    if len(real) > 1:
        raise ConfigError(f"{path}: expected one YAML document, found {len(real)}")
    doc: Document | None = real[0] if real else None
    for dup in doc.duplicates if doc else ():
        line, col = source.line_col(dup.offset)
        raise ConfigError(f"{path}:{line}:{col}: key {dup.key!r} is set twice")
    data = doc.data if doc is not None else {}

    def locate(json_path: Sequence[Any], key: bool = False) -> str:
        """``file:line:col:`` of the value at ``json_path`` (of its key with ``key``)."""
        node: Any = data
        offset = doc.offset if doc else 0
        for step in json_path:
            where = entry_offsets(node, step)
            if where is None:
                break
            offset = where[0] if key else where[1]
            node = node[step]
        line, col = source.line_col(offset)
        return f"{path}:{line}:{col}:"

    return data, locate


_SCHEMA: dict[str, Any] | None = None


def schema() -> dict[str, Any]:
    """The JSON Schema of the configuration file, as shipped in ``kubelint.schemas``, with
    the rules of installed plugins added."""
    global _SCHEMA
    if _SCHEMA is None:
        from kubelint.lazy import package_text

        _SCHEMA = json.loads(package_text("kubelint.schemas", "config.schema.json"))
        from kubelint.registry import is_builtin, lint_rules

        known = _SCHEMA["properties"]["rules"]["properties"]
        for rule in lint_rules().values():
            if not is_builtin(rule) and rule.id not in known:
                known[rule.id] = {"$ref": "#/$defs/setting", "description": rule.summary}
    return _SCHEMA


#: At most this many problems are listed; the rest are counted.
SHOWN_PROBLEMS = 25

#: One problem in a configuration: the JSON path it is at, whether it is at the key there
#: (an unknown key) rather than the value, and what is wrong, in words.
Problem = tuple[list[Any], bool, str]


def _validate(path: str, data: Any, locate: Locator) -> None:
    """Raise a ConfigError listing every problem in ``data``, in the order of the file, each
    with its position: the schema's, and those of the policies (see kubelint.policies)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    problems = [problem for error in validator.iter_errors(data) for problem in _explain(error)]
    problems.extend(_policy_problems(data))
    if not problems:
        return
    order = _DocumentOrder(data)
    problems.sort(key=lambda problem: order.key(problem[0]))
    unique = list(dict.fromkeys((tuple(p), on_key, text) for p, on_key, text in problems))
    lines = [f"{locate(list(p), key=on_key)} {text}" for p, on_key, text in unique[:SHOWN_PROBLEMS]]
    if len(unique) > SHOWN_PROBLEMS:
        lines.append(f"... and {len(unique) - SHOWN_PROBLEMS} more")
    raise ConfigError("invalid configuration:\n" + "\n".join(lines))


class _DocumentOrder:
    """Sort keys that put JSON paths in the order their nodes appear in the data."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.positions: dict[int, dict[Any, int]] = {}  # id(mapping) -> key -> position

    def key(self, json_path: Sequence[Any]) -> tuple[int, ...]:
        node, key = self.data, []
        for step in json_path:
            if isinstance(node, Mapping):
                positions = self.positions.get(id(node))
                if positions is None:
                    positions = self.positions[id(node)] = {k: i for i, k in enumerate(node)}
                if step not in positions:
                    break
                key.append(positions[step])
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                key.append(step)
            else:
                break
            node = node[step]
        return tuple(key)


def _policy_problems(data: Any) -> list[Problem]:
    """What the schema cannot see in ``policies``: ids, ``assert`` schemas, selectors."""
    policies = data.get("policies") if isinstance(data, Mapping) else None
    if not isinstance(policies, list):
        return []
    from kubelint.policies import problems
    from kubelint.registry import lint_rules

    return [(["policies", *p.path], False, p.message) for p in problems(policies, lint_rules())]


def leaf_errors(error: Any) -> list[Any]:
    """The errors to report for a JSON Schema ``error``: for an anyOf (or oneOf) whose value
    has the type one of the alternatives takes, every error within that alternative (found
    the same way, so nested alternatives work too); otherwise the error itself."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branch = _fitting_branch(error)
    if branch is None:
        return [error]
    return [leaf for sub in branch for leaf in leaf_errors(sub)]


def _fitting_branch(error: Any) -> list[Any] | None:
    """The errors of the alternative of an anyOf that fits the value's type (the one with
    the fewest errors if several do), or None when none does."""
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [subs for subs in branches.values() if all(_fits(sub) for sub in subs)]
    return min(fitting, key=len) if fitting else None


def _fits(error: Any) -> bool:
    """Whether an error within an alternative still lets the value's type fit it: errors
    deeper in the value do, a wrong type or an enum of other types does not."""
    if error.relative_path:
        return True
    if error.validator == "type":
        return False
    if error.validator in ("enum", "const"):
        choices = error.validator_value if error.validator == "enum" else [error.validator_value]
        return any(_json_type(choice) == _json_type(error.instance) for choice in choices)
    if error.validator in ("anyOf", "oneOf") and error.context:
        return _fitting_branch(error) is not None
    return True


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return "null" if value is None else type(value).__name__


def expected_forms(error: Any) -> str:
    """What the alternatives of an anyOf accept, e.g. ``one of a, b or an object``."""
    forms: list[str] = []
    for sub in error.context:
        if sub.relative_path:
            continue
        if sub.validator == "enum":
            choices = [str(c) for c in sub.validator_value if isinstance(c, str)]
            form = f"one of {', '.join(choices)}" if choices else ""
        elif sub.validator == "type":
            types = sub.validator_value
            types = [types] if isinstance(types, str) else types
            form = " or ".join(_article(t) for t in types)
        else:
            form = ""
        if form and form not in forms:
            forms.append(form)
    return " or ".join(forms) or "a value of another form"


def _explain(error: Any) -> list[Problem]:
    """The problems a JSON Schema error stands for, in our words."""
    leaves = leaf_errors(error)
    if len(leaves) != 1 or leaves[0] is not error:
        return [problem for leaf in leaves for problem in _explain(leaf)]
    json_path = list(error.absolute_path)
    dotted = ".".join(str(p) for p in json_path) or "(top level)"
    value = error.instance
    validator = error.validator
    if validator in ("anyOf", "oneOf") and error.context:
        text = f"{dotted}: expected {expected_forms(error)}, got {_describe(value)}"
        return [(json_path, False, text)]
    if validator == "additionalProperties" and isinstance(value, Mapping):
        return [([*json_path, key], True, text) for key, text in _unknown_keys(error, json_path)]
    if validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value if isinstance(c, str))
        return [(json_path, False, f"{dotted}: expected one of {choices}; got {value!r}")]
    if validator == "type" and json_path == ["kube-version"] and isinstance(value, (int, float)):
        text = (
            'kube-version: write the version as a quoted string, e.g. "1.30" '
            f"(unquoted, YAML reads it as the number {value!r})"
        )
        return [(json_path, False, text)]
    if validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        text = f"{dotted}: expected {_article(expected)}, got {_describe(value)}"
        return [(json_path, False, text)]
    if validator == "pattern":
        expected = error.schema.get("description", error.validator_value)
        return [(json_path, False, f"{dotted}: {value!r} does not look like {expected}")]
    return [(json_path, False, f"{dotted}: {error.message}")]


def _unknown_keys(error: Any, json_path: list[Any]) -> list[tuple[Any, str]]:
    """One problem per key of the mapping that the schema does not know."""
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    patterns = error.schema.get("patternProperties", {}) if isinstance(error.schema, dict) else {}
    unknown = [
        key
        for key in error.instance
        if key not in properties and not any(re.search(p, str(key)) for p in patterns)
    ]
    found = []
    for number, key in enumerate(unknown):
        # only the first few can be shown: spare the time of the rest's suggestions
        hint = _did_you_mean(str(key), properties) if number < SHOWN_PROBLEMS else ""
        if not hint and len(properties) == 1:
            hint = f"; the only key allowed here is {next(iter(properties))!r}"
        elif not hint and 1 < len(properties) <= 12:
            hint = f"; the keys allowed here are {', '.join(repr(k) for k in properties)}"
        if json_path in (["rules"], ["categories"], []):
            found.append((key, f"unknown {_collection_noun(json_path)} {key!r}{hint}"))
        else:
            dotted = ".".join(str(p) for p in json_path)
            found.append((key, f"{dotted}: unknown key {key!r}{hint}"))
    return found


def _collection_noun(json_path: list[Any]) -> str:
    if json_path == ["rules"]:
        return "rule"
    if json_path == ["categories"]:
        return "category"
    return "key"


def _did_you_mean(word: str, choices: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _describe(value: Any) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
             list: "a list", dict: "a mapping", type(None): "nothing (null)"}  # fmt: skip
    for kind, name in names.items():
        if isinstance(value, kind):
            return f"{name} ({value!r})" if isinstance(value, (bool, int, float, str)) else name
    return type(value).__name__


def parse_pod_security(text: str) -> tuple[str, KubeVersion | None]:
    """``restricted`` or ``restricted:1.28`` (the standard as of that version)."""
    level, _, version = text.partition(":")
    if level not in ("privileged", "baseline", "restricted"):
        raise ValueError(
            f"{level!r} is not a Pod Security level (privileged, baseline or restricted)"
        )
    if not version or version == "latest":
        return level, None
    return level, parse_version(version)


def _pod_security(path: str, value: Any) -> tuple[str, KubeVersion | None]:
    text = value if isinstance(value, str) else f"{value['level']}:{value.get('version', '')}"
    try:
        return parse_pod_security(text.rstrip(":"))
    except ValueError as exc:
        raise ConfigError(f"{path}: pod-security: {exc}") from None


def _setting(value: Any) -> Setting:
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value)


def _build(path: str, data: Mapping[str, Any]) -> Config:
    config = Config(path=path, root=os.path.dirname(os.path.abspath(path)))
    if "kube-version" in data:
        try:
            config.kube_version = parse_version(str(data["kube-version"]))
        except ValueError as exc:
            raise ConfigError(f"{path}: kube-version: {exc}") from None
    if "fail-on" in data:
        config.fail_on = data["fail-on"]
    if "default-namespace" in data:
        config.default_namespace = data["default-namespace"]
    for rule_id, value in (data.get("rules") or {}).items():
        if isinstance(value, Mapping):
            config.rule_options[rule_id] = {k: v for k, v in value.items() if k != "severity"}
            if "severity" in value:
                config.rules[rule_id] = _setting(value["severity"])
        else:
            config.rules[rule_id] = _setting(value)
    config.presets = list(data.get("presets") or [])
    if "pod-security" in data:
        config.pod_security = _pod_security(path, data["pod-security"])
    if data.get("policies"):
        from kubelint.policies import PolicyError, build_rules
        from kubelint.registry import lint_rules

        try:
            config.policy_rules = build_rules(data["policies"], lint_rules())
        except PolicyError as exc:
            raise ConfigError(f"{path}: {exc}") from None
    config.categories = {k: _setting(v) for k, v in (data.get("categories") or {}).items()}
    config.exclude = list(data.get("exclude") or [])
    if "roots" in data:
        config.roots = [os.path.normpath(os.path.join(config.root, r)) for r in data["roots"]]
    config.crds = [os.path.normpath(os.path.join(config.root, c)) for c in data.get("crds") or []]
    config.external_objects = [
        ExternalObject(kind=e["kind"], name=e["name"], namespace=e.get("namespace"))
        for e in data.get("external-objects") or []
    ]
    return config
