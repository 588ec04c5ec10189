"""SARIF 2.1.0, the format GitHub code scanning (and most code-review tools) read.

One run, from the tool ``kubelint``: its driver lists the rules that reported something
(id, short and full descriptions, help in text and Markdown, a link to docs/rules.md, the
default level), and each finding is a result with its rule, level, message and exact place
(the file's path relative to the working directory with forward slashes, line and column).
Rules that are not built in (configured policies, plugins) are described with what they
have: their summary and docs, and no link.

Columns count Unicode code points (``run.columnKind``), as kubelint's do. Each result has a
fingerprint built from where the finding is inside its object, not from its line, so that
code scanning keeps following an alert when the lines above it move.

Options: ``rules`` maps rule ids to Rules, for the rules ``load_rules()`` does not know
(policies from the configuration); the CLI passes the rules of the run.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, TextIO
from urllib.parse import quote

from kubelint import __version__
from kubelint.findings import Finding, Report
from kubelint.registry import Rule, is_builtin, load_rules

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/kubelint/kubelint"
RULES_DOC = "https://github.com/kubelint/kubelint/blob/main/docs/rules.md"
#: kubelint severity -> SARIF level.
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
#: Categories about security, tagged so in code scanning.
SECURITY_CATEGORIES = frozenset({"secrets", "security", "pod-security", "rbac"})

_SECTION_RE = re.compile(r"^## (\w+)\s*$", re.M)
_MESSAGES_RE = re.compile(r"^#+ Messages\n.*?(?=^#+ )", re.M | re.S)


def help_uri(rule: Rule | None) -> str | None:
    """The rule's section of docs/rules.md, for built-in rules (anchors are the ids)."""
    if rule is None or not is_builtin(rule):
        return None
    return f"{RULES_DOC}#{rule.id}"


def run_rules(options: Mapping[str, Any]) -> Mapping[str, Rule]:
    """The rules a writer can describe: the built-in and plugin rules, and any given."""
    given = options.get("rules")
    return {**load_rules(), **given} if given else load_rules()


def plain(markdown: str) -> str:
    """Inline Markdown made readable as text: `code` loses its backticks."""
    return markdown.replace("`", "")


def doc_section(doc: str, name: str) -> str:
    """The body of the ``## <name>`` section of a rule's docs ("" when it has none)."""
    parts = _SECTION_RE.split(doc)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        if heading == name:
            return body.strip()
    return ""


def artifact_uri(path: str) -> str:
    """A finding's file as a URI reference: relative with forward slashes, percent-encoded."""
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    if re.match(r"^[A-Za-z]:/", path):
        return "file:///" + quote(path, safe="/:")
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    return quote(path, safe="/")


def _descriptor(rule_id: str, rule: Rule | None, seen: Finding) -> dict[str, Any]:
    if rule is None:
        # Not in any registry given to us: only what its findings say.
        return {
            "id": rule_id,
            "defaultConfiguration": {"level": LEVELS[seen.severity]},
            "properties": {"category": seen.category, "tags": _tags(seen.category)},
        }
    summary = rule.summary.strip().rstrip(".") + "."
    why = doc_section(rule.doc, "Why") or rule.doc.strip() or summary
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _camel(rule.id),
        "shortDescription": {"text": plain(summary), "markdown": summary},
        "fullDescription": {"text": plain(why), "markdown": why},
        "help": _help(rule),
        "defaultConfiguration": {"level": LEVELS[rule.severity], "enabled": rule.default},
        "properties": {"category": rule.category, "tags": _tags(rule.category)},
    }
    uri = help_uri(rule)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _help(rule: Rule) -> dict[str, str]:
    """The rule's docs; in Markdown, its section of docs/rules.md less the message templates
    (placeholders like ``{image!r}`` that mean nothing next to a real message)."""
    from kubelint.docgen import render_rule

    text = rule.doc.strip() or rule.summary
    markdown = _MESSAGES_RE.sub("", render_rule(rule))
    return {"text": text, "markdown": markdown}


def _camel(rule_id: str) -> str:
    """SARIF's ``name``: an identifier-like form of the id (``LatestTag``)."""
    return "".join(part.capitalize() for part in rule_id.split("-"))


def _tags(category: str) -> list[str]:
    return [category, "security"] if category in SECURITY_CATEGORIES else [category]


def _fingerprint(finding: Finding) -> str:
    """Stable across edits that move lines: the rule, file, object and path inside it (the
    message too, for findings about the file rather than an object)."""
    obj = finding.object
    parts: list[Any] = [finding.rule, finding.file]
    if obj is not None:
        parts.append([obj.api_version, obj.kind, obj.namespace, obj.name])
    if finding.path:
        parts.append([str(step) for step in finding.path])
    else:
        parts.append(finding.message)
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()[:32]


def _result(finding: Finding, index: int, fingerprint: str) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(finding.file)},
            "region": {
                "startLine": max(finding.line, 1),
                "startColumn": max(finding.column, 1),
            },
        }
    }
    obj = finding.object
    if obj is not None:
        namespace = f"{obj.namespace}/" if obj.namespace else ""
        location["logicalLocations"] = [
            {
                "kind": "resource",
                "name": obj.name,
                "fullyQualifiedName": f"{obj.kind}/{namespace}{obj.name}",
            }
        ]
    return {
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {"kubelintFinding/v1": fingerprint},
        "properties": {"category": finding.category},
    }


def sarif_log(report: Report, rules: Mapping[str, Rule] | None = None) -> dict[str, Any]:
    known = rules if rules is not None else load_rules()
    first: dict[str, Finding] = {}
    for finding in report.findings:
        first.setdefault(finding.rule, finding)
    order = sorted(first)
    index = {rule_id: i for i, rule_id in enumerate(order)}
    seen: dict[str, int] = {}
    results = []
    for finding in report.findings:
        fingerprint = _fingerprint(finding)
        seen[fingerprint] = seen.get(fingerprint, 0) + 1
        if seen[fingerprint] > 1:  # two findings at the same place: keep them apart
            fingerprint = f"{fingerprint}:{seen[fingerprint]}"
        results.append(_result(finding, index[finding.rule], fingerprint))
    notifications = [
        {"level": "error", "message": {"text": message}} for message in report.internal_errors
    ] + [{"level": "note", "message": {"text": note}} for note in report.notes]
    invocation: dict[str, Any] = {"executionSuccessful": not report.internal_errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kubelint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_descriptor(r, known.get(r), first[r]) for r in order],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"files": report.files, "objects": report.objects},
            }
        ],
    }


def write(report: Report, out: TextIO, **options: Any) -> None:
    json.dump(sarif_log(report, run_rules(options)), out, indent=2, ensure_ascii=False)
    out.write("\n")
