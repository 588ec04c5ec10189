"""Configuration: ``.kubelint.yaml``, ``[tool.kubelint]`` in ``pyproject.toml`` or ``--config``.

The file is validated against ``schemas/config.schema.json`` (generated from the rule
registry); a bad file is a ConfigError that names the file, the line, the key and what was
expected.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
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
        text = resources.files("kubelint.schemas").joinpath("config.schema.json").read_text()
        _SCHEMA = json.loads(text)
        from kubelint.registry import is_builtin, load_rules

        known = _SCHEMA["properties"]["rules"]["properties"]
        for rule in load_rules().values():
            if not is_builtin(rule) and rule.id not in known:
                known[rule.id] = {"$ref": "#/$defs/setting", "description": rule.summary}
    return _SCHEMA


def _validate(path: str, data: Any, locate: Locator) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), str(e.path)))
    if not errors:
        return
    shown = 25
    lines = [_explain(error, locate) for error in errors[:shown]]
    if len(errors) > shown:
        lines.append(f"... and {len(errors) - shown} more")
    raise ConfigError("invalid configuration:\n" + "\n".join(lines))


def _explain(error: Any, locate: Locator) -> str:
    if error.validator == "anyOf" and error.context:
        # a setting or a mapping of options: explain the form the value was meant to take
        wants_mapping = isinstance(error.instance, Mapping)

        def fits(sub: Any) -> bool:
            branch = error.validator_value[sub.relative_schema_path[0]]
            return (branch.get("type") == "object") == wants_mapping

        fitting = [e for e in error.context if fits(e)] or list(error.context)
        return _explain(max(fitting, key=lambda e: len(e.absolute_path)), locate)
    json_path = list(error.absolute_path)
    where = locate(json_path)
    dotted = ".".join(str(p) for p in json_path) or "(top level)"
    value = error.instance
    validator = error.validator
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties" and isinstance(value, Mapping):
        unknown = [k for k in value if k not in properties]
        bad = unknown[0] if unknown else "?"
        where = locate([*json_path, bad], key=True)
        kind = _collection_noun(json_path)
        return f"{where} unknown {kind} {bad!r}{_did_you_mean(str(bad), properties)}"
    if validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value if isinstance(c, str))
        return f"{where} {dotted}: expected one of {choices}; got {value!r}"
    if validator == "type" and json_path == ["kube-version"] and isinstance(value, (int, float)):
        return (
            f'{where} kube-version: write the version as a quoted string, e.g. "1.30" '
            f"(unquoted, YAML reads it as the number {value!r})"
        )
    if validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where} {dotted}: expected {_article(expected)}, got {_describe(value)}"
    if validator == "required":
        return f"{where} {dotted}: {error.message}"
    if validator == "pattern":
        expected = error.schema.get("description", error.validator_value)
        return f"{where} {dotted}: {value!r} does not look like {expected}"
    return f"{where} {dotted}: {error.message}"


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
        from kubelint.registry import load_rules

        try:
            config.policy_rules = build_rules(data["policies"], load_rules())
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
