"""How kubelint reads Secret values: base64 the way the API server decodes it, credentials
by their documented formats (checked against keys generated on the spot), and what the
three secrets rules report on the seed manifests."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubelint import credentials
from kubelint.credentials import (
    SecretValue,
    base64_error,
    decode_base64,
    find_credential,
    is_placeholder,
    is_public_material,
)
from kubelint.engine import Settings, lint
from kubelint.registry import load_rules

SEEDS = Path("/work/shared/seeds/manifests")
OUR_RULES = {"plain-secret", "leaked-credential", "invalid-base64"}


# --------------------------------------------------------------------------- base64


@pytest.mark.parametrize(
    "text",
    [
        "",  # an empty file
        "YQ==",
        "YWI=",
        "YWJj",
        "YR==",  # non-zero trailing bits: Go's StdEncoding is not strict and accepts them
        "YWJj\nZGVm\n",  # base64 -w76 output, wrapped
        "YWJj\r\nZGVm",
        "YW\nJj",  # a line break anywhere is skipped
        "YQ=\n=",  # even inside the padding
    ],
)
def test_base64_the_api_server_accepts(text):
    assert base64_error(text) is None
    assert decode_base64(text) is not None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("YQ", "length"),  # padding is required
        ("YQ=", "length"),
        ("YWJjZA", "length"),
        ("Y===", "padding"),  # one character cannot carry a byte
        ("====", "padding"),
        ("YQ==YQ==", "padding"),  # two encodings pasted together
        ("YWJj ZGVm", "whitespace"),  # a folded plain scalar
        ("YWJj\tZGVm", "whitespace"),
        ("dG9rM25-d2l0aD9vZGQ-Ynl0ZXM=", "url-safe"),
        ("_-_-", "url-safe"),
        ("$server.crt", "alphabet"),
        ("LS0t…", "alphabet"),
        ("héllo===", "alphabet"),
    ],
)
def test_base64_the_api_server_rejects(text, reason):
    assert base64_error(text) == reason
    assert decode_base64(text) is None


@given(st.binary(max_size=300), st.lists(st.integers(min_value=0), max_size=6))
def test_any_encoding_wrapped_anywhere_decodes_to_the_same_bytes(data, cuts):
    encoded = base64.b64encode(data).decode()
    for cut in sorted({c % (len(encoded) + 1) for c in cuts}, reverse=True):
        encoded = encoded[:cut] + "\n" + encoded[cut:]
    assert base64_error(encoded) is None
    assert decode_base64(encoded) == data


def _go_std_decode(text: str) -> bytes | None:
    """A second, quantum-by-quantum reading of Go's ``base64.StdEncoding.Decode``."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    chars = [c for c in text if c not in "\r\n"]
    if len(chars) % 4:
        return None
    out = bytearray()
    for start in range(0, len(chars), 4):
        quantum = chars[start : start + 4]
        last = start + 4 == len(chars)
        pads = len(quantum) - len("".join(quantum).rstrip("="))
        if pads > 2 or (pads and not last) or "=" in "".join(quantum).rstrip("="):
            return None
        if any(c not in alphabet for c in quantum[: 4 - pads]):
            return None
        bits = 0
        for c in quantum[: 4 - pads]:
            bits = bits << 6 | alphabet.index(c)
        bits <<= 6 * pads
        out += bits.to_bytes(3, "big")[: 3 - pads]
    return bytes(out)


@given(st.text(alphabet="AQYw+/=-_ \n\t$", max_size=16))
def test_base64_verdict_agrees_with_a_reference_decoder(text):
    expected = _go_std_decode(text)
    assert (base64_error(text) is None) == (expected is not None)
    assert decode_base64(text) == expected


# --------------------------------------------------------------------------- keys


