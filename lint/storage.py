"""PersistentVolumes and the claims meant to bind them, judged the way the volume binder in
kube-controller-manager judges them.

A claim is matched to a volume in one of three ways, each checking a different set of
fields:

* ``spec.volumeName`` on the claim: the named volume must satisfy the claim entirely:
  capacity at least the request, the same storage class, the same volume mode, and every
  access mode the claim asks for. Otherwise the claim stays Pending.
* ``spec.claimRef`` on the volume (a reservation): the reserved claim takes that volume
  first when capacity, volume mode and access modes fit; the storage class is not
  compared.
* Neither: any available volume of the claim's class (and selector) that fits, the
  smallest first. A claim without ``storageClassName`` is given the cluster's default class
  by admission, so it never binds a volume written without a class.

Both sides read the storage class the binder's way: the legacy
``volume.beta.kubernetes.io/storage-class`` annotation first, then ``storageClassName``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from kubelint.index import ObjectIndex
from kubelint.kube import selector_matches
from kubelint.lazy import Record
from kubelint.objects import K8sObject
from kubelint.quantity import Quantity, parse_quantity, text_of

Path = tuple[Any, ...]

#: The annotation that named the class before ``spec.storageClassName`` (still honoured, and
#: read first).
CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"
#: The volume mode of a claim or volume that does not write one.
DEFAULT_VOLUME_MODE = "Filesystem"


def is_volume(obj: K8sObject) -> bool:
    return obj.kind == "PersistentVolume" and obj.group == ""


def is_claim(obj: K8sObject) -> bool:
    return obj.kind == "PersistentVolumeClaim" and obj.group == ""


def spec_of(obj: K8sObject) -> Mapping[str, Any]:
    spec = obj.get("spec")
    return spec if isinstance(spec, dict) else {}


# --------------------------------------------------------------------------- classes


def has_class(obj: K8sObject) -> bool:
    """Whether a class is chosen: any written storageClassName, "" included, or the
    legacy annotation."""
    return spec_of(obj).get("storageClassName") is not None or CLASS_ANNOTATION in obj.annotations


def class_path(obj: K8sObject) -> Path:
    """Where the class of ``obj`` is written (``spec.storageClassName`` when nowhere)."""
    if CLASS_ANNOTATION in obj.annotations:
        return ("metadata", "annotations", CLASS_ANNOTATION)
    return ("spec", "storageClassName")


def storage_class(obj: K8sObject) -> str | None:
    """The class a claim or volume asks for or belongs to, None when it names none.

    A volume naming none has the class "" for binding; a claim naming none gets the
    default class at admission, which the linted files cannot know.
    """
    annotated = obj.annotations.get(CLASS_ANNOTATION)
    if annotated is not None:
        return str(annotated)
    written = spec_of(obj).get("storageClassName")
    return str(written) if written is not None else None


def volume_class(pv: K8sObject) -> str:
    return storage_class(pv) or ""


# --------------------------------------------------------------------------- fields


def access_modes(obj: K8sObject) -> list[str] | None:
    modes = spec_of(obj).get("accessModes")
    return [str(m) for m in modes] if isinstance(modes, list) else None


def volume_mode(obj: K8sObject) -> str:
    mode = spec_of(obj).get("volumeMode")
    return mode if isinstance(mode, str) and mode else DEFAULT_VOLUME_MODE


REQUEST_PATH: Path = ("spec", "resources", "requests", "storage")
CAPACITY_PATH: Path = ("spec", "capacity", "storage")


def requested(claim: K8sObject) -> Quantity | None:
    return parse_quantity(claim.get(*REQUEST_PATH))


def capacity(pv: K8sObject) -> Quantity | None:
    return parse_quantity(pv.get(*CAPACITY_PATH))


def _bytes(quantity: Quantity) -> int:
    """The amount as the binder compares it: rounded up to a whole number."""
    return math.ceil(quantity.value)


class ClaimRef(Record):
    """A volume's ``spec.claimRef``: the claim it is reserved for."""

    __slots__ = ("name", "namespace")

    def __init__(self, name: str, namespace: str | None) -> None:
        self.name = name
        self.namespace = namespace  # None when not written


def claim_ref(pv: K8sObject) -> ClaimRef | None:
    ref = spec_of(pv).get("claimRef")
    if not isinstance(ref, dict) or not ref.get("name"):
        return None
    namespace = ref.get("namespace")
    return ClaimRef(str(ref["name"]), str(namespace) if namespace else None)


def reserved_for_another(pv: K8sObject, claim: K8sObject) -> ClaimRef | None:
    """The claimRef of ``pv`` when it reserves the volume for a claim other than ``claim``.

    A claim that does not write its namespace may be applied into the one the claimRef
    names, so only a written namespace counts as different.
    """
    ref = claim_ref(pv)
    if ref is None:
        return None
    if ref.name != claim.name:
        return ref
    if ref.namespace and claim.written_namespace and ref.namespace != claim.written_namespace:
        return ref
    return None


# --------------------------------------------------------------------------- binding


class Mismatch(Record):
    """One reason a volume cannot bind a claim.

    ``reason`` is ``capacity``, ``access-modes``, ``volume-mode`` or ``class``; the paths
    point at the field on each side (for access modes, the claim's first mode the volume
    lacks); ``wanted`` and ``offered`` are the values for a message (for access modes, the
    modes the volume lacks and the modes it lists).
    """

    __slots__ = ("claim_path", "offered", "reason", "volume_path", "wanted")

    def __init__(
        self, reason: str, claim_path: Path, volume_path: Path, wanted: str, offered: str
    ) -> None:
        self.reason = reason
        self.claim_path = claim_path
        self.volume_path = volume_path
        self.wanted = wanted
        self.offered = offered


