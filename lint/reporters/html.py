"""A self-contained HTML report: one file, inline CSS and JavaScript, nothing fetched.

The page has a summary (counts per severity and an SVG bar chart of the findings per rule),
filters (severity and rule chips, a text search) and the findings grouped by file, each
with the source lines around it, read from disk (or from the ``sources`` option: display
path -> text, for rendered files). A finding whose file cannot be read shows its message
only.

Everything from the manifests is untrusted: every piece of text is escaped, the script holds
no data (it reads the ``data-`` attributes the page was written with), and a
Content-Security-Policy lets only the page's own script and style run (by their hashes) and
fetch nothing.

Secret values are never shown: in the documents of kind Secret the values under ``data``
and ``stringData`` are masked (the keys stay), and so is the value of any line a finding of
the ``secrets`` category points at (a credential in an env var, a ConfigMap, an annotation),
and any ``last-applied-configuration`` annotation, which copies objects whole.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from kubelint import __version__
from kubelint.findings import Finding, Report
from kubelint.registry import SEVERITIES, Rule

MASK = "••••••"
#: Lines shown before and after a finding's line.
CONTEXT = 2
#: Files larger than this are not read for source lines.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
#: Rules drawn in the chart (the others are summed up in a last line).
CHART_RULES = 20
_ORDER = tuple(reversed(SEVERITIES))  # error, warning, info

# --------------------------------------------------------------------------- masking

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DOC_START = re.compile(r"^(---|\.\.\.)(\s|$)")
#: A mapping entry: lead (indent, list dashes), key (plain or quoted), colon, the rest.
_ENTRY = re.compile(
    r"""^(?P<lead>[ \t]*(?:-[ \t]+)*)"""
    r"""(?P<key>"(?:[^"\\]|\\.)*"[ \t]*|'(?:[^']|'')*'[ \t]*"""
    # A plain key runs to the first ": " (one way only, so that long lines match fast).
    r"""|(?:[^\s"'#\-{}\[\],:]|-(?!\s))(?:[^#:]|:(?![ \t]|$))*)"""
    r"""(?P<colon>:)(?=[ \t]|$)(?P<rest>.*)$"""
)
_SECRET_KIND = re.compile(
    r"""^\s*(?:-\s+)?["']?kind["']?\s*:\s*["']?Secret["']?\s*(?:,\s*)?(#.*)?$"""
)
#: A value that holds nothing yet: empty, a block scalar header, an opening bracket, an anchor.
_NO_VALUE = re.compile(r"""^\s*(?:(?:[|>][-+0-9]*|[{\[]|&\S+)\s*)?(?:#.*)?$""")
_DATA_KEYS = frozenset({"data", "stringData"})
_COPY_KEYS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _key(match: re.Match[str]) -> str:
    key = match.group("key").strip()
    if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
        key = key[1:-1]
    return key


