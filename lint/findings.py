"""What a run produces: findings and a summary, independent of any output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kubelint.registry import Severity, severity_rank


@dataclass(frozen=True, slots=True)
class ObjectRef:
    api_version: str
    kind: str
    namespace: str | None
    name: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    message: str
    file: str
    line: int  # 1-based
    column: int  # 1-based
    object: ObjectRef | None = None
    #: Where in the object the finding is (keys and list indexes), () for file findings;
    #: stable across edits that move lines (baselines match on it).
    path: tuple[Any, ...] = ()


@dataclass(slots=True)
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    objects: int = 0
    #: Crashes inside kubelint (a rule raised): reported on stderr, exit code 2.
    internal_errors: list[str] = field(default_factory=list)
    #: Things the user should know that are not findings (skipped Helm templates...).
    notes: list[str] = field(default_factory=list)
    #: The fixes attached to the findings (kubelint.fix.PendingFix), for --fix.
    fixes: list[Any] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, fail_on: Severity) -> bool:
        threshold = severity_rank(fail_on)
        return any(severity_rank(f.severity) >= threshold for f in self.findings)
