"""No output of the real command ever shows a credential: not in findings (in any output
format), not in the messages of other rules (a YAML syntax error, a duplicate key), not on
stderr; whether it sits in a Secret, an environment variable, a ConfigMap or an annotation.

Each run lints manifests holding known values and checks that no piece of eight characters
or more of any of them, as written or decoded, appears in what kubelint printed. The
fixtures of the secrets rules are checked the same way: every value they hold where
credentials are looked for, read independently of kubelint's own detection.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fixture_support import read_fixture
from kubelint.cli import FORMATS, REPORT_FORMATS
from kubelint.registry import load_rules

#: Long enough that any eight-character piece of them is unmistakable.
PASSWORD = "Vq7-tundra-Lamp-93x"  # stringData, as written
DATA_PASSWORD = "Krypton!Oak#5521-Yew"  # data, base64-encoded
RAW_IN_DATA = "Plaintext-Walrus-77Q"  # written in data without encoding: invalid base64
GITHUB_TOKEN = "ghp_Qm3ZkT8wLr5Yx2Nv7Bd4Hs9Jc6Pf1Ga0UeWo"
REGISTRY_PASSWORD = "Ruq8-Zeph-Cobalt-4471"
FIRST_DUPLICATE = "Ember-Quill-Saffron-11"
SECOND_DUPLICATE = "Glacier-Moth-Tinsel-52"
UNCLOSED_QUOTE = "Harbor-Lynx-Velvet-08"
COLON_INSIDE = "Indigo: Sparrow-Tundra-63"
#: A synthetic EC key: a SEC 1 structure around random bytes.
KEY_BODY = (
    "MHcCAQEEIJQqCJ3YwrdCYojjB3HoDDYr/9cK3LcdaRK8WG65vJCgoAoGCCqGSM49\n"
    "AwEHoUQDQgAEK/Ja9+VTXVulZDoqMtoTjY+pN72TnOhvhEw2Pfx5qEgzxFXmERzV\n"
    "yQtTcwZxHeMvsQjB+2ISJofuZOuXbi40Vg==\n"
)
PRIVATE_KEY = f"-----BEGIN EC PRIVATE KEY-----\n{KEY_BODY}-----END EC PRIVATE KEY-----\n"
ENV_PASSWORD = "Saffron-Dune-Kettle-37"  # a literal env value named like a password
ENV_URL_PASSWORD = "Marble-Fjord-Otter-19"  # the password of a URL in an env value
CONFIGMAP_TOKEN = "Pumice-Larch-Wren-64"  # a ConfigMap value named like a token
SETTING_PASSWORD = "Tundra-Basil-Heron-28"  # a password in a file held in a ConfigMap
ANNOTATION_PASSWORD = "Copper-Yarrow-Finch-45"  # in the last-applied annotation
RANDOM_ENV = "PwNWdezSqt5UjmgzWFaEeIg5d5x9tid0GTNKLjCB"  # random-looking, unnamed
ENV_TOKEN = "ghp_Qm3ZkT8wLr5Yx2Nv7Bd4Hs9Jc6Pf1Ga0UeWz"  # a known format, in an env value


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


DOCKER_CONFIG = json.dumps(
    {
        "auths": {
            "registry.example.com": {
                "username": "deploy",
                "password": REGISTRY_PASSWORD,
                "auth": b64(f"deploy:{REGISTRY_PASSWORD}"),
            }
        }
    }
)

SECRETS = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: app-credentials
type: Opaque
data:
  password: {b64(DATA_PASSWORD)}
  raw: {RAW_IN_DATA}
  tls.key: {b64(PRIVATE_KEY)}
stringData:
  admin-password: {PASSWORD}
  github-token: {GITHUB_TOKEN}
---
apiVersion: v1
kind: Secret
metadata:
  name: registry
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {b64(DOCKER_CONFIG)}
"""

LAST_APPLIED = json.dumps(
    {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "exported", "namespace": "default"},
        "data": {"password": b64(ANNOTATION_PASSWORD)},
    },
    separators=(",", ":"),
)

OUTSIDE_SECRETS = f"""\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  API_TOKEN: {CONFIGMAP_TOKEN}
  app.properties: |
    db.url=jdbc:postgresql://db/app
    db.password={SETTING_PASSWORD}
---
apiVersion: v1
kind: Secret
metadata:
  name: exported
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{LAST_APPLIED}'
type: Opaque
data:
  password: ""
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {{app: api}}
  template:
    metadata:
      labels: {{app: api}}
    spec:
      containers:
      - name: api
        image: ghcr.io/acme/api:1.0.0
        env:
        - name: DB_PASSWORD
          value: {ENV_PASSWORD}
        - name: DATABASE_URL
          value: postgres://app:{ENV_URL_PASSWORD}@db/app
        - name: SIGNING_SALT
          value: {RANDOM_ENV}
        - name: GITHUB_TOKEN
          value: {ENV_TOKEN}
        - name: ADMIN_PASSWORD
          value: changeme
"""

