"""Groups of fields of which the API server accepts only one, although the OpenAPI schema
lets a manifest set several: the sources of a volume, of an env var's ``valueFrom`` and of an
``envFrom`` entry, and the two kinds of Ingress backend and of backend port. Setting two is
usually an indentation slip or a copy-paste, or the leftover of ``kubectl apply`` merging a
changed field into the live one. (The actions of probes and lifecycle hooks are in
``podspec.py``.)

A field counts as set when it is present and not null (the API decodes ``key: null`` to
nothing); an Ingress backend port also counts ``""`` and ``0`` as unset, as the API does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from kubelint import ingress
from kubelint.lazy import Record
from kubelint.objects import K8sObject

Path = tuple[Any, ...]

#: The sources a volume may take its data from (every VolumeSource field).
VOLUME_SOURCES = frozenset(
    {
        "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "configMap",
        "csi", "downwardAPI", "emptyDir", "ephemeral", "fc", "flexVolume", "flocker",
        "gcePersistentDisk", "gitRepo", "glusterfs", "hostPath", "image", "iscsi", "nfs",
        "persistentVolumeClaim", "photonPersistentDisk", "portworxVolume", "projected",
        "quobyte", "rbd", "scaleIO", "secret", "storageos", "vsphereVolume",
    }
)  # fmt: skip
#: Where an env var's ``valueFrom`` may read (``fileKeyRef`` from 1.34).
VALUE_FROM_SOURCES = frozenset(
    {"fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"}
)
#: What an ``envFrom`` entry may import.
ENV_FROM_SOURCES = frozenset({"configMapRef", "secretRef"})

#: Update strategies whose type forbids a ``rollingUpdate`` block, by (API group, kind): the
#: path of the strategy and the type. A DaemonSet with ``OnDelete`` accepts and ignores one.
ROLLING_UPDATE_FORBIDDEN: dict[tuple[str, str], tuple[Path, str]] = {
    ("apps", "Deployment"): (("spec", "strategy"), "Recreate"),
    ("extensions", "Deployment"): (("spec", "strategy"), "Recreate"),
    ("apps", "StatefulSet"): (("spec", "updateStrategy"), "OnDelete"),
}


class OneOf(Record):
    """A mapping that sets more than one field of a group the API accepts one of.

    ``group`` names the group (``volume``, ``value-from``, ``env-from``, ``backend``,
    ``backend-port``); ``about`` says whose mapping it is, for messages (``name``,
    ``container``...).
    """

    __slots__ = ("about", "group", "keys", "path")

    def __init__(
        self, group: str, path: Path, keys: tuple[str, ...], about: dict[str, Any] | None = None
    ) -> None:
        self.group = group
        self.path = path  # the mapping
        self.keys = keys  # the fields set, in written order
        self.about: dict[str, Any] = about if about is not None else {}


def set_fields(
    mapping: Any, names: Iterable[str], unset: tuple[Any, ...] = (None,)
) -> tuple[str, ...]:
    """The keys of ``mapping`` among ``names`` whose value is set, in written order."""
    if not isinstance(mapping, dict):
        return ()
    wanted = names if isinstance(names, frozenset) else frozenset(names)
    found = [k for k in mapping if k in wanted]  # most mappings hold one field of a group
    if not found:
        return ()
    return tuple(k for k in found if not _unset(mapping[k], unset))


def _unset(value: Any, unset: tuple[Any, ...]) -> bool:
    if unset == (None,):  # the common case, without a generator
        return value is None
    return any(value is u or (type(value) is type(u) and value == u) for u in unset)


def one_of_violations(obj: K8sObject) -> Iterator[OneOf]:
    """Every mapping of ``obj`` that sets two or more fields of an exclusive group."""
    if obj.spec_path is None and not ingress.is_ingress(obj):
        return  # the groups are in pod specs and Ingresses: most objects have neither
    found = (*_pod_groups(obj), *_ingress_groups(obj))
    yield from (group for group in found if len(group.keys) > 1)


def _pod_groups(obj: K8sObject) -> Iterator[OneOf]:
    spec_path, spec = obj.pod_spec_path(), obj.pod_spec()
    if spec_path is None or spec is None:
        return
    # Only mappings that set two fields of a group are reported: the others make no record.
    # set_fields returns keys of the mapping, so a mapping of one entry (the usual envFrom
    # entry or valueFrom) is skipped without calling it.
    for i, volume in _items(spec.get("volumes")):
        if len(volume) < 2:
            continue
        keys = set_fields(volume, VOLUME_SOURCES)
        if len(keys) > 1:
            path = (*spec_path, "volumes", i)
            yield OneOf("volume", path, keys, {"name": volume.get("name")})
    for container in obj.containers():
        data = container.data
        for i, env in _items(data.get("env")):
            value_from = env.get("valueFrom")
            if not isinstance(value_from, dict) or len(value_from) < 2:
                continue
            keys = set_fields(value_from, VALUE_FROM_SOURCES)
            if len(keys) > 1:
                path = (*container.path, "env", i, "valueFrom")
                about = {"container": container.name, "name": env.get("name")}
                yield OneOf("value-from", path, keys, about)
        for i, entry in _items(data.get("envFrom")):
            if len(entry) < 2:
                continue
            keys = set_fields(entry, ENV_FROM_SOURCES)
            if len(keys) > 1:
                path = (*container.path, "envFrom", i)
                yield OneOf("env-from", path, keys, {"container": container.name})


def _ingress_groups(obj: K8sObject) -> Iterator[OneOf]:
    if not ingress.is_ingress(obj):
        return
    for path in ingress.backend_paths(obj):
        backend = obj.get(*path)
        # A legacy backend names its Service with serviceName/servicePort.
        keys = set_fields(backend, ("service", "serviceName", "servicePort", "resource"))
        targets = [k for k in keys if k != "servicePort" or "serviceName" not in keys]
        yield OneOf("backend", path, tuple(targets))
        port_path = (*path, "service", "port")
        port = obj.get(*port_path)
        keys = set_fields(port, ("name", "number"), unset=(None, "", 0))
        if keys:
            about = {"name": port.get("name"), "number": port.get("number")}
            yield OneOf("backend-port", port_path, keys, about)


def _items(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def written_order(mapping: Mapping[str, Any], first: str, second: str) -> tuple[str, str]:
    """``first`` and ``second`` sorted by where they are written in ``mapping``."""
    keys = list(mapping)
    if first in keys and second in keys and keys.index(second) < keys.index(first):
        return second, first
    return first, second
