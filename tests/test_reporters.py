"""The report formats driven for real: SARIF against the official SARIF 2.1.0 schema, GitHub
workflow commands parsed back the way the runner reads them, JUnit through an XML parser, and
the HTML report in headless Chromium (when one is installed), clicked through the DevTools
protocol."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from browser_support import BROWSER_FLAGS, headless
from click.testing import CliRunner

from kubelint import __version__
from kubelint.cli import cli
from kubelint.config import load as load_config
from kubelint.engine import Settings, lint
from kubelint.findings import Finding, ObjectRef, Report
from kubelint.registry import load_rules
from kubelint.reporters import github, html, junit, sarif

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
RULES_MD = ROOT / "docs" / "rules.md"

# A Pod whose values are markup: every format must print them as text.
HOSTILE_NAME = "a&b <i>.yaml"
HOSTILE = """\
apiVersion: v1
kind: Pod
metadata:
  name: xss
spec:
  containers:
  - name: web
    resources:
      requests: {cpu: 100m, memory: 64Mi}
      limits: {memory: 64Mi}
    env:
    - {name: NOTE, value: "<script>document.body.setAttribute('data-pwned','1')</script>"}
    - {name: IMG, value: "<img src=x onerror=\\"document.body.setAttribute('data-pwned','2')\\">"}
    image: "nginx:latest<script>document.body.setAttribute('data-pwned','3')</script>"
"""
HOSTILE_LINE = 14


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """examples/shop and the policy example, with the policies' configuration at the root."""
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES / "shop", root / "shop")
    (root / "policies").mkdir()
    shutil.copy(EXAMPLES / "policies" / "app.yaml", root / "policies" / "app.yaml")
    shutil.copy(EXAMPLES / "policies" / ".kubelint.yaml", root / ".kubelint.yaml")
    return root


def run_cli(cwd: Path, *args: str) -> str:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def lint_project(root: Path) -> tuple[Report, dict[str, Any]]:
    """A lint of ``root`` with its configuration's policies, and every rule of the run."""
    config = load_config(str(root / ".kubelint.yaml"))
    rules = {**load_rules(), **config.policy_rules}
    settings = Settings(
        severities={rule_id: rule.severity for rule_id, rule in rules.items() if rule.default},
        extra_rules=config.policy_rules,
    )
    old = os.getcwd()
    os.chdir(root)
    try:
        report = lint(["."], settings)
    finally:
        os.chdir(old)
    return report, rules


def written(module: Any, report: Report, **options: Any) -> str:
    out = io.StringIO()
    module.write(report, out, **{"color": True, "quiet": False, **options})
    return out.getvalue()


def finding(**fields: Any) -> Finding:
    values: dict[str, Any] = {
        "rule": "latest-tag",
        "category": "images",
        "severity": "warning",
        "message": "image uses latest",
        "file": "app.yaml",
        "line": 3,
        "column": 5,
        "object": ObjectRef("v1", "Pod", "default", "web"),
    }
    values.update(fields)
    return Finding(**values)


# --------------------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text())
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0 ")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(validator: jsonschema.protocols.Validator, log: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


_URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$")


