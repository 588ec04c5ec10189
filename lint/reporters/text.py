"""Human output: ``path:line:col: severity [rule-id] message``, then a one-line summary."""

from __future__ import annotations

from typing import TextIO

from kubelint.findings import Report

_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _plural(count: int, word: str) -> str:
    if count == 1 or word == "info":
        return f"{count} {word}"
    return f"{count} {word}s"


def summary_line(report: Report) -> str:
    files = _plural(report.files, "file")
    objects = _plural(report.objects, "object")
    if not report.findings:
        return f"No problems found in {files} ({objects})."
    parts = [
        _plural(report.count("error"), "error"),
        _plural(report.count("warning"), "warning"),
        _plural(report.count("info"), "info"),
    ]
    total = _plural(len(report.findings), "problem")
    return f"Found {total} ({', '.join(parts)}) in {files} ({objects})."


def write(
    report: Report, out: TextIO, *, color: bool = False, quiet: bool = False, **_: object
) -> None:
    import click

    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if color else text  # type: ignore[arg-type]

    for f in report.findings:
        location = style(f"{f.file}:{f.line}:{f.column}:", bold=True)
        severity = style(f.severity, fg=_COLORS[f.severity], bold=f.severity == "error")
        rule = style(f"[{f.rule}]", dim=True)
        out.write(f"{location} {severity} {rule} {f.message}\n")
    if not quiet:
        line = summary_line(report)
        if report.findings and color:
            worst = (
                "red" if report.count("error") else "yellow" if report.count("warning") else "cyan"
            )
            line = style(line, fg=worst)
        elif color:
            line = style(line, fg="green")
        out.write(line + "\n")
