"""The syntax the API server requires of names, keys and label values, and which objects and
fields it requires it of.

Each check returns None when the text is valid, or a short reason (lower case, no period) that
a rule can put into its message: `must be at most 63 characters`, `must start and end with a
lower-case letter or digit`. The rules come from Kubernetes' apimachinery validation and the
validation of each built-in kind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from kubelint import kube
from kubelint.lazy import Record, regex
from kubelint.versions import KubeVersion

Path = tuple[Any, ...]

_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL = regex(_LABEL)
_DNS1123_SUBDOMAIN = regex(rf"{_LABEL}(\.{_LABEL})*")
_DNS1035_LABEL = regex("[a-z]([-a-z0-9]*[a-z0-9])?")
_QUALIFIED_PART = regex("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_CONFIG_KEY = regex(r"[-._a-zA-Z0-9]+")
_IANA_SVC_NAME = regex("[a-z0-9]([a-z0-9-]*[a-z0-9])*")
_C_IDENTIFIER_ENV = regex(r"[-._a-zA-Z][-._a-zA-Z0-9]*")

_LOWER_DASH = (
    "must consist of lower-case letters, digits and '-', and start and end with a letter or digit"
)

LABEL_MAX = 63
SUBDOMAIN_MAX = 253
#: What all annotations of one object (keys and values, in bytes) may total.
ANNOTATIONS_MAX_BYTES = 256 * 1024
#: What the values of one ConfigMap or Secret may total, in bytes (decoded for base64).
DATA_MAX_BYTES = 1024 * 1024


@functools.lru_cache(maxsize=4096)  # container, volume and namespace names repeat
def dns1123_label(text: str) -> str | None:
    """Names of namespaces, containers, volumes, Service ports and most short names."""
    if len(text) > LABEL_MAX:
        return f"must be at most {LABEL_MAX} characters"
    if not _DNS1123_LABEL().fullmatch(text):
        return _LOWER_DASH
    return None


def dns1123_subdomain(text: str) -> str | None:
    """Names of most objects: dot-separated DNS-1123 labels, at most 253 characters."""
    if len(text) > SUBDOMAIN_MAX:
        return f"must be at most {SUBDOMAIN_MAX} characters"
    if not _DNS1123_SUBDOMAIN().fullmatch(text):
        return (
            "must consist of lower-case letters, digits, '-' and '.', and start and end with a "
            "letter or digit"
        )
    return None


def dns1035_label(text: str) -> str | None:
    """Service names: a DNS-1123 label that starts with a letter."""
    if len(text) > LABEL_MAX:
        return f"must be at most {LABEL_MAX} characters"
    if not _DNS1035_LABEL().fullmatch(text):
        return (
            "must consist of lower-case letters, digits and '-', start with a letter and end "
            "with a letter or digit"
        )
    return None


def path_segment(text: str) -> str | None:
    """Names that only have to be usable in a URL path (RBAC roles and bindings)."""
    if text in (".", ".."):
        return f"may not be {text!r}"
    for bad in ("/", "%"):
        if bad in text:
            return f"may not contain {bad!r}"
    return None


def qualified_name(text: str, *, any_case: bool = False) -> str | None:
    """Label keys: an optional DNS subdomain prefix and '/', then a name. ``any_case``
    accepts upper-case letters in the prefix too, as annotation keys do."""
    parts = text.split("/")
    if len(parts) > 2:
        return "may contain at most one '/', between a DNS subdomain prefix and the name"
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            return "has an empty prefix before '/'"
        problem = dns1123_subdomain(prefix.lower() if any_case else prefix)
        if problem:
            return f"prefix {prefix!r} {problem}"
    if not name:
        return "has an empty name"
    if len(name) > LABEL_MAX:
        return f"name part must be at most {LABEL_MAX} characters"
    if not _QUALIFIED_PART().fullmatch(name):
        return (
            "name part must consist of letters, digits, '-', '_' and '.', and start and end "
            "with a letter or digit"
        )
    return None


@functools.lru_cache(maxsize=4096)  # the same few keys come back on every object
def annotation_key(text: str) -> str | None:
    """Annotation keys: qualified names in which upper-case letters are allowed everywhere
    (the API lower-cases the key before checking it)."""
    return qualified_name(text, any_case=True)


@functools.lru_cache(maxsize=4096)  # label keys repeat across objects
def label_key(text: str) -> str | None:
    """Label keys: ``qualified_name(text)``, cached."""
    return qualified_name(text)


@functools.lru_cache(maxsize=4096)
def label_value(text: str) -> str | None:
    """Label values: empty, or at most 63 letters, digits, '-', '_' and '.'."""
    if not text:
        return None
    if len(text) > LABEL_MAX:
        return f"must be at most {LABEL_MAX} characters"
    if not _QUALIFIED_PART().fullmatch(text):
        return (
            "must consist of letters, digits, '-', '_' and '.', and start and end with a letter "
            "or digit"
        )
    return None


@functools.lru_cache(maxsize=4096)  # a common key comes back in many ConfigMaps
def config_key(text: str) -> str | None:
    """Keys of ConfigMap and Secret data: they become file names in a mounted volume."""
    if len(text) > SUBDOMAIN_MAX:
        return f"must be at most {SUBDOMAIN_MAX} characters"
    if not _CONFIG_KEY().fullmatch(text):
        return "must consist of letters, digits, '-', '_' and '.'"
    if text in (".", ".."):
        return f"may not be {text!r}"
    if text.startswith(".."):
        return "may not start with '..'"
    return None


@functools.lru_cache(maxsize=4096)
def iana_svc_name(text: str) -> str | None:
    """Container port names: at most 15 characters, with a letter, and no '--'."""
    if len(text) > 15:
        return "must be at most 15 characters"
    if not _IANA_SVC_NAME().fullmatch(text):
        return _LOWER_DASH
    if "--" in text:
        return "may not contain '--'"
    if not any("a" <= c <= "z" for c in text):
        return "must contain at least one letter"
    return None


def env_var_name(text: str, relaxed: bool) -> str | None:
    """Environment variable names. From 1.34 any printable ASCII but '=' is allowed."""
    if not text:
        return "may not be empty"
    if relaxed:
        if "=" in text or not all(" " <= c <= "~" for c in text):
            return "must consist of printable ASCII characters other than '='"
        return None
    if not _C_IDENTIFIER_ENV().fullmatch(text):
        return "must consist of letters, digits, '_', '-' and '.', and not start with a digit"
    return None


def is_placeholder(text: str) -> bool:
    """Whether ``text`` holds a substitution a tool fills in before it reaches the API
    (``${CLUSTER}`` for Flux and envsubst, ``$(params.name)`` for Tekton, ``{{uid}}``)."""
    return "${" in text or "{{" in text or "$(" in text


# --------------------------------------------------------------------------- object names


class Syntax(Record):
    """A syntax for names: what messages call it, and its check."""

    __slots__ = ("check", "keeps", "title")

    def __init__(self, title: str, check: Callable[[str], str | None], keeps: str = "") -> None:
        self.title = title
        self.check = check
        #: The characters a suggested spelling may keep ("" when no spelling is suggested).
        self.keeps = keeps


SUBDOMAIN = Syntax("DNS-1123 subdomain", dns1123_subdomain, "-.")
LABEL = Syntax("DNS-1123 label", dns1123_label, "-")
DNS1035 = Syntax("DNS-1035 label", dns1035_label, "-")
PATH_SEGMENT = Syntax("path segment", path_segment)

_RBAC = kube.RBAC_GROUP
#: Built-in kinds whose names follow another rule than a DNS-1123 subdomain; None: any name
#: (or a scheme of the kind's own that is not checked here).
_NAME_SYNTAX: dict[tuple[str, str], Syntax | None] = {
    ("", "Namespace"): LABEL,
    ("", "Service"): DNS1035,
    # The API checks this from 1.27; before, the StatefulSet was accepted but every one of
    # its pods rejected, as the pod's hostname (a DNS-1123 label) is its name.
    ("apps", "StatefulSet"): LABEL,
    (_RBAC, "Role"): PATH_SEGMENT,
    (_RBAC, "ClusterRole"): PATH_SEGMENT,
    (_RBAC, "RoleBinding"): PATH_SEGMENT,
    (_RBAC, "ClusterRoleBinding"): PATH_SEGMENT,
    ("apiregistration.k8s.io", "APIService"): PATH_SEGMENT,
    ("certificates.k8s.io", "CertificateSigningRequest"): None,
    ("certificates.k8s.io", "ClusterTrustBundle"): None,
    ("networking.k8s.io", "IPAddress"): None,  # named after the address, IPv6 included
}

#: API groups served by aggregated API servers (not CRDs) that name objects their own way
#: (OpenShift users and identities hold '@' and ':'): their names are not checked.
_OWN_NAMING_GROUPS = frozenset(
    {"user.openshift.io", "oauth.openshift.io", "project.openshift.io",
     "authorization.openshift.io"}
)  # fmt: skip

#: A CronJob's Jobs are named after it plus 11 characters, and a Job name holds 63.
CRONJOB_NAME_MAX = 52


def name_syntax(group: str, kind: str) -> Syntax | None:
    """The syntax the API requires of ``metadata.name`` for a kind; None when it accepts any
    name or names the kind its own way. Custom resources are DNS-1123 subdomains."""
    if group in _OWN_NAMING_GROUPS:
        return None
    return _NAME_SYNTAX.get((group, kind), SUBDOMAIN)


def name_length_limit(group: str, kind: str, data: Mapping[str, Any]) -> tuple[int, str] | None:
    """(limit, why) when the API limits the length of a kind's names more than their syntax."""
    if group != "batch":
        return None
    if kind == "CronJob":
        return CRONJOB_NAME_MAX, "the Jobs it creates are named after it plus 11 characters"
    if kind == "Job" and kube.get_path(data, ("spec", "manualSelector")) is not True:
        return LABEL_MAX, "its name is copied into the job-name label of its pods"
    return None


