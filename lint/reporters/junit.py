"""JUnit XML, the test report every CI system parses (GitLab, Jenkins, Azure DevOps, CircleCI,
Buildkite, GitHub actions that publish test results).

One ``<testsuite>`` per file and one failing ``<testcase>`` per finding in it. Files are the
unit people fix (open the file, fix what is in it), and CI UIs group the failures by suite
and by ``classname``, which is the file's path here too, so the failures of a file stay
together whatever the UI. Each testcase is named after its rule and position
(``latest-tag at 17:16``) and carries ``file`` and ``line`` attributes (GitLab links them);
its ``<failure>`` has the message as ``message``, the severity as ``type`` and a body with
the text format's line, the object and the rule's documentation.

A run without findings still reports one passing testcase, ``kubelint``, since several CI
systems treat a report without tests as a failure. kubelint's own errors (a rule that
crashed, a path that does not exist) are ``<error>`` testcases in a ``kubelint`` suite.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any, TextIO

from kubelint.findings import Finding, Report
from kubelint.registry import Rule

#: What XML 1.0 cannot hold at all, even escaped: most control characters, lone surrogates,
#: U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attributes.items()})


def _counts(element: ET.Element, tests: int, failures: int, errors: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", "0")
    element.set("time", "0")


def _failure_body(finding: Finding, rule: Rule | None) -> str:
    from kubelint.reporters.sarif import help_uri

    lines = [
        f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} "
        f"[{finding.rule}] {finding.message}"
    ]
    obj = finding.object
    if obj is not None:
        namespace = f"{obj.namespace}/" if obj.namespace else ""
        lines.append(f"object: {obj.kind} {namespace}{obj.name} ({obj.api_version})")
    lines.append(f"rule: {finding.rule} ({finding.category})")
    uri = help_uri(rule)
    if uri:
        lines.append(f"docs: {uri}")
    return "\n".join(lines)


def junit_tree(report: Report, rules: Mapping[str, Rule]) -> ET.Element:
    from kubelint.reporters.text import summary_line

    root = ET.Element("testsuites", {"name": "kubelint"})
    by_file: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    total_errors = 0
    for path, findings in by_file.items():
        suite = _sub(root, "testsuite", name=path)
        _counts(suite, len(findings), len(findings), 0)
        names: dict[str, int] = {}
        for finding in findings:
            name = f"{finding.rule} at {finding.line}:{finding.column}"
            names[name] = names.get(name, 0) + 1
            if names[name] > 1:  # the same rule twice at one place: keep the names apart
                name = f"{name} ({names[name]})"
            case = _sub(
                suite, "testcase", name=name, classname=path, file=path, line=str(finding.line)
            )
            case.set("time", "0")
            failure = _sub(case, "failure", message=finding.message, type=finding.severity)
            failure.text = xml_text(_failure_body(finding, rules.get(finding.rule)))
    if report.internal_errors or not report.findings:
        suite = _sub(root, "testsuite", name="kubelint")
        errors = len(report.internal_errors)
        if errors:
            for i, message in enumerate(report.internal_errors, 1):
                case = _sub(suite, "testcase", name=f"internal error {i}", classname="kubelint")
                case.set("time", "0")
                _sub(case, "error", message=message, type="internal").text = xml_text(message)
        else:
            case = _sub(suite, "testcase", name="kubelint", classname="kubelint")
            case.set("time", "0")
            _sub(case, "system-out").text = xml_text(summary_line(report))
        _counts(suite, max(errors, 1), 0, errors)
        total_errors = errors
    tests = sum(int(suite.get("tests", "0")) for suite in root)
    _counts(root, tests, len(report.findings), total_errors)
    return root


def write(report: Report, out: TextIO, **options: Any) -> None:
    from kubelint.reporters.sarif import run_rules

    root = junit_tree(report, run_rules(options))
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
