"""Kubernetes minor versions: parsing and the range kubelint knows about."""

from __future__ import annotations

from kubelint.lazy import regex

KubeVersion = tuple[int, int]

#: The newest Kubernetes release kubelint's API data was checked against; the default target.
NEWEST: KubeVersion = (1, 36)
#: The oldest release kubelint's API data describes.
OLDEST: KubeVersion = (1, 16)

_VERSION_RE = regex(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


def parse_version(text: str) -> KubeVersion:
    """``1.30``, ``v1.30`` or ``1.30.2`` -> (1, 30). Raises ValueError otherwise."""
    match = _VERSION_RE().match(str(text).strip())
    if not match:
        raise ValueError(f"{text!r} is not a Kubernetes version such as 1.30")
    return int(match.group(1)), int(match.group(2))


def format_version(version: KubeVersion) -> str:
    return f"{version[0]}.{version[1]}"