def test_sarif_of_a_real_run_is_valid_and_places_every_finding(project, sarif_validator):
    log = json.loads(run_cli(project, "--format", "sarif", "."))
    assert schema_errors(sarif_validator, log) == []
    expected = json.loads(run_cli(project, "--format", "json", "."))["findings"]
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == len(expected) > 10
    assert {f["rule"] for f in expected} >= {"require-team-label", "latest-tag", "plain-secret"}
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("kubelint", __version__)
    assert driver["informationUri"] == "https://github.com/kubelint/kubelint"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted({f["rule"] for f in expected})
    for result, want in zip(results, expected, strict=True):
        assert result["ruleId"] == want["rule"] == rules[result["ruleIndex"]]["id"]
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[want["severity"]]
        )
        assert result["message"]["text"] == want["message"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert _URI_REFERENCE.match(uri) and "\\" not in uri and not uri.startswith("/")
        assert uri == want["file"]
        assert (project / uri).is_file()
        assert location["region"] == {"startLine": want["line"], "startColumn": want["column"]}
    # The region is exact: the line it names holds what the message is about.
    latest = next(r for r in results if r["ruleId"] == "latest-tag")
    region = latest["locations"][0]["physicalLocation"]["region"]
    text = project / latest["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    line = text.read_text().splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 :].startswith("ghcr.io/example/shop-web:latest")


def test_sarif_describes_the_rules_that_appear(project, sarif_validator):
    report, rules = lint_project(project)
    log = json.loads(written(sarif, report, rules=rules))
    assert schema_errors(sarif_validator, log) == []
    described = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    anchors = set(re.findall(r"^## ([a-z0-9-]+)$", RULES_MD.read_text(), re.M))

    latest = described["latest-tag"]
    rule = rules["latest-tag"]
    assert latest["shortDescription"]["text"] == rule.summary.replace("`", "") + "."
    assert latest["fullDescription"]["text"].startswith("A mutable tag deploys whatever")
    assert "## Why" not in latest["fullDescription"]["text"]
    assert latest["help"]["text"] == rule.doc.strip()
    assert "Pin a version tag" in latest["help"]["markdown"]
    assert latest["defaultConfiguration"] == {"level": "warning", "enabled": True}
    assert latest["properties"]["category"] == "images"
    assert described["plain-secret"]["properties"]["tags"] == ["secrets", "security"]
    for rule_id, descriptor in described.items():
        if rule_id in load_rules():
            assert descriptor["helpUri"] == (
                f"https://github.com/kubelint/kubelint/blob/main/docs/rules.md#{rule_id}"
            )
            assert rule_id in anchors, f"docs/rules.md has no section #{rule_id}"

    # A configured policy is described with what it has: no link to kubelint's docs.
    policy = described["require-team-label"]
    assert "helpUri" not in policy
    assert policy["shortDescription"]["text"].startswith("workloads name their owning team")
    assert policy["help"]["text"].startswith("The on-call rota and the cost reports")
    assert policy["properties"]["category"] == "policy"
    assert described["allowed-registries"]["defaultConfiguration"]["level"] == "error"


def test_sarif_without_the_policies_registry_still_lists_their_rules(project, sarif_validator):
    report, _ = lint_project(project)
    log = json.loads(written(sarif, report))  # as when the caller passes no rules
    assert schema_errors(sarif_validator, log) == []
    policy = next(
        r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "require-team-label"
    )
    assert policy == {
        "id": "require-team-label",
        "defaultConfiguration": {"level": "warning"},
        "properties": {"category": "policy", "tags": ["policy"]},
    }


def test_sarif_schema_rejects_what_is_not_sarif(project, sarif_validator):
    """The validation is not vacuous: the schema catches broken logs."""
    log = json.loads(run_cli(project, "--format", "sarif", "."))
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del log["runs"][0]["tool"]["driver"]["name"]
    assert len(schema_errors(sarif_validator, log)) == 3


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("shop/web.yaml", "shop/web.yaml"),
        ("./shop/web.yaml", "shop/web.yaml"),
        ("deploy\\prod\\web.yaml", "deploy/prod/web.yaml"),
        ("my charts/100% ready#1.yaml", "my%20charts/100%25%20ready%231.yaml"),
        ("/srv/repo/web.yaml", "file:///srv/repo/web.yaml"),
        ("C:\\repo\\web.yaml", "file:///C:/repo/web.yaml"),
        ("<stdin>", "%3Cstdin%3E"),
    ],
)
def test_sarif_uris_are_uri_references_with_forward_slashes(path, uri, sarif_validator):
    assert sarif.artifact_uri(path) == uri
    assert _URI_REFERENCE.match(uri)
    log = json.loads(written(sarif, Report(findings=[finding(file=path)], files=1, objects=1)))
    assert schema_errors(sarif_validator, log) == []


