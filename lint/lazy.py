"""Keeping imports cheap: a run imports only the rules it needs, and each of their helper
modules should cost little more than reading its bytecode.

So regular expressions are compiled the first time they are used (:func:`regex`), data
files are read the first time something asks for them, and small records are plain classes
on :class:`Record` rather than dataclasses, whose generated methods are compiled with
``exec`` when the module is imported.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Callable
from typing import Any, AnyStr


def regex(source: AnyStr, flags: int = 0) -> Callable[[], re.Pattern[AnyStr]]:
    """A regular expression compiled the first time it is used.

    Define it at module level, ``_DIGITS = regex(r"[0-9]+")``, and call it where it is
    used: ``_DIGITS().fullmatch(text)``."""
    return functools.cache(lambda: re.compile(source, flags))


class Record:
    """A small record, immutable by convention: a subclass names its fields in ``__slots__``
    and sets them in ``__init__``; equality, hashing and ``repr`` come from those fields, as
    a frozen dataclass's would."""

    __slots__ = ()

    def _values(self) -> tuple[Any, ...]:
        fields: tuple[str, ...] = type(self).__slots__
        return tuple(getattr(self, name) for name in fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record) or other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields: tuple[str, ...] = type(self).__slots__
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in fields)
        return f"{type(self).__name__}({shown})"


def package_text(package: str, *parts: str) -> str:
    """The text of a data file shipped inside ``package`` (already imported).

    Read straight from the package's folder, as kubelint is installed: importing
    ``importlib.resources`` costs ~8 ms of every start (tempfile, shutil, zipfile), which
    is only needed for a package inside a zip archive (and then used)."""
    module = sys.modules.get(package) or __import__(package, fromlist=["_"])
    folder = next(iter(getattr(module, "__path__", ())), None)
    if folder is not None:
        try:
            with open(os.path.join(folder, *parts), encoding="utf-8") as fh:
                return fh.read()
        except OSError:
            pass
    from importlib import resources

    return resources.files(package).joinpath(*parts).read_text("utf-8")


def package_csv(package: str, *parts: str) -> list[dict[str, str]]:
    """The rows of a CSV file shipped inside ``package`` (see ``package_text``)."""
    import csv
    import io

    return list(csv.DictReader(io.StringIO(package_text(package, *parts))))


def package_modules(package: str) -> list[str]:
    """The public modules of ``package`` (already imported), by full name, sorted.

    One listdir of the package's folder, as for ``package_text`` (``pkgutil`` takes ten
    times as long, on every start); ``pkgutil`` only for a package inside a zip archive."""
    module = sys.modules.get(package) or __import__(package, fromlist=["_"])
    folder = next(iter(getattr(module, "__path__", ())), None)
    try:
        names = [n[:-3] for n in os.listdir(folder) if n.endswith(".py")] if folder else []
    except OSError:
        import pkgutil

        names = [info.name for info in pkgutil.iter_modules(module.__path__)]
    return sorted(f"{package}.{name}" for name in names if not name.startswith("_"))
