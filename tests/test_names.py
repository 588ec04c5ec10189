"""Names, keys, label values and sizes are checked the way the API server checks them."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest

from fixture_support import lint_clean, severities, write
from kubelint import names
from kubelint.engine import Settings

LONG = "a" * 64


@pytest.mark.parametrize(
    ("check", "text", "valid"),
    [
        (names.dns1123_label, "web-1", True),
        (names.dns1123_label, "1-web", True),
        (names.dns1123_label, "web.1", False),
        (names.dns1123_label, "Web", False),
        (names.dns1123_label, "-web", False),
        (names.dns1123_label, "a" * 63, True),
        (names.dns1123_label, LONG, False),
        (names.dns1123_subdomain, "api.v2.example", True),
        (names.dns1123_subdomain, "api..v2", False),
        (names.dns1123_subdomain, "api.", False),
        (names.dns1123_subdomain, ".".join(["a" * 63] * 4), False),  # 255 characters
        (names.dns1035_label, "web-1", True),
        (names.dns1035_label, "2fa", False),
        (names.path_segment, "system:auth-delegator", True),
        (names.path_segment, "team A viewer", True),
        (names.path_segment, "..", False),
        (names.path_segment, "a/b", False),
        (names.path_segment, "100%", False),
        (names.qualified_name, "app", True),
        (names.qualified_name, "app.kubernetes.io/name", True),
        (names.qualified_name, "Example_Key.1", True),
        (names.qualified_name, "a/b/c", False),
        (names.qualified_name, "/name", False),
        (names.qualified_name, "example.com/", False),
        (names.qualified_name, "Example.com/name", False),
        (names.qualified_name, "team contact", False),
        (names.qualified_name, "_private", False),
        (names.qualified_name, f"example.com/{LONG}", False),
        (names.annotation_key, "Example.com/Owner", True),
        (names.annotation_key, "field.cattle.io/creatorId", True),
        (names.annotation_key, "team contact", False),
        (names.label_value, "", True),
        (names.label_value, "Production", True),
        (names.label_value, "v1.2_rc-3", True),
        (names.label_value, "2.4.1+build.77", False),
        (names.label_value, "-x", False),
        (names.label_value, LONG, False),
        (names.config_key, ".env", True),
        (names.config_key, "APP_MODE", True),
        (names.config_key, "..data", False),
        (names.config_key, "..", False),
        (names.config_key, "conf.d/default.conf", False),
        (names.config_key, "a b", False),
        (names.config_key, "a" * 254, False),
    ],
)
def test_syntax(check: Callable[[str], str | None], text: str, valid: bool) -> None:
    reason = check(text)
    assert (reason is None) == valid, reason


@pytest.mark.parametrize(
    ("group", "kind", "syntax"),
    [
        ("", "Service", names.DNS1035),
        ("", "Namespace", names.LABEL),
        ("apps", "StatefulSet", names.LABEL),
        ("apps", "Deployment", names.SUBDOMAIN),
        ("", "Pod", names.SUBDOMAIN),
        ("", "ServiceAccount", names.SUBDOMAIN),
        ("rbac.authorization.k8s.io", "ClusterRole", names.PATH_SEGMENT),
        ("certificates.k8s.io", "CertificateSigningRequest", None),
        ("example.com", "Widget", names.SUBDOMAIN),
    ],
)
def test_name_syntax_by_kind(group: str, kind: str, syntax: names.Syntax | None) -> None:
    assert names.name_syntax(group, kind) == syntax


def test_name_length_limits() -> None:
    limits = [names.name_length_limit("batch", kind, {}) for kind in ("CronJob", "Job")]
    assert [limit[0] if limit else None for limit in limits] == [52, 63]
    assert names.name_length_limit("batch", "Job", {"spec": {"manualSelector": True}}) is None
    assert names.name_length_limit("apps", "Deployment", {}) is None


def test_required_names() -> None:
    crd = {"spec": {"group": "acme.io", "names": {"plural": "backups"}}}
    api = {"spec": {"group": "metrics.k8s.io", "version": "v1beta1"}}
    found = [
        names.required_name("apiextensions.k8s.io", "CustomResourceDefinition", crd),
        names.required_name("apiregistration.k8s.io", "APIService", api),
        names.required_name("apps", "Deployment", crd),
    ]
    assert [name[0] if name else None for name in found] == [
        "backups.acme.io",
        "v1beta1.metrics.k8s.io",
        None,
    ]


@pytest.mark.parametrize(
    ("text", "syntax", "expected"),
    [
        ("authApi", names.LABEL, "auth-api"),
        ("Team.A", names.LABEL, "team-a"),
        ("Team.A", names.SUBDOMAIN, "team.a"),
        ("my_service", names.DNS1035, "my-service"),
        ("2fa_gateway", names.DNS1035, None),  # no obvious spelling starts with a letter
        ("a/b", names.PATH_SEGMENT, None),
    ],
)
def test_suggestions(text: str, syntax: names.Syntax, expected: str | None) -> None:
    assert names.suggest(text, syntax) == expected


def test_generated_names_allow_a_trailing_dash() -> None:
    assert names.dns1123_label(names.generated_name("db-migrate-")) is None
    assert names.dns1123_subdomain(names.generated_name("Migrate-")) is not None
    assert names.dns1123_label(names.generated_name("x" * 80 + "-")) is None


def test_sizes_count_bytes_and_decoded_base64() -> None:
    assert names.utf8_size("é") == 2
    for raw in (b"", b"a", b"ab", b"abc", b"abcd" * 100):
        assert names.base64_size(base64.b64encode(raw).decode()) == len(raw)
    config_map = {"data": {"a": "xy"}, "binaryData": {"b": base64.b64encode(b"123").decode()}}
    assert names.data_size("", "ConfigMap", config_map) == 5
    secret = {"data": {"a": base64.b64encode(b"old value").decode()}, "stringData": {"a": "new"}}
    assert names.data_size("", "Secret", secret) == 3


def test_label_selectors_skip_node_selector_terms() -> None:
    spec = {
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "spec": {
                "affinity": {
                    "nodeAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": {
                            "nodeSelectorTerms": [{"matchExpressions": []}]
                        }
                    },
                    "podAffinity": {
                        "requiredDuringSchedulingIgnoredDuringExecution": [
                            {"labelSelector": {"matchExpressions": []}}
                        ]
                    },
                }
            }
        },
    }
    found = list(names.label_selectors("apps", {"spec": spec}))
    affinity = ("spec", "template", "spec", "affinity", "podAffinity")
    assert found == [
        ("spec", "selector"),
        (*affinity, "requiredDuringSchedulingIgnoredDuringExecution", 0, "labelSelector"),
    ]
    assert list(names.label_selectors("example.com", {"spec": spec})) == []


# --------------------------------------------------------------------------- limits, end to end
# Manifests over the size limits are too large to keep as fixtures.


def _findings(tmp_path: Path, text: str, rule: str) -> list[str]:
    settings = Settings(severities=severities([rule]))
    report = lint_clean([write(tmp_path, text)], settings)
    return [f.message for f in report.findings]


def test_annotations_over_256_kib(tmp_path: Path) -> None:
    big = "x" * (names.ANNOTATIONS_MAX_BYTES // 2)
    text = f"""\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: dashboards
          annotations:
            example.com/dashboard-a: {big}
            example.com/dashboard-b: {big}
        """
    [message] = _findings(tmp_path, text, "invalid-annotation")
    assert "262190 bytes" in message and "example.com/dashboard-" in message
    assert big not in message
    at_limit = text.replace(f"dashboard-b: {big}", f"dashboard-b: {big[46:]}")
    assert _findings(tmp_path, at_limit, "invalid-annotation") == []


def test_config_map_over_1_mib(tmp_path: Path) -> None:
    big = "x" * (names.DATA_MAX_BYTES // 2 + 1)
    text = f"""\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: geo-data
        data:
          countries.json: {big}
          cities.json: {big}
        """
    [message] = _findings(tmp_path, text, "invalid-data-key")
    assert "1048578 bytes" in message
    assert big not in message
