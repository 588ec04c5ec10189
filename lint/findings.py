"""What a run produces: findings and a summary, independent of any output format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kubelint.lazy import Record
from kubelint.registry import Severity, severity_rank


class ObjectRef(Record):
    __slots__ = ("api_version", "kind", "name", "namespace")

    def __init__(self, api_version: str, kind: str, namespace: str | None, name: str) -> None:
        self.api_version = api_version
        self.kind = kind
        self.namespace = namespace
        self.name = name


# A dataclass still: ``dataclasses.replace`` rewrites findings (kubelint.render).
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


class Report:
    """What a run produced."""

    __slots__ = ("files", "findings", "fixes", "internal_errors", "notes", "objects")

    def __init__(
        self,
        findings: list[Finding] | None = None,
        files: int = 0,
        objects: int = 0,
        internal_errors: list[str] | None = None,
        notes: list[str] | None = None,
        fixes: list[Any] | None = None,
    ) -> None:
        self.findings: list[Finding] = findings if findings is not None else []
        self.files = files
        self.objects = objects
        #: Crashes inside kubelint (a rule raised): reported on stderr, exit code 2.
        self.internal_errors: list[str] = internal_errors if internal_errors is not None else []
        #: Things the user should know that are not findings (skipped Helm templates...).
        self.notes: list[str] = notes if notes is not None else []
        #: The fixes attached to the findings (kubelint.fix.PendingFix), for --fix.
        self.fixes: list[Any] = fixes if fixes is not None else []

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def fails(self, fail_on: Severity) -> bool:
        threshold = severity_rank(fail_on)
        return any(severity_rank(f.severity) >= threshold for f in self.findings)
