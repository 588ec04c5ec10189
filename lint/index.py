"""The object index: every object of the run (and the ones declared to exist outside it),
built once, queried by cross-resource rules."""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from kubelint.lazy import Record
from kubelint.objects import K8sObject

#: Groups that serve the same resources under another name (old API groups).
_GROUP_ALIASES = {
    ("extensions", "Deployment"): "apps",
    ("extensions", "DaemonSet"): "apps",
    ("extensions", "ReplicaSet"): "apps",
    ("extensions", "Ingress"): "networking.k8s.io",
    ("extensions", "NetworkPolicy"): "networking.k8s.io",
    ("extensions", "PodSecurityPolicy"): "policy",
}


def canonical_group(group: str, kind: str) -> str:
    return _GROUP_ALIASES.get((group, kind), group)


class ExternalObject(Record):
    """An object that exists outside the linted files (declared in the configuration).

    ``name`` and ``namespace`` may be shell-style patterns; a None namespace matches any.
    """

    __slots__ = ("kind", "name", "namespace")

    def __init__(self, kind: str, name: str, namespace: str | None = None) -> None:
        self.kind = kind
        self.name = name
        self.namespace = namespace

    def matches(self, kind: str, name: str, namespace: str | None) -> bool:
        if self.kind != kind or not fnmatch.fnmatchcase(name, self.name):
            return False
        return self.namespace is None or fnmatch.fnmatchcase(namespace or "", self.namespace)


Identity = tuple[str, str, "str | None", str]  # (group, kind, namespace, name)
T = TypeVar("T")


class ObjectIndex:
    """Objects by identity and by kind. Objects whose kind was guessed are left out: the API
    server would never have created them."""

    def __init__(self, objects: Iterable[K8sObject], external: Iterable[ExternalObject] = ()):
        self.external = tuple(external)
        self._by_identity: dict[Identity, list[K8sObject]] = {}
        self._by_kind: dict[str, list[K8sObject]] = {}
        # (kind, namespace or None for all, canonical group or None for any) -> objects
        self._by_kind_in: dict[tuple[str, str | None, str | None], list[K8sObject]] = {}
        self._by_name: dict[tuple[str, str | None, str], list[K8sObject]] = {}
        self._pod_owners: dict[str | None, list[K8sObject]] | None = None
        self._derived: dict[str, Any] = {}
        self.namespaces: set[str] = set()
        for obj in objects:
            if obj.kind_guessed or not obj.kind or not obj.api_version:
                continue
            self._by_identity.setdefault(self.identity(obj), []).append(obj)
            self._by_kind.setdefault(obj.kind, []).append(obj)
            group = canonical_group(obj.group, obj.kind)
            for key in ((obj.kind, obj.namespace, None), (obj.kind, None, group),
                        (obj.kind, obj.namespace, group)):  # fmt: skip
                self._by_kind_in.setdefault(key, []).append(obj)
            self._by_name.setdefault((obj.kind, obj.namespace, obj.name), []).append(obj)
            if obj.namespace is not None:
                self.namespaces.add(obj.namespace)
            if obj.kind == "Namespace" and obj.name:
                self.namespaces.add(obj.name)
        #: Objects whose identity another object shares (hashed by object identity).
        self._shared: set[K8sObject] = {
            obj for same in self._by_identity.values() if len(same) > 1 for obj in same
        }

    def derived(self, key: str, build: Callable[[ObjectIndex], T]) -> T:
        """A structure derived from the whole index (a service registry, a table of what
        produces which Secret), built on first use and kept for the run."""
        if key not in self._derived:
            self._derived[key] = build(self)
        value: T = self._derived[key]
        return value

    @staticmethod
    def identity(obj: K8sObject) -> Identity:
        return (canonical_group(obj.group, obj.kind), obj.kind, obj.namespace, obj.name)

    def same_identity(self, obj: K8sObject) -> list[K8sObject]:
        """Every object with ``obj``'s group, kind, namespace and name (``obj`` included)."""
        return self._by_identity.get(self.identity(obj), [])

    def shares_identity(self, obj: K8sObject) -> bool:
        """Whether ``obj`` is indexed and another indexed object had its identity then: when
        False, ``same_identity(obj)`` holds nothing else that was indexed with ``obj``.
        One set lookup, for rules that ask it of every object."""
        return obj in self._shared

    def of_kind(
        self, kind: str, namespace: str | None = None, *, group: str | None = None
    ) -> list[K8sObject]:
        """Objects of a kind; in one namespace when ``namespace`` is given. A dict lookup:
        rules call this once per object they check."""
        if namespace is None and group is None:
            return self._by_kind.get(kind, [])
        return self._by_kind_in.get((kind, namespace, group), [])

    def get(
        self, kind: str, name: str, namespace: str | None, *, group: str | None = None
    ) -> K8sObject | None:
        """The first object with this identity (any group when ``group`` is None)."""
        if group is not None:
            found = self._by_identity.get((group, kind, namespace, name))
            return found[0] if found else None
        found = self._by_name.get((kind, namespace, name))
        return found[0] if found else None

    def declared_external(self, kind: str, name: str, namespace: str | None) -> bool:
        return any(e.matches(kind, name, namespace) for e in self.external)

    def exists(self, kind: str, name: str, namespace: str | None) -> bool:
        """Defined in the linted files or declared external."""
        return self.get(kind, name, namespace) is not None or self.declared_external(
            kind, name, namespace
        )

    def pod_owners(self, namespace: str | None = None) -> list[K8sObject]:
        """Objects that create pods (workloads and bare Pods), optionally in one namespace."""
        if self._pod_owners is None:
            by_namespace: dict[str | None, list[K8sObject]] = {None: []}
            for objs in self._by_kind.values():
                for obj in objs:
                    if obj.pod_spec_path() is not None:
                        by_namespace[None].append(obj)
                        by_namespace.setdefault(obj.namespace, []).append(obj)
            self._pod_owners = by_namespace
        return self._pod_owners.get(namespace, [])
