"""What kubelint knows about credentials in manifests: how the API server decodes Secret
values, which values are encrypted or placeholders, what well-known credentials look like,
which names announce one, when a value looks random, and where in an object they sit.

Every function here returns a verdict (a reason id, a description of a kind of credential,
a yes or no) and never text taken from a value, and none of them raises on odd input:
values are secrets, and an exception message or a finding must never carry one.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint import kube, names
from kubelint.lazy import Record, regex
from kubelint.objects import K8sObject, per_object
from kubelint.podspec import env

#: Fields of a core Secret that hold values: base64-encoded, then as written.
SECRET_FIELDS = ("data", "stringData")
#: Fields whose values the API server decodes as base64, by kind (core group).
BASE64_FIELDS: dict[str, tuple[str, ...]] = {"Secret": ("data",), "ConfigMap": ("binaryData",)}


# --------------------------------------------------------------------------- base64

_STD_ALPHABET = regex(r"[A-Za-z0-9+/=]*")
_URL_SAFE_ALPHABET = regex(r"[A-Za-z0-9_=-]*")
_BASE64_BODY = regex(r"[A-Za-z0-9+/]*")


def _padded_base64(text: str) -> bool:
    """Standard, padded base64, checked without a regex that backtracks per group (a 20 MB
    value would need a stack of hundreds of MB)."""
    if len(text) % 4:
        return False
    body = text.rstrip("=")
    return len(text) - len(body) <= 2 and _BASE64_BODY().fullmatch(body) is not None


def base64_error(text: str) -> str | None:
    """Why the API server cannot decode ``text`` as a ``[]byte`` field, or None if it can.

    Go's encoding/json decodes ``[]byte`` with the standard, padded base64 alphabet
    (``base64.StdEncoding``) and skips carriage returns and line feeds anywhere; anything
    else fails. Reasons: ``whitespace`` (spaces or tabs), ``url-safe`` (``-`` or ``_``
    instead of ``+`` and ``/``), ``alphabet`` (other characters), ``length`` (not a multiple
    of four characters: padding missing or cut), ``padding`` (``=`` before the end).
    """
    compact = text.replace("\r", "").replace("\n", "")
    if _padded_base64(compact):
        return None
    if " " in compact or "\t" in compact:
        return "whitespace"
    if not _STD_ALPHABET().fullmatch(compact):
        return "url-safe" if _URL_SAFE_ALPHABET().fullmatch(compact) else "alphabet"
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
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


# --------------------------------------------------------------------------- Secret values


class SecretValue(Record):
    """One entry of a Secret's ``data`` or ``stringData``.

    ``content`` is what the container would see: decoded base64 for ``data``, UTF-8 text for
    ``stringData``; None when the value is null, not a string, or not valid base64. The raw
    value and the content are left out of ``repr`` so that no traceback can show them.
    """

    __slots__ = ("content", "field", "key", "raw")

    def __init__(self, field: str, key: str, raw: Any, content: bytes | None) -> None:
        self.field = field  # "data" or "stringData"
        self.key = key
        self.raw = raw
        self.content = content

    def __repr__(self) -> str:
        return f"SecretValue(field={self.field!r}, key={self.key!r})"

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
    yield from _secret_entries(obj.data)


def _secret_entries(secret: Mapping[str, Any]) -> Iterator[SecretValue]:
    for name in SECRET_FIELDS:
        entries = secret.get(name)
        if not isinstance(entries, dict):
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
        if isinstance(root, dict) and isinstance(root.get("sops"), dict):
            return True
    return False


_SOPS_VALUE = regex(r"ENC\[[A-Za-z0-9_]+,data:.*\]", re.DOTALL)


def is_sops_value(text: str) -> bool:
    # most values are not: a substring test spares them the strip and the match
    return "ENC[" in text and _SOPS_VALUE().fullmatch(text.strip()) is not None


# --------------------------------------------------------------------------- names

#: Words that, last in a name, announce a credential, and what kind (see ``CREDENTIAL_KINDS``).
_LAST_WORDS: dict[str, str] = {
    "password": "password",
    "passwd": "password",
    "passphrase": "password",
    "passcode": "password",
    "secret": "secret",
    "token": "token",
    "apikey": "api-key",
    "apitoken": "token",
    "accesskey": "api-key",
    "secretkey": "secret-key",
    "privatekey": "private-key",
    "signingkey": "secret-key",
    "masterkey": "secret-key",
    "encryptionkey": "secret-key",
    "credentials": "credentials",
    "credential": "credentials",
    "creds": "credentials",
}
#: Short words that only count after another word (``DB_PASS``, ``SMTP_PWD``; not ``PWD``).
_SHORT_WORDS: dict[str, str] = {"pass": "password", "pwd": "password", "pw": "password"}
#: The word before ``key`` that makes it a credential, and what kind.
_KEY_QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(
        ("api", "access", "license", "licence", "subscription", "consumer", "developer",
         "ingest", "instrumentation", "app", "application", "client", "account", "service",
         "storage", "write", "admin"),
        "api-key",
    ),
    **dict.fromkeys(
        ("private", "ssh", "tls", "ssl", "gpg", "pgp", "rsa", "ecdsa", "ed25519", "deploy"),
        "private-key",
    ),
    **dict.fromkeys(
        ("secret", "signing", "sign", "encryption", "encrypt", "decryption", "master", "hmac",
         "jwt", "session", "cookie", "crypt", "crypto", "aes", "shared", "preshared", "psk",
         "cipher", "webhook", "root", "auth", "unseal", "recovery"),
        "secret-key",
    ),
}  # fmt: skip
#: Words after the credential word that do not change what the name holds.
_NEUTRAL_SUFFIXES = frozenset(
    {"value", "string", "str", "b64", "base64", "plain", "plaintext", "raw", "literal"}
)
#: Words anywhere in a name that turn it into a setting about a credential (a switch, a
#: policy), not a credential: ``MYSQL_ALLOW_EMPTY_PASSWORD``, ``GENERATE_ROOT_PASSWORD``.
_SETTING_WORDS = frozenset(
    {"allow", "enable", "enabled", "disable", "disabled", "require", "required", "skip",
     "generate", "random", "empty", "use", "no"}
)  # fmt: skip
#: What each kind of name announces, for messages ("named like a password").
CREDENTIAL_KINDS: dict[str, str] = {
    "password": "a password",
    "secret": "a secret",
    "token": "a token",
    "api-key": "an API key",
    "secret-key": "a secret key",
    "private-key": "a private key",
    "credentials": "credentials",
}
#: Words anywhere in a name (an annotation's prefix included: ``checksum/secret``) that say
#: the value is a fingerprint of something, not something secret.
_FINGERPRINT_WORDS = frozenset(
    {"checksum", "hash", "hashed", "digest", "sha", "sha1", "sha256", "sha512", "md5",
     "fingerprint", "etag", "integrity"}
)  # fmt: skip
#: Words in a name that say a random-looking value is an identifier, a version or public.
_IDENTIFIER_WORDS = frozenset(
    {"revision", "commit", "version", "id", "uid", "uuid", "ref", "generation", "build",
     "public", "pub", "cert", "certificate", "crt", "ca"}
)  # fmt: skip


_CAMEL_LOWER_UPPER = regex(r"([a-z0-9])([A-Z])")
_CAMEL_ACRONYM = regex(r"([A-Z]+)([A-Z][a-z])")
_NOT_ALNUM = regex(r"[^A-Za-z0-9]+")


def name_words(name: str) -> list[str]:
    """``MYSQL_ROOT_PASSWORD``, ``clientSecret``, ``tls.key``, ``x-api-key`` as lower-case
    words; for an annotation (``example.com/api-token``) only the part after the slash."""
    return list(_name_words(name))


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[str, ...]:
    name = name.rsplit("/", 1)[-1]
    spaced = _CAMEL_ACRONYM().sub(r"\1 \2", _CAMEL_LOWER_UPPER().sub(r"\1 \2", name))
    return tuple(w.lower() for w in _NOT_ALNUM().split(spaced) if w)


@functools.lru_cache(maxsize=4096)
def credential_kind(name: str) -> str | None:
    """What a variable, key or setting called ``name`` conventionally holds: a key of
    ``CREDENTIAL_KINDS``, or None. The last word decides (``DB_PASSWORD`` is a password,
    ``DB_PASSWORD_FILE`` a path, ``TOKEN_TTL`` a duration)."""
    words = name_words(name)
    while len(words) > 1 and words[-1] in _NEUTRAL_SUFFIXES:
        words.pop()
    if not words or _SETTING_WORDS.intersection(words[:-1]):
        return None
    last = words[-1]
    before = words[-2] if len(words) > 1 else ""
    if last in _LAST_WORDS:
        return _LAST_WORDS[last]
    if last in _SHORT_WORDS and before and before not in ("old", "by"):
        return _SHORT_WORDS[last]
    if last == "key" and before in _KEY_QUALIFIERS:
        return _KEY_QUALIFIERS[before]
    if words[-3:] == ["secret", "key", "base"]:  # Rails
        return "secret-key"
    for ending in ("password", "passwd", "token", "secret", "apikey"):
        if last.endswith(ending):  # dbpassword, authtoken, clientsecret
            return _LAST_WORDS[ending]
    return None


def _names_a_fingerprint(name: str) -> bool:
    return bool(_FINGERPRINT_WORDS.intersection(name_words(name.replace("/", "."))))


def _names_an_identifier(name: str) -> bool:
    return bool(_IDENTIFIER_WORDS.intersection(name_words(name)))


# --------------------------------------------------------------------------- placeholders

#: Whole values that are template variables (see ``is_placeholder``).
_PLACEHOLDER_SOURCES = (
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
#: Template syntax inside a longer value: ``postgres://app:${DB_PASSWORD}@db``.
_TEMPLATE_INSIDE = regex(
    r"\$\{[^{}\s]+\}|\{\{.*?\}\}|<[A-Za-z][^<>\n]*>|__[A-Z0-9_]+__|%%[A-Za-z_][A-Za-z0-9_]*%%"
)
#: Values people write to be replaced (compared lower case, letters and digits only).
_PLACEHOLDER_WORDS = frozenset(
    {"changeme", "changeit", "changethis", "changemeplease", "replaceme", "replacethis",
     "todo", "tbd", "tbc", "fixme", "placeholder", "redacted", "notset", "setme", "fillme",
     "fillmein", "dummy", "example", "sample", "secretvalue", "mysecret", "mypassword"}
)  # fmt: skip
#: Placeholder words that start a value: ``CHANGEME00000000``, ``TODO-set-in-vault``.
_PLACEHOLDER_START = regex(
    r"(?i)(?:change[\s_-]?me|replace[\s_-]?me|todo|fixme|placeholder)(?![a-z])"
)
_FILL_IN = regex(
    r"(?i)^(?:insert|enter|paste|put|add|replace|set)[\s_-]|(?:^|[\s_-])(?:goes[\s_-]?)?here$"
)
_MASKED = regex(r"(?i)x{6,}|\*{3,}|#{6,}|•{3,}|^x{3,}$")
#: Dependent environment variables: Kubernetes replaces ``$(NAME)`` with an earlier
#: variable of the container (``$$(NAME)`` escapes it).
_KUBE_REFERENCE = regex(r"(?<!\$)\$\([A-Za-z_][A-Za-z0-9_.-]*\)")

_IDENTIFIER = regex(r"[A-Za-z0-9_.-]+")
#: Why a value is a placeholder, for messages.
PLACEHOLDER_REASONS: dict[str, str] = {
    "template": "a template placeholder",
    "word": "a placeholder word",
    "fill-in": "an instruction to fill it in",
    "name": "its own name",
    "masked": "a masked value",
}


@functools.cache
def _placeholders() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in _PLACEHOLDER_SOURCES]


def is_placeholder(text: str) -> bool:
    """The whole value is a template variable, to be filled in at deploy time."""
    stripped = text.strip()
    return any(p.fullmatch(stripped) for p in _placeholders())


def placeholder_reason(text: str, name: str = "") -> str | None:
    """Why ``text`` (the value of ``name``) is a stand-in rather than a value: a key of
    ``PLACEHOLDER_REASONS``, or None. Only for single values, not whole files."""
    stripped = text.strip()
    if not stripped or "\n" in stripped:
        return None
    if is_placeholder(stripped) or _TEMPLATE_INSIDE().fullmatch(stripped):
        return "template"
    if _MASKED().search(stripped):
        return "masked"
    folded = re.sub(r"[^a-z0-9]", "", stripped.lower())
    if folded in _PLACEHOLDER_WORDS or "EXAMPLE" in stripped:  # AWS's documented examples
        return "word"
    if _PLACEHOLDER_START().match(stripped):
        return "word"
    if folded.startswith("your") or _FILL_IN().search(stripped):
        return "fill-in"
    words = name_words(name)
    if words and folded:
        whole = "".join(words)
        if folded == whole or folded == words[-1]:
            return "name"
        if (
            len(words) > 1
            and whole in folded
            and len(folded) <= len(whole) + 10
            and _IDENTIFIER().fullmatch(stripped)
        ):
            return "name"  # INSERT_ETCD_TOKEN, GOOGLE_API_KEY_VAL
    return None


_PUBLIC_PEM = regex(
    rb"\s*(?:-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY|"
    rb"CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST)-----[A-Za-z0-9+/=\s]*"
    rb"-----END \1-----\s*)+"
)


def is_public_material(content: bytes) -> bool:
    """Only certificates, certificate requests or public keys: nothing to hide."""
    return _PUBLIC_PEM().fullmatch(content) is not None


def holds_value(value: SecretValue) -> bool:
    """A value someone committed: not empty, not a placeholder, not encrypted, not public."""
    if value.content is None or value.encrypted:
        return False
    text = value.content.decode("latin-1").strip()
    return (
        bool(text) and secret_placeholder(value) is None and not is_public_material(value.content)
    )


def secret_placeholder(value: SecretValue) -> str | None:
    """Why a Secret's value is a placeholder (see ``placeholder_reason``), or None. A docker
    config whose every login field is a placeholder is one too."""
    if value.content is None or value.encrypted:
        return None
    text = value.content.decode("latin-1")
    reason = placeholder_reason(text, value.key)
    docker = value.key in DOCKER_CONFIG_KEYS or _looks_like_docker_config(value.content)
    if reason is None and docker:
        fields = _docker_login_fields(value.content)
        if fields and all(placeholder_reason(f, "password") for f in fields):
            reason = "template" if any(is_placeholder(f) for f in fields) else "word"
    return reason


# --------------------------------------------------------------------------- credentials

# PEM-style private key armor: PKCS#1 (RSA, DSA, EC), PKCS#8 (plain and encrypted),
# OpenSSH, SSH2 (ssh.com) and OpenPGP secret key blocks.
_PRIVATE_BEGIN = regex(rb"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----")
_BASE64_CHARS = regex(rb"[A-Za-z0-9+/]")
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

_PUTTY_HEADER = regex(rb"^PuTTY-User-Key-File-\d+: ", re.MULTILINE)
_PUTTY_PRIVATE = regex(rb"^Private-Lines: [1-9]", re.MULTILINE)
#: A PEM private key base64-encoded again, as in a kubeconfig's ``client-key-data``.
_NESTED_PEM = regex(rb"LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}={0,2}")

_B = r"(?<![A-Za-z0-9_])"  # no word character right before
_E = r"(?![A-Za-z0-9_])"  # no word character right after

#: Well-known token formats (a documented prefix and shape), with what each one is, and
#: the literal text one of which every match contains (a quick test before the pattern).
_TOKEN_SOURCES = (
    ("AKIA ASIA", _B + r"(?:AKIA|ASIA)[A-Z0-9]{16}" + _E, "an AWS access key"),
    ("ghp_ gho_ ghu_ ghs_ ghr_", _B + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E, "a GitHub token"),
    ("github_pat_", _B + r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + _E, "a GitHub token"),
    ("glpat- gldt- glrt- glptt- glcbt- gloas- glft- glimt- glagent- glsoat- glffct-",
     _B + r"gl(?:pat|dt|rt|rtr|ptt|cbt|oas|ft|imt|agent|soat|ffct)-[A-Za-z0-9_-]{20,}",
     "a GitLab token"),
    ("GR1348941", _B + r"GR1348941[A-Za-z0-9_-]{20,}", "a GitLab runner registration token"),
    ("xox", _B + r"xox[abposer]-[0-9]+-[A-Za-z0-9-]{10,}", "a Slack token"),
    ("xapp-", _B + r"xapp-[0-9]-[A-Z0-9]{6,}-[0-9]{6,}-[a-f0-9]{32,}", "a Slack app token"),
    ("hooks.slack.com",
     r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,}",
     "a Slack webhook URL"),
    ("k_live_", _B + r"[sr]k_live_[A-Za-z0-9]{10,128}" + _E, "a Stripe live secret key"),
    ("AIza", _B + r"AIza[A-Za-z0-9_-]{35}" + _E, "a Google API key"),
    ("GOCSPX-", _B + r"GOCSPX-[A-Za-z0-9_-]{28}" + _E, "a Google OAuth client secret"),
    ("npm_", _B + r"npm_[A-Za-z0-9]{36}" + _E, "an npm access token"),
    ("pypi-", _B + r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", "a PyPI API token"),
    ("dckr_pat_", _B + r"dckr_pat_[A-Za-z0-9_-]{27,}", "a Docker Hub access token"),
    ("SG.", _B + r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _E, "a SendGrid API key"),
    ("shp", _B + r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}" + _E, "a Shopify access token"),
    ("hf_", _B + r"hf_[A-Za-z]{34}" + _E, "a Hugging Face token"),
    ("_v1_", _B + r"do[por]_v1_[a-f0-9]{64}" + _E, "a DigitalOcean token"),
    ("sk-ant-", _B + r"sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}",
     "an Anthropic API key"),
    ("sk-", _B + r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}", "an OpenAI API key"),
    ("T3BlbkFJ", _B + r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}" + _E, "an OpenAI API key"),
    ("AccountKey=", r"AccountKey=[A-Za-z0-9+/]{86}==", "an Azure storage account key"),
    ("AGE-SECRET-KEY-1", _B + r"AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}" + _E,
     "an age private key"),
    ("hvs. hvb.", _B + r"hv[sb]\.[A-Za-z0-9_-]{24,}" + _E, "a HashiCorp Vault token"),
    (".atlasv1.", _B + r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}",
     "a Terraform Cloud token"),
    ("glsa_", _B + r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}" + _E,
     "a Grafana service account token"),
    ("glc_", _B + r"glc_[A-Za-z0-9+/]{32,}={0,2}", "a Grafana Cloud token"),
    ("dapi", _B + r"dapi[a-f0-9]{32}(?:-[0-9]+)?" + _E, "a Databricks token"),
    ("tskey-", _B + r"tskey-(?:auth|api|client|scim|webhook)-[A-Za-z0-9]{6,}-[A-Za-z0-9]{16,}",
     "a Tailscale key"),
    ("pul-", _B + r"pul-[a-f0-9]{40}" + _E, "a Pulumi access token"),
    ("NRAK-", _B + r"NRAK-[A-Z0-9]{27}" + _E, "a New Relic API key"),
    ("PMAK-", _B + r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}" + _E, "a Postman API key"),
    # A signed JSON Web Token: base64url of '{"' twice, then a signature.
    ("eyJ", _B + r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}" + _E,
     "a JSON Web Token"),
)  # fmt: skip


@functools.cache
def _tokens() -> list[tuple[tuple[bytes, ...], re.Pattern[bytes], str]]:
    """``_TOKEN_SOURCES`` compiled: (hints, pattern, what)."""
    return [
        (tuple(h.encode() for h in hints.split()), re.compile(p.encode()), what)
        for hints, p, what in _TOKEN_SOURCES
    ]


@functools.cache
def _any_hint() -> re.Pattern[bytes]:
    """Finds any token's hint: content without one holds no token."""
    return re.compile(_any_of([hint for hints, _, _ in _tokens() for hint in hints]))