def test_sarif_fingerprints_survive_lines_moving(tmp_path):
    (tmp_path / "web.yaml").write_text((EXAMPLES / "shop" / "web.yaml").read_text())
    (tmp_path / ".kubelint.yaml").write_text("{}\n")

    def fingerprints() -> list[str]:
        log = json.loads(run_cli(tmp_path, "--format", "sarif", "web.yaml"))
        results = log["runs"][0]["results"]
        return [r["partialFingerprints"]["kubelintFinding/v1"] for r in results]

    before = fingerprints()
    assert len(before) == len(set(before)) >= 3
    text = (tmp_path / "web.yaml").read_text()
    (tmp_path / "web.yaml").write_text("# moved\n# down\n" + text)
    assert fingerprints() == before


def test_sarif_reports_notes_and_internal_errors(sarif_validator):
    report = Report(files=0, internal_errors=["rule x crashed"], notes=["skipped a template"])
    log = json.loads(written(sarif, report))
    assert schema_errors(sarif_validator, log) == []
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert [n["level"] for n in invocation["toolExecutionNotifications"]] == ["error", "note"]
    assert log["runs"][0]["results"] == []


# --------------------------------------------------------------------------- GitHub


def parse_workflow_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a line the way the Actions runner does: ``::name k=v,k=v::message``, then undo
    the escapes."""

    def unescape(text: str, *, prop: bool) -> str:
        pairs = [("%0D", "\r"), ("%0A", "\n")]
        if prop:
            pairs += [("%3A", ":"), ("%2C", ",")]
        for escaped, raw in [*pairs, ("%25", "%")]:
            text = text.replace(escaped, raw)
        return text

    match = re.fullmatch(r"::([a-z]+)(?: ([^:]*))?::(.*)", line)
    assert match, line
    properties = {}
    for item in (match.group(2) or "").split(","):
        key, _, value = item.partition("=")
        properties[key] = unescape(value, prop=True)
    return match.group(1), properties, unescape(match.group(3), prop=False)


def test_github_annotations_escape_what_the_runner_would_misread():
    tricky = [
        finding(message="100% sure: a, b\nsecond line\r\nthird %0A literal", severity="error"),
        finding(rule="x-rule", message="::warning::not a command", severity="info", line=7),
        finding(file="dir, with: colons/%41.yaml", message="plain", column=1),
    ]
    report = Report(findings=tricky, files=2, objects=2)
    lines = written(github, report).splitlines()
    assert len(lines) == len(tricky) + 1  # one line per finding, whatever the messages hold
    assert lines[-1] == "Found 3 problems (1 error, 1 warning, 1 info) in 2 files (2 objects)."
    for line, original in zip(lines, tricky, strict=False):
        command, properties, message = parse_workflow_command(line)
        assert (
            command == {"error": "error", "warning": "warning", "info": "notice"}[original.severity]
        )
        assert properties == {
            "file": original.file,
            "line": str(original.line),
            "col": str(original.column),
            "title": f"kubelint {original.rule}",
        }
        assert message == original.message
    assert "100%25 sure: a, b%0Asecond line%0D%0Athird %250A literal" in lines[0]
    assert "file=dir%2C with%3A colons/%2541.yaml," in lines[2]
    assert written(github, report, quiet=True).count("\n") == 3


def test_github_annotations_of_a_real_run(project):
    output = run_cli(project, "--format", "github", ".")
    expected = json.loads(run_cli(project, "--format", "json", "."))["findings"]
    lines = output.splitlines()
    assert len(lines) == len(expected) + 1 and lines[-1].startswith("Found ")
    for line, want in zip(lines, expected, strict=False):
        command, properties, message = parse_workflow_command(line)
        assert (
            command == {"error": "error", "warning": "warning", "info": "notice"}[want["severity"]]
        )
        assert (properties["file"], properties["line"], properties["col"]) == (
            want["file"],
            str(want["line"]),
            str(want["column"]),
        )
        assert message == want["message"]


# --------------------------------------------------------------------------- JUnit


def test_junit_of_a_real_run_parses_with_the_right_counts(project):
    root = ET.fromstring(run_cli(project, "--format", "junit", "."))
    expected = json.loads(run_cli(project, "--format", "json", "."))["findings"]
    assert root.tag == "testsuites"
    assert root.get("tests") == root.get("failures") == str(len(expected))
    assert root.get("errors") == "0"
    suites = root.findall("testsuite")
    files = list(dict.fromkeys(f["file"] for f in expected))
    assert [s.get("name") for s in suites] == files
    cases = []
    for suite in suites:
        own = suite.findall("testcase")
        assert suite.get("tests") == suite.get("failures") == str(len(own))
        cases += [(suite.get("name"), case) for case in own]
    seen: dict[tuple[str, str], int] = {}
    for (suite_name, case), want in zip(cases, expected, strict=True):
        assert suite_name == want["file"] == case.get("classname") == case.get("file")
        name = f"{want['rule']} at {want['line']}:{want['column']}"
        seen[(suite_name, name)] = seen.get((suite_name, name), 0) + 1
        repeat = seen[(suite_name, name)]  # one rule twice at one place: numbered
        assert case.get("name") == (name if repeat == 1 else f"{name} ({repeat})")
        assert case.get("line") == str(want["line"])
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("message") == want["message"]
        assert failure.get("type") == want["severity"]
        assert failure.text.splitlines()[0] == (
            f"{want['file']}:{want['line']}:{want['column']}: {want['severity']} "
            f"[{want['rule']}] {want['message']}"
        )
    names = [case.get("name") for _, case in cases]
    assert len(set(zip(names, (s for s, _ in cases), strict=True))) == len(names)


def test_junit_escapes_markup_quotes_and_control_characters():
    message = 'value "<b>&amp;</b>" isn\'t <allowed> & \x01 ends here ]]>'
    findings = [
        finding(file='x&"y<z>.yaml', message=message),
        finding(file='x&"y<z>.yaml', message=message),  # the same place twice
        finding(file="other.yaml", rule="plain-secret", category="secrets", severity="error"),
    ]
    text = written(junit, Report(findings=findings, files=2, objects=2))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "3", "0")
    first, second = root.findall("testsuite")
    assert first.get("name") == 'x&"y<z>.yaml'
    assert [c.get("name") for c in first] == ["latest-tag at 3:5", "latest-tag at 3:5 (2)"]
    failure = first.find("testcase/failure")
    assert failure is not None
    assert failure.get("message") == message.replace("\x01", "\ufffd")
    assert message.replace("\x01", "\ufffd") in failure.text
    assert second.find("testcase/failure").get("type") == "error"
    assert "docs: https://github.com/kubelint/kubelint/blob/main/docs/rules.md#plain-secret" in (
        second.find("testcase/failure").text
    )


def test_junit_without_findings_still_has_a_passing_test_and_reports_crashes():
    clean = ET.fromstring(written(junit, Report(files=3, objects=5)))
    assert (clean.get("tests"), clean.get("failures"), clean.get("errors")) == ("1", "0", "0")
    case = clean.find("testsuite/testcase")
    assert case is not None and case.find("failure") is None
    assert case.findtext("system-out") == "No problems found in 3 files (5 objects)."
    crashed = ET.fromstring(written(junit, Report(internal_errors=["a: boom", "b: bang"])))
    assert (crashed.get("tests"), crashed.get("failures"), crashed.get("errors")) == ("2", "0", "2")
    assert [e.get("message") for e in crashed.iter("error")] == ["a: boom", "b: bang"]


# --------------------------------------------------------------------------- HTML


@pytest.fixture
def hostile(project: Path) -> Path:
    (project / HOSTILE_NAME).write_text(HOSTILE)
    return project


def test_html_is_one_self_contained_page(hostile):
    page = run_cli(hostile, "--format", "html", ".")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(script|link|img|iframe|object|embed)[^>]+(src|href|data)=", page)
    assert "@import" not in page and "url(" not in page and 'http-equiv="refresh"' not in page
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe-inline" not in csp.group(1)
    # The page's own script and style and nothing else.
    assert page.count("<script>") == 1 and page.count("<style>") == 1
    expected = json.loads(run_cli(hostile, "--format", "json", "."))["findings"]
    assert page.count('<article class="finding"') == len(expected)
    files = re.findall(r'<details class="file" open data-file="([^"]+)">', page)
    assert files == [html.e(f) for f in dict.fromkeys(f["file"] for f in expected)]


def test_html_escapes_everything_from_the_manifests(hostile):
    page = run_cli(hostile, "--format", "html", ".")
    visible = page[: page.index("<script>")]  # the page's own script is last
    assert "<script>document" not in visible and "<img src=x" not in visible
    assert "&lt;script&gt;document.body.setAttribute(&#x27;data-pwned&#x27;,&#x27;1&#x27;)" in page
    assert "&lt;img src=x onerror=" in page
    assert "<i>.yaml" not in page and "a&amp;b &lt;i&gt;.yaml" in page


def test_html_shows_the_source_lines_around_each_finding(project):
    page = run_cli(project, "--format", "html", ".")
    article = re.search(
        r'<article class="finding" id="finding-\d+" data-severity="warning" '
        r'data-rule="latest-tag">.*?</article>',
        page,
    )
    assert article
    rows = re.findall(r'<tr( class="hit")?><td class="ln">(\d+)</td>', article.group(0))
    assert [(bool(hit), int(n)) for hit, n in rows] == [
        (False, 15), (False, 16), (True, 17), (False, 18), (False, 19)
    ]  # fmt: skip
    assert "<mark>ghcr.io/example/shop-web:latest</mark>" in article.group(0)
    assert 'href="https://github.com/kubelint/kubelint/blob/main/docs/rules.md#latest-tag"' in (
        article.group(0)
    )


def test_html_masks_secret_values_and_keeps_their_keys(project):
    page = run_cli(project, "--format", "html", ".")
    assert "correct-horse-battery-staple" not in page
    assert (
        '<span class="k">DB_PASSWORD</span><span class="p">:</span> '
        '<span class="mask">••••••</span>' in page
    )


def test_html_shows_the_message_alone_when_the_file_cannot_be_read(tmp_path):
    report = Report(findings=[finding(file=str(tmp_path / "gone.yaml"))], files=1, objects=1)
    page = written(html, report)
    assert "image uses latest" in page
    assert "The source of this file is not available." in page
    # Rendered files (Helm, Kustomize) can be given as text.
    page = written(html, report, sources={str(tmp_path / "gone.yaml"): "a: 1\nb: 2\nc: 3\n"})
    assert '<tr class="hit"><td class="ln">3</td>' in page


def test_html_without_findings_says_so():
    page = written(html, Report(files=2, objects=3))
    assert "No problems found in 2 files (3 objects)." in page
    assert 'class="finding"' not in page


@pytest.mark.parametrize(
    ("source", "secret_lines", "shown"),
    [
        pytest.param(
            "kind: Secret\nstringData:\n  user: admin\n  password: hunter2 # old\n"
            "data:\n  key: |\n    aGVsbG8=\n    d29ybGQ=\nmetadata: {name: s}\n",
            [],
            "kind: Secret\nstringData:\n  user: ••••••\n  password: ••••••\n"
            "data:\n  key: |\n    ••••••\n    ••••••\nmetadata: {name: s}",
            id="block-secret",
        ),
        pytest.param(
            "apiVersion: v1\nkind: 'Secret'\nstringData: {user: admin, password: hunter2}\n"
            "---\nkind: ConfigMap\ndata: {user: admin}\n",
            [],
            "apiVersion: v1\nkind: 'Secret'\nstringData: {user: ••••••, password: ••••••}\n"
            "---\nkind: ConfigMap\ndata: {user: admin}",
            id="flow-secret-only-in-its-document",
        ),
        pytest.param(
            '{\n  "kind": "Secret",\n  "data": {\n    "password": "aHVudGVyMg=="\n  },\n'
            '  "type": "Opaque"\n}\n',
            [],
            '{\n  "kind": "Secret",\n  "data": {\n    "password": ••••••\n  },\n'
            '  "type": "Opaque"\n}',
            id="json-secret",
        ),
        pytest.param(
            "kind: ConfigMap\ndata:\n  app.properties: |\n    url=jdbc:pg://db\n"
            "    password=hunter2\n  LEVEL: debug\n",
            [5],
            "kind: ConfigMap\ndata:\n  app.properties: |\n    ••••••\n    ••••••\n  LEVEL: debug",
            id="finding-inside-a-block-scalar",
        ),
        pytest.param(
            "env:\n- name: TOKEN\n  value: abc123\n- name: MODE\n  value: fast\n",
            [3],
            "env:\n- name: TOKEN\n  value: ••••••\n- name: MODE\n  value: fast",
            id="finding-on-an-env-value",
        ),
        pytest.param(
            "env:\n- {name: TOKEN, value: abc123}\n- {name: MODE, value: fast}\n",
            [2],
            "env:\n- {name: ••••••, value: ••••••}\n- {name: MODE, value: fast}",
            id="finding-on-a-flow-mapping",
        ),
        pytest.param(
            "kind: List\nitems:\n- kind: Secret\n  data:\n    'tls.key': |\n      LS0t\n"
            "    user:\n      YWRtaW4=\n  type: Opaque\n",
            [],
            "kind: List\nitems:\n- kind: Secret\n  data:\n    'tls.key': |\n      ••••••\n"
            "    user:\n      ••••••\n  type: Opaque",
            id="secret-in-a-list",
        ),
        pytest.param(
            "metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n"
            '      {"data": {"password": "x"}}\n',
            [],
            "metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n"
            "      ••••••",
            id="last-applied-configuration",
        ),
        pytest.param(
            "kind: Secret\nstringData:\n  password: Indigo: Sparrow\n---\nkind: Secret\n"
            'stringData:\n  password: "unclosed\n',
            [],
            "kind: Secret\nstringData:\n  password: ••••••\n---\nkind: Secret\n"
            "stringData:\n  password: ••••••",
            id="invalid-yaml",
        ),
    ],
)
def test_masked_lines(source, secret_lines, shown):
    assert "\n".join(html.masked_lines(source, secret_lines)) == shown


# --------------------------------------------------------------------------- browser


class DevTools:
    """Chromium driven over --remote-debugging-pipe: the DevTools protocol as NUL-terminated
    JSON on file descriptors 3 (commands in) and 4 (answers and events out)."""

    def __init__(self, browser: str, width: int = 1280, height: int = 900) -> None:
        self.profile = tempfile.TemporaryDirectory()
        commands_r, self.commands = os.pipe()
        self.answers, answers_w = os.pipe()
        # Out of the way of 3 and 4, so that moving them there clobbers nothing.
        high_r = fcntl.fcntl(commands_r, fcntl.F_DUPFD, 100)
        high_w = fcntl.fcntl(answers_w, fcntl.F_DUPFD, 100)

        def child_fds() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [browser, *BROWSER_FLAGS, f"--user-data-dir={self.profile.name}",
             "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=child_fds,
        )  # fmt: skip
        for fd in (commands_r, answers_w, high_r, high_w):
            os.close(fd)
        self.buffer = b""
        self.next_id = 0
        self.session: str | None = None

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                answer = json.loads(raw)
                if answer.get("id") == self.next_id:
                    assert "error" not in answer, answer["error"]
                    return answer.get("result", {})
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no answer to {method}"
            ready, _, _ = select.select([self.answers], [], [], remaining)
            chunk = os.read(self.answers, 1 << 16) if ready else b""
            assert chunk, f"Chromium closed the pipe while waiting for {method}"
            self.buffer += chunk

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", url=url)["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        deadline = time.monotonic() + 30
        while self.evaluate("document.body && document.body.dataset.ready") != "1":
            assert time.monotonic() < deadline, "the page's script never finished"
            time.sleep(0.1)

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, after scrolling it into view."""
        box = self.evaluate(
            f"(function () {{ var el = document.querySelector({json.dumps(selector)});"
            " el.scrollIntoView({block: 'center'}); var r = el.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                type=kind, x=box[0], y=box[1], button="left", clickCount=1,
            )  # fmt: skip

    def visible(self) -> list[list[str]]:
        """(severity, rule, file) of each finding a person can see."""
        return self.evaluate(
            "Array.prototype.slice.call(document.querySelectorAll('.finding'))"
            ".filter(function (f) { return f.getClientRects().length > 0; })"
            ".map(function (f) { return [f.dataset.severity, f.dataset.rule,"
            " f.closest('.file').dataset.file]; })"
        )

    def close(self) -> None:
        with contextlib.suppress(AssertionError):  # it may close the pipe before answering
            self.send("Browser.close")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.commands)
        os.close(self.answers)
        self.profile.cleanup()


