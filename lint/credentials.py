"""What kubelint knows about Secret values: how the API server decodes them, which ones are
encrypted or placeholders, and what well-known credentials look like.

Every function here returns a verdict (a reason id, a description of a kind of credential,
a yes or no) and never text taken from a value, and none of them raises on odd input:
values are secrets, and an exception message or a finding must never carry one.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.objects import K8sObject

#: Fields of a core Secret that hold values: base64-encoded, then as written.
SECRET_FIELDS = ("data", "stringData")
#: Fields whose values the API server decodes as base64, by kind (core group).
BASE64_FIELDS: dict[str, tuple[str, ...]] = {"Secret": ("data",), "ConfigMap": ("binaryData",)}


# --------------------------------------------------------------------------- base64

_STD_ALPHABET = re.compile(r"[A-Za-z0-9+/=]*")
_URL_SAFE_ALPHABET = re.compile(r"[A-Za-z0-9_=-]*")
_PADDED = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")


def base64_error(text: str) -> str | None:
    """Why the API server cannot decode ``text`` as a ``[]byte`` field, or None if it can.

    Go's encoding/json decodes ``[]byte`` with the standard, padded base64 alphabet
    (``base64.StdEncoding``) and skips carriage returns and line feeds anywhere; anything
    else fails. Reasons: ``whitespace`` (spaces or tabs), ``url-safe`` (``-`` or ``_``
    instead of ``+`` and ``/``), ``alphabet`` (other characters), ``length`` (not a multiple
    of four characters: padding missing or cut), ``padding`` (``=`` before the end).
    """
    compact = text.replace("\r", "").replace("\n", "")
    if _PADDED.fullmatch(compact):
        return None
    if " " in compact or "\t" in compact:
        return "whitespace"
    if not _STD_ALPHABET.fullmatch(compact):
        return "url-safe" if _URL_SAFE_ALPHABET.fullmatch(compact) else "alphabet"
    if len(compact) % 4:
        return "length"
    return "padding"


def decode_base64(text: str) -> bytes | None:
    """The bytes the API server would store for ``text``, or None when it would reject it."""
    if base64_error(text) is not None:
        return None
    try:
        return base64.b64decode(text.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):  # pragma: no cover - base64_error already said yes
        return None


def type_name(value: Any) -> str:
    """How a non-string YAML value reads to a user: ``number``, ``boolean``, ``mapping``..."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


# --------------------------------------------------------------------------- Secret values


@dataclasses.dataclass(frozen=True, slots=True)
class SecretValue:
    """One entry of a Secret's ``data`` or ``stringData``.

    ``content`` is what the container would see: decoded base64 for ``data``, UTF-8 text for
    ``stringData``; None when the value is null, not a string, or not valid base64. The raw
    value and the content are left out of ``repr`` so that no traceback can show them.
    """

    field: str  # "data" or "stringData"
    key: str
    raw: Any = dataclasses.field(repr=False)
    content: bytes | None = dataclasses.field(repr=False)

    @property
    def path(self) -> tuple[str, str]:
        return (self.field, self.key)

    @property
    def encrypted(self) -> bool:
        """Encrypted in place by SOPS (``ENC[AES256_GCM,data:...]``)."""
        return isinstance(self.raw, str) and is_sops_value(self.raw)


def is_core(obj: K8sObject, kind: str) -> bool:
    """``obj`` is the built-in ``kind`` (core API group), written or guessed."""
    return obj.kind == kind and obj.group == ""


def secret_values(obj: K8sObject) -> Iterator[SecretValue]:
    """Every ``data`` and ``stringData`` entry of a core Secret, in document order."""
    if not is_core(obj, "Secret"):
        return
    for name in SECRET_FIELDS:
        entries = obj.data.get(name)
        if not isinstance(entries, Mapping):
            continue
        for key, raw in entries.items():
            content: bytes | None = None
            if isinstance(raw, str):
                if name == "data":
                    content = decode_base64(raw)
                else:
                    content = raw.encode("utf-8", errors="replace")
            yield SecretValue(name, str(key), raw, content)


def sops_encrypted(obj: K8sObject) -> bool:
    """The object's document was encrypted with SOPS (it carries a top-level ``sops``
    mapping; values SOPS left in clear were left so on purpose)."""
    for root in (obj.data, obj.document.data):
        if isinstance(root, Mapping) and isinstance(root.get("sops"), Mapping):
            return True
    return False


_SOPS_VALUE = re.compile(r"ENC\[[A-Za-z0-9_]+,data:.*\]", re.DOTALL)


def is_sops_value(text: str) -> bool:
    return _SOPS_VALUE.fullmatch(text.strip()) is not None


# --------------------------------------------------------------------------- placeholders