def _any_of(words: list[bytes]) -> bytes:
    """A regular expression finding any of ``words`` (none empty), written as a trie
    (``gh(?:o_|p_|...)``) so that the search tries few alternatives at each position of a
    long value. A word that begins with another is left out: finding the shorter is enough."""
    by_first: dict[bytes, list[bytes]] = {}
    for word in sorted(set(words)):
        by_first.setdefault(word[:1], []).append(word[1:])
    alternatives = [
        re.escape(first) + (b"" if b"" in rests else _any_of(rests))
        for first, rests in by_first.items()
    ]
    return alternatives[0] if len(alternatives) == 1 else b"(?:" + b"|".join(alternatives) + b")"


#: Documentation and tests fill a token format with these; nobody's token holds them.
_EXAMPLE_TOKEN = regex(rb"(?i)example|sample|dummy|placeholder|x{6}|(.)\1{5}")
#: A real token body draws from its whole alphabet; fewer distinct characters than this
#: in a match means a hand-typed filler (``ghp_aaaa...``, ``AKIA0000...``).
_MIN_DISTINCT = 10

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
    if key in DOCKER_CONFIG_KEYS or _looks_like_docker_config(content):
        fields = _docker_login_fields(content)
        if fields and any(not placeholder_reason(f, "password") for f in fields):
            return "docker registry credentials"
    for hints, pattern, what in _tokens() if _any_hint().search(content) else ():
        if not any(hint in content for hint in hints):
            continue
        for match in pattern.finditer(content):
            token = match.group()
            if len(set(token)) < _MIN_DISTINCT or _EXAMPLE_TOKEN().search(token):
                continue
            return what
    for match in _NESTED_PEM().finditer(content):
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
        for begin in _PRIVATE_BEGIN().finditer(text):
            label = begin.group(1)
            end = text.find(b"-----END " + label + b"-----", begin.end())
            body = text[begin.end() : end if end != -1 else len(text)]
            if _plausible_key_body(label, body):
                return _KEY_NAMES.get(label, "a private key")
    if (
        b"PuTTY-User-Key-File-" in content  # a quick test before the line-anchored search
        and _PUTTY_HEADER().search(content)
        and _PUTTY_PRIVATE().search(content)
    ):
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
    if len(_BASE64_CHARS().findall(data)) < _MIN_KEY_BODY:
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