def required_name(group: str, kind: str, data: Mapping[str, Any]) -> tuple[str, str] | None:
    """(the only name the API accepts, the fields it is made of) for kinds named after their
    own spec, when those fields are written."""
    first: tuple[str, ...]
    if (group, kind) == ("apiextensions.k8s.io", "CustomResourceDefinition"):
        first, second = ("spec", "names", "plural"), ("spec", "group")
    elif (group, kind) == ("apiregistration.k8s.io", "APIService"):
        first, second = ("spec", "version"), ("spec", "group")
    else:
        return None
    head, tail = kube.get_path(data, first), kube.get_path(data, second)
    if not (isinstance(head, str) and head and isinstance(tail, str)):
        return None
    return f"{head}.{tail}", f"{'.'.join(first)} + '.' + {'.'.join(second)}"


#: generateName gets 5 random characters, after a prefix cut to this length.
_GENERATED_PREFIX_MAX = 58


def generated_name(prefix: str) -> str:
    """A name the API could generate from ``generateName: prefix``, to check its syntax."""
    return prefix[:_GENERATED_PREFIX_MAX] + "x7k2q"


def suggest(text: str, syntax: Syntax) -> str | None:
    """A spelling of ``text`` that ``syntax`` accepts (lower-cased, words of camelCase and
    other characters turned into '-'), or None when none is obvious."""
    if not syntax.keeps:
        return None
    words = re.sub("(?<=[a-z0-9])(?=[A-Z])", "-", text)  # authApi -> auth-Api
    spelled = re.sub(rf"[^a-z0-9{re.escape(syntax.keeps)}]+", "-", words.lower())
    spelled = re.sub(r"-{2,}", "-", spelled).strip("-.")
    if spelled and spelled != text and syntax.check(spelled) is None:
        return spelled
    return None


