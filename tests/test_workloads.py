"""Selector helpers shared by missing-selector and selector-mismatch, and the frozen-registry
mapping: the parts whose wording or arithmetic users read in messages."""

from __future__ import annotations

import pytest

from kubelint.rules.frozen_registry import frozen_source
from kubelint.workloads import (
    flow_labels,
    is_empty_label_selector,
    selector_defaulted,
    stray_selector_keys,
    unmatched_map_entries,
    unmatched_requirements,
)


def test_flow_labels_quotes_values_yaml_would_retype():
    assert flow_labels({"app": "web", "version": "2", "canary": "true"}) == (
        "{app: web, version: '2', canary: 'true'}"
    )
    assert flow_labels({}) == "{}"


def test_unmatched_requirements_lists_each_failed_term_in_order():
    selector = {
        "matchLabels": {"app": "redis", "role": "master"},
        "matchExpressions": [
            {"key": "tier", "operator": "In", "values": ["backend", "cache"]},
            {"key": "app", "operator": "Exists"},
        ],
    }
    found = list(unmatched_requirements(selector, {"app": "redis", "role": "replica"}))
    assert [(u.path, u.requirement, u.actual) for u in found] == [
        (("matchLabels", "role"), "role=master", "replica"),
        (("matchExpressions", 0), "tier In (backend, cache)", None),
    ]


def test_unmatched_requirements_compares_labels_as_strings():
    # YAML reads `version: 1` as an int in one place and "1" in the other.
    assert list(unmatched_requirements({"matchLabels": {"version": 1}}, {"version": "1"})) == []


def test_map_selector_entries():
    found = list(
        unmatched_map_entries({"app": "guestbook", "tier": "frontend"}, {"app": "guestbook"})
    )
    assert [(u.path, u.requirement) for u in found] == [(("tier",), "tier=frontend")]


@pytest.mark.parametrize(
    ("selector", "empty"),
    [({}, True), ({"matchLabels": {}}, True), ({"matchExpressions": []}, True),
     ({"matchLabels": {"app": "web"}}, False)],
)  # fmt: skip
def test_empty_label_selector(selector, empty):
    assert is_empty_label_selector(selector) is empty


def test_stray_keys_are_labels_written_like_a_service_selector():
    assert stray_selector_keys({"app": "api", "matchLabels": {"x": "y"}}) == {"app": "api"}
    assert stray_selector_keys({"matchLabels": {"app": "api"}}) == {}


def test_only_the_versions_that_defaulted_the_selector():
    assert selector_defaulted("extensions/v1beta1")
    assert selector_defaulted("apps/v1beta1")
    assert not selector_defaulted("apps/v1beta2")
    assert not selector_defaulted("apps/v1")


@pytest.mark.parametrize(
    ("registry", "repository", "expected"),
    [
        ("k8s.gcr.io", "ingress-nginx/controller", ("k8s.gcr.io", "ingress-nginx/controller")),
        ("K8S.GCR.IO", "pause", ("k8s.gcr.io", "pause")),
        ("gcr.io", "google_containers/pause", ("gcr.io/google_containers", "pause")),
        ("gcr.io", "google-containers/pause", ("gcr.io/google-containers", "pause")),
        ("asia.gcr.io", "k8s-artifacts-prod/pause", ("asia.gcr.io/k8s-artifacts-prod", "pause")),
        ("registry.k8s.io", "pause", None),
        ("gcr.io", "google-samples/gb-frontend", None),
        ("mirror.gcr.io", "library/busybox", None),
        ("gcr.io", "google_containers", None),
    ],
)
def test_frozen_source(registry, repository, expected):
    assert frozen_source(registry, repository) == expected