_PLACEHOLDERS = [
    re.compile(p)
    for p in (
        r"\$\{[A-Za-z_][A-Za-z0-9_.-]*\}",  # ${VAR}
        r"\$[A-Z_][A-Z0-9_]*",  # $VAR (environment variable style)
        r"\$[A-Za-z_][A-Za-z0-9_-]*\.[A-Za-z]+",  # $server.crt (a file to paste in)
        r"\{\{.*\}\}",  # {{ .Values.password }}
        r"<[^<>\n]+>",  # <your-password>
        r"\(\([^()\n]+\)\)",  # ((concourse-var))
        r"%[A-Za-z_][A-Za-z0-9_]*%|%\{[A-Za-z_][A-Za-z0-9_.]*\}",  # %VAR%, %{var}
        r"#\{[^{}\n]+\}",  # #{octopus-var}
        r"@[A-Za-z_][A-Za-z0-9_]*@",  # @token@ (ant/maven filtering)
        r"(?:\.\.\.|…).*|.*(?:\.\.\.|…)",  # ...base64 encoded data...
    )
]


def is_placeholder(text: str) -> bool:
    """The whole value is a template variable, to be filled in at deploy time."""
    stripped = text.strip()
    return any(p.fullmatch(stripped) for p in _PLACEHOLDERS)


_PUBLIC_PEM = re.compile(
    rb"\s*(?:-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY|"
    rb"CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST)-----[A-Za-z0-9+/=\s]*"
    rb"-----END \1-----\s*)+"
)


def is_public_material(content: bytes) -> bool:
    """Only certificates, certificate requests or public keys: nothing to hide."""
    return _PUBLIC_PEM.fullmatch(content) is not None


def holds_value(value: SecretValue) -> bool:
    """A value someone committed: not empty, not a placeholder, not encrypted, not public."""
    if value.content is None or value.encrypted:
        return False
    text = value.content.decode("latin-1").strip()
    return bool(text) and not is_placeholder(text) and not is_public_material(value.content)


# --------------------------------------------------------------------------- credentials

# PEM-style private key armor: PKCS#1 (RSA, DSA, EC), PKCS#8 (plain and encrypted),
# OpenSSH, SSH2 (ssh.com) and OpenPGP secret key blocks.
_PRIVATE_BEGIN = re.compile(rb"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----")
_BASE64_CHARS = re.compile(rb"[A-Za-z0-9+/]")
#: A private key's body is at least this many base64 characters (an Ed25519 PKCS#8 key,
#: the smallest in use, is 48 bytes: 64 characters).
_MIN_KEY_BODY = 64

_KEY_NAMES: dict[bytes, str] = {
    b"RSA PRIVATE KEY": "an RSA private key",
    b"EC PRIVATE KEY": "an EC private key",
    b"DSA PRIVATE KEY": "a DSA private key",
    b"PRIVATE KEY": "a PKCS#8 private key",
    b"ENCRYPTED PRIVATE KEY": "an encrypted PKCS#8 private key",
    b"OPENSSH PRIVATE KEY": "an OpenSSH private key",
    b"SSH2 ENCRYPTED PRIVATE KEY": "an SSH2 private key",
    b"PGP PRIVATE KEY BLOCK": "a PGP private key",
}

_PUTTY_HEADER = re.compile(rb"^PuTTY-User-Key-File-\d+: ", re.MULTILINE)
_PUTTY_PRIVATE = re.compile(rb"^Private-Lines: [1-9]", re.MULTILINE)
#: A PEM private key base64-encoded again, as in a kubeconfig's ``client-key-data``.
_NESTED_PEM = re.compile(rb"LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}={0,2}")

_B = r"(?<![A-Za-z0-9_])"  # no word character right before
_E = r"(?![A-Za-z0-9_])"  # no word character right after

#: Well-known token formats (a documented prefix and shape), with what each one is.
_TOKENS: list[tuple[re.Pattern[bytes], str]] = [
    (re.compile(p.encode()), what)
    for p, what in (
        (_B + r"(?:AKIA|ASIA)[A-Z0-9]{16}" + _E, "an AWS access key"),
        (_B + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E, "a GitHub token"),
        (_B + r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + _E, "a GitHub token"),
        (
            _B + r"gl(?:pat|dt|rt|rtr|ptt|cbt|oas|ft|imt|agent|soat|ffct)-[A-Za-z0-9_-]{20,}",
            "a GitLab token",
        ),
        (_B + r"GR1348941[A-Za-z0-9_-]{20,}", "a GitLab runner registration token"),
        (_B + r"xox[abposer]-[0-9]+-[A-Za-z0-9-]{10,}", "a Slack token"),
        (_B + r"xapp-[0-9]-[A-Z0-9]{6,}-[0-9]{6,}-[a-f0-9]{32,}", "a Slack app token"),
        (
            r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}",
            "a Slack webhook URL",
        ),
        (_B + r"[sr]k_live_[A-Za-z0-9]{10,128}" + _E, "a Stripe live secret key"),
        (_B + r"AIza[A-Za-z0-9_-]{35}" + _E, "a Google API key"),
        (_B + r"GOCSPX-[A-Za-z0-9_-]{28}" + _E, "a Google OAuth client secret"),
        (_B + r"npm_[A-Za-z0-9]{36}" + _E, "an npm access token"),
        (_B + r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", "a PyPI API token"),
        (_B + r"dckr_pat_[A-Za-z0-9_-]{27,}", "a Docker Hub access token"),
        (_B + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _E, "a SendGrid API key"),
        (_B + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E, "a Shopify access token"),
        (_B + r"hf_[A-Za-z]{34}" + _E, "a Hugging Face token"),
        (_B + r"do[por]_v1_[a-f0-9]{64}" + _E, "a DigitalOcean token"),
        (_B + r"sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}", "an Anthropic API key"),
        (_B + r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}", "an OpenAI API key"),
        (_B + r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}" + _E, "an OpenAI API key"),
        (r"AccountKey=[A-Za-z0-9+/]{86}==", "an Azure storage account key"),
        (_B + r"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}" + _E, "an age private key"),
    )
]
#: The AWS documentation's example key ids end like this; they are not anyone's key.
_AWS_EXAMPLE = b"EXAMPLE"

