"""CronJob schedules and time zones, read the way the API server reads them.

The API parses ``spec.schedule`` with the standard parser of the Go library robfig/cron:
five fields (minute, hour, day of month, month, day of week), each a comma-separated list of
``*``, ``?``, a number or a name, an ``a-b`` range and an optional ``/step``; or one of the
descriptors ``@yearly`` (``@annually``), ``@monthly``, ``@weekly``, ``@daily``
(``@midnight``), ``@hourly`` and ``@every <Go duration>``. Month and weekday names (``JAN``,
``mon``) are three letters in any case; the day of week runs from 0 (Sunday) to 6, so ``7``
is rejected. From Kubernetes 1.22 the library also reads a leading ``TZ=<zone>`` or
``CRON_TZ=<zone>``; from 1.29 the API refuses to create a CronJob whose schedule holds one.

Each check returns None when the text is valid, or a short reason (lower case, no period)
that a rule can put into its message: a clause of its own for a schedule (``minute 61 is
above 59 in '61'``), a predicate for a time zone name (``is not a time zone name``).
"""

from __future__ import annotations

import functools

from kubelint.lazy import Record, regex
from kubelint.versions import KubeVersion

#: From this release the parser reads a leading ``TZ=`` or ``CRON_TZ=`` as the time zone.
TZ_PREFIX_PARSED: KubeVersion = (1, 22)
#: From this release ``spec.timeZone`` is on by default (beta in 1.25, GA in 1.27); a schedule
#: with a ``TZ=`` prefix is rejected together with it.
TIME_ZONE_FIELD: KubeVersion = (1, 25)
#: From this release the API refuses to create a CronJob whose schedule holds TZ or CRON_TZ
#: (before, it only warned; updates of existing CronJobs still pass).
TZ_PREFIX_REJECTED: KubeVersion = (1, 29)

DESCRIPTORS = ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
EVERY = "@every "


class CronField(Record):
    __slots__ = ("high", "low", "name", "names")

    def __init__(self, name: str, low: int, high: int, names: tuple[str, ...] = ()) -> None:
        self.name = name
        self.low = low
        self.high = high
        self.names = names  # names[i] stands for low + i


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
FIELDS = (
    CronField("minute", 0, 59),
    CronField("hour", 0, 23),
    CronField("day of month", 1, 31),
    CronField("month", 1, 12, _MONTHS),
    CronField("day of week", 0, 6, _DAYS),
)

_INT_RE = regex(r"[+-]?[0-9]+")
_GO_DURATION_RE = regex(
    r"[+-]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)"
)
_INT64_MAX = 2**63 - 1


class TimeZonePrefix(Record):
    """A leading ``TZ=<zone>`` or ``CRON_TZ=<zone>`` in a schedule."""

    __slots__ = ("rest", "variable", "zone")

    def __init__(self, variable: str, zone: str, rest: str) -> None:
        self.variable = variable  # "TZ" or "CRON_TZ"
        self.zone = zone
        self.rest = rest  # the schedule after it, stripped; "" when nothing follows


def time_zone_prefix(schedule: str) -> TimeZonePrefix | None:
    """The ``TZ=``/``CRON_TZ=`` prefix of a schedule, or None when it has none."""
    for variable in ("TZ", "CRON_TZ"):
        if schedule.startswith(f"{variable}="):
            zone, _, rest = schedule[len(variable) + 1 :].partition(" ")
            return TimeZonePrefix(variable, zone, rest.strip())
    return None


def schedule_problem(schedule: str, *, tz_prefix: bool = True) -> str | None:
    """Why the API's parser rejects ``schedule``, or None when it accepts it.

    ``tz_prefix``: whether the parser reads a leading ``TZ=``/``CRON_TZ=`` (Kubernetes 1.22
    and later); before, such a prefix is a sixth field. An unknown zone in the prefix is
    reported only when the machine has a time zone database to check it against.
    """
    if not schedule:
        return "it is empty"
    prefix = time_zone_prefix(schedule) if tz_prefix else None
    if prefix is not None:
        if " " not in schedule:
            return f"nothing follows {prefix.variable}={prefix.zone}"
        if is_known_zone(prefix.zone, go_special=True) is False:
            return f"{prefix.variable}= names the unknown time zone {prefix.zone!r}"
        schedule = prefix.rest
    if schedule.startswith("@"):
        return _descriptor_problem(schedule)
    fields = schedule.split()
    if len(fields) != len(FIELDS):
        return f"it has {len(fields)} fields, not 5"
    for text, field in zip(fields, FIELDS, strict=True):
        for part in (p for p in text.split(",") if p):
            problem = _range_problem(part, field)
            if problem:
                return problem
    return None