# --------------------------------------------------------------------------- where labels are


#: Keys under which a built-in kind keeps a LabelSelector (matchLabels / matchExpressions).
_SELECTOR_KEYS = frozenset(
    {"selector", "labelSelector", "podSelector", "namespaceSelector", "objectSelector"}
)
#: Built-in kinds whose ``spec.selector`` is a plain map of labels.
_MAP_SELECTORS = frozenset({("", "Service"), ("", "ReplicationController")})
#: From this version the API checks the values of matchExpressions, not only their keys.
SELECTOR_VALUES_CHECKED: KubeVersion = (1, 26)


def is_builtin(group: str) -> bool:
    """Whether the API server itself validates the kinds of this group (not a CRD schema)."""
    return group in kube.BUILTIN_GROUPS


@functools.cache
def label_maps(group: str, kind: str) -> tuple[Path, ...]:
    """Paths of the plain label maps the API checks on a kind: its own labels, its pods'
    labels and a Service-style selector. The nested ones may be absent."""
    found: list[Path] = [("metadata", "labels")]
    template = kube.template_labels_path(group, kind)
    if template is not None and template != ("metadata", "labels"):
        found.append(template)
    if (group, kind) in _MAP_SELECTORS:
        found.append(("spec", "selector"))
    return tuple(found)