def mismatches(pv: K8sObject, claim: K8sObject, *, compare_class: bool) -> Iterator[Mismatch]:
    """Why ``pv`` cannot bind ``claim``, field by field, as far as the files tell.

    ``compare_class`` is True for a claim naming the volume in ``volumeName`` (the binder
    then compares classes) and False for a volume reserving the claim in ``claimRef``.
    A claim without a class is never compared: its class is the cluster's default.
    """
    wanted, offered = requested(claim), capacity(pv)
    if wanted is not None and offered is not None and _bytes(offered) < _bytes(wanted):
        yield Mismatch(
            "capacity",
            REQUEST_PATH,
            CAPACITY_PATH,
            text_of(claim.get(*REQUEST_PATH)),
            text_of(pv.get(*CAPACITY_PATH)),
        )
    claim_modes, volume_modes = access_modes(claim), access_modes(pv)
    if claim_modes and volume_modes is not None:
        lacking = [i for i, mode in enumerate(claim_modes) if mode not in volume_modes]
        if lacking:
            yield Mismatch(
                "access-modes",
                ("spec", "accessModes", lacking[0]),
                ("spec", "accessModes"),
                ", ".join(claim_modes[i] for i in lacking),
                ", ".join(volume_modes) or "none",
            )
    if volume_mode(claim) != volume_mode(pv):
        yield Mismatch(
            "volume-mode",
            ("spec", "volumeMode"),
            ("spec", "volumeMode"),
            volume_mode(claim),
            volume_mode(pv),
        )
    claim_class = storage_class(claim)
    if compare_class and claim_class is not None and claim_class != volume_class(pv):
        yield Mismatch("class", class_path(claim), class_path(pv), claim_class, volume_class(pv))


def could_bind_unclassed(pv: K8sObject, claim: K8sObject) -> bool:
    """Whether ``pv`` would be chosen for ``claim`` (no ``volumeName``) if their classes
    matched: not reserved for another claim, every access mode, the volume mode, the
    claim's selector and the capacity fit."""
    pv_spec, spec = spec_of(pv), spec_of(claim)
    ref = pv_spec.get("claimRef")
    if isinstance(ref, dict) and ref.get("name"):
        if ref.get("name") != claim.name:
            return False
        if ref.get("namespace", claim.namespace) != claim.namespace:
            return False
    wanted = spec.get("accessModes")
    offered = pv_spec.get("accessModes")
    if not isinstance(wanted, list) or not isinstance(offered, list):
        return False
    if not set(map(str, wanted)) <= set(map(str, offered)):
        return False
    if spec.get("volumeMode", DEFAULT_VOLUME_MODE) != pv_spec.get(
        "volumeMode", DEFAULT_VOLUME_MODE
    ):
        return False
    selector = spec.get("selector")
    if isinstance(selector, dict) and not selector_matches(selector, pv.labels):
        return False
    amount, size = requested(claim), capacity(pv)
    return amount is not None and size is not None and size.value >= amount.value


# --------------------------------------------------------------------------- lookups


def volume_named(index: ObjectIndex, name: str) -> K8sObject | None:
    return index.get("PersistentVolume", name, None, group="")


def unclassed_volumes(index: ObjectIndex) -> list[K8sObject]:
    """PersistentVolumes written without a class, in file order (built once per run)."""
    return _unclassed(index)[0]


def unclassed_volume_named(index: ObjectIndex, name: str) -> K8sObject | None:
    """The first PersistentVolume named ``name`` among those written without a class."""
    return _unclassed(index)[1].get(name)


def _unclassed(index: ObjectIndex) -> tuple[list[K8sObject], dict[str, K8sObject]]:
    return index.derived("storage.unclassed_volumes", _build_unclassed)


def _build_unclassed(index: ObjectIndex) -> tuple[list[K8sObject], dict[str, K8sObject]]:
    volumes = [
        pv
        for pv in index.of_kind("PersistentVolume", group="")
        if isinstance(pv.get("spec"), dict) and not has_class(pv)
    ]
    by_name: dict[str, K8sObject] = {}
    for pv in volumes:
        by_name.setdefault(pv.name, pv)
    return volumes, by_name


def reserved_claim(index: ObjectIndex, pv: K8sObject) -> K8sObject | None:
    """The claim in the linted files that ``pv`` reserves with its claimRef, if any."""
    ref = claim_ref(pv)
    if ref is None or ref.namespace is None:
        return None
    found = index.get("PersistentVolumeClaim", ref.name, ref.namespace, group="")
    if found is not None:
        return found
    # A claim that does not write its namespace may be applied into the reserved one.
    for claim in _claims_by_name(index).get(ref.name, []):
        if claim.written_namespace is None:
            return claim
    return None


def _claims_by_name(index: ObjectIndex) -> dict[str, list[K8sObject]]:
    return index.derived("storage.claims_by_name", _build_claims_by_name)


def _build_claims_by_name(index: ObjectIndex) -> dict[str, list[K8sObject]]:
    table: dict[str, list[K8sObject]] = {}
    for claim in index.of_kind("PersistentVolumeClaim", group=""):
        table.setdefault(claim.name, []).append(claim)
    return table