class _Masker:
    """Marks the lines of one file whose values must not be shown, then renders them."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.entries = [_ENTRY.match(line) for line in lines]
        #: Line index -> "value" (keep the key, hide the rest), "flow" (keep the keys of a
        #: flow mapping, hide its values) or "all" (hide the line).
        self.marks: dict[int, str] = {}

    def _key_column(self, i: int) -> int:
        entry = self.entries[i]
        return len(entry.group("lead")) if entry else _indent(self.lines[i])

    def _children(self, i: int) -> Iterable[int]:
        """The lines after line i that belong to its value (more indented, or blank)."""
        column = self._key_column(i)
        lead_has_dash = bool(self.entries[i]) and "-" in self.entries[i].group("lead")  # type: ignore[union-attr]
        for j in range(i + 1, len(self.lines)):
            line = self.lines[j]
            if not line.strip():
                continue
            if _DOC_START.match(line):
                return
            indent = _indent(line)
            # A sequence may sit at its key's indentation (key:\n- item).
            nested_list = indent == column and line.lstrip().startswith("-") and not lead_has_dash
            if indent <= column and not nested_list:
                return
            yield j

    def hide_value(self, i: int, *, keep_child_keys: bool = False) -> None:
        """Hide line i's value and everything under it; with keep_child_keys, the entries
        right under it keep their keys (a Secret's data keeps its keys, not its values)."""
        if self.entries[i] is None:
            self.marks[i] = "all"
        elif self.marks.get(i) != "all":
            self.marks[i] = "value"
        children = list(self._children(i))
        if keep_child_keys and children:
            first = min(_indent(self.lines[j]) for j in children)
            for j in children:
                if _indent(self.lines[j]) == first and self.entries[j] is not None:
                    self.hide_value(j)
                elif j not in self.marks:
                    self.marks[j] = "all"
            return
        for j in children:
            # Entries of a Secret's data keep their keys: only their values are hidden.
            self.marks.setdefault(j, "all")

    def hide_finding_line(self, i: int) -> None:
        """Hide the value a finding points at: line i's own, or, when line i is inside a
        value (a line of a block scalar), the whole value it belongs to."""
        if self.entries[i] is None and _flow_line(self.lines[i]):
            self.marks[i] = "flow"  # a whole collection on one line: - {name: x, value: y}
            return
        owner = i
        while owner >= 0 and self.entries[owner] is None:
            self.marks[owner] = "all"
            column = _indent(self.lines[owner])
            owner -= 1
            while owner >= 0 and (
                not self.lines[owner].strip() or _indent(self.lines[owner]) >= column
            ):
                owner -= 1
        if owner >= 0:
            self.hide_value(owner)

    def mark_documents(self) -> None:
        starts = [0] + [i for i, line in enumerate(self.lines) if _DOC_START.match(line)]
        bounds = zip(starts, [*starts[1:], len(self.lines)], strict=True)
        for start, end in bounds:
            secret = any(_SECRET_KIND.match(self.lines[i]) for i in range(start, end))
            for i in range(start, end):
                entry = self.entries[i]
                if entry is None:
                    continue
                key = _key(entry)
                if key in _COPY_KEYS or (secret and key in _DATA_KEYS):
                    self.hide_value(i, keep_child_keys=key in _DATA_KEYS)

    def render(self, i: int) -> str:
        line = self.lines[i]
        mark = self.marks.get(i)
        if mark is None:
            return line
        entry = self.entries[i]
        if mark == "value" and entry is not None:
            rest = entry.group("rest")
            if _NO_VALUE.match(rest):
                return line
            head = line[: entry.end("colon")]
            return f"{head} {_masked_flow(rest.strip())}"
        flow = _flow_line(line) if mark == "flow" else None
        if flow:
            return flow[0] + _masked_flow(flow[1])
        indent = line[: _indent(line)]
        return f"{indent}{MASK}"


def _flow_line(line: str) -> tuple[str, str] | None:
    """(lead, collection) for a line that is one flow collection, like ``- {a: 1, b: 2}``."""
    stripped = line.lstrip(" \t")
    dashes = re.match(r"(?:-[ \t]+)*", stripped)
    start = len(line) - len(stripped) + (dashes.end() if dashes else 0)
    body = line[start:].rstrip().rstrip(",").rstrip()
    if body[:1] + body[-1:] in ("{}", "[]"):
        return line[:start], body
    return None


def _masked_flow(value: str) -> str:
    """A flow mapping keeps its keys, ``{a: ••••••, b: ••••••}``; anything else is hidden."""
    if value.startswith("{") and value.rstrip(",").endswith("}"):
        import yaml

        try:
            parsed = yaml.safe_load(value.rstrip(","))
        except yaml.YAMLError:
            return MASK
        if isinstance(parsed, dict) and parsed:
            return "{" + ", ".join(f"{key}: {MASK}" for key in parsed) + "}"
    return MASK


def masked_lines(text: str, secret_lines: Iterable[int] = ()) -> list[str]:
    """The lines of a file with secret values replaced by a placeholder; ``secret_lines``
    are the 1-based lines that findings of the ``secrets`` category point at."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the end of the last line, not a line
    masker = _Masker(lines)
    masker.mark_documents()
    for number in secret_lines:
        if 1 <= number <= len(lines):
            masker.hide_finding_line(number - 1)
    return [masker.render(i) for i in range(len(lines))]


# --------------------------------------------------------------------------- source lines

_COMMENT = re.compile(r"(^|[ \t])#")


def _segments(line: str) -> list[tuple[str, str]]:
    """A source line cut into (class, text) pieces: keys, dashes, comments, masks, values."""
    out: list[tuple[str, str]] = []
    comment = None
    if not (line.count('"') % 2 or line.count("'") % 2):
        match = _COMMENT.search(line)
        if match:
            comment = match.start() + len(match.group(1))
    body, tail = (line, "") if comment is None else (line[:comment], line[comment:])
    entry = _ENTRY.match(body)
    if _DOC_START.match(body):
        out.append(("d", body))
    elif entry:
        lead = entry.group("lead")
        indent = lead[: _indent(lead)]
        out += [("", indent), ("p", lead[len(indent) :]), ("k", entry.group("key"))]
        out += [("p", entry.group("colon")), ("", entry.group("rest"))]
    else:
        stripped = body.lstrip(" \t")
        indent = body[: len(body) - len(stripped)]
        dash = re.match(r"(?:-[ \t]+)*", stripped)
        cut = dash.end() if dash else 0
        out += [("", indent), ("p", stripped[:cut]), ("", stripped[cut:])]
    if tail:
        out.append(("c", tail))
    split: list[tuple[str, str]] = []
    for cls, text in out:
        for n, part in enumerate(text.split(MASK)):
            if n:
                split.append(("mask", MASK))
            if part:
                split.append((cls, part))
    return split


def _render_line(line: str, mark: tuple[int, int] | None) -> str:
    """A line as HTML, the characters [start, end) of ``mark`` highlighted."""
    html_parts = []
    offset = 0
    for cls, text in _segments(line):
        pieces = [(text, False)]
        if mark is not None:
            start, end = mark[0] - offset, mark[1] - offset
            start, end = max(start, 0), min(end, len(text))
            if start < end:
                pieces = [(text[:start], False), (text[start:end], True), (text[end:], False)]
        offset += len(text)
        for piece, marked in pieces:
            if not piece:
                continue
            escaped = html.escape(piece)
            if cls:
                escaped = f'<span class="{cls}">{escaped}</span>'
            html_parts.append(f"<mark>{escaped}</mark>" if marked else escaped)
    return "".join(html_parts)


def _token_end(line: str, start: int) -> int:
    """Where the token that starts at ``start`` ends: a quoted string, or up to a space or a
    flow-collection delimiter."""
    if start >= len(line):
        return start
    if line[start] in "\"'":
        close = line.find(line[start], start + 1)
        return close + 1 if close > 0 else len(line)
    match = re.compile(r"[\s,\[\]{}]|:(?=\s|$)").search(line, start + 1)
    return match.start() if match else len(line)


def _snippet(lines: list[str], finding: Finding) -> str:
    hit = finding.line - 1
    if hit == len(lines):  # the end of the file, after its last line break
        lines = [*lines, ""]
    if not 0 <= hit < len(lines):
        return '<p class="nosrc">This line is not in the file as it is now.</p>'
    rows = []
    for i in range(max(hit - CONTEXT, 0), min(hit + CONTEXT + 1, len(lines))):
        line = lines[i]
        mark = None
        if i == hit:
            start = max(finding.column - 1, 0)
            if start < len(line) and line[start:].strip():
                mark = (start, _token_end(line, start))
        cls = ' class="hit"' if i == hit else ""
        rows.append(
            f'<tr{cls}><td class="ln">{i + 1}</td>'
            f'<td class="code">{_render_line(line, mark)}</td></tr>'
        )
    return f'<div class="src"><table>{"".join(rows)}</table></div>'


def _read(path: str, sources: Mapping[str, str]) -> str | None:
    if path in sources:
        return sources[path]
    if path.startswith("<"):  # <stdin>
        return None
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SOURCE_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_SOURCE_BYTES:
        return None
    return raw.decode("utf-8-sig", errors="replace")


# --------------------------------------------------------------------------- page parts

e = html.escape


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def _object(finding: Finding) -> str:
    obj = finding.object
    if obj is None:
        return ""
    namespace = f"{obj.namespace}/" if obj.namespace else ""
    return f"{obj.kind} {namespace}{obj.name}"


def _rule_link(rule_id: str, rule: Rule | None) -> str:
    from kubelint.reporters.sarif import help_uri, plain

    title = f' title="{e(plain(rule.summary))}"' if rule is not None else ""
    uri = help_uri(rule)
    if uri:
        return (
            f'<a class="rule" href="{e(uri)}" target="_blank" rel="noopener noreferrer"'
            f"{title}>{e(rule_id)}</a>"
        )
    return f'<span class="rule"{title}>{e(rule_id)}</span>'


def _finding(n: int, finding: Finding, lines: list[str] | None, rule: Rule | None) -> str:
    where = f"line {finding.line}, column {finding.column}"
    obj = _object(finding)
    snippet = _snippet(lines, finding) if lines is not None else ""
    if lines is None:
        snippet = '<p class="nosrc">The source of this file is not available.</p>'
    return (
        f'<article class="finding" id="finding-{n}" data-severity="{e(finding.severity)}" '
        f'data-rule="{e(finding.rule)}">'
        f'<div class="head"><span class="sev {e(finding.severity)}">{e(finding.severity)}</span>'
        f"{_rule_link(finding.rule, rule)}"
        f'<a class="where" href="#finding-{n}">{e(where)}</a>'
        + (f'<span class="obj">{e(obj)}</span>' if obj else "")
        + f'</div><p class="msg">{e(finding.message)}</p>{snippet}</article>'
    )


def _counts_badges(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    return "".join(
        f'<span class="count {s}" title="{_plural(counts[s], s)}">{counts[s]}</span>'
        for s in _ORDER
        if counts[s]
    )


def _file_section(
    path: str,
    findings: list[Finding],
    numbered: dict[int, int],
    sources: Mapping[str, str],
    rules: Mapping[str, Rule],
) -> str:
    text = _read(path, sources)
    lines = None
    if text is not None:
        secret = {f.line for f in findings if f.category == "secrets"}
        lines = masked_lines(text, secret)
    items = "".join(_finding(numbered[id(f)], f, lines, rules.get(f.rule)) for f in findings)
    return (
        f'<details class="file" open data-file="{e(path)}"><summary>'
        f'<span class="path">{e(path)}</span><span class="counts">{_counts_badges(findings)}'
        f"</span></summary>{items}</details>"
    )


def _chart(findings: list[Finding]) -> str:
    """Findings per rule, most frequent first, as horizontal bars split by severity."""
    per_rule: dict[str, Counter[str]] = {}
    for f in findings:
        per_rule.setdefault(f.rule, Counter())[f.severity] += 1
    ranked = sorted(per_rule.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    shown, rest = ranked[:CHART_RULES], ranked[CHART_RULES:]
    label_width = 7.4 * max(len(rule) for rule, _ in shown) + 12
    bar_width, row = 320, 24
    top = max(sum(counts.values()) for _, counts in shown)
    height = row * (len(shown) + (1 if rest else 0)) + 4
    width = label_width + bar_width + 48
    out = [
        f'<svg class="chart" role="img" aria-label="Findings per rule" '
        f'viewBox="0 0 {width:.0f} {height}" width="{width:.0f}" height="{height}">'
    ]
    for i, (rule, counts) in enumerate(shown):
        y = i * row + 2
        total = sum(counts.values())
        parts = [
            f'<g class="bar" data-rule="{e(rule)}" tabindex="0" role="button">'
            f"<title>{e(rule)}: {_plural(total, 'finding')} (click to filter)</title>"
            f'<rect class="hover" x="0" y="{y}" width="{width:.0f}" height="{row - 2}" rx="3"/>'
            f'<text class="label" x="{label_width - 8:.0f}" y="{y + 15}" '
            f'text-anchor="end">{e(rule)}</text>'
        ]
        x = label_width
        for severity in _ORDER:
            if counts[severity]:
                w = max(bar_width * counts[severity] / top, 2)
                parts.append(
                    f'<rect class="{severity}" x="{x:.1f}" y="{y + 4}" width="{w:.1f}" '
                    f'height="{row - 10}" rx="2"/>'
                )
                x += w
        parts.append(f'<text class="num" x="{x + 6:.1f}" y="{y + 15}">{total}</text></g>')
        out.append("".join(parts))
    if rest:
        y = len(shown) * row + 2
        more = sum(sum(c.values()) for _, c in rest)
        out.append(
            f'<text class="more" x="{label_width - 8:.0f}" y="{y + 15}" text-anchor="end">'
            f"{len(rest)} more rules: {_plural(more, 'finding')}</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _chips(kind: str, counts: Mapping[str, int], order: Iterable[str]) -> str:
    return "".join(
        f'<button type="button" class="chip {kind}-{e(value)}" data-filter="{kind}" '
        f'data-value="{e(value)}" aria-pressed="false">{e(value)}'
        f'<span class="n">{counts[value]}</span></button>'
        for value in order
        if counts[value]
    )


# --------------------------------------------------------------------------- the page

_CSS = """
:root{--bg:#f6f8fa;--card:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--code:#f6f8fa;
--hit:#fff8c5;--mark:#ffdf5d;--error:#c62828;--warning:#b26a00;--info:#1565c0;--key:#0550ae;
--cmt:#6e7781;--accent:#0969da;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#151b23;--fg:#e6edf3;
--muted:#9198a1;--line:#3d444d;--code:#0d1117;--hit:#3a3413;--mark:#6c5a10;--error:#f47067;
--warning:#d29922;--info:#58a6ff;--key:#79c0ff;--cmt:#8b949e;--accent:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer,.panel{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:22px;margin:0 0 4px}h1 span{color:var(--muted);font-weight:400}
.summary{color:var(--muted);margin:0 0 16px}
.panel{display:flex;flex-wrap:wrap;gap:16px;margin-bottom:16px}
.box{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.totals{display:flex;flex-direction:column;gap:8px;min-width:170px}
.total{display:flex;align-items:baseline;gap:8px;border-left:4px solid;padding-left:10px}
.total b{font-size:26px;line-height:1.1}.total.error{border-color:var(--error)}
.total.warning{border-color:var(--warning)}.total.info{border-color:var(--info)}
.chartbox{flex:1;min-width:320px;overflow-x:auto}
.box h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);
margin:0 0 8px}
.chart{display:block;max-width:100%;height:auto;font:12px ui-monospace,SFMono-Regular,Menlo,
Consolas,monospace}
.chart .label,.chart .num,.chart .more{fill:var(--fg)}.chart .more{fill:var(--muted)}
.chart .error{fill:var(--error)}.chart .warning{fill:var(--warning)}
.chart .info{fill:var(--info)}
.chart .hover{fill:transparent}.chart .bar{cursor:pointer;outline:none}
.chart .bar:hover .hover,.chart .bar:focus .hover{fill:var(--bg)}
.chart .bar.off{opacity:.3}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:10px 20px;
max-width:1100px;margin:0 auto;border-bottom:1px solid var(--line)}
.filters .row{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:3px 0}
.filters .what{color:var(--muted);min-width:64px}
.filters .rules{max-height:64px;overflow-y:auto}
@media (max-width:700px){.filters{position:static}.filters .rules{max-height:none}}
.chip{font:inherit;font-size:13px;border:1px solid var(--line);background:var(--card);
color:var(--fg);border-radius:999px;padding:1px 10px;cursor:pointer}
.chip .n{color:var(--muted);margin-left:6px}
.chip[aria-pressed=true]{border-color:var(--accent);background:var(--accent);color:#fff}
.chip[aria-pressed=true] .n{color:#fff}
.chip.severity-error:before,.chip.severity-warning:before,.chip.severity-info:before{
content:"";display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px}
.chip.severity-error:before{background:var(--error)}
.chip.severity-warning:before{background:var(--warning)}
.chip.severity-info:before{background:var(--info)}
#search{font:inherit;padding:2px 8px;border:1px solid var(--line);border-radius:6px;
background:var(--card);color:var(--fg);min-width:220px}
#reset{font:inherit;border:0;background:none;color:var(--accent);cursor:pointer}
#shown{color:var(--muted);margin-left:auto}
main{padding-top:16px}
.file{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:0 0 16px;
overflow:hidden}
.file>summary{display:flex;align-items:center;gap:10px;padding:10px 14px;cursor:pointer;
background:var(--bg);border-bottom:1px solid var(--line);font-weight:600}
.path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.counts{margin-left:auto;display:flex;gap:4px}
.count{font-size:12px;min-width:22px;text-align:center;border-radius:999px;color:#fff;
padding:0 7px}
.count.error,.sev.error{background:var(--error)}.count.warning,.sev.warning{
background:var(--warning)}.count.info,.sev.info{background:var(--info)}
.finding{padding:12px 14px;border-top:1px solid var(--line)}
.finding:first-of-type{border-top:0}
.head{display:flex;flex-wrap:wrap;align-items:center;gap:10px}
.sev{color:#fff;font-size:11px;font-weight:700;text-transform:uppercase;border-radius:4px;
padding:1px 6px;letter-spacing:.03em}
.rule{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;
color:var(--accent);text-decoration:none}a.rule:hover{text-decoration:underline}
.where{color:var(--muted);text-decoration:none}.where:hover{text-decoration:underline}
.obj{color:var(--muted)}.obj:before{content:"· ";}
.msg{margin:6px 0 8px;overflow-wrap:anywhere}
.nosrc{color:var(--muted);font-style:italic;margin:0}
.src{overflow-x:auto;border:1px solid var(--line);border-radius:6px;background:var(--code)}
.src table{border-collapse:collapse;width:100%;
font:12.5px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.src td{padding:0 10px;white-space:pre;vertical-align:top;tab-size:4}
.src .ln{width:1%;text-align:right;color:var(--muted);user-select:none;
border-right:1px solid var(--line)}
.src tr.hit{background:var(--hit)}.src tr.hit .ln{color:var(--fg);font-weight:700}
.src mark{background:var(--mark);color:inherit;border-radius:2px}
.src .k{color:var(--key)}.src .c{color:var(--cmt);font-style:italic}
.src .p,.src .d{color:var(--muted)}
.src .mask{color:var(--muted);letter-spacing:.1em}
.clean{text-align:center;padding:48px 20px;font-size:18px}
.clean b{display:block;font-size:40px;color:#1a7f37}
.notes{margin:0 0 16px}.notes li{color:var(--muted)}.notes .err{color:var(--error)}
footer{color:var(--muted);font-size:12px;padding:8px 20px 32px}
footer a{color:inherit}
[hidden]{display:none!important}
"""

_JS = """
(function () {
  "use strict";
  var chips = Array.prototype.slice.call(document.querySelectorAll(".chip[data-filter]"));
  var bars = Array.prototype.slice.call(document.querySelectorAll(".chart .bar"));
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var files = Array.prototype.slice.call(document.querySelectorAll(".file"));
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  // An empty selection means "everything"; the first click on a chip shows only that value.
  var chosen = {severity: {}, rule: {}};
  function any(kind) { return Object.keys(chosen[kind]).length > 0; }
  function passes(kind, value) { return !any(kind) || chosen[kind][value] === true; }
  function apply() {
    var query = search ? search.value.trim().toLowerCase() : "";
    var count = 0;
    findings.forEach(function (f) {
      var ok = passes("severity", f.dataset.severity) && passes("rule", f.dataset.rule) &&
        (!query || f.textContent.toLowerCase().indexOf(query) >= 0);
      f.hidden = !ok;
      if (ok) { count++; }
    });
    files.forEach(function (file) {
      file.hidden = file.querySelector(".finding:not([hidden])") === null;
    });
    chips.forEach(function (chip) {
      var on = chosen[chip.dataset.filter][chip.dataset.value] === true;
      chip.setAttribute("aria-pressed", String(on));
    });
    bars.forEach(function (bar) {
      bar.classList.toggle("off", !passes("rule", bar.dataset.rule));
    });
    if (shown) { shown.textContent = count + " of " + findings.length + " shown"; }
    document.body.setAttribute("data-shown", String(count));
  }
  function toggle(kind, value) {
    if (chosen[kind][value]) { delete chosen[kind][value]; } else { chosen[kind][value] = true; }
    apply();
  }
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      toggle(chip.dataset.filter, chip.dataset.value);
    });
  });
  bars.forEach(function (bar) {
    bar.addEventListener("click", function () { toggle("rule", bar.dataset.rule); });
    bar.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        toggle("rule", bar.dataset.rule);
      }
    });
  });
  if (search) { search.addEventListener("input", apply); }
  var reset = document.getElementById("reset");
  if (reset) {
    reset.addEventListener("click", function () {
      chosen = {severity: {}, rule: {}};
      if (search) { search.value = ""; }
      apply();
    });
  }
  apply();
  document.body.setAttribute("data-ready", "1");
})();
"""


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(
    report: Report, rules: Mapping[str, Rule], sources: Mapping[str, str] | None = None
) -> str:
    from kubelint.reporters.text import summary_line

    sources = sources or {}
    findings = report.findings
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    numbered = {id(f): n for n, f in enumerate(findings, 1)}
    severities: Counter[str] = Counter(f.severity for f in findings)
    title = f"kubelint: {_plural(len(findings), 'problem')}" if findings else "kubelint: clean"
    body = [
        "<header>",
        f"<h1>kubelint report <span>{_plural(len(findings), 'problem')}</span></h1>",
        f'<p class="summary">{e(summary_line(report))}</p>',
        "</header>",
    ]
    notes = [f'<li class="err">{e(m)}</li>' for m in report.internal_errors]
    notes += [f"<li>{e(note)}</li>" for note in report.notes]
    if notes:
        body.append(f'<div class="panel"><ul class="notes">{"".join(notes)}</ul></div>')
    if findings:
        totals = "".join(
            f'<div class="total {s}"><b>{severities[s]}</b>'
            f"{e(_plural(severities[s], s).split(' ', 1)[1])}</div>"
            for s in _ORDER
        )
        body.append(
            f'<div class="panel"><div class="box totals">{totals}</div>'
            f'<div class="box chartbox"><h2>Findings per rule</h2>{_chart(findings)}</div></div>'
        )
        rule_counts = Counter(f.rule for f in findings)
        body.append(
            '<nav class="filters" aria-label="Filters">'
            '<div class="row"><span class="what">Severity</span>'
            f"{_chips('severity', severities, _ORDER)}"
            '<input id="search" type="search" placeholder="Search findings" '
            'aria-label="Search">'
            '<button id="reset" type="button">Show all</button>'
            f'<span id="shown">{len(findings)} of {len(findings)} shown</span></div>'
            '<div class="row rules"><span class="what">Rule</span>'
            f"{_chips('rule', rule_counts, sorted(rule_counts))}</div></nav>"
        )
        sections = [
            _file_section(path, items, numbered, sources, rules) for path, items in by_file.items()
        ]
        body.append(f"<main>{''.join(sections)}</main>")
    else:
        body.append(
            f'<main><div class="box clean"><b>&#10003;</b>{e(summary_line(report))}</div></main>'
        )
    body.append(
        f'<footer>Generated by <a href="https://github.com/kubelint/kubelint" '
        f'rel="noopener noreferrer">kubelint</a> {e(__version__)}.</footer>'
    )
    policy = (
        f"default-src 'none'; style-src {_csp_hash(_CSS)}; script-src {_csp_hash(_JS)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="kubelint {e(__version__)}">'
        f"<title>{e(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}<script>{_JS}</script></body></html>\n"
    )


def write(report: Report, out: TextIO, **options: Any) -> None:
    from kubelint.reporters.sarif import run_rules

    out.write(render(report, run_rules(options), options.get("sources")))
