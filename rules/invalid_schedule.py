"""A CronJob's `schedule` or `timeZone` is not one the API server accepts.

## Why
The schema only says that `spec.schedule` is a string; the API server parses it when the
CronJob is applied and rejects anything its cron parser does not read: a wrong number of
fields, a minute of 60 or a day of month of 0, a day of week of 7 (Sunday is 0), an unknown
month or weekday name, an unknown `@descriptor`. `spec.timeZone` must name a zone of the IANA
time zone database (`Europe/Berlin`, `Etc/UTC`), not an abbreviation the database lacks
(`CEST`, `PST`), and not `Local`.

A time zone written into the schedule (`CRON_TZ=Europe/Berlin 0 3 * * *`, or `TZ=`) was never
supported: before Kubernetes 1.22 it is a sixth field and the schedule is rejected; from 1.22
to 1.28 the API accepts it (from 1.23 with a warning, and kubelint stays quiet) unless
`spec.timeZone` is set too; from 1.29 the API refuses to create a CronJob with it. kubelint
follows the target Kubernetes version (`--kube-version`), and checks `spec.timeZone` from
1.25, when the field is on by default. Time zone names are checked against the time zone
database of the machine kubelint runs on; where there is none, they are not checked.

## Example
```yaml
spec:
  schedule: "0 3 * * 7"          # day of week runs from 0 (Sunday) to 6
  timeZone: CEST                 # not an IANA zone name
```

## Fix
Write five fields, minute (0-59), hour (0-23), day of month (1-31), month (1-12 or
JAN-DEC) and day of week (0-6 or SUN-SAT), each a value, a `*`, a range `a-b`, a list `a,b`
or a step `*/15`; or a descriptor: `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`,
`@every 1h30m`. Put the time zone in `spec.timeZone` with its IANA name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kubelint import cron
from kubelint.engine import Context
from kubelint.objects import K8sObject
from kubelint.registry import Problem, rule
from kubelint.versions import format_version

SCHEDULE = ("spec", "schedule")
TIME_ZONE = ("spec", "timeZone")


@rule(
    "invalid-schedule",
    category="validation",
    severity="error",
    kinds=["CronJob"],
    messages={
        "syntax": "schedule {schedule!r} is not valid cron: {reason}, so the API rejects this "
        "CronJob; write minute hour day-of-month month day-of-week, or a descriptor such as "
        "@daily",
        "tz-unsupported": "schedule {schedule!r} starts with {variable}=, which Kubernetes "
        "{target} reads as a sixth field and rejects; remove it (before 1.22 a schedule runs "
        "in the time zone of kube-controller-manager)",
        "tz-rejected": "schedule {schedule!r} sets its time zone with {variable}=, which the API "
        "refuses for new CronJobs from Kubernetes 1.29; write timeZone: {zone} and remove the "
        "prefix",
        "tz-twice": "schedule {schedule!r} sets its time zone with {variable}= while timeZone is "
        "set too, which the API rejects; remove the {variable}= prefix and keep timeZone",
        "time-zone": "timeZone {zone!r} {reason}, so the API rejects this CronJob; use an IANA "
        "zone name such as Europe/Berlin or Etc/UTC, or leave timeZone out",
    },
)
def check(obj: K8sObject, ctx: Context) -> Iterator[Problem]:
    if obj.group != "batch":
        return
    schedule = obj.get(*SCHEDULE)
    time_zone = obj.get(*TIME_ZONE)
    if isinstance(schedule, str):
        yield from _schedule(schedule, time_zone is not None, ctx)
    if isinstance(time_zone, str) and ctx.kube_version >= cron.TIME_ZONE_FIELD:
        reason = cron.time_zone_problem(time_zone)
        if reason:
            yield Problem("time-zone", TIME_ZONE, zone=time_zone, reason=reason)


def _schedule(schedule: str, has_time_zone: bool, ctx: Context) -> Iterator[Problem]:
    prefix = cron.time_zone_prefix(schedule)
    target = ctx.kube_version
    if prefix is not None:
        fields: dict[str, Any] = {"schedule": schedule, "variable": prefix.variable}
        if target < cron.TZ_PREFIX_PARSED:
            yield Problem("tz-unsupported", SCHEDULE, target=format_version(target), **fields)
            return
        if target >= cron.TZ_PREFIX_REJECTED:
            yield Problem("tz-rejected", SCHEDULE, zone=prefix.zone, **fields)
            return
    reason = cron.schedule_problem(schedule, tz_prefix=target >= cron.TZ_PREFIX_PARSED)
    if reason:
        yield Problem("syntax", SCHEDULE, schedule=schedule, reason=reason)
    elif prefix is not None and has_time_zone and target >= cron.TIME_ZONE_FIELD:
        yield Problem("tz-twice", SCHEDULE, schedule=schedule, variable=prefix.variable)
