"""Fixtures are YAML files that say what they expect.

A fixture is linted on its own (with every default rule on) and must report exactly the
findings its ``# expect:`` comments announce, on those lines, and nothing else::

    image: nginx:latest  # expect: latest-tag
    # expect-next-line: yaml-syntax      (for lines that cannot hold a comment)

A header comment may set options for the run::

    # kubelint-test: kube-version=1.22 enable=some-rule disable=other-rule
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kubelint.engine import Settings, lint
from kubelint.findings import Finding, Report
from kubelint.registry import load_rules
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
    rules = load_rules()
    enabled = {r.id for r in rules.values() if r.default}
    enabled |= set(fixture.options.get("enable", []))
    enabled -= set(fixture.options.get("disable", []))
    settings = Settings(severities={r: rules[r].severity for r in enabled})
    if "kube-version" in fixture.options:
        settings.kube_version = parse_version(fixture.options["kube-version"][0])
    if "default-namespace" in fixture.options:
        settings.default_namespace = fixture.options["default-namespace"][0]
    return settings


def run_fixture(fixture: Fixture) -> Report:
    return lint([str(fixture.path)], settings_for(fixture))


def found(report: Report) -> Counter[tuple[int, str]]:
    return Counter((f.line, f.rule) for f in report.findings)


def describe(findings: list[Finding]) -> str:
    return "\n".join(f"  line {f.line}:{f.column} [{f.rule}] {f.message}" for f in findings)