@pytest.fixture
def report_page(hostile: Path) -> tuple[Path, list[dict[str, Any]]]:
    page = hostile / "report.html"
    page.write_text(run_cli(hostile, "--format", "html", "."))
    return page, json.loads(run_cli(hostile, "--format", "json", "."))["findings"]


def test_html_renders_in_chromium(browser, report_page):
    page, expected = report_page
    result = headless(browser, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    # The script ran (and only the page's own: nothing from the manifest did).
    assert 'data-ready="1"' in dom and f'data-shown="{len(expected)}"' in dom
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "&lt;script&gt;document.body.setAttribute" in dom
    assert f"{len(expected)} of {len(expected)} shown" in dom
    assert dom.count('<article class="finding"') == len(expected)


def test_html_filters_hide_findings_when_clicked(browser, report_page):
    page, expected = report_page
    everything = sorted([f["severity"], f["rule"], f["file"]] for f in expected)
    severities = {f["severity"] for f in expected}
    assert severities == {"error", "warning", "info"}
    tools = DevTools(browser)
    try:
        tools.open(page.as_uri())
        assert sorted(tools.visible()) == everything
        assert tools.evaluate("document.body.dataset.pwned") is None
        # The first click on a severity shows only that severity...
        tools.click('.chip[data-filter="severity"][data-value="error"]')
        shown = tools.visible()
        assert shown and {s for s, _, _ in shown} == {"error"}
        assert len(shown) == sum(1 for f in expected if f["severity"] == "error")
        assert tools.evaluate("document.getElementById('shown').textContent") == (
            f"{len(shown)} of {len(expected)} shown"
        )
        # ... files left with nothing to show are hidden with their findings...
        files_shown = tools.evaluate(
            "Array.prototype.slice.call(document.querySelectorAll('.file'))"
            ".filter(function (f) { return f.getClientRects().length > 0; }).length"
        )
        assert files_shown == len({f for _, _, f in shown})
        # ... the next adds one, and a rule narrows it down.
        tools.click('.chip[data-filter="severity"][data-value="warning"]')
        assert {s for s, _, _ in tools.visible()} == {"error", "warning"}
        tools.click('.chip[data-filter="rule"][data-value="latest-tag"]')
        assert sorted(tools.visible()) == sorted(
            [f["severity"], f["rule"], f["file"]] for f in expected if f["rule"] == "latest-tag"
        )
        # A bar of the chart is a rule filter too; "Show all" undoes everything.
        tools.click("#reset")
        tools.click('.chart .bar[data-rule="plain-secret"]')
        assert {r for _, r, _ in tools.visible()} == {"plain-secret"}
        tools.click("#reset")
        assert sorted(tools.visible()) == everything
        # The search box matches messages, objects and source lines.
        tools.evaluate(
            "(function () { var s = document.getElementById('search'); s.value = '3306';"
            " s.dispatchEvent(new Event('input')); })()"
        )
        assert {f for _, _, f in tools.visible()} == {"shop/database.yaml"}
    finally:
        tools.close()


def test_html_screenshot_shows_a_report(browser, report_page, tmp_path):
    page, _ = report_page
    shot = tmp_path / "report.png"
    result = headless(browser, "--window-size=1280,1000", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    from test_graph import read_png

    width, height, pixels = read_png(shot.read_bytes())
    assert (width, height) == (1280, 1000)
    inked = sum(1 for p in pixels if max(p) < 160)
    red = sum(1 for r, g, b in pixels if r > 170 and g < 80 and b < 80)  # errors: #c62828
    amber = sum(1 for r, g, b in pixels if r > 150 and 80 < g < 130 and b < 40)  # #b26a00
    blue = sum(1 for r, g, b in pixels if r < 60 and 80 < g < 120 and b > 170)  # #1565c0
    assert inked > width * height * 0.01, "the page has text"
    assert red > 500 and amber > 500 and blue > 200, "the chart and badges are in colour"
