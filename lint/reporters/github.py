"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

```
::error file=shop/web.yaml,line=60,col=23,title=kubelint ingress-port-not-exposed::backend ...
```
Errors are ``::error``, warnings ``::warning`` and infos ``::notice``. The workflow command
syntax reads the properties up to ``::`` and the message to the end of the line, so the
message escapes ``%``, carriage returns and newlines (``%25``, ``%0D``, ``%0A``) and the
property values escape ``:`` and ``,`` too (``%3A``, ``%2C``). A plain summary line follows,
for the log (not with ``quiet``).
"""

from __future__ import annotations

from typing import Any, TextIO

from kubelint.findings import Finding, Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message: what the runner would otherwise read as the end of the line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: also what would end the value (``,``) or the properties (``:``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    path = finding.file.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    properties = {
        "file": path,
        "line": str(max(finding.line, 1)),
        "col": str(max(finding.column, 1)),
        "title": f"kubelint {finding.rule}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(finding.message)}"


def write(report: Report, out: TextIO, *, quiet: bool = False, **_: Any) -> None:
    from kubelint.reporters.text import summary_line

    for finding in report.findings:
        out.write(annotation(finding) + "\n")
    if not quiet:
        out.write(summary_line(report) + "\n")
