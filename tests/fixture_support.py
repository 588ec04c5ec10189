"""Fixtures are YAML files that say what they expect.

A fixture is linted on its own (with every default rule on) and must report exactly the
findings its ``# expect:`` comments announce, on those lines, and nothing else::

    image: nginx:latest  # expect: latest-tag
    # expect-next-line: yaml-syntax      (for lines that cannot hold a comment)

A header comment may set options for the run::

    # kubelint-test: kube-version=1.22 enable=some-rule disable=other-rule
    # kubelint-test: pod-security=restricted:1.28 some-rule.some-option=a,b
"""

from __future__ import annotations

import re
import textwrap
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kubelint.config import parse_pod_security
from kubelint.engine import Settings, assign_namespaces, lint, load_text
from kubelint.findings import Finding, Report
from kubelint.index import ObjectIndex
from kubelint.objects import K8sObject, SourceFile
from kubelint.registry import Severity, load_rules
from kubelint.versions import parse_version

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT_RE = re.compile(r"#\s*expect(-next-line)?:\s*([a-z0-9, -]+?)\s*$")
_OPTIONS_RE = re.compile(r"#\s*kubelint-test:(.*)$")


@dataclass
class Fixture:
    path: Path
    expected: Counter[tuple[int, str]] = field(default_factory=Counter)
    options: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rule_dir(self) -> str:
        return self.path.relative_to(FIXTURES).parts[0]


def all_fixtures() -> list[Path]:
    return sorted(
        p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json")
    )


def read_fixture(path: Path) -> Fixture:
    fixture = Fixture(path)
    text = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        match = _EXPECT_RE.search(line)
        if match:
            target = number + 1 if match.group(1) else number
            for rule in (r.strip() for r in match.group(2).split(",")):
                if rule:
                    fixture.expected[(target, rule)] += 1
        options = _OPTIONS_RE.search(line)
        if options:
            for item in options.group(1).split():
                key, _, value = item.partition("=")
                fixture.options.setdefault(key, []).extend(v for v in value.split(",") if v)
    return fixture


def settings_for(fixture: Fixture) -> Settings:
    enabled = set(severities())
    enabled |= set(fixture.options.get("enable", []))
    enabled -= set(fixture.options.get("disable", []))
    settings = Settings(severities=severities(enabled))
    if "kube-version" in fixture.options:
        settings.kube_version = parse_version(fixture.options["kube-version"][0])
    if "default-namespace" in fixture.options:
        settings.default_namespace = fixture.options["default-namespace"][0]
    if "pod-security" in fixture.options:
        settings.pod_security = parse_pod_security(fixture.options["pod-security"][0])
    options: dict[str, dict[str, list[str]]] = {}
    for key, values in fixture.options.items():
        rule_id, dot, name = key.partition(".")  # untrusted-registry.allowed-registries=a,b
        if dot:
            options.setdefault(rule_id, {})[name] = values
    settings.options = options
    return settings


def run_fixture(fixture: Fixture) -> Report:
    return lint([str(fixture.path)], settings_for(fixture))


def found(report: Report) -> Counter[tuple[int, str]]:
    return Counter((f.line, f.rule) for f in report.findings)


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"  line {f.line}:{f.column} [{f.rule}] {f.message}" for f in findings)


# --------------------------------------------------------------------------- shared plumbing
# The helpers the tests of single rules share: write a manifest, load it into an index, lint.


def write(tmp_path: Path, text: str, name: str = "manifests.yaml") -> Path:
    """Write ``text`` (dedented) to ``tmp_path/name``, creating folders; return the path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load_index(text: str) -> tuple[list[K8sObject], ObjectIndex]:
    """The objects of ``text`` (dedented), with their namespaces, and an index of them."""
    source = SourceFile("test.yaml")
    load_text(source, textwrap.dedent(text).encode())
    assign_namespaces(source.objects, "default")
    return source.objects, ObjectIndex(source.objects)


def severities(rules: Iterable[str] | None = None) -> dict[str, Severity]:
    """The rules to run and their default severities (every default rule when None)."""
    registry = load_rules()
    if rules is None:
        return {r.id: r.severity for r in registry.values() if r.default}
    return {r: registry[r].severity for r in rules}


def lint_clean(paths: Iterable[Path | str], settings: Settings, **options: Any) -> Report:
    """Lint, and fail the test on any internal error (a crashing rule)."""
    report = lint([str(p) for p in paths], settings, **options)
    assert not report.internal_errors, report.internal_errors
    return report
