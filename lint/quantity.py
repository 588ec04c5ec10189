"""Resource quantities (``500m``, ``128Mi``, ``1.5e3``) read exactly as the API server reads
them, and where quantities live in Kubernetes objects.

The grammar is apimachinery's ``resource.ParseQuantity``: an optional sign, digits with an
optional fraction, then one suffix: binary SI (``Ki`` ... ``Ei``), decimal SI (``n``, ``u``,
``m``, none, ``k``, ``M``, ``G``, ``T``, ``P``, ``E``) or a decimal exponent (``e3``,
``E-2``). The API's corner cases are kept on purpose, so that kubelint never calls invalid
what the API accepts: a lone sign or dot is zero, ``1.`` and ``.5`` are numbers, surrounding
whitespace is trimmed, non-zero amounts finer than one nano round up to it, and binary
amounts are capped at 2^63-1. Values are exact fractions.

YAML numbers are accepted (kubectl sends them as JSON numbers, which the API parses the same
way); booleans, lists, mappings and non-finite floats are not quantities.
"""

from __future__ import annotations

import decimal as decimal_module
import math
import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from functools import lru_cache
from typing import Any

from kubelint.index import ObjectIndex
from kubelint.kube import Container
from kubelint.lazy import Record, regex
from kubelint.objects import K8sObject, per_object
from kubelint.registry import Problem

Path = tuple[Any, ...]

#: Decimal SI suffixes and their powers of ten.
DECIMAL_SUFFIXES: dict[str, int] = {
    "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
}  # fmt: skip
#: Binary SI suffixes and their powers of two.
BINARY_SUFFIXES: dict[str, int] = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}

_NANO = 10**9
_INT64_MAX = 2**63 - 1
_INT32_MAX = 2**31 - 1
#: What Go's strings.TrimSpace removes (Python's str.strip also removes \x1c-\x1f).
_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
#: Decimal exponents beyond this are clamped, and amounts beyond 10^400 are taken as 10^400:
#: such amounts are absurd, and computing 10^2147483647 exactly is not worth a linter's time.
_MAX_SCALE = 400
_HUGE = Fraction(10**_MAX_SCALE)

# Mirrors the API's hand-written scanner: sign, integer digits, optional dot and fraction
# digits, then a run of suffix letters, an optional sign and digits (the suffix is checked
# afterwards). Every string this matches, the scanner splits the same way.
_QUANTITY_RE = regex(r"([+-]?)([0-9]*)(?:(\.)([0-9]*))?([eEinumkKMGTP]*[+-]?[0-9]*)")
_EXPONENT_RE = regex(r"[eE]([+-]?[0-9]+)")


class Quantity(Record):
    """A parsed quantity."""

    __slots__ = ("number", "suffix", "value")

    def __init__(self, value: Fraction, number: Fraction, suffix: str) -> None:
        self.value = value  # the amount the API stores (after its rounding and capping)
        self.number = number  # the number as written, before the suffix
        self.suffix = suffix  # as written: "", "m", "Mi", "e3"...

    @property
    def binary(self) -> bool:
        """The suffix is a binary one (Ki, Mi...), which only makes sense for bytes."""
        return self.suffix in BINARY_SUFFIXES

    @property
    def negative(self) -> bool:
        """Below zero (the sign of a Fraction is its numerator's: faster than ``value < 0``)."""
        return self.value.numerator < 0

    @property
    def positive(self) -> bool:
        """Above zero (see ``negative``)."""
        return self.value.numerator > 0

    @property
    def unitless(self) -> bool:
        """A bare number: no suffix at all (``128``, ``0.5``)."""
        return self.suffix == ""


