"""A PodDisruptionBudget's selector matches no pods in its namespace.

## Why
A PodDisruptionBudget protects the pods its selector matches from voluntary evictions
(node drains, cluster upgrades, the autoscaler removing nodes). When the selector matches
no pod (a typo, labels renamed on one side, the workload's own `metadata.labels` copied
instead of its pod template's) the budget protects nothing: a drain evicts every replica
at once and the service goes down, while the budget looks fine in `kubectl get pdb` apart
from its zero expected pods.

The selector's meaning depends on the API version: in `policy/v1` an empty selector (`{}`)
selects every pod of the namespace, in the removed `policy/v1beta1` it selects none, and a
budget with no selector at all selects none in either.

## Example
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web-frontend   # the Deployment's pods are labelled app: web
```

## Fix
Make the selector match the labels of the pod template (`spec.template.metadata.labels`)
of the workload to protect. Labels the controllers add to every pod count too
(`pod-template-hash`, `statefulset.kubernetes.io/pod-name`...), and so do the pods
prometheus-operator runs. When nothing in the linted files runs in the budget's namespace,
its workloads are taken to live elsewhere and the rule stays quiet. An object that does not
write its namespace may be applied into any namespace, so it counts for all; such a budget
is only judged when workloads are written in its own directory (applied with it), and not
when one of them has no template labels at all (a kustomize base that gets its labels from
`commonLabels`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from kubelint.engine import Context
from kubelint.index import ObjectIndex
from kubelint.kube import labels_of
from kubelint.objects import K8sObject
from kubelint.references import PodSource, may_share_namespace, pod_sources, selectable
from kubelint.registry import Problem, rule
from kubelint.workloads import has_label_selector

Path = tuple[Any, ...]

_SELECTOR: Path = ("spec", "selector")


@rule(
    "pdb-selects-nothing",
    category="references",
    severity="warning",
    kinds={"PodDisruptionBudget"},
    messages={
        "closest": "selector {selector} matches no pods in namespace {namespace}; the "
        "closest, {closest}, has {have} where the selector wants {want}; fix the selector "
        "or the pod template labels",
        "unrelated": "selector {selector} matches no pods in namespace {namespace} (none "
        "there has any of its label keys); fix the selector or the pod template labels",
        "elsewhere": "selector {selector} matches {owner} in namespace {other}, but the "
        "budget is in namespace {namespace}; a PodDisruptionBudget only covers pods of its "
        "own namespace",
        "no-selector": "the budget has no selector, so it covers no pods; add "
        "spec.selector.matchLabels with the pod template labels of the workload to protect",
        "empty-beta": "an empty selector covers no pods in policy/v1beta1; move to "
        "policy/v1 (where it covers every pod of the namespace) or add matchLabels",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group != "policy":
        return
    spec = obj.get("spec")
    if not isinstance(spec, Mapping):
        return
    selector = spec.get("selector")
    if selector is None:
        yield Problem("no-selector", ("spec",), on_key=True)
        return
    if not isinstance(selector, Mapping):
        return
    if is_empty(selector):
        if obj.version == "v1beta1":
            yield Problem("empty-beta", _SELECTOR, on_key=True)
        return  # policy/v1: every pod of the namespace
    found = explain_no_match(ctx.index, obj, selector)
    if found is not None:
        yield Problem(found.message, _SELECTOR, on_key=True, **found.fields)


# --------------------------------------------------------------------------- shared
# Also used by network-policy-selects-nothing. Matching a LabelSelector (with
# matchExpressions) against pod sources belongs in lint/references.py beside
# ``selectable``; it lives here until that module can take it.


@dataclass(frozen=True, slots=True)
class NoMatch:
    """Why a selector matches no pods: a message id and its fields."""

    message: str  # "closest", "unrelated" or "elsewhere"
    fields: dict[str, Any]


def is_empty(selector: Mapping[str, Any]) -> bool:
    """A LabelSelector with no requirement: it selects every pod where it is honoured."""
    return not selector.get("matchLabels") and not selector.get("matchExpressions")


def explain_no_match(
    index: ObjectIndex, obj: K8sObject, selector: Mapping[str, Any]
) -> NoMatch | None:
    """Why a non-empty LabelSelector of ``obj`` selects no pods of its namespace, or None
    when it selects some, cannot be judged, or nothing in the linted files runs in that
    namespace (its workloads are elsewhere)."""
    requirements = _requirements(selector)
    if requirements is None:
        return None  # malformed: the API rejects it, another rule's business
    candidates = [s for s in _candidates(index, obj, requirements) if _selects(requirements, s)]
    if any(may_share_namespace(obj, s.owner) for s in candidates):
        return None
    fields: dict[str, Any] = {"selector": render(requirements), "namespace": obj.namespace}
    if candidates:
        owner = candidates[0].owner
        return NoMatch(
            "elsewhere", {**fields, "owner": f"{owner.kind} {owner.name}", "other": owner.namespace}
        )
    near = sources_near(index, obj)
    if not near:
        return None  # nothing in the linted files runs there: its workloads are elsewhere
    if any(_labelled_elsewhere(source) for source in near):
        return None  # a template whose labels kustomize adds: they may be the ones wanted
    keys = {key for key, _, _ in requirements}
    closest = max(near, key=lambda source: _closeness(requirements, source))
    if not keys & set(closest.labels):
        return NoMatch("unrelated", fields)
    wrong = [r for r in requirements if not _selects([r], closest)]
    have = ", ".join(
        f"{key}={closest.labels[key]}" if key in closest.labels else f"{key} unset"
        for key, _, _ in wrong
    )
    owner = closest.owner
    return NoMatch(
        "closest",
        {**fields, "closest": f"{owner.kind} {owner.name}", "have": have, "want": render(wrong)},
    )


Requirement = tuple[str, str, frozenset[str]]  # (key, operator, values)
_OPERATORS = frozenset({"In", "NotIn", "Exists", "DoesNotExist"})


def _requirements(selector: Mapping[str, Any]) -> list[Requirement] | None:
    """matchLabels and matchExpressions as (key, operator, values); None when malformed."""
    found: list[Requirement] = [
        (key, "=", frozenset({value}))
        for key, value in labels_of(selector.get("matchLabels")).items()
    ]
    expressions = selector.get("matchExpressions") or []
    if not isinstance(expressions, list):
        return None
    for expr in expressions:
        if not isinstance(expr, Mapping) or expr.get("operator") not in _OPERATORS:
            return None
        values = expr.get("values") or []
        if not isinstance(values, list):
            return None
        texts = labels_of({str(i): v for i, v in enumerate(values)}).values()
        found.append((str(expr.get("key", "")), str(expr["operator"]), frozenset(texts)))
    return found


def _selects(requirements: list[Requirement], source: PodSource) -> bool:
    """Whether the pods of ``source`` may meet every requirement. Labels a controller sets
    to a value of its choosing are given the benefit of the doubt."""
    for key, operator, values in requirements:
        if key in source.labels:
            value = source.labels[key]
            met = {
                "=": value in values,
                "In": value in values,
                "NotIn": value not in values,
                "Exists": True,
                "DoesNotExist": False,
            }[operator]
        elif key in source.varying:
            test = source.varying[key]
            met = operator not in ("=", "In") or any(test(v) for v in values)
        else:
            met = operator in ("NotIn", "DoesNotExist")
        if not met:
            return False
    return True


def _candidates(
    index: ObjectIndex, obj: K8sObject, requirements: list[Requirement]
) -> list[PodSource]:
    """Pod sources that may match, found through the label index where a requirement
    names label values, else those that may share ``obj``'s namespace."""
    exact = {k: next(iter(v)) for k, op, v in requirements if op == "="}
    if exact:
        return selectable(index, exact)
    for key, operator, values in requirements:
        if operator == "In":
            seen: dict[int, PodSource] = {}
            for value in sorted(values):
                for source in selectable(index, {key: value}):
                    seen.setdefault(id(source), source)
            return list(seen.values())
    if obj.written_namespace is None:
        return list(pod_sources(index))  # it may join any namespace
    by_namespace, _, unwritten = index.derived("pdb-selects-nothing.near", _build_near)
    return by_namespace.get(obj.namespace, []) + unwritten