@functools.cache
@functools.cache
def annotation_maps(group: str, kind: str) -> tuple[Path, ...]:
    """Paths of the annotation maps the API checks on a kind: its own and its pods'."""
    found: list[Path] = [("metadata", "annotations")]
    template = kube.template_labels_path(group, kind)
    if template is not None and template != ("metadata", "labels"):
        found.append((*template[:-1], "annotations"))
    return tuple(found)


def label_selectors(group: str, data: Mapping[str, Any]) -> list[Path]:
    """Paths of the LabelSelectors (``matchLabels`` / ``matchExpressions``) the API checks in
    an object: workload and PDB selectors, affinity terms, topology spread constraints,
    network policy peers, webhook and aggregation selectors. Node selector terms are not
    label selectors; custom resources and CRD schemas are not looked into."""
    found: list[Path] = []
    if is_builtin(group) and group != "apiextensions.k8s.io":
        _selectors_in(data, (), found)
    return found


#: Keys whose values hold no LabelSelector in any built-in kind, so the search skips them:
#: object metadata, container and Service ports, and containers (their fields have no
#: selector; a pod's volumes do, in a projected clusterTrustBundle, so they are searched).
_NO_SELECTORS = frozenset({"metadata", "ports", *kube.CONTAINER_LISTS})
#: The exact types of loaded scalars.
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _selectors_in(data: Any, path: Path, found: list[Path]) -> None:
    """Add the paths of the selectors in ``data`` (at ``path``) to ``found``. A plain
    recursive walk rather than nested generators: it visits every node of the object but
    the ``_NO_SELECTORS`` ones."""
    if isinstance(data, dict):
        _selectors_in_mapping(data, path, found)
    elif isinstance(data, list):
        _selectors_in_list(data, path, found)


def _selectors_in_mapping(data: Mapping[Any, Any], path: Path, found: list[Path]) -> None:
    for key, value in data.items():
        if type(value) in _SCALARS:
            continue  # the most common case, in one test
        if isinstance(value, dict):
            if key in _SELECTOR_KEYS and ("matchLabels" in value or "matchExpressions" in value):
                found.append((*path, key))
            elif key not in _NO_SELECTORS:
                _selectors_in_mapping(value, (*path, key), found)
        elif isinstance(value, list):
            if key == "clusterRoleSelectors":
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        found.append((*path, key, i))
            elif key not in _NO_SELECTORS:
                _selectors_in_list(value, (*path, key), found)


def _selectors_in_list(data: list[Any], path: Path, found: list[Path]) -> None:
    for i, item in enumerate(data):
        if isinstance(item, dict):
            _selectors_in_mapping(item, (*path, i), found)
        elif isinstance(item, list):
            _selectors_in_list(item, (*path, i), found)


# --------------------------------------------------------------------------- data and sizes

#: The fields of ConfigMaps and Secrets whose keys are file names, and whether their values
#: are base64. A Secret's stringData is written over its data, key by key.
_DATA_FIELDS: dict[tuple[str, str], tuple[tuple[str, bool], ...]] = {
    ("", "ConfigMap"): (("data", False), ("binaryData", True)),
    ("", "Secret"): (("data", True), ("stringData", False)),
}


@functools.cache
def data_fields(group: str, kind: str) -> tuple[str, ...]:
    """The fields of a kind whose keys must be config keys (none for most kinds)."""
    return tuple(field for field, _ in _DATA_FIELDS.get((group, kind), ()))


def data_size(group: str, kind: str, data: Mapping[str, Any]) -> int:
    """What the API counts against ``DATA_MAX_BYTES``: the bytes of every value, decoded."""
    merged = kind == "Secret"  # a stringData value replaces the data value of its key
    sizes: dict[tuple[str, Any], int] = {}
    for field, encoded in _DATA_FIELDS.get((group, kind), ()):
        values = data.get(field)
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if isinstance(value, str):
                size = base64_size(value) if encoded else utf8_size(value)
                sizes["" if merged else field, key] = size
    return sum(sizes.values())


def utf8_size(text: str) -> int:
    """The length the API counts: bytes, not characters."""
    return len(text.encode("utf-8", "surrogatepass"))


def base64_size(text: str) -> int:
    """The decoded length of base64 ``text`` (whitespace ignored), without decoding it."""
    compact = "".join(text.split())
    return len(compact) * 3 // 4 - len(compact) + len(compact.rstrip("="))
