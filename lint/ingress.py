"""Ingress backends and TLS entries, whatever the Ingress schema.

Three API versions served Ingress. ``networking.k8s.io/v1`` writes a backend as
``service: {name, port: {number | name}}`` (or ``resource:``, a typed reference that is not
a Service) and the catch-all as ``spec.defaultBackend``. The legacy ``extensions/v1beta1``
and ``networking.k8s.io/v1beta1`` write ``serviceName`` and ``servicePort`` (an int or a
port name) and the catch-all as ``spec.backend``.

Backends are read by their shape, not by the apiVersion: a legacy Ingress written with a v1
backend (a common half-migrated state) still names a Service the reader meant, and whether
the apiVersion is served is another rule's business.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.lazy import Record
from kubelint.objects import K8sObject, per_object

Path = tuple[Any, ...]

#: API groups that serve the Ingress kind.
INGRESS_GROUPS = frozenset({"networking.k8s.io", "extensions"})


#: The annotation that chose the controller before ``spec.ingressClassName`` (1.18).
INGRESS_CLASS_ANNOTATION = "kubernetes.io/ingress.class"
#: Classes a controller answers to through the annotation without any IngressClass object:
#: GKE's built-in controller.
ANNOTATION_ONLY_CLASSES = frozenset({"gce", "gce-internal"})


def is_ingress(obj: K8sObject) -> bool:
    return obj.kind == "Ingress" and obj.group in INGRESS_GROUPS


def ingress_class(obj: K8sObject) -> str | None:
    """The IngressClass named by the Ingress (field first, then the legacy annotation)."""
    name = obj.get("spec", "ingressClassName")
    if not isinstance(name, str) or not name:
        name = obj.annotations.get(INGRESS_CLASS_ANNOTATION)
    return name if isinstance(name, str) and name else None


class Backend(Record):
    """One Service backend of an Ingress.

    ``port`` is an int (a Service port number) or a str (a Service port name), or None when
    the backend gives none. Paths are inside the object, for pointing findings at the node.
    """

    __slots__ = ("path", "port", "port_path", "service", "service_path")

    def __init__(
        self, path: Path, service: str, service_path: Path, port: int | str | None, port_path: Path
    ) -> None:
        self.path = path  # the backend mapping
        self.service = service
        self.service_path = service_path  # the Service name
        self.port = port
        self.port_path = port_path  # the port value (or where it should be)


class TLSSecret(Record):
    """A ``spec.tls[].secretName`` of an Ingress."""

    __slots__ = ("name", "path")

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path


@per_object
def backend_paths(obj: K8sObject) -> Iterator[Path]:
    """Path of every backend mapping: the default backend, then each HTTP path's."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return
    for key in ("defaultBackend", "backend"):
        if isinstance(spec.get(key), dict):
            yield ("spec", key)
    rules = spec.get("rules")
    if not isinstance(rules, list):
        return
    for i, rule in enumerate(rules):
        http = rule.get("http") if isinstance(rule, dict) else None
        paths = http.get("paths") if isinstance(http, dict) else None
        if not isinstance(paths, list):
            continue
        for j, item in enumerate(paths):
            if isinstance(item, dict) and isinstance(item.get("backend"), dict):
                yield ("spec", "rules", i, "http", "paths", j, "backend")


@per_object
def backends(obj: K8sObject) -> Iterator[Backend]:
    """Every backend of an Ingress that names a Service (resource backends are skipped)."""
    for path in backend_paths(obj):
        backend = obj.get(*path)
        found = _v1_backend(backend, path) or _legacy_backend(backend, path)
        if found is not None:
            yield found


def _v1_backend(backend: Mapping[str, Any], path: Path) -> Backend | None:
    service = backend.get("service")
    if not isinstance(service, dict):
        return None
    name = service.get("name")
    if not isinstance(name, str) or not name:
        return None
    port_map = service.get("port")
    port: int | str | None = None
    port_path: Path = (*path, "service", "port")
    if isinstance(port_map, dict):
        number = port_map.get("number")
        port_name = port_map.get("name")
        if _is_int(number):
            port, port_path = number, (*port_path, "number")
        elif isinstance(port_name, str) and port_name:
            port, port_path = port_name, (*port_path, "name")
    return Backend(path, name, (*path, "service", "name"), port, port_path)


def _legacy_backend(backend: Mapping[str, Any], path: Path) -> Backend | None:
    name = backend.get("serviceName")
    if not isinstance(name, str) or not name:
        return None
    return Backend(
        path,
        name,
        (*path, "serviceName"),
        port_value(backend.get("servicePort")),
        (*path, "servicePort"),
    )


def port_value(value: Any) -> int | str | None:
    """An IntOrString port: an int, a port name, or None when it is neither.

    A string of digits is read as the number: controllers compare it with port numbers too.
    """
    if _is_int(value):
        return int(value)
    if isinstance(value, str) and value:
        return int(value) if value.isdigit() else value
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def tls_secrets(obj: K8sObject) -> Iterator[TLSSecret]:
    """Every ``spec.tls[].secretName`` that is set."""
    tls = obj.get("spec", "tls")
    if not isinstance(tls, list):
        return
    for i, entry in enumerate(tls):
        if not isinstance(entry, dict):
            continue
        name = entry.get("secretName")
        if isinstance(name, str) and name:
            yield TLSSecret(name, ("spec", "tls", i, "secretName"))