def parse_quantity(value: Any) -> Quantity | None:
    """The quantity ``value`` (a YAML string, int or float) means, or None if the API would
    reject it."""
    if isinstance(value, str):  # the usual case first
        return _parse(value.strip(_SPACE))
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if abs(value) >= _HUGE:
            return Quantity(_HUGE if value > 0 else -_HUGE, Fraction(value), "")
        return _parse(str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return _parse(repr(value))
    return None


@lru_cache(maxsize=8192)
def _parse(text: str) -> Quantity | None:
    if not text:
        return None
    match = _QUANTITY_RE().fullmatch(text)
    if match is None:
        return None
    sign, whole, _dot, fraction, suffix = match.groups()
    negative = sign == "-"
    num = whole.lstrip("0") or "0"
    denom = fraction or ""
    has_digits = bool(whole or fraction)

    binary = suffix in BINARY_SUFFIXES
    if suffix in DECIMAL_SUFFIXES:
        exponent = DECIMAL_SUFFIXES[suffix]
    elif binary:
        exponent = BINARY_SUFFIXES[suffix]
    else:
        exp_match = _EXPONENT_RE().fullmatch(suffix)
        if exp_match is None:
            return None
        exponent = int(exp_match.group(1))
        if abs(exponent) > _INT32_MAX:
            return None  # the API stores the exponent as an int32 and negates it

    mantissa = _integer(num + denom)
    number = Fraction(-mantissa if negative else mantissa, 10 ** len(denom))

    if binary:
        scaled = mantissa << exponent
        precision = 15 - len(num) - exponent * 3 // 10 - 1
        if not denom and precision >= 0 and scaled <= _INT64_MAX:
            amount = Fraction(scaled)  # the API's fast path: exact, no rounding
        elif not has_digits:
            return None  # the API's slow path cannot read a number without digits
        else:
            amount = _round_up_to_nano(abs(number) * 2**exponent)
            amount = min(amount, Fraction(_INT64_MAX))
    else:
        scale = exponent - len(denom)
        fast = 18 - len(num) - len(denom) >= 0 and scale >= -9
        if not fast and not has_digits:
            return None
        amount = _scaled(mantissa, len(num) + len(denom), scale)
    amount = min(amount, _HUGE)
    return Quantity(-amount if negative else amount, number, suffix)


def _integer(digits: str) -> int:
    """int(digits), also beyond the 4300 digits Python converts in one go."""
    if len(digits) <= 4000:
        return int(digits)
    value = 0
    for start in range(0, len(digits), 4000):
        chunk = digits[start : start + 4000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value


def _scaled(mantissa: int, digits: int, scale: int) -> Fraction:
    """mantissa (of ``digits`` digits) * 10^scale, rounded up to a multiple of 10^-9 when
    non-zero."""
    if mantissa == 0:
        return Fraction(0)
    if scale >= 0:
        return Fraction(mantissa * 10 ** min(scale, _MAX_SCALE))
    if scale < -(digits + 9):
        return Fraction(1, _NANO)  # below one nano: the API rounds it up to one nano
    return _round_up_to_nano(Fraction(mantissa, 10**-scale))


def _round_up_to_nano(amount: Fraction) -> Fraction:
    nanos = amount * _NANO
    if nanos.denominator == 1:
        return amount
    return Fraction(math.ceil(nanos), _NANO)


# --------------------------------------------------------------------------- display


def show(value: Any) -> str:
    """A YAML value for a message: strings quoted, numbers and booleans as YAML writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    return _number_text(value)


def _number_text(value: Any) -> str:
    if isinstance(value, int) and abs(value) >= _HUGE:
        return format(decimal_module.Decimal(value), ".6e")  # str() refuses > 4300 digits
    return str(value)


def text_of(value: Any) -> str:
    """The quantity as written, unquoted (numbers as YAML spells them)."""
    if isinstance(value, float):
        return repr(value)
    return _number_text(value).strip()


def decimal(amount: Fraction) -> str:
    """An exact decimal rendering of an amount whose denominator divides 10^9."""
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole, rest = divmod(amount.numerator, amount.denominator)
    if rest == 0:
        return f"{sign}{whole}"
    digits = str(rest * _NANO // amount.denominator).rjust(9, "0").rstrip("0")
    return f"{sign}{whole}.{digits}"


# --------------------------------------------------------------------------- common mistakes

_BYTE_UNIT_RE = regex(r"([+-]?[0-9]*\.?[0-9]*)\s*([kKmMgGtTpPeE])(i?)[bB]")
_WRONG_CASE = {w: s for s in BINARY_SUFFIXES for w in (s.lower(), s.upper())} | {
    "K": "k", "g": "G", "t": "T", "p": "P",
}  # fmt: skip
_CORES_RE = regex(r"([0-9]*\.?[0-9]+)\s*(cores?|cpus?|vcpus?)", re.IGNORECASE)
_MILLICORES_RE = regex(r"([0-9]+)\s*(millicores?|millicpus?|mcpus?)", re.IGNORECASE)


class ByteUnits(Record):
    """``512MB`` spelled the two ways Kubernetes understands."""

    __slots__ = ("binary", "decimal")

    def __init__(self, decimal: str, binary: str) -> None:
        self.decimal = decimal  # 512M
        self.binary = binary  # 512Mi


def byte_units(value: Any) -> ByteUnits | None:
    """For a value written with a byte unit (``512MB``, ``1GiB``, ``10 gb``), its decimal and
    binary spellings."""
    if not isinstance(value, str):
        return None
    match = _BYTE_UNIT_RE().fullmatch(value.strip())
    if match is None or not any(c.isdigit() for c in match.group(1)):
        return None
    number, letter = match.group(1), match.group(2).upper()
    return ByteUnits(number + ("k" if letter == "K" else letter), f"{number}{letter}i")


def correction(value: Any) -> str | None:
    """A valid spelling for an invalid quantity with a common mistake: wrong case (``1gi``,
    ``2K``), spaces (``1 Gi``), a decimal comma (``0,5``), words (``2 cores``,
    ``500 millicores``). None when nothing obvious fits."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    candidates: list[str] = []
    compact = re.sub(r"\s+", "", text)
    candidates.append(compact)
    if re.fullmatch(r"[0-9]+,[0-9]+[a-zA-Z]*", compact):
        candidates.append(compact.replace(",", "."))
    for wrong, right in _WRONG_CASE.items():
        if compact.endswith(wrong) and len(compact) > len(wrong):
            candidates.append(compact[: -len(wrong)] + right)
    cores = _CORES_RE().fullmatch(text)
    if cores:
        candidates.append(cores.group(1))
    millicores = _MILLICORES_RE().fullmatch(text)
    if millicores:
        candidates.append(millicores.group(1) + "m")
    for candidate in candidates:
        if candidate != text and parse_quantity(candidate) is not None:
            return candidate
    return None


# --------------------------------------------------------------------------- resources


@lru_cache(maxsize=1024)
def resource_unit(name: str) -> str | None:
    """``"bytes"`` or ``"cpu"`` for resource names measured in them, including quota keys
    such as ``requests.memory`` or ``gold.storageclass.storage.k8s.io/requests.storage``;
    None for counts and extended resources."""
    base = name.rpartition("/")[2] if "storageclass.storage.k8s.io/" in name else name
    for prefix in ("requests.", "limits."):
        if base.startswith(prefix):
            base = base[len(prefix) :]
            break
    if base in ("memory", "storage", "ephemeral-storage") or base.startswith("hugepages-"):
        return "bytes"
    if base == "cpu":
        return "cpu"
    return None


class QuantityField(Record):
    """One quantity in an object: ``limits.memory`` of a container, ``spec.hard.pods``..."""

    __slots__ = ("path", "resource", "role", "value")

    def __init__(self, path: Path, resource: str, value: Any, role: str) -> None:
        self.path = path  # of the value inside its object
        self.resource = resource  # the key: "memory", "requests.storage", "sizeLimit"
        self.value = value  # as loaded from YAML (never None)
        #: "pod" (what one container or pod gets: container and pod-level requests and limits,
        #: LimitRange bounds and defaults), "ratio" (a LimitRange maxLimitRequestRatio), "total"
        #: (a ResourceQuota's hard), "amount" (sizes of volumes and claims).
        self.role = role

    @property
    def label(self) -> str:
        """The value's map and key as written, such as ``limits.memory``."""
        return f"{self.path[-2]}.{self.path[-1]}"

    @property
    def unit(self) -> str | None:
        if self.resource == "sizeLimit":
            return "bytes"
        return resource_unit(self.resource)


#: Kinds besides pod-bearing ones whose spec holds quantities.
QUANTITY_KINDS: frozenset[str] = frozenset(
    {"PersistentVolumeClaim", "PersistentVolume", "ResourceQuota", "LimitRange"}
)


def resource_containers(obj: K8sObject) -> Iterator[Container]:
    """Containers and init containers: every container that may set resources (ephemeral
    containers may not)."""
    for container in obj.containers():
        if container.list_name != "ephemeralContainers":
            yield container


@per_object
def quantity_fields(obj: K8sObject) -> list[QuantityField]:
    """Every quantity the object sets: container and pod-level requests and limits, emptyDir
    size limits, claim templates, PVC requests and limits, PV capacity, ResourceQuota hard,
    LimitRange limits. Found once per object."""
    found: list[QuantityField] = []
    spec_path = obj.spec_path
    if spec_path is not None:
        for container in resource_containers(obj):
            _requirements(found, container.data, container.path, "pod")
        pod_spec = obj.pod_spec()
        if pod_spec is not None:
            _requirements(found, pod_spec, spec_path, "pod")
            volumes = pod_spec.get("volumes")
            if isinstance(volumes, list):
                _volume_quantities(found, volumes, (*spec_path, "volumes"))
    group = obj.group
    if group != "" and group != "apps":
        return found
    spec = obj.data.get("spec")
    if not isinstance(spec, dict):
        return found
    kind = obj.kind
    if kind == "StatefulSet":
        templates = spec.get("volumeClaimTemplates")
        for i, template in enumerate(templates if isinstance(templates, list) else ()):
            claim_spec = template.get("spec") if isinstance(template, dict) else None
            if isinstance(claim_spec, dict):
                path = ("spec", "volumeClaimTemplates", i, "spec")
                _requirements(found, claim_spec, path, "amount")
    if group != "":
        return found
    if kind == "PersistentVolumeClaim":
        _requirements(found, spec, ("spec",), "amount")
    elif kind == "PersistentVolume":
        _entries(found, spec.get("capacity"), ("spec", "capacity"), "amount")
    elif kind == "ResourceQuota":
        _entries(found, spec.get("hard"), ("spec", "hard"), "total")
    elif kind == "LimitRange":
        limits = spec.get("limits")
        for i, item in enumerate(limits if isinstance(limits, list) else ()):
            if not isinstance(item, dict):
                continue
            for key in ("max", "min", "default", "defaultRequest", "maxLimitRequestRatio"):
                role = "ratio" if key == "maxLimitRequestRatio" else "pod"
                _entries(found, item.get(key), ("spec", "limits", i, key), role)
    return found


def _requirements(
    found: list[QuantityField], holder: Mapping[str, Any], path: Path, role: str
) -> None:
    """Add the requests and limits of the ``resources`` of ``holder`` to ``found``."""
    resources = holder.get("resources")
    if isinstance(resources, dict):
        for key in ("requests", "limits"):
            _entries(found, resources.get(key), (*path, "resources", key), role)


def _entries(found: list[QuantityField], mapping: Any, path: Path, role: str) -> None:
    if isinstance(mapping, dict):
        for key, value in mapping.items():
            if value is not None:
                found.append(QuantityField((*path, key), str(key), value, role))


def _volume_quantities(found: list[QuantityField], volumes: list[Any], path: Path) -> None:
    for i, volume in enumerate(volumes):
        if not isinstance(volume, dict):
            continue
        empty_dir = volume.get("emptyDir")
        if isinstance(empty_dir, dict) and empty_dir.get("sizeLimit") is not None:
            found.append(
                QuantityField(
                    (*path, i, "emptyDir", "sizeLimit"),
                    "sizeLimit",
                    empty_dir["sizeLimit"],
                    "amount",
                )
            )
        claim = volume.get("ephemeral")
        template = claim.get("volumeClaimTemplate") if isinstance(claim, dict) else None
        claim_spec = template.get("spec") if isinstance(template, dict) else None
        if isinstance(claim_spec, dict):
            where = (*path, i, "ephemeral", "volumeClaimTemplate", "spec")
            _requirements(found, claim_spec, where, "amount")


# --------------------------------------------------------------------------- defaults


class Default(Record):
    """A value a LimitRange fills in for containers that leave it out."""

    __slots__ = ("limit_range", "value")

    def __init__(self, value: Any, limit_range: str) -> None:
        self.value = value
        self.limit_range = limit_range  # the LimitRange's name


class ContainerDefaults(Record):
    """What LimitRanges in a namespace give a container that sets no request or limit for a
    resource, by resource name."""

    __slots__ = ("limits", "requests")

    def __init__(self, requests: Mapping[str, Default], limits: Mapping[str, Default]) -> None:
        self.requests = requests
        self.limits = limits


def container_defaults(index: ObjectIndex, namespace: str | None) -> ContainerDefaults:
    """The defaults LimitRanges (type Container) in ``namespace`` apply, as the API fills
    them in: a default limit comes from ``default``, else ``max``; a default request from
    ``defaultRequest``, else the default limit, else ``min``. The first LimitRange that sets
    a resource wins."""
    known: dict[str | None, ContainerDefaults]
    known = index.derived("quantity.container_defaults", lambda _: {})
    found = known.get(namespace)
    if found is None:  # pods of a namespace share them: work them out once a run
        found = known[namespace] = _container_defaults(index, namespace)
    return found


def _container_defaults(index: ObjectIndex, namespace: str | None) -> ContainerDefaults:
    requests: dict[str, Default] = {}
    limits: dict[str, Default] = {}
    for limit_range in index.of_kind("LimitRange", namespace, group=""):
        items = limit_range.get("spec", "limits")
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict) or item.get("type") != "Container":
                continue
            own_limits: dict[str, Any] = {}
            own_requests: dict[str, Any] = {}
            for key, target in (
                ("default", own_limits),
                ("max", own_limits),
                ("defaultRequest", own_requests),
            ):
                _fill(target, item.get(key))
            _fill(own_requests, own_limits)
            _fill(own_requests, item.get("min"))
            for target, own in ((limits, own_limits), (requests, own_requests)):
                for name, value in own.items():
                    target.setdefault(name, Default(value, limit_range.name))
    return ContainerDefaults(requests, limits)


def _fill(target: dict[str, Any], source: Any) -> None:
    if isinstance(source, dict):
        for key, value in source.items():
            if value is not None:
                target.setdefault(str(key), value)


def requirements(holder: Mapping[str, Any]) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """``resources.requests`` and ``resources.limits`` of a container or pod spec, with null
    entries left out (empty mappings where they are missing or malformed)."""
    resources = holder.get("resources")
    if not isinstance(resources, dict):
        return {}, {}
    return _set_entries(resources.get("requests")), _set_entries(resources.get("limits"))


def _set_entries(entries: Any) -> dict[str, Any]:
    if not isinstance(entries, dict):
        return {}
    return {str(k): v for k, v in entries.items() if v is not None}


@per_object
def container_requirements(
    obj: K8sObject,
) -> list[tuple[Container, Mapping[str, Any], Mapping[str, Any]]]:
    """(container, requests, limits) for every container that may set resources (see
    ``requirements``), found once per object."""
    return [(container, *requirements(container.data)) for container in resource_containers(obj)]


def requirements_path(container: Container, key: str) -> tuple[Path, bool]:
    """Where a finding about a missing request or limit points, and whether at the key: the
    ``requests:``/``limits:`` key when it exists, else the ``resources:`` key, else the
    container's name."""
    resources = container.data.get("resources")
    if isinstance(resources, dict):
        if key in resources:
            return (*container.path, "resources", key), True
        return (*container.path, "resources"), True
    if "resources" in container.data:
        return (*container.path, "resources"), True
    if "name" in container.data:
        return (*container.path, "name"), False
    return container.path, False


#: The first Kubernetes release where pod-level ``spec.resources`` is on by default (beta).
POD_LEVEL_RESOURCES = (1, 34)


def missing_limits(obj: K8sObject, index: ObjectIndex, kube_version: tuple[int, int],
                   resource: str) -> Iterator[Problem]:  # fmt: skip
    """Containers with no limit for ``resource`` from anywhere: their own, the pod-level
    one, or their namespace's LimitRange default. The Problems of the missing-*-limit
    rules: ``missing`` (fields ``container``), or ``with-request`` when the container
    requests the resource (fields ``container``, ``request``)."""
    _, pod_limits = pod_level_requirements(obj, kube_version)
    if resource in pod_limits:
        return
    defaults = None
    for container, requests, limits in container_requirements(obj):
        if resource in limits:
            continue
        if defaults is None:
            defaults = container_defaults(index, obj.namespace)
        if resource in defaults.limits:
            continue
        path, on_key = requirements_path(container, "limits")
        request = requests.get(resource)
        if request is None:
            yield Problem("missing", path, on_key=on_key, container=container.name)
        else:
            yield Problem(
                "with-request", path, on_key=on_key, container=container.name, request=show(request)
            )


def pod_level_requirements(
    obj: K8sObject, kube_version: tuple[int, int]
) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    """The pod-level ``resources.requests`` and ``resources.limits`` (which cover the pod's
    containers), or empty mappings before the release that enables them."""
    spec = obj.pod_spec()
    if spec is None or kube_version < POD_LEVEL_RESOURCES:
        return {}, {}
    return requirements(spec)
