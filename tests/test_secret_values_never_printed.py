"""No output of the real command ever shows a Secret's value: not in findings (text or JSON),
not in the messages of other rules (a YAML syntax error, a duplicate key), not on stderr.

Each run lints manifests holding known values and checks that no piece of eight characters
or more of any of them, as written or decoded, appears in what kubelint printed.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

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
]


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
    return tmp_path


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_no_secret_value_is_printed(manifests: Path, output_format: str):
    output = run_kubelint(manifests, "--format", output_format, ".")
    # The runs did report on these values (a silent run would prove nothing).
    for rule in ("plain-secret", "leaked-credential", "invalid-base64", "duplicate-key"):
        assert f"{rule}" in output, f"{rule} reported nothing:\n{output}"
    assert output.count("yaml-syntax") == 2, output
    assert leaked_pieces(output, SECRET_VALUES) == []


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
