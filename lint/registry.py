"""The rule registry: every rule's id, category, default severity, messages and docs.

A rule is a module in ``rules/`` with one decorated function::

    @rule("latest-tag", category="images", severity="warning", kinds=POD_KINDS,
          messages={"latest": "image {image!r} uses the mutable tag latest; pin a version"})
    def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
        ...
        yield Problem("latest", at=(*container.path, "image"), image=image)

The function never formats output, reads files or knows its severity: it yields Problems
(a message id, the path of the offending node inside the object, named fields) and the
engine adds the rule id, severity, file, line and column. Message templates live in the
decorator, with named fields, so they can be translated without touching rule logic; the
module docstring (or the function's) is the rule's documentation, with the headings
``## Why``, ``## Example`` and ``## Fix``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from kubelint.fix import Fix

Severity = Literal["error", "warning", "info"]
#: Severities from least to most severe.
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
Scope = Literal[
    "object", "file", "after"
]  # "after": a file check run once every other rule has run

#: Categories, in the order ``kubelint rules`` lists them, with what they cover.
CATEGORIES: dict[str, str] = {
    "yaml": "files that are not valid YAML, or valid YAML that does not mean what it says",
    "objects": "object identity: kind, apiVersion, names, namespaces, duplicates",
    "api": "API versions and fields removed or deprecated at the target Kubernetes version",
    "schema": "objects that do not match the OpenAPI schema of their kind",
    "validation": "values the API server rejects although the schema allows them",
    "workloads": "controllers and their pod templates",
    "resources": "CPU and memory requests and limits",
    "images": "container image references",
    "secrets": "credentials committed to the repository",
    "security": "workload hardening: privileges, host access, capabilities, service accounts",
    "pod-security": "the Kubernetes Pod Security Standards (baseline, restricted), per version",
    "rbac": "roles and bindings that grant more than they should",
    "policy": "your organisation's own policies, written in the configuration",
    "references": "objects that refer to other objects which are missing or do not match",
    "istio": "Istio traffic management",
    "suppression": "kubelint's own suppression comments and annotations",
}

#: Opt-in groups of rules, enabled with `presets:` in the configuration or --preset.
PRESETS: dict[str, str] = {
    "strict": "opinionated hardening that a well-run repository may reasonably skip "
    "(CPU limits, digest pinning, read-only root filesystems...)",
}

_ID_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_FIELD_RE = re.compile(r"\{(\w+)")


class Problem:
    """What a rule found: a message id, where (a path inside the object), named fields.

    ``on_key=True`` points at the key rather than its value (for "this field should not be
    here"); ``offset`` overrides the path with a character offset (file-scope rules);
    ``fix`` is how ``--fix`` repairs it (see ``kubelint.fix``).
    Never put a secret's value in ``fields``.
    """

    __slots__ = ("at", "fields", "fix", "message", "offset", "on_key")

    def __init__(
        self,
        message: str,
        at: tuple[Any, ...] = (),
        *,
        on_key: bool = False,
        offset: int | None = None,
        fix: Fix | None = None,
        **fields: Any,
    ) -> None:
        self.message = message
        self.at = tuple(at)
        self.on_key = on_key
        self.offset = offset
        self.fix = fix
        self.fields = fields

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, at={self.at!r}, {self.fields!r})"


Check = Callable[[Any, Any], Iterable[Problem]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: Severity
    messages: Mapping[str, str]
    summary: str
    doc: str
    check: Check
    kinds: frozenset[str] | None  # None: every kind
    scope: Scope
    default: bool  # enabled without configuration
    module: str
    #: What --fix can do: None, "safe", "unsafe" (only with --unsafe-fixes) or "some" (some
    #: of its fixes are safe, others unsafe; the rule's docs say which).
    fixable: str | None = None
    #: Options set under the rule in the configuration: name -> JSON Schema (with "default").
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: The opt-in preset that enables the rule ("strict"), or None.
    preset: str | None = None

    def format(self, problem: Problem) -> str:
        template = self.messages[problem.message]
        return template.format(**problem.fields)

    @property
    def suppression_comment(self) -> str:
        return f"# kubelint: disable={self.id}"


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    category: str,
    severity: Severity,
    messages: Mapping[str, str],
    kinds: Iterable[str] | None = None,
    scope: Scope = "object",
    default: bool = True,
    fixable: str | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    preset: str | None = None,
) -> Callable[[Check], Check]:
    """Register a rule; see the module docstring."""
    if not _ID_RE.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not kebab-case")
    if category not in CATEGORIES:
        raise ValueError(f"rule {rule_id}: unknown category {category!r}")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {rule_id}: unknown severity {severity!r}")
    if not messages:
        raise ValueError(f"rule {rule_id}: no message templates")
    if fixable not in (None, "safe", "unsafe", "some"):
        raise ValueError(f"rule {rule_id}: fixable must be safe, unsafe or some")
    if preset is not None and preset not in PRESETS:
        raise ValueError(f"rule {rule_id}: unknown preset {preset!r}")
    for name, option in (options or {}).items():
        if "default" not in option or name == "severity":
            raise ValueError(f"rule {rule_id}: option {name!r} needs a default (and another name)")

    def register(check: Check) -> Check:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} is defined twice")
        module = check.__module__
        doc = check.__doc__ or sys.modules[module].__doc__ or ""
        summary, _, body = doc.strip().partition("\n")
        REGISTRY[rule_id] = Rule(
            id=rule_id,
            category=category,
            severity=severity,
            messages=dict(messages),
            summary=summary.strip().rstrip("."),
            doc=_dedent(body).strip(),
            check=check,
            kinds=frozenset(kinds) if kinds is not None else None,
            scope=scope,
            default=default and preset is None,
            module=module,
            fixable=fixable,
            options=dict(options or {}),
            preset=preset,
        )
        return check

    return register


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text)


def message_fields(template: str) -> set[str]:
    return set(_FIELD_RE.findall(template))


_loaded = False


#: Entry point group through which installed packages add rules (each entry point names a
#: module whose @rule functions register on import).
PLUGIN_GROUP = "kubelint.rules"
#: Plugins that failed to load: "name (module): ErrorType". The CLI reports them.
PLUGIN_ERRORS: list[str] = []


def load_rules() -> dict[str, Rule]:
    """Import every module in ``kubelint.rules`` and every plugin (once); the registry.

    What ``kubelint rules``, ``explain`` and the docs need. A lint run uses
    :func:`lint_rules`, which imports a rule's module only when the rule first runs."""
    global _loaded
    if not _loaded:
        for module in _rule_modules():
            importlib.import_module(module)
        _loaded = True
        _load_plugins()
    return REGISTRY


# --------------------------------------------------------------------------- the rule index

#: Generated by ``python -m kubelint.docgen`` from the registry (a test fails when stale):
#: every built-in rule's metadata, so a run knows all rules without importing them.
INDEX_FILE = "rules-index.json"
#: The metadata the index keeps: every Rule field except the check and the documentation.
INDEX_FIELDS = (
    "id", "category", "severity", "messages", "summary", "kinds", "scope", "default",
    "module", "fixable", "options", "preset",
)  # fmt: skip

_lint_rules: dict[str, Rule] | None = None


def index_entry(rule: Rule) -> dict[str, Any]:
    """A built-in rule as the index stores it."""
    entry = {name: getattr(rule, name) for name in INDEX_FIELDS}
    entry["kinds"] = sorted(rule.kinds) if rule.kinds is not None else None
    entry["messages"] = dict(rule.messages)
    entry["options"] = dict(rule.options)
    return entry


class _Deferred:
    """A rule's check, imported from its module the first time it runs."""

    __slots__ = ("check", "module", "rule_id")

    def __init__(self, module: str, rule_id: str) -> None:
        self.module = module
        self.rule_id = rule_id
        self.check: Check | None = None

    def __call__(self, obj: Any, ctx: Any) -> Iterable[Problem]:
        return self.load()(obj, ctx)

    def load(self) -> Check:
        """The rule's real check, its module imported."""
        if self.check is None:
            importlib.import_module(self.module)
            loaded = REGISTRY.get(self.rule_id)
            if loaded is None or loaded.module != self.module:
                raise RuntimeError(
                    f"the rule index is stale ({self.rule_id} is not in {self.module}); "
                    "run `python -m kubelint.docgen`"
                )
            self.check = loaded.check
        return self.check


def lint_rules() -> dict[str, Rule]:
    """Every rule, built-in and plugin, for a lint run, without importing the built-in ones.

    Built-in rules come from the generated index and import their module the first time
    they check something, so a run imports only the rules that are enabled and whose kinds
    occur. Without a usable index (a rule module added and the index not regenerated yet)
    this is :func:`load_rules`.
    """
    global _lint_rules
    if _lint_rules is None:
        stubs = _read_index()
        if stubs is None:
            _lint_rules = load_rules()
        else:
            _load_plugins()
            _lint_rules = {**stubs, **{k: v for k, v in REGISTRY.items() if k not in stubs}}
    return _lint_rules


def _rule_modules() -> list[str]:
    """The built-in rule modules, by name: every public module in ``kubelint.rules``."""
    from kubelint.lazy import package_modules

    return package_modules("kubelint.rules")


def _read_index() -> dict[str, Rule] | None:
    import json

    import kubelint.rules as package

    folder = package.__path__[0]
    try:
        with open(os.path.join(folder, INDEX_FILE), encoding="utf-8") as handle:
            entries = json.load(handle)
    except (OSError, ValueError):
        return None
    if {entry["module"] for entry in entries} != set(_rule_modules()):
        return None  # a rule module was added or removed since the index was generated
    rules = {}
    for entry in entries:
        kinds = entry["kinds"]
        rules[entry["id"]] = Rule(
            **{**entry, "kinds": frozenset(kinds) if kinds is not None else None},
            doc="",
            check=_Deferred(entry["module"], entry["id"]),
        )
    return rules


# --------------------------------------------------------------------------- plugins

_plugins_loaded = False


def _load_plugins() -> None:
    """Import the modules installed packages name in the ``kubelint.rules`` entry points.

    ``importlib.metadata.entry_points()`` parses every installed distribution's metadata
    (tens of milliseconds in a large environment); most environments have no kubelint
    plugin, so a quick look for the group's name in the entry point files comes first."""
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    if not _may_have_plugins():
        return
    from importlib.metadata import entry_points

    for point in sorted(entry_points(group=PLUGIN_GROUP), key=lambda p: p.name):
        try:
            point.load()
        except Exception as exc:  # a broken plugin must not take kubelint down
            PLUGIN_ERRORS.append(f"{point.name} ({point.value}): {type(exc).__name__}: {exc}")


def _may_have_plugins() -> bool:
    """Whether a distribution on ``sys.path`` declares entry points in our group.

    Errs on the side of yes: anything unusual on the path (a zip file, an unreadable
    folder) sends the caller to the full ``importlib.metadata`` scan."""
    marker = f"[{PLUGIN_GROUP}]"
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except FileNotFoundError:
            continue
        except OSError:
            return True  # not a folder (a zip archive...) or unreadable: look properly
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as f:
                    if marker in f.read():
                        return True
            except FileNotFoundError:
                continue
            except (OSError, UnicodeDecodeError):
                return True
    return False


def is_builtin(rule: Rule) -> bool:
    """Shipped with kubelint (not a plugin's, not a configured policy)."""
    return rule.module.startswith("kubelint.rules.")


def rules_sorted(*, builtin_only: bool = False) -> Iterator[Rule]:
    """Rules by category (in CATEGORIES order), then id."""
    order = {name: i for i, name in enumerate(CATEGORIES)}
    rules = [r for r in load_rules().values() if is_builtin(r) or not builtin_only]
    yield from sorted(rules, key=lambda r: (order.get(r.category, len(order)), r.id))


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)