def _run(*args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> bytes:
    return subprocess.run(args, check=True, capture_output=True, env=env, input=stdin).stdout


def _openssl(*args: str) -> bytes:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    return _run("openssl", *args)


def _generated_keys() -> list[tuple[str, str]]:
    """(test id, description kubelint must give) for each key flavour generated below."""
    return [
        ("rsa-pkcs8", "a PKCS#8 private key"),
        ("rsa-pkcs1", "an RSA private key"),
        ("ec-sec1", "an EC private key"),
        ("ed25519-pkcs8", "a PKCS#8 private key"),
        ("encrypted-pkcs8", "an encrypted PKCS#8 private key"),
        ("encrypted-pkcs1", "an RSA private key"),
        ("openssh", "an OpenSSH private key"),
        ("pgp", "a PGP private key"),
    ]


def _generate(flavour: str) -> bytes:
    if flavour == "rsa-pkcs8":
        return _openssl("genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024")
    if flavour == "rsa-pkcs1":
        key = _generate("rsa-pkcs8")
        return _run("openssl", "pkey", "-traditional", stdin=key)
    if flavour == "ec-sec1":
        key = _openssl("genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256")
        return _run("openssl", "ec", stdin=key)
    if flavour == "ed25519-pkcs8":
        return _openssl("genpkey", "-algorithm", "ed25519")
    if flavour == "encrypted-pkcs8":
        return _openssl("genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:kubelint")
    if flavour == "encrypted-pkcs1":
        key = _generate("rsa-pkcs8")
        return _run(
            "openssl", "pkey", "-traditional", "-aes256", "-passout", "pass:kubelint", stdin=key
        )
    if flavour == "openssh":
        if shutil.which("ssh-keygen") is None:
            pytest.skip("ssh-keygen is not installed")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "id")
            _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ci", "-f", path)
            return Path(path).read_bytes()
    if flavour == "pgp":
        if shutil.which("gpg") is None:
            pytest.skip("gpg is not installed")
        with tempfile.TemporaryDirectory() as home:
            os.chmod(home, 0o700)
            env = {**os.environ, "GNUPGHOME": home}
            gpg = ("gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "")
            _run(
                *gpg, "--quick-gen-key", "CI <ci@example.com>", "ed25519", "sign", "never", env=env
            )
            key = _run(*gpg, "--armor", "--export-secret-keys", env=env)
            subprocess.run(("gpgconf", "--kill", "all"), env=env, check=False)
            return key
    raise AssertionError(flavour)


@pytest.mark.parametrize(("flavour", "description"), _generated_keys())
def test_freshly_generated_private_keys_are_found(flavour, description):
    key = _generate(flavour)
    assert find_credential(key) == description
    # Encoded the way a Secret's data holds it, inside a kubeconfig, or inside JSON.
    nested = b"users:\n- user:\n    client-key-data: " + base64.b64encode(key) + b"\n"
    assert find_credential(nested) == description
    escaped = json.dumps({"type": "service_account", "private_key": key.decode()}).encode()
    assert find_credential(escaped) == description


def test_public_halves_and_certificates_are_not_credentials(tmp_path):
    key = _openssl("genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256")
    (tmp_path / "key.pem").write_bytes(key)
    public = _run("openssl", "pkey", "-pubout", stdin=key)
    subject = ("-key", str(tmp_path / "key.pem"), "-subj", "/CN=shop.example.com")
    request = _run("openssl", "req", "-new", *subject)
    cert = _run("openssl", "req", "-x509", "-days", "1", *subject)
    for material in (public, request, cert, cert + cert, b"\n" + cert + b"\n"):
        assert find_credential(material) is None
        assert is_public_material(material)
    assert not is_public_material(cert + key)
    assert find_credential(cert + key) == "a PKCS#8 private key"


def test_a_putty_key_file_is_a_private_key():
    putty = (
        b"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ci\n"
        b"Public-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIFy0bUNq7m\nRkUVT1Qx1nB0wq9Qf4\n"
        b"Private-Lines: 1\nAAAAIHG6Pq0yQy8Jv1l3Rk2e1DmXo9m6uVtq\nPrivate-MAC: 5d1c0e\n"
    )
    assert find_credential(putty) == "a PuTTY private key"
    public_only = putty.split(b"Private-Lines")[0]
    assert find_credential(public_only) is None


@pytest.mark.parametrize(
    "body",
    [
        b"...",
        b"<paste the key here>",
        b"abcdefghijklmnopqrstuvwxy1234567890",  # a short dummy
        b"YcE2CgWILk+uiVNseHnOU2frG7k2RJZtdDo8GNI6pQWFlwU/NsQoJBrtEDyYVkap\n" * 4,  # not DER
    ],
)
def test_private_key_armor_around_a_placeholder_is_not_a_key(body):
    for label in (b"RSA PRIVATE KEY", b"PRIVATE KEY", b"OPENSSH PRIVATE KEY"):
        text = b"-----BEGIN " + label + b"-----\n" + body + b"\n-----END " + label + b"-----\n"
        assert find_credential(text) is None


# --------------------------------------------------------------------------- tokens

TOKENS = [
    ("AKIA5JN2DW25HIUYVWMU", "an AWS access key"),
    ("ASIA5JN2DW25HIUYVWMU", "an AWS access key"),
    ("ghp_ElULtm4UAWTWqIpO0VFwAHUN9ntITvHeUX3n", "a GitHub token"),
    ("ghs_ElULtm4UAWTWqIpO0VFwAHUN9ntITvHeUX3n", "a GitHub token"),
    ("github_pat_" + "A1b2C3d4E5f6G7h8I9j0K1" + "_" + "x" * 59, "a GitHub token"),
    ("glpat-bpQaC1eB7_g3QbRGuCn3", "a GitLab token"),
    ("xoxb-665936330304-8596915933752-mxFM1OjqyNvv8TTD3kRSX3iv", "a Slack token"),
    (
        "https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/q1w2e3r4t5y6u7i8o9p0a1s2",
        "a Slack webhook URL",
    ),
    ("sk_live_7nLReg81la5jCTpwofmZspSDMqEH4BQA", "a Stripe live secret key"),
    ("rk_live_7nLReg81la5jCTpwofmZspSDMqEH4BQA", "a Stripe live secret key"),
    ("AIzandnxOapJdxhnAAy7x8OI64BZ51rAuNYzwT6", "a Google API key"),
    ("npm_" + "a1B2" * 9, "an npm access token"),
    ("SG." + "a" * 22 + "." + "b" * 43, "a SendGrid API key"),
    ("AGE-SECRET-KEY-1" + "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L" + "Q" * 26, "an age private key"),
]


@pytest.mark.parametrize(("token", "description"), TOKENS)
def test_tokens_in_documented_formats_are_found_anywhere_in_a_value(token, description):
    assert find_credential(token.encode()) == description
    in_config = f'[default]\ntoken = "{token}"\n'.encode()
    assert find_credential(in_config) == description


@pytest.mark.parametrize(
    "text",
    [
        "AKIAIOSFODNN7EXAMPLE",  # the AWS documentation's example key id
        "pk_live_7nLReg81la5jCTpwofmZspSDMqEH4BQA",  # publishable: meant to be public
        "sk_test_7nLReg81la5jCTpwofmZspSDMqEH4BQA",  # test mode: moves no money
        "ghp_tooShort",
        "xghp_ElULtm4UAWTWqIpO0VFwAHUN9ntITvHeUX3n",  # part of a longer word
        "AKIA5JN2DW25HIUYVWMUX",  # 17 characters after the prefix
        "password: 1f2d1e2e67df",
        "postgres://orders:Bl4ck-Tulip@db:5432/orders",  # a password, not a known format
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample ci@example.com",  # a public key
    ],
)
def test_near_misses_and_plain_passwords_are_not_reported(text):
    assert find_credential(text.encode()) is None


def _docker_config(entry: dict[str, str], *, legacy: bool = False) -> bytes:
    registries = {"registry.example.com": entry}
    return json.dumps(registries if legacy else {"auths": registries}).encode()


def test_docker_registry_logins_are_credentials():
    auth = base64.b64encode(b"deploy:sE4RLC6JPcR6slyP").decode()
    assert find_credential(_docker_config({"auth": auth}), ".dockerconfigjson")
    assert find_credential(_docker_config({"username": "u", "password": "p4ss"}), "config")
    assert find_credential(_docker_config({"auth": auth}, legacy=True), ".dockercfg")
    # Only a credential helper, or empty fields: nothing to leak.
    helpers = json.dumps({"credHelpers": {"123.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}})
    assert find_credential(helpers.encode(), ".dockerconfigjson") is None
    assert find_credential(_docker_config({"auth": ""}), ".dockerconfigjson") is None
    assert find_credential(b'{"auths": ', ".dockerconfigjson") is None


_EC_KEY = b"""-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIKVNyhglMLsdbRMs3tYjey7ZHj9yH8sZcRdElNZJPJ1coAoGCCqGSM49
AwEHoUQDQgAENGC+MSAeaf7aoO7ouZl/XHwpmf2v5ZMlPNZUr0361xQnoK6z/ukj
L4ryIR+e5JHFsQvstVY7/B5vk0J+y8j+KQ==
-----END EC PRIVATE KEY-----
"""  # synthetic: a SEC 1 structure around random bytes


@given(st.binary(max_size=2000))
def test_binary_values_are_read_without_error(data):
    assert credentials._find(data, ".dockerconfigjson") is None  # raises nothing, finds nothing


@given(st.binary(max_size=200).filter(lambda b: b"-----" not in b), st.binary(max_size=200))
def test_a_key_inside_binary_data_is_still_found(before, after):
    assert find_credential(before + b"\n" + _EC_KEY + after) == "an EC private key"


def test_a_secret_value_never_shows_in_its_repr():
    value = SecretValue("data", "password", "c2VjcmV0LXZhbHVl", b"secret-value")
    assert "c2VjcmV0LXZhbHVl" not in repr(value)
    assert "secret-value" not in repr(value)
    assert "password" in repr(value)


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("${DB_PASSWORD}", True),
        ("$DB_PASSWORD", True),
        ("%DB_PASSWORD%", True),
        ("$server.crt", True),
        ("{{ .Values.password }}", True),
        ("<your-token-here>", True),
        ("((vault-password))", True),
        ("...base64 encoded data...", True),
        ("hunter2", False),
        ("pa$$word", False),
        ("$ecretPass", False),
        ("%Secret1", False),
        ("", False),
    ],
)
def test_placeholders(text, placeholder):
    assert is_placeholder(text) is placeholder


# --------------------------------------------------------------------------- rules


def _lint(tmp_path: Path, text: str, *, disable: tuple[str, ...] = ()):
    path = tmp_path / "manifest.yaml"
    path.write_text(text)
    rules = load_rules()
    enabled = {r.id: r.severity for r in rules.values() if r.default and r.id not in disable}
    return lint([str(path)], Settings(severities=enabled)).findings


_TLS_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: web-tls
type: kubernetes.io/tls
stringData:
  tls.key: |
{key}"""


def test_plain_secret_leaves_credentials_to_leaked_credential_unless_it_is_off(tmp_path):
    key = _generate("ed25519-pkcs8").decode()
    text = _TLS_SECRET.format(key="".join(f"    {line}\n" for line in key.splitlines()))
    found = {(f.rule, f.line) for f in _lint(tmp_path, text) if f.rule in OUR_RULES}
    assert found == {("leaked-credential", 7)}
    off = _lint(tmp_path, text, disable=("leaked-credential",))
    assert {(f.rule, f.line) for f in off if f.rule in OUR_RULES} == {("plain-secret", 6)}


def test_plain_secret_names_keys_but_never_values(tmp_path):
    keys = [f"key-{i}" for i in range(6)]
    values = [f"Zq8value{i}Wx" for i in range(6)]
    entries = "".join(f"  {k}: {v}\n" for k, v in zip(keys, values, strict=True))
    text = f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: many\nstringData:\n{entries}"
    (finding,) = [f for f in _lint(tmp_path, text) if f.rule in OUR_RULES]
    assert finding.rule == "plain-secret"
    assert "'key-0', 'key-1', 'key-2', 'key-3' and 2 more keys" in finding.message
    assert not any(v in finding.message for v in values)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed manifests not available")
def test_seed_findings_from_the_secrets_rules():
    found = []
    for project in ("eng-app", "gke-ingress/as-published", "gke-ingress/reconstructed",
                    "guestbook", "k8s-guide", "osba-istio"):  # fmt: skip
        rules = load_rules()
        settings = Settings(severities={r.id: r.severity for r in rules.values() if r.default})
        report = lint([str(SEEDS / project)], settings)
        found += [
            (os.path.relpath(f.file, SEEDS), f.line, f.rule, f.severity)
            for f in report.findings
            if f.rule in OUR_RULES
        ]
    assert sorted(found) == [
        ("gke-ingress/as-published/secrets.yaml", 3, "invalid-base64", "error"),  # row 11
        ("gke-ingress/as-published/secrets.yaml", 4, "invalid-base64", "error"),
        ("gke-ingress/reconstructed/secrets.yaml", 5, "leaked-credential", "error"),  # row 18
        ("k8s-guide/secret.yaml", 6, "plain-secret", "warning"),  # row 26
    ]