DUPLICATE_KEY = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: rotated
type: Opaque
stringData:
  password: {FIRST_DUPLICATE}
  password: {SECOND_DUPLICATE}
"""

SYNTAX_ERRORS = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: colon
stringData:
  password: {COLON_INSIDE}
---
apiVersion: v1
kind: Secret
metadata:
  name: unclosed
stringData:
  password: "{UNCLOSED_QUOTE}
"""

#: Every value whose pieces must never be printed: as written, decoded and encoded.
SECRET_VALUES = [
    PASSWORD,
    DATA_PASSWORD,
    b64(DATA_PASSWORD),
    RAW_IN_DATA,
    GITHUB_TOKEN,
    REGISTRY_PASSWORD,
    b64(f"deploy:{REGISTRY_PASSWORD}"),
    b64(DOCKER_CONFIG),
    FIRST_DUPLICATE,
    SECOND_DUPLICATE,
    UNCLOSED_QUOTE,
    COLON_INSIDE.split(": ")[1],
    *KEY_BODY.split(),
    b64(PRIVATE_KEY)[40:],  # past the encoded "-----BEGIN EC PRIVATE KEY-----" armor
    ENV_PASSWORD,
    ENV_URL_PASSWORD,
    CONFIGMAP_TOKEN,
    SETTING_PASSWORD,
    ANNOTATION_PASSWORD,
    b64(ANNOTATION_PASSWORD),
    RANDOM_ENV,
    ENV_TOKEN,
]
#: The rules that must have reported on those values (a silent run would prove nothing).
REPORTING_RULES = (
    "plain-secret",
    "leaked-credential",
    "invalid-base64",
    "duplicate-key",
    "credential-in-env",
    "credential-in-configmap",
    "credential-in-annotation",
    "placeholder-credential",
)


def pieces(value: str, size: int = 8) -> set[str]:
    return {value[i : i + size] for i in range(len(value) - size + 1)}