#: Secret keys that hold a docker config, and the fields in it that are credentials.
DOCKER_CONFIG_KEYS = frozenset({".dockerconfigjson", ".dockercfg"})
_DOCKER_SECRET_FIELDS = ("auth", "password", "identitytoken", "registrytoken")


def find_credential(content: bytes, key: str = "") -> str | None:
    """What credential ``content`` holds (``"an RSA private key"``...), or None.

    Certificates and public keys are not credentials; a private key block must have a
    plausible body (``...`` or a short dummy is a placeholder, not a key).
    """
    try:
        return _find(content, key)
    except Exception:  # a value must never reach a traceback; an odd one is no credential
        return None


def _find(content: bytes, key: str) -> str | None:
    found = _private_key(content)
    if found:
        return found
    if key in DOCKER_CONFIG_KEYS or (content.lstrip()[:1] == b"{" and b'"auths"' in content):
        found = _docker_credentials(content)
        if found:
            return found
    for pattern, what in _TOKENS:
        for match in pattern.finditer(content):
            if what == "an AWS access key" and match.group().endswith(_AWS_EXAMPLE):
                continue
            return what
    for match in _NESTED_PEM.finditer(content):
        inner = match.group()
        inner = inner[: len(inner) - len(inner) % 4]
        try:
            decoded = base64.b64decode(inner)
        except (binascii.Error, ValueError):
            continue
        found = _private_key(decoded)
        if found:
            return found
    return None


def _private_key(content: bytes) -> str | None:
    if b"PRIVATE KEY" in content:
        # Keys embedded in JSON (a GCP service account key) have escaped line breaks.
        text = content.replace(b"\\r", b"").replace(b"\\n", b"\n")
        for begin in _PRIVATE_BEGIN.finditer(text):
            label = begin.group(1)
            end = text.find(b"-----END " + label + b"-----", begin.end())
            body = text[begin.end() : end if end != -1 else len(text)]
            if _plausible_key_body(label, body):
                return _KEY_NAMES.get(label, "a private key")
    if _PUTTY_HEADER.search(content) and _PUTTY_PRIVATE.search(content):
        return "a PuTTY private key"
    return None


def _plausible_key_body(label: bytes, body: bytes) -> bool:
    """Whether the text between BEGIN and END is key material rather than a placeholder.

    Header lines (``Proc-Type: 4,ENCRYPTED``, ``Version: ...``) and the PGP checksum line
    are skipped; the first bytes of the body must look like the format the label names.
    """
    lines = [line.strip() for line in body.split(b"\n")]
    headers = [line for line in lines if b":" in line]
    data = b"".join(
        line for line in lines if line and b":" not in line and not line.startswith(b"=")
    )
    if len(_BASE64_CHARS.findall(data)) < _MIN_KEY_BODY:
        return False
    if any(b"ENCRYPTED" in h for h in headers):  # legacy OpenSSL encryption: opaque bytes
        return True
    head = data[:24]
    try:
        first = base64.b64decode(head[: len(head) - len(head) % 4], validate=True)
    except (binascii.Error, ValueError):
        return False
    if not first:
        return False
    if b"OPENSSH" in label:
        return first.startswith(b"openssh-key-v1\x00")
    if b"SSH2" in label:
        return first.startswith(b"\x3f\x6f\xf9\xeb")
    if b"PGP" in label:
        tag = first[0]
        packet = (tag & 0x3F) if tag & 0x40 else (tag >> 2) & 0x0F
        return bool(tag & 0x80) and packet in (5, 7)  # secret key, secret subkey
    return first[0] == 0x30  # a DER SEQUENCE: PKCS#1, PKCS#8, SEC 1


def _docker_credentials(content: bytes) -> str | None:
    try:
        config = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(config, dict):
        return None
    registries = config.get("auths")
    if not isinstance(registries, dict):
        registries = config  # the legacy .dockercfg format has no "auths" level
    for entry in registries.values():
        if isinstance(entry, dict) and any(
            isinstance(entry.get(name), str) and entry[name].strip()
            for name in _DOCKER_SECRET_FIELDS
        ):
            return "docker registry credentials"
    return None
