"""Machine output: the stable JSON contract every other format builds on.

```
{"version": "<kubelint version>",
 "findings": [{"rule": str, "category": str, "severity": "error"|"warning"|"info",
               "message": str, "file": str, "line": int, "column": int,
               "object": {"apiVersion": str, "kind": str, "namespace": str|null,
                          "name": str} | null}],
 "summary": {"files": int, "objects": int, "errors": int, "warnings": int, "infos": int}}
```
Findings are ordered by file (in the order given), line, column and rule id.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from kubelint import __version__
from kubelint.findings import Finding, Report


def finding_dict(finding: Finding) -> dict[str, Any]:
    obj = finding.object
    return {
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity,
        "message": finding.message,
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "object": None
        if obj is None
        else {
            "apiVersion": obj.api_version,
            "kind": obj.kind,
            "namespace": obj.namespace,
            "name": obj.name,
        },
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "version": __version__,
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {
            "files": report.files,
            "objects": report.objects,
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "infos": report.count("info"),
        },
    }


def write(report: Report, out: TextIO, **_: object) -> None:
    json.dump(report_dict(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