def _descriptor_problem(spec: str) -> str | None:
    if spec in DESCRIPTORS:
        return None
    if spec.startswith(EVERY):
        duration = spec[len(EVERY) :]
        if not _GO_DURATION_RE().fullmatch(duration):
            return f"@every needs a duration such as 1h30m, not {duration!r}"
        return None
    return f"{spec!r} is not one of {', '.join(DESCRIPTORS)} or @every <duration>"


def _range_problem(expr: str, field: CronField) -> str | None:
    """One ``*``/``?``/``a``/``a-b``, with an optional ``/step``, of one field."""
    range_text, *steps = expr.split("/")
    bounds = range_text.split("-")
    if bounds[0] in ("*", "?"):
        start, end = field.low, field.high  # the parser ignores anything after "*-"
    else:
        if len(bounds) > 2:
            return f"{field.name} {expr!r} has more than one '-'"
        values = []
        for text in bounds:
            value = _number(text, field.names)
            if value is None:
                where = f"{text!r} in {expr!r}" if text and text != expr else repr(expr)
                return f"{field.name} {where} is not {_expected(field)}"
            values.append(value)
        start, end = values[0], values[-1]
    if len(steps) > 1:
        return f"{field.name} {expr!r} has more than one '/'"
    if steps:
        step = _number(steps[0], ())
        if step is None:
            return f"the step {steps[0]!r} in {field.name} {expr!r} is not a whole number"
        if len(bounds) == 1:
            end = field.high  # "a/step" runs from a to the end of the field
        if step == 0:
            return f"the step in {field.name} {expr!r} must be at least 1"
    if start < field.low:
        return f"{field.name} {start} is below {field.low} in {expr!r}"
    if end > field.high:
        hint = " (Sunday is 0)" if field.names == _DAYS and end == 7 else ""
        return f"{field.name} {end} is above {field.high}{hint} in {expr!r}"
    if start > end:
        return f"{field.name} range {expr!r} starts after it ends"
    return None


def _number(text: str, names: tuple[str, ...]) -> int | None:
    """A non-negative number (Go's Atoi syntax) or a name; None when it is neither."""
    if text.lower() in names:
        return names.index(text.lower()) + (1 if names == _MONTHS else 0)
    if not _INT_RE().fullmatch(text):
        return None
    value = int(text)
    return value if 0 <= value <= _INT64_MAX else None


def _expected(field: CronField) -> str:
    if field.names:
        return f"a number from {field.low} to {field.high} or a name like {field.names[1]!r}"
    return f"a number from {field.low} to {field.high}"


# --------------------------------------------------------------------------- time zones

_ZONE_PART_RE = regex(r"[A-Za-z.\-_0-9+]{1,14}")


@functools.cache
def _zone_names() -> frozenset[str]:
    import zoneinfo

    try:
        return frozenset(zoneinfo.available_timezones())
    except OSError:
        return frozenset()


def has_time_zone_database() -> bool:
    """Whether this machine has an IANA time zone database to check names against."""
    return bool(_zone_names())


def is_known_zone(name: str, *, go_special: bool = False) -> bool | None:
    """Whether ``name`` is an IANA time zone; None when no database is available.

    ``go_special``: also accept the names Go's LoadLocation knows without a database
    (``""``, ``UTC`` and ``Local``), as the schedule's ``TZ=`` prefix does.
    """
    if name == "UTC" or (go_special and name in ("", "Local")):
        return True
    names = _zone_names()
    if not names:
        return None
    return name in names


def time_zone_problem(name: str) -> str | None:
    """Why the API rejects ``name`` in ``spec.timeZone``, or None when it accepts it (or
    when no time zone database is available to tell)."""
    if not name:
        return "is empty"
    for part in name.split("/"):
        if part in (".", "..") or part.startswith("-") or not _ZONE_PART_RE().fullmatch(part):
            return "is not a time zone name"
    if name.lower() == "local":
        return "is not an explicit time zone"
    if is_known_zone(name) is False:
        return "is not in the IANA time zone database"
    return None
