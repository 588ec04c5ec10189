"""Workload controllers and their label selectors: which controllers must carry one, which
old API versions filled it in, and how a selector falls short of the labels it should select.

Kept beside ``kube.py`` (which knows where pod templates live and how selectors match) so
that the selector rules share one reading of the API's validation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from kubelint import kube
from kubelint.lazy import Record

Path = tuple[Any, ...]

SELECTOR_PATH: Path = ("spec", "selector")

#: Controllers whose ``spec.selector`` is a LabelSelector (matchLabels/matchExpressions) that
#: apps/v1 requires, by API group.
LABEL_SELECTOR_KINDS: frozenset[tuple[str, str]] = frozenset(
    (group, kind)
    for group in ("apps", "extensions")
    for kind in ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")
)

#: Controllers whose ``spec.selector`` is a plain ``key: value`` map, optional and defaulted
#: from the template labels, but rejected when it does not match them.
MAP_SELECTOR_KINDS: frozenset[tuple[str, str]] = frozenset({("", "ReplicationController")})

#: Kinds either rule family looks at, for ``kinds=`` filters.
SELECTOR_KINDS: frozenset[str] = frozenset(
    kind for _, kind in LABEL_SELECTOR_KINDS | MAP_SELECTOR_KINDS
)

#: API versions that copied a missing selector from the template labels. apps/v1beta2 and
#: apps/v1 require it instead.
SELECTOR_DEFAULTED: frozenset[str] = frozenset({"extensions/v1beta1", "apps/v1beta1"})

#: The keys a LabelSelector may hold.
LABEL_SELECTOR_KEYS = frozenset({"matchLabels", "matchExpressions"})


def has_label_selector(group: str, kind: str) -> bool:
    """True for Deployment, ReplicaSet, StatefulSet and DaemonSet (apps and extensions)."""
    return (group, kind) in LABEL_SELECTOR_KINDS


def has_map_selector(group: str, kind: str) -> bool:
    """True for ReplicationController."""
    return (group, kind) in MAP_SELECTOR_KINDS


def selector_defaulted(api_version: str) -> bool:
    """Whether this apiVersion filled in a missing selector from the template labels."""
    return api_version in SELECTOR_DEFAULTED


def template_labels(group: str, kind: str, data: Mapping[str, Any]) -> dict[str, str] | None:
    """The labels a workload puts on its pods ({} when it sets none), or None for kinds
    without a pod template."""
    path = kube.template_labels_path(group, kind)
    if path is None:
        return None
    return kube.labels_of(kube.get_path(data, path))


def is_empty_label_selector(selector: Mapping[str, Any]) -> bool:
    """A LabelSelector with no requirement at all (``{}`` or empty matchLabels/Expressions)."""
    match_labels = selector.get("matchLabels")
    expressions = selector.get("matchExpressions")
    return not match_labels and not expressions


def stray_selector_keys(selector: Mapping[str, Any]) -> dict[str, str]:
    """Scalar entries written straight under a LabelSelector, as a Service selector would be
    (``selector: {app: web}``); a LabelSelector has no such fields."""
    if LABEL_SELECTOR_KEYS.issuperset(selector):
        return {}  # the usual case: nothing but matchLabels and matchExpressions
    return kube.labels_of(
        {
            key: value
            for key, value in selector.items()
            if key not in LABEL_SELECTOR_KEYS and not isinstance(value, (dict, list))
        }
    )


class Unmatched(Record):
    """One requirement of a selector that the template labels do not meet."""

    __slots__ = ("actual", "path", "requirement")

    def __init__(self, path: Path, requirement: str, actual: str | None) -> None:
        self.path = path  # inside the selector
        self.requirement = requirement  # ``app=web``, ``tier In (a, b)``
        self.actual = actual  # the template's value for the requirement's key, None when absent


def unmatched_requirements(selector: Any, labels: Mapping[str, str]) -> list[Unmatched]:
    """Each matchLabels entry and matchExpressions item of a LabelSelector that ``labels``
    fail, in written order. Malformed expressions are left to schema checks."""
    found: list[Unmatched] = []
    if not isinstance(selector, dict):
        return found
    match_labels = selector.get("matchLabels")
    if isinstance(match_labels, dict):
        for key, value in kube.labels_of(match_labels).items():
            actual = labels.get(key)
            if actual != value:
                found.append(Unmatched(("matchLabels", key), f"{key}={value}", actual))
    expressions = selector.get("matchExpressions")
    if isinstance(expressions, list):
        for i, expr in enumerate(expressions):
            if not isinstance(expr, dict) or not isinstance(expr.get("operator"), str):
                continue
            if kube.selector_matches({"matchExpressions": [expr]}, labels):
                continue
            key = str(expr.get("key", ""))
            found.append(Unmatched(("matchExpressions", i), _expression(expr), labels.get(key)))
    return found


def unmatched_map_entries(
    selector: Mapping[str, Any], labels: Mapping[str, str]
) -> Iterator[Unmatched]:
    """Entries of a plain ``key: value`` selector that ``labels`` fail."""
    for key, value in kube.labels_of(selector).items():
        if labels.get(key) != value:
            yield Unmatched((key,), f"{key}={value}", labels.get(key))


def _expression(expr: Mapping[str, Any]) -> str:
    values = expr.get("values")
    listed = [_text(v) for v in values] if isinstance(values, list) else None
    return kube.format_expression(expr.get("key", ""), str(expr.get("operator")), listed)


def _text(value: Any) -> str:
    return kube.labels_of({"": value})[""]


def flow_labels(labels: Mapping[str, str]) -> str:
    """Labels as a one-line YAML mapping, quoted where YAML would retype them:
    ``{app: web, version: '1'}``."""
    if not labels:
        return "{}"
    text = yaml.safe_dump(dict(labels), default_flow_style=True, width=1 << 16, sort_keys=False)
    return text.strip()
