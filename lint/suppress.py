"""Silencing findings: YAML comments and object annotations.

Comments (they survive in the repository, not in the cluster)::

    image: nginx:latest  # kubelint: disable=latest-tag -- pinned by the release job
    # kubelint: disable=missing-requests,missing-memory-limit
    - name: sidecar
    # kubelint: disable-file=duplicate-object

A trailing comment silences its own line; a comment alone on its line silences the next line
that holds YAML; ``disable-file`` silences the whole file. ``all`` names every rule.

Annotations (they survive ``helm template`` and kustomize)::

    metadata:
      annotations:
        kubelint.io/ignore: "latest-tag,missing-requests: vendor chart, tracked in OPS-12"

On an object they silence its findings; on a pod template (``spec.template.metadata``) they
silence the findings inside that template. Text after the first ``:`` is the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kubelint.lazy import regex

ANNOTATION = "kubelint.io/ignore"
ALL = "all"

_DIRECTIVE_RE = regex(
    r"(?:^|[ \t])#[ \t]*kubelint:[ \t]*(disable|disable-file)[ \t]*=[ \t]*"
    r"([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)"
)
_RULE_LIST_RE = regex(r"\s*,\s*")


class Directive:
    """One suppression: where it is written, what it names, what it silences."""

    __slots__ = ("column", "line", "rules", "target_lines", "used")

    def __init__(
        self, line: int, column: int, rules: tuple[str, ...], target_lines: frozenset[int] | None
    ) -> None:
        self.line = line  # 1-based line of the comment (or annotation)
        self.column = column
        self.rules = rules
        self.target_lines = target_lines  # None: the whole file
        self.used: set[str] = set()


class Directives:
    """The comment directives of one file."""

    __slots__ = ("by_line", "items", "whole_file")

    def __init__(self) -> None:
        self.items: list[Directive] = []
        self.by_line: dict[int, list[Directive]] = {}
        self.whole_file: list[Directive] = []

    def match(self, rule: str, line: int) -> Directive | None:
        for directive in (*self.by_line.get(line, ()), *self.whole_file):
            if rule in directive.rules or ALL in directive.rules:
                directive.used.add(rule)
                return directive
        return None


def parse_directives(text: str) -> Directives:
    """Find ``# kubelint:`` comments. Cheap when there are none (one substring search)."""
    result = Directives()
    if "kubelint:" not in text:
        return result
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if "kubelint:" not in line:
            continue
        match = _DIRECTIVE_RE().search(line)
        if match is None:
            continue
        rules = tuple(r for r in _RULE_LIST_RE().split(match.group(2).strip()) if r)
        column = line.index("#", match.start()) + 1
        if match.group(1) == "disable-file":
            directive = Directive(number, column, rules, None)
            result.whole_file.append(directive)
        else:
            own_line = not line[: column - 1].strip()
            targets = {number}
            if own_line:
                following = _next_content_line(lines, number)
                if following is not None:
                    targets.add(following)
            directive = Directive(number, column, rules, frozenset(targets))
            for target in targets:
                result.by_line.setdefault(target, []).append(directive)
        result.items.append(directive)
    return result


def _next_content_line(lines: list[str], number: int) -> int | None:
    """The first line after ``number`` (1-based) that holds YAML, not a blank or comment."""
    for i in range(number, len(lines)):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i + 1
    return None


def parse_annotation(value: Any) -> tuple[str, ...]:
    """Rule ids named by a ``kubelint.io/ignore`` value (reason after the first ``:``)."""
    if not isinstance(value, str):
        return ()
    rules, _, _reason = value.partition(":")
    return tuple(r for r in _RULE_LIST_RE().split(rules.strip()) if r)


def annotation_rules(annotations: Mapping[str, Any]) -> tuple[str, ...]:
    return parse_annotation(annotations.get(ANNOTATION))