def _looks_like_docker_config(content: bytes) -> bool:
    return content.lstrip()[:1] == b"{" and b'"auths"' in content


def _docker_login_fields(content: bytes) -> list[str] | None:
    """The non-empty secret fields of every registry login in a docker config (the password
    half of each ``auth``), or None when ``content`` is not one."""
    try:
        config = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(config, dict):
        return None
    registries = config.get("auths")
    if not isinstance(registries, dict):
        registries = config  # the legacy .dockercfg format has no "auths" level
    found: list[str] = []
    for entry in registries.values():
        if not isinstance(entry, dict):
            continue
        for name in _DOCKER_SECRET_FIELDS:
            value = entry.get(name)
            if not isinstance(value, str) or not value.strip():
                continue
            if name == "auth":
                decoded = decode_base64(value.strip())
                text = decoded.decode("utf-8", errors="replace") if decoded else ""
                _user, colon, password = text.partition(":")
                if colon and not password.strip():
                    continue  # "user:" logs in with nothing
                value = password if colon else value
            found.append(value)
    return found


# --------------------------------------------------------------------------- URLs

#: ``scheme://user:password@host``: the userinfo of a URL, with a password.
_URL_USERINFO = regex(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s:/?#@]*:([^\s/?#@]+)@[^\s@]")
#: ``?token=...`` or ``&password=...`` in a URL's query string.
_URL_QUERY = regex(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s?#]*\?(\S+)")
_QUERY_PARAM = regex(r"(?:^|&)([^=&#\s]+)=([^&#\s]*)")


def url_credential(text: str) -> str | None:
    """Whether a URL in ``text`` carries a credential: ``"credential"`` (a password in its
    userinfo, or a token or password in its query string), a placeholder reason when that
    part is a placeholder (``postgres://app:${DB_PASSWORD}@db``), or None. A dependent
    variable (``$(DB_PASSWORD)``), which Kubernetes fills in from a Secret, is no credential."""
    parts = [m.group(1) for m in _URL_USERINFO().finditer(text)]
    for query in _URL_QUERY().finditer(text):
        for name, value in _QUERY_PARAM().findall(query.group(1)):
            if credential_kind(name) in ("password", "token", "secret", "api-key", "secret-key"):
                parts.append(value)
    verdict = None
    for part in parts:
        if not part or _KUBE_REFERENCE().search(part):
            continue
        reason = placeholder_reason(part, "password") or (
            "template" if _TEMPLATE_INSIDE().search(part) or part.startswith("$") else None
        )
        if reason is None:
            return "credential"
        verdict = verdict or reason
    return verdict


# --------------------------------------------------------------------------- randomness

_TOKEN_TEXT = regex(r"[A-Za-z0-9+/_-]+={0,2}")
_HEX_TEXT = regex(r"[0-9a-fA-F-]+")
_DIGEST_PREFIX = regex(r"(?i)(?:sha(?:1|224|256|384|512)|md5|blake2b?)[-_]")
#: Runs that read as words: ``Ingress``, ``Pod``, ``path``, ``HTTP``.
_WORDISH = regex(r"[A-Z][a-z]{2,}|[a-z]{3,}|[A-Z]{4,}")
#: Length limits of a single random-looking token: shorter is too weak a signal; longer is
#: encoded data (a certificate, a bundle), which has its own checks.
RANDOM_MIN_LENGTH, RANDOM_MAX_LENGTH = 20, 200
#: Entropy threshold, bits per character: this fraction of log2(length), at most the cap.
#: Random base-62 strings stay above it 99 times in 100 at every length (measured), while
#: identifiers, names and base64 of text fall below or are excluded before.
RANDOM_ENTROPY_FRACTION, RANDOM_ENTROPY_CAP = 0.8, 5.0
#: Identifiers (``K8sBlockIngressPathType``) are mostly word-like runs; random text is not.
RANDOM_MAX_WORDISH = 0.75


def shannon_entropy(text: str) -> float:
    """Bits per character of ``text``, from the frequency of each character."""
    if not text:
        return 0.0
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(text: str) -> bool:
    """``text`` is one token that reads like a generated key or password: 20 to 200
    characters of the base64 alphabets, upper case, lower case and digits mixed, high
    entropy for its length, and few word-like runs. Hex (checksums, digests, commit ids,
    UUIDs), digests with an algorithm prefix and base64 of readable text are excluded."""
    token = text.strip()
    if not RANDOM_MIN_LENGTH <= len(token) <= RANDOM_MAX_LENGTH:
        return False
    if not _TOKEN_TEXT().fullmatch(token) or _HEX_TEXT().fullmatch(token):
        return False
    if _DIGEST_PREFIX().match(token):
        return False
    if not (
        re.search(r"[a-z]", token) and re.search(r"[A-Z]", token) and re.search(r"[0-9]", token)
    ):
        return False
    if _is_encoded_text(token):
        return False
    wordish = sum(len(m.group()) for m in _WORDISH().finditer(token))
    if wordish >= RANDOM_MAX_WORDISH * len(token):
        return False
    threshold = min(RANDOM_ENTROPY_FRACTION * math.log2(len(token)), RANDOM_ENTROPY_CAP)
    return shannon_entropy(token) >= threshold


_SSH_PUBLIC_BLOB = regex(rb"\x00\x00\x00.(?:ssh|ecdsa|sk)-", re.DOTALL)


def _is_encoded_text(token: str) -> bool:
    """``token`` is base64 (standard or URL-safe) of readable text, or of an SSH public
    key (``AAAAC3NzaC1lZDI1NTE5...``, which starts with its algorithm's name)."""
    compact = token.replace("-", "+").replace("_", "/")
    compact += "=" * (-len(compact) % 4)
    try:
        decoded = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return False
    if not decoded:
        return False
    if _SSH_PUBLIC_BLOB().match(decoded):
        return True
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in decoded)
    return printable >= 0.95 * len(decoded)


# --------------------------------------------------------------------------- verdicts


class Verdict(Record):
    """What a value is, in words that never quote it.

    ``kind``: ``"leaked"`` (a credential in a documented format: a private key, a token),
    ``"suspect"`` (a literal that is very likely a credential) or ``"placeholder"``.
    ``reason``: for leaked, ``"known"``; for suspect, ``"named"`` (its name says so),
    ``"url"`` (a URL with a password) or ``"random"`` (high entropy); for placeholder, a
    key of ``PLACEHOLDER_REASONS``. ``what``: the kind of credential, for messages (``"a
    GitHub token"``, ``"a password"``), or the placeholder's description.
    """

    __slots__ = ("in_url", "kind", "reason", "what")

    def __init__(self, kind: str, reason: str, what: str = "", in_url: bool = False) -> None:
        self.kind = kind
        self.reason = reason
        self.what = what
        #: The placeholder is the password of a URL (``postgres://app:${DB_PASSWORD}@db``).
        self.in_url = in_url


_NOT_VALUES = frozenset(
    {"true", "false", "yes", "no", "on", "off", "y", "n", "0", "1", "none", "null", "nil", "~",
     "enabled", "disabled", "required", "optional", "auto", "random", "generate", "env",
     "file", "vault", "kms", "secret", "secrets"}
)  # fmt: skip
_PATH = regex(r"(?:/|\./|\.\./|~/|file:|[A-Za-z]:\\)\S*")
_FILE_NAME = regex(
    r"[\w.-]+\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|txt|asc|gpg|pub|env|conf)"
)
#: A Kubernetes object name, or ``namespace/name``: what a ``*_SECRET`` setting often names.
_OBJECT_REFERENCE = regex(r"[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?(?:/[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)?")


def _names_something_else(text: str, kind: str | None, names_objects: bool) -> bool:
    """``text`` is not itself a credential: a switch, a path, a file, a plain URL, the name of
    a Secret object (for ``*_SECRET`` and ``*_CREDENTIALS``: one with ``-``, ``.`` or ``/``
    in it, or any name where values usually name objects), or a dependent variable."""
    if text.lower() in _NOT_VALUES or _KUBE_REFERENCE().search(text):
        return True
    if _PATH().fullmatch(text) or _FILE_NAME().fullmatch(text):
        return True
    if "://" in text and " " not in text:
        return True  # an address; url_credential has looked for passwords in it
    if kind in ("secret", "credentials") and _OBJECT_REFERENCE().fullmatch(text):
        return names_objects or any(c in text for c in "-./")
    return False


def judge(
    text: str,
    name: str = "",
    *,
    expanded_at_run_time: bool = False,
    entropy: bool = True,
    names_objects: bool = False,
) -> Verdict | None:
    """What the value ``text`` of a variable, key or setting called ``name`` is.

    In order: a credential in a documented format (leaked); a placeholder, for names that
    announce a credential and for URLs with one; a URL with a password; a real-looking
    value under a credential's name; a random-looking token (unless the name says it is a
    checksum, a digest or an id). ``expanded_at_run_time``: the program reading the value
    replaces ``${VAR}`` itself (configuration files), so template syntax is not a
    placeholder there. ``entropy=False`` skips the randomness check. ``names_objects``: values
    of this kind (annotations) usually name Kubernetes objects, so a lower-case name under
    ``*-secret`` is taken for the name of a Secret.
    """
    if len(text) <= _CACHED_LENGTH:  # short values repeat: "true", "info", "8080"
        return _judge_cached(text, name, expanded_at_run_time, entropy, names_objects)
    return _judge_safely(text, name, expanded_at_run_time, entropy, names_objects)


#: Verdicts on values up to this long are remembered (the last few thousand of them).
_CACHED_LENGTH = 100


def _judge_safely(
    text: str, name: str, expanded: bool, entropy: bool, names_objects: bool
) -> Verdict | None:
    try:
        return _judge(text, name, expanded, entropy, names_objects)
    except Exception:  # a value must never reach a traceback
        return None


_judge_cached = functools.lru_cache(maxsize=4096)(_judge_safely)


def _judge(
    text: str, name: str, expanded: bool, entropy: bool, names_objects: bool
) -> Verdict | None:
    stripped = text.strip()
    if not stripped or is_sops_value(stripped):
        return None
    found = find_credential(text.encode("utf-8", errors="replace"), name)
    if found is not None:
        return Verdict("leaked", "known", found)
    if name and _names_a_fingerprint(name):
        return None  # checksum/config, CONFIG_SHA256: a digest of something, safe to show
    kind = credential_kind(name) if name else None
    single = "\n" not in stripped
    if _PATH().fullmatch(stripped) or _FILE_NAME().fullmatch(stripped):
        return None  # where the credential is, not what it is
    if kind is not None and single:
        reason = placeholder_reason(stripped, name)
        if reason is not None:
            if expanded and reason == "template":
                return None
            return Verdict("placeholder", reason, CREDENTIAL_KINDS[kind])
    url = url_credential(stripped)
    if url == "credential":
        return Verdict("suspect", "url", "a URL with a password")
    if url is not None:
        if expanded and url == "template":
            return None
        return Verdict("placeholder", url, PLACEHOLDER_REASONS[url], in_url=True)
    if kind is not None and not _names_something_else(stripped, kind, names_objects):
        if expanded and (_TEMPLATE_INSIDE().search(stripped) or stripped.startswith("$")):
            return None
        return Verdict("suspect", "named", CREDENTIAL_KINDS[kind])
    if entropy and single and not (name and _names_an_identifier(name)) and looks_random(stripped):
        return Verdict("suspect", "random", "a random-looking value")
    return None


# --------------------------------------------------------------------------- config files

#: ``name: value``, ``name = value``, ``"name": "value",``, ``export NAME=value``.
_ASSIGNMENT = regex(
    r"""^\s*(?:export\s+|-\s+)?(["']?)(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)\1\s*[:=]\s*(?P<value>.*?)\s*$"""
)
_QUOTED = regex(r"""^(["'])(.*)\1[,;]?$""")


class Setting(Record):
    """A credential-like setting inside a configuration file held in a value."""

    __slots__ = ("line", "name", "verdict")

    def __init__(self, name: str, line: int, verdict: Verdict) -> None:
        self.name = name  # the setting as written (``spring.datasource.password``, ``auth.token``)
        self.line = line  # 1-based, within the value
        self.verdict = verdict


def file_settings(text: str) -> Iterator[Setting]:
    """Settings of a configuration file (YAML, JSON, INI, properties, .env, shell) whose
    values are credentials or placeholders for one, and URLs with passwords in any line.
    Credentials in documented formats are the caller's to find, on the whole text."""
    try:
        parsed = json.loads(text) if text.lstrip()[:1] in ("{", "[") else None
    except (ValueError, RecursionError):
        parsed = None
    if isinstance(parsed, (dict, list)):
        found: list[Setting] = []
        _json_settings(parsed, (), text, found)
        yield from found
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(("#", ";", "//", "!")):
            continue
        match = _ASSIGNMENT().match(line)
        if match is None or match.group("value").startswith("//"):  # - redis://...
            if url_credential(line) == "credential":
                yield Setting("", number, Verdict("suspect", "url", "a URL with a password"))
            continue
        value = match.group("value")
        quoted = _QUOTED().match(value)
        if quoted:
            value = quoted.group(2)
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        if not value or value[0] in "|>{[&*!":
            continue
        verdict = _setting_verdict(match.group("name"), value)
        if verdict is not None:
            yield Setting(match.group("name"), number, verdict)


def _setting_verdict(name: str, value: str) -> Verdict | None:
    if "://" not in value and credential_kind(name) is None:
        return None
    verdict = judge(value, name, expanded_at_run_time=True, entropy=False)
    return verdict if verdict is not None and verdict.kind != "leaked" else None


def _json_settings(node: Any, path: tuple[str, ...], text: str, found: list[Setting]) -> None:
    """Add the settings of parsed JSON ``node`` (at ``path``) to ``found``, in order. A plain
    recursive walk: JSON values (dashboards, policies) can be large."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list, str)):
                _json_settings(value, (*path, str(key)), text, found)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, (dict, list, str)):
                _json_settings(item, path, text, found)
    elif isinstance(node, str) and path:
        verdict = _setting_verdict(path[-1], node)
        if verdict is not None:
            found.append(Setting(".".join(path), _json_line(text, path[-1]), verdict))


def _json_line(text: str, key: str) -> int:
    found = re.search(r'"' + re.escape(key) + r'"\s*:', text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


# --------------------------------------------------------------------------- objects

#: The annotation ``kubectl apply`` writes: the whole object as applied, in JSON.
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


class Sighting(Record):
    """A value of an object that is, or stands in for, a credential.

    ``place``: ``"secret"`` (a Secret's data or stringData), ``"env"`` (a container's
    environment variable), ``"configmap"`` (a ConfigMap value), ``"configmap-setting"`` (a
    setting in a configuration file held in a ConfigMap value), ``"annotation"``,
    ``"annotation-setting"`` (a setting in JSON held in an annotation), or
    ``"last-applied"`` (a Secret's values inside the last-applied-configuration annotation).
    ``path``: where the value is in the object. ``names``: the names that locate it, for
    messages (``key``, ``field``, ``name``, ``container``, ``setting``, ``line``...); never a
    value.
    """

    __slots__ = ("names", "on_key", "path", "place", "verdict")

    def __init__(
        self,
        place: str,
        path: tuple[Any, ...],
        verdict: Verdict,
        names: Mapping[str, Any] | None = None,
        on_key: bool = False,
    ) -> None:
        self.place = place
        self.path = path
        self.verdict = verdict
        self.names: Mapping[str, Any] = names if names is not None else {}
        #: Report on the key rather than on the value.
        self.on_key = on_key


@per_object
def sightings(obj: K8sObject) -> list[Sighting]:
    """Every credential, likely credential and placeholder in ``obj``, in document order:
    Secret values, container environment variables, ConfigMap values and annotations."""
    try:
        found: list[Sighting] = []
        core = obj.group == ""
        if core and obj.kind == "Secret":
            found += _secret_sightings(obj)
        if obj.spec_path is not None:  # only pod templates have containers
            found += _env_sightings(obj)
        if core and obj.kind == "ConfigMap":
            found += _configmap_sightings(obj)
        for base, mapping in annotation_maps(obj):
            found += _annotation_sightings(base, mapping)
    except Exception:  # pragma: no cover - a value must never reach a traceback
        return []
    # A value with a tag Kubernetes does not know belongs to another tool (``!vault ...``):
    # unsupported-tag reports it, whatever it holds.
    if found and obj.document.tags:
        base_len = len(obj.base)
        tagged = {
            tag.path[base_len:] for tag in obj.document.tags if tag.path[:base_len] == obj.base
        }
        found = [seen for seen in found if seen.path not in tagged]
    return found


def _secret_sightings(obj: K8sObject) -> Iterator[Sighting]:
    encrypted = sops_encrypted(obj)
    for value in secret_values(obj):
        if value.content is None or value.encrypted:
            continue
        names = {"key": value.key, "field": value.field}
        found = find_credential(value.content, value.key)
        if found is not None:
            verdict = Verdict("leaked", "known", found)
            yield Sighting("secret", value.path, verdict, names, on_key=True)
            continue
        reason = None if encrypted else secret_placeholder(value)
        if reason is not None:
            verdict = Verdict("placeholder", reason, PLACEHOLDER_REASONS[reason])
            yield Sighting("secret", value.path, verdict, names)


def _env_sightings(obj: K8sObject) -> Iterator[Sighting]:
    for container in obj.containers():
        if "env" not in container.data:
            continue  # the usual case
        for entry in env(container):
            name = entry.name or ""
            names = {"name": name, "container": container.name}
            value = entry.data.get("value")
            if isinstance(value, str):
                verdict = judge(value, name) if not is_sops_value(value) else None
                if verdict is not None:
                    yield Sighting("env", (*entry.path, "value"), verdict, names)
                continue
            ref = kube.get_path(entry.data, ("valueFrom", "configMapKeyRef"))
            kind = credential_kind(name)
            if isinstance(ref, dict) and kind is not None:
                configmap = ref.get("name")
                names = {**names, "configmap": configmap if isinstance(configmap, str) else ""}
                verdict = Verdict("suspect", "configmap-ref", CREDENTIAL_KINDS[kind])
                path = (*entry.path, "valueFrom", "configMapKeyRef")
                yield Sighting("env", path, verdict, names, on_key=True)


def _configmap_sightings(obj: K8sObject) -> Iterator[Sighting]:
    data = obj.data.get("data")
    for key, value in data.items() if isinstance(data, dict) else ():
        if not isinstance(value, str) or is_sops_value(value):
            continue
        key = str(key)
        stripped = value.strip()
        if "\n" not in stripped and stripped[:1] not in ("{", "["):
            verdict = judge(value, key)
            if verdict is not None:
                yield Sighting("configmap", ("data", key), verdict, {"key": key, "field": "data"})
            continue
        path = ("data", key)
        names = {"key": key, "field": "data"}
        found = find_credential(value.encode("utf-8", errors="replace"), key)
        if found is not None:
            yield Sighting("configmap", path, Verdict("leaked", "known", found), names)
            continue
        yield from _setting_sightings("configmap-setting", path, value, names)
    binary = obj.data.get("binaryData")
    for key, value in binary.items() if isinstance(binary, dict) else ():
        content = decode_base64(value) if isinstance(value, str) else None
        found = find_credential(content, str(key)) if content else None
        if found is not None:
            names = {"key": str(key), "field": "binaryData"}
            yield Sighting(
                "configmap", ("binaryData", key), Verdict("leaked", "known", found), names
            )


def _setting_sightings(
    place: str, path: tuple[Any, ...], text: str, names: Mapping[str, Any]
) -> Iterator[Sighting]:
    for setting in file_settings(text):
        found = {**names, "setting": setting.name, "line": setting.line}
        yield Sighting(place, path, setting.verdict, found)


def annotation_maps(obj: K8sObject) -> list[tuple[tuple[Any, ...], Mapping[str, Any]]]:
    """The object's annotations and its pod template's (``names.annotation_maps``), each with
    its path; empty ones (most objects have none) are left out."""
    found: list[tuple[tuple[Any, ...], Mapping[str, Any]]] = []
    for path in names.annotation_maps(obj.group, obj.kind):
        mapping = kube.get_path(obj.data, path)
        if isinstance(mapping, dict) and mapping:
            found.append((path, mapping))
    return found


def _annotation_sightings(base: tuple[Any, ...], mapping: Mapping[str, Any]) -> list[Sighting]:
    """The sightings in the annotations ``mapping`` at ``base``."""
    found: list[Sighting] = []
    for key, value in mapping.items():
        if not isinstance(value, str) or is_sops_value(value):
            continue
        key = str(key)
        path = (*base, key)
        if key == LAST_APPLIED:
            embedded = _last_applied_secret(value)
            if embedded is not None:
                found += _embedded_secret_sightings(path, embedded)
                continue
        names = {"key": key}
        stripped = value.strip()
        if "\n" in stripped or stripped[:1] in ("{", "["):
            leaked = find_credential(value.encode("utf-8", errors="replace"), key)
            if leaked is not None:
                found.append(
                    Sighting("annotation", path, Verdict("leaked", "known", leaked), names)
                )
            elif stripped[:1] in ("{", "["):  # JSON, as monitoring agents read it
                found += _setting_sightings("annotation-setting", path, value, names)
            continue
        verdict = judge(value, key, names_objects=True)
        if verdict is not None:
            found.append(Sighting("annotation", path, verdict, names))
    return found


def _last_applied_secret(text: str) -> Mapping[str, Any] | None:
    """The Secret a last-applied-configuration annotation holds, or None."""
    try:
        applied = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(applied, dict) or applied.get("kind") != "Secret":
        return None
    if applied.get("apiVersion") != "v1":
        return None
    return applied


def _embedded_secret_sightings(
    path: tuple[Any, ...], secret: Mapping[str, Any]
) -> Iterator[Sighting]:
    readable: list[str] = []
    for value in _secret_entries(secret):
        if value.content is None or value.encrypted:
            continue
        found = find_credential(value.content, value.key)
        if found is not None:
            names = {"key": value.key, "field": value.field}
            yield Sighting("last-applied", path, Verdict("leaked", "known", found), names)
        elif holds_value(value):
            readable.append(value.key)
    if readable:
        verdict = Verdict("suspect", "embedded", "readable Secret values")
        yield Sighting("last-applied", path, verdict, {"keys": readable})


def key_list(keys: list[str], shown: int = 4) -> str:
    """``'a', 'b', 'c', 'd' and 2 more keys``: names for a message."""
    names = [repr(key) for key in keys]
    text = ", ".join(names[:shown])
    if len(names) > shown:
        text += f" and {len(names) - shown} more keys"
    return text