def run_kubelint(tmp_path: Path, *args: str) -> str:
    """Run the real command; return stdout and stderr together."""
    result = subprocess.run(
        [sys.executable, "-m", "kubelint", "--no-config", "--no-color", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), f"kubelint failed:\n{result.stderr}"
    return result.stdout + result.stderr


def leaked_pieces(output: str, values: list[str]) -> list[str]:
    return sorted(p for value in values for p in pieces(value) if p in output)


@pytest.fixture
def manifests(tmp_path: Path) -> Path:
    (tmp_path / "secrets.yaml").write_text(SECRETS)
    (tmp_path / "duplicate-key.yaml").write_text(DUPLICATE_KEY)
    (tmp_path / "syntax-errors.yaml").write_text(SYNTAX_ERRORS)
    (tmp_path / "outside-secrets.yaml").write_text(OUTSIDE_SECRETS)
    return tmp_path


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_secret_value_is_printed(manifests: Path, output_format: str):
    output = run_kubelint(manifests, "--format", output_format, ".")
    for rule in REPORTING_RULES:
        assert f"{rule}" in output, f"{rule} reported nothing:\n{output}"
    assert output.count("yaml-syntax") == 2, output
    assert leaked_pieces(output, SECRET_VALUES) == []


#: The formats of `kubelint lint` beyond text and json: SARIF, GitHub annotations, JUnit,
#: HTML. They repeat rule ids in their own ways, so each counts its findings its own way.
MORE_FORMATS = tuple(f for f in REPORT_FORMATS if f not in FORMATS)
_FINDINGS_OF = {
    "sarif": r'"ruleId": "{rule}"',
    "github": r"(?m)^::\w+ [^\n]*title=kubelint {rule}::",
    "junit": r'<testcase name="{rule} at ',
    "html": r'<article class="finding"[^>]* data-rule="{rule}">',
}


def count_findings(output: str, output_format: str, rule: str) -> int:
    return len(re.findall(_FINDINGS_OF[output_format].format(rule=re.escape(rule)), output))


@pytest.mark.parametrize("output_format", MORE_FORMATS)
def test_no_secret_value_is_printed_in_the_other_formats(manifests: Path, output_format: str):
    """The same run in the formats that add rule docs (SARIF), and source lines (HTML)."""
    output = run_kubelint(manifests, "--format", output_format, ".")
    for rule in REPORTING_RULES:
        assert count_findings(output, output_format, rule) >= 1, f"{rule}:\n{output}"
    assert count_findings(output, output_format, "yaml-syntax") == 2, output
    assert leaked_pieces(output, SECRET_VALUES) == []
    # Written to a file, as CI does, it is the same.
    run_kubelint(manifests, "--format", f"{output_format}=report.out", ".")
    written = (manifests / "report.out").read_text()
    assert count_findings(written, output_format, "yaml-syntax") == 2
    assert leaked_pieces(written, SECRET_VALUES) == []


def test_no_secret_value_is_printed_from_standard_input(manifests: Path):
    result = subprocess.run(
        [sys.executable, "-m", "kubelint", "--no-config", "--format", "json", "-"],
        cwd=manifests,
        input=SECRETS,
        capture_output=True,
        text=True,
        check=False,
    )
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert {"plain-secret", "leaked-credential", "invalid-base64"} <= rules
    assert leaked_pieces(result.stdout + result.stderr, SECRET_VALUES) == []


# Values that YAML reads as something else when written unquoted (an alias, a tag): the
# messages about them must not quote them back.


def test_an_unquoted_value_starting_with_an_asterisk_is_not_printed(tmp_path: Path):
    value = "Hx7Tq2Lm9VwZ"
    (tmp_path / "alias.yaml").write_text(
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\nstringData:\n  password: *{value}\n"
    )
    output = run_kubelint(tmp_path, ".")
    assert "yaml-syntax" in output
    assert leaked_pieces(output, [value]) == []


def test_an_unquoted_value_starting_with_an_exclamation_mark_is_not_printed(tmp_path: Path):
    value = "Pz4Rk8Nd2QsY"
    (tmp_path / "tag.yaml").write_text(
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: t\nstringData:\n  password: !{value}\n"
    )
    output = run_kubelint(tmp_path, ".")
    assert "unsupported-tag" in output
    assert leaked_pieces(output, [value]) == []


# --------------------------------------------------------------------------- fixtures

FIXTURES = Path(__file__).parent / "fixtures"
#: The rules whose fixtures hold credentials, fake but in real formats.
SECRETS_RULES = (
    "leaked-credential",
    "plain-secret",
    "credential-in-env",
    "credential-in-configmap",
    "credential-in-annotation",
    "placeholder-credential",
)
_ASSIGNMENT = re.compile(r"""^\s*(?:export\s+)?["']?([\w.-]+)["']?\s*[:=]\s*(.*)$""")


def _scalars(node: object, path: tuple[object, ...] = ()):
    """(path, value) for every string in a YAML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _scalars(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _scalars(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _where_credentials_are_looked_for(path: tuple[object, ...]) -> bool:
    """A Secret's or ConfigMap's data, an env value, an annotation."""
    return (
        (len(path) == 2 and path[0] in ("data", "stringData", "binaryData"))
        or (len(path) >= 3 and path[-1] == "value" and path[-3] == "env")
        or (len(path) >= 2 and path[-2] == "annotations")
    )


def _values(text: str) -> list[str]:
    """A value as written, decoded if it is base64, line by line for files (the part after
    ``=`` or ``:`` of settings), and the strings of JSON it holds (a last-applied
    configuration, a docker config), decoded too."""
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, (dict, list)):
        return [value for _, inner in _scalars(parsed) for value in _values(inner)]
    found = [] if "\n" in text.strip() else [text]  # files: by line, below
    decoded = _decoded(text)
    if decoded:
        found += _values(decoded) if decoded != text else []
    for line in text.splitlines():
        match = _ASSIGNMENT.match(line)
        found.append(match.group(2).strip("\"' ,") if match else line.strip())
    return found


def _decoded(text: str) -> str | None:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        return raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def fixture_secrets(path: Path) -> tuple[list[str], set[str]]:
    """The values a fixture holds where credentials are looked for, and the names kubelint
    may print (keys, object and container names, setting names)."""
    values: list[str] = []
    names: set[str] = set()
    for document in yaml.safe_load_all(path.read_text()):
        metadata = document.get("metadata", {}) if isinstance(document, dict) else {}
        names.add(f"{metadata.get('namespace', 'default')}/{metadata.get('name')}")
        for item_path, value in _scalars(document):
            names.update(str(step) for step in item_path)
            if item_path and item_path[-1] == "name":
                names.add(value)
            if _where_credentials_are_looked_for(item_path):
                values += _values(value)
                names.update(
                    m.group(1) for line in value.splitlines() if (m := _ASSIGNMENT.match(line))
                )
    return values, names


def _legitimate_text(names: set[str]) -> str:
    """What kubelint prints that is not a value: names, rule ids, message templates."""
    rules = load_rules()
    templates = [t for rule in rules.values() for t in rule.messages.values()]
    quoted = [f'"{name}": "{name}"' for name in names]  # as the JSON format prints them
    files = [str(p) for p in FIXTURES.rglob("*")]
    return "\n".join([*names, *quoted, *rules, *templates, *files])


@pytest.fixture(scope="module")
def fixture_copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixtures")
    for rule in SECRETS_RULES:
        for path in sorted((FIXTURES / rule).glob("*.yaml")):
            (root / rule).mkdir(exist_ok=True)
            (root / rule / path.name).write_bytes(path.read_bytes())
    return root


def test_the_fixtures_hold_secrets_to_look_for():
    for rule in SECRETS_RULES:
        values = [v for p in (FIXTURES / rule).glob("*.yaml") for v in fixture_secrets(p)[0]]
        assert len(values) > 10, rule


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_fixture_secret_is_printed(fixture_copies: Path, output_format: str):
    output = run_kubelint(fixture_copies, "--format", output_format, ".")
    for rule in SECRETS_RULES:
        assert rule in output, f"{rule} reported nothing:\n{output}"
    paths = [p for rule in SECRETS_RULES for p in sorted((FIXTURES / rule).glob("*.yaml"))]
    # One run lints every fixture: a name in one may show up in a value of another.
    legitimate = _legitimate_text({n for p in paths for n in fixture_secrets(p)[1]})
    for path in paths:
        values, _ = fixture_secrets(path)
        shown = [p for p in leaked_pieces(output, values) if p not in legitimate]
        assert shown == [], f"{path.relative_to(FIXTURES)}: {shown}"


def _docs_text() -> str:
    """What the SARIF and JUnit formats add that is not a value: every rule's summary, docs
    (their examples hold made-up values) and the links to them."""
    from kubelint.docgen import render_rule

    rules = load_rules().values()
    return "\n".join(
        [
            "https://github.com/kubelint/kubelint/blob/main/docs/rules.md#",
            *(rule.summary for rule in rules),
            *(rule.doc for rule in rules),
            *(rule.doc.replace("`", "") for rule in rules),  # as plain text
            *(render_rule(rule) for rule in rules),
        ]
    )


def _flagged_values(path: Path) -> list[str]:
    """The credentials a fixture announces, independently of kubelint's detection: the
    values of its Secrets' data, and the values on the lines whose ``# expect:`` comments
    name a secrets rule (the whole value, when it spans lines)."""
    expected = read_fixture(path).expected
    flagged = {line for line, rule in expected if rule in SECRETS_RULES}
    values: list[str] = []

    def walk(node: yaml.Node, path: tuple[object, ...], key_line: int, secret: bool) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, (*path, key.value), key.start_mark.line + 1, secret)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i), item.start_mark.line + 1, secret)
        elif isinstance(node.value, str) and _where_credentials_are_looked_for(path):
            lines = set(range(node.start_mark.line + 1, node.end_mark.line + 2)) | {key_line}
            in_secret_data = secret and path[0] in ("data", "stringData")
            if in_secret_data or lines & flagged:
                values.extend(_values(node.value))

    for document in yaml.compose_all(path.read_text()):
        if isinstance(document, yaml.MappingNode):
            kinds = [v.value for k, v in document.value if k.value == "kind"]
            walk(document, (), 0, kinds == ["Secret"])
    return values


@pytest.mark.parametrize("output_format", MORE_FORMATS)
def test_no_fixture_secret_is_printed_in_the_other_formats(
    fixture_copies: Path, output_format: str
):
    """As above; the HTML report shows source lines, which hold values that are not
    credentials (hosts, settings): there the values checked are the ones the fixtures say
    are credentials, and the values of Secrets."""
    output = run_kubelint(fixture_copies, "--format", output_format, ".")
    for rule in SECRETS_RULES:
        assert count_findings(output, output_format, rule) >= 1, f"{rule} reported nothing"
    paths = [p for rule in SECRETS_RULES for p in sorted((FIXTURES / rule).glob("*.yaml"))]
    names = {n for p in paths for n in fixture_secrets(p)[1]}
    legitimate = _legitimate_text(names) + "\n" + _docs_text()
    if output_format == "html":
        # A value that is no credential in one fixture (AWS's documentation example key) may
        # be shown there, whatever another fixture says of the same value.
        for path in paths:
            flagged = set(_flagged_values(path))
            legitimate += "\n".join(v for v in fixture_secrets(path)[0] if v not in flagged)
    checked = 0
    for path in paths:
        values = _flagged_values(path) if output_format == "html" else fixture_secrets(path)[0]
        checked += len(values)
        shown = [p for p in leaked_pieces(output, values) if p not in legitimate]
        assert shown == [], f"{path.relative_to(FIXTURES)}: {shown}"
    assert checked > 100