def sources_near(index: ObjectIndex, obj: K8sObject) -> list[PodSource]:
    """The pod sources that tell whether the application ``obj`` belongs to runs in the
    linted files: those of its namespace when it writes one; when it does not (it goes
    wherever it is applied), those written in its own directory, which are applied with it.
    """
    by_namespace, by_directory, _ = index.derived("pdb-selects-nothing.near", _build_near)
    if obj.written_namespace is not None:
        return by_namespace.get(obj.namespace, [])
    return by_directory.get(_directory(obj), [])


_Near = tuple[dict[str | None, list[PodSource]], dict[str, list[PodSource]], list[PodSource]]


def _build_near(index: ObjectIndex) -> _Near:
    """Pod sources by namespace, by directory, and those that do not write a namespace."""
    by_namespace: dict[str | None, list[PodSource]] = {}
    by_directory: dict[str, list[PodSource]] = {}
    unwritten: list[PodSource] = []
    for source in pod_sources(index):
        by_namespace.setdefault(source.owner.namespace, []).append(source)
        by_directory.setdefault(_directory(source.owner), []).append(source)
        if source.owner.written_namespace is None:
            unwritten.append(source)
    return by_namespace, by_directory, unwritten


def _directory(obj: K8sObject) -> str:
    return os.path.dirname(obj.file.real_path or obj.file.path)


def _labelled_elsewhere(source: PodSource) -> bool:
    """A controller with neither template labels nor a selector, which the API would
    reject as written: a kustomize base whose ``commonLabels`` or ``labels`` fill both in."""
    owner = source.owner
    return (
        has_label_selector(owner.group, owner.kind)
        and not source.labels
        and owner.get("spec", "selector") is None
    )


def _closeness(requirements: list[Requirement], source: PodSource) -> tuple[int, int]:
    """Requirements the pods meet, then requirement keys their labels have at all."""
    return (
        sum(1 for r in requirements if _selects([r], source)),
        sum(1 for key, _, _ in requirements if key in source.labels),
    )


def render(requirements: list[Requirement]) -> str:
    """``app=web, tier In (api, web)``."""
    parts = []
    for key, operator, values in requirements:
        if operator == "=":
            parts.append(f"{key}={next(iter(values))}")
        elif operator in ("In", "NotIn"):
            parts.append(f"{key} {operator} ({', '.join(sorted(values))})")
        else:
            parts.append(f"{key} {operator}")
    return ", ".join(parts)
