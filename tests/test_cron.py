"""The cron parser accepts what the API server's parser accepts, and nothing else."""

from __future__ import annotations

import pytest

from kubelint import cron

needs_tz_database = pytest.mark.skipif(
    not cron.has_time_zone_database(), reason="no time zone database on this machine"
)


@pytest.mark.parametrize(
    "schedule",
    [
        "* * * * *",
        "0 3 * * *",
        "*/15 * * * *",
        "0 0 1 1 *",
        "59 23 31 12 6",
        "0 9-17 * * 1-5",
        "0 9-17/2 * * MON-FRI",
        "0 0 * JAN,jul sun",
        "5,10,,15 * * * *",  # empty list items are skipped
        "0 0 ? * ?",
        "5/10 * * * *",  # from 5 to the end, every 10
        "0 0 * * *-3",  # the parser ignores what follows "*-"
        "+5 * * * *",
        "00 03 * * *",
        "0  3\t* * *",
        "@yearly",
        "@annually",
        "@monthly",
        "@weekly",
        "@daily",
        "@midnight",
        "@hourly",
        "@every 1h30m",
        "@every 90s",
        "@every 1.5h",
        "@every 0",
        "@every 500ms",
    ],
)
def test_accepted(schedule):
    assert cron.schedule_problem(schedule) is None


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        ("", "it is empty"),
        ("* * * *", "it has 4 fields, not 5"),
        ("0 0 * * * *", "it has 6 fields, not 5"),
        ("61 * * * *", "minute 61 is above 59 in '61'"),
        ("* 24 * * *", "hour 24 is above 23 in '24'"),
        ("0 0 0 * *", "day of month 0 is below 1 in '0'"),
        ("0 0 32 * *", "day of month 32 is above 31 in '32'"),
        ("0 0 1 13 *", "month 13 is above 12 in '13'"),
        ("0 0 1 0 *", "month 0 is below 1 in '0'"),
        ("0 0 * * 7", "day of week 7 is above 6 (Sunday is 0) in '7'"),
        ("0 0 * * 1-7", "day of week 7 is above 6 (Sunday is 0) in '1-7'"),
        ("0 17-9 * * *", "hour range '17-9' starts after it ends"),
        ("*/0 * * * *", "the step in minute '*/0' must be at least 1"),
        ("*/x * * * *", "the step 'x' in minute '*/x' is not a whole number"),
        ("*/-5 * * * *", "the step '-5' in minute '*/-5' is not a whole number"),
        ("1-2-3 * * * *", "minute '1-2-3' has more than one '-'"),
        ("*/2/3 * * * *", "minute '*/2/3' has more than one '/'"),
        ("0 0 * MAR-x *", "month 'x' in 'MAR-x' is not a number from 1 to 12 or a name like 'feb'"),
        ("0 0 * * MONDAY", "day of week 'MONDAY' is not a number from 0 to 6 or a name like 'mon'"),
        ("0 0 * JANUARY *", "month 'JANUARY' is not a number from 1 to 12 or a name like 'feb'"),
        ("0 0 * * L", "day of week 'L' is not a number from 0 to 6 or a name like 'mon'"),
        ("0 jan * * *", "hour 'jan' is not a number from 0 to 23"),
        ("-5 * * * *", "minute '-5' is not a number from 0 to 59"),
        (
            "@Daily",
            "'@Daily' is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>",
        ),
        (
            "@reboot",
            "'@reboot' is not one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>",
        ),
        ("@every 5", "@every needs a duration such as 1h30m, not '5'"),
        ("@every 1d", "@every needs a duration such as 1h30m, not '1d'"),
        ("@every ", "@every needs a duration such as 1h30m, not ''"),
    ],
)
def test_rejected(schedule, reason):
    assert cron.schedule_problem(schedule) == reason


def test_time_zone_prefix_is_split_off():
    prefix = cron.time_zone_prefix("CRON_TZ=Europe/Berlin 0 3 * * *")
    assert prefix == cron.TimeZonePrefix("CRON_TZ", "Europe/Berlin", "0 3 * * *")
    assert cron.time_zone_prefix("TZ=UTC @daily") == cron.TimeZonePrefix("TZ", "UTC", "@daily")
    assert cron.time_zone_prefix("0 3 * * *") is None


def test_time_zone_prefix_is_a_field_before_1_22():
    schedule = "CRON_TZ=UTC 0 3 * * *"
    assert cron.schedule_problem(schedule) is None
    assert cron.schedule_problem(schedule, tz_prefix=False) == "it has 6 fields, not 5"


def test_time_zone_prefix_needs_a_schedule():
    assert cron.schedule_problem("TZ=UTC") == "nothing follows TZ=UTC"
    assert cron.schedule_problem("TZ=UTC 61 * * * *") == "minute 61 is above 59 in '61'"


@needs_tz_database
def test_time_zone_prefix_with_unknown_zone():
    reason = cron.schedule_problem("CRON_TZ=Mars/Olympus 0 3 * * *")
    assert reason == "CRON_TZ= names the unknown time zone 'Mars/Olympus'"
    assert cron.schedule_problem("TZ=America/New_York 0 3 * * *") is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "is empty"),
        ("Local", "is not an explicit time zone"),
        ("local", "is not an explicit time zone"),
        ("Europe/../Berlin", "is not a time zone name"),
        ("America/Argentina/Buenos Aires", "is not a time zone name"),
        ("/etc/localtime", "is not a time zone name"),
        ("-Europe", "is not a time zone name"),
        ("Thisnameistoolong/Berlin", "is not a time zone name"),
    ],
)
def test_time_zone_syntax(name, reason):
    assert cron.time_zone_problem(name) == reason


@needs_tz_database
@pytest.mark.parametrize(
    "name", ["UTC", "Etc/UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Tokyo"]
)
def test_known_time_zones(name):
    assert cron.time_zone_problem(name) is None


@needs_tz_database
@pytest.mark.parametrize("name", ["CEST", "Europe/Munich", "europe/berlin", "Mars/Olympus"])
def test_unknown_time_zones(name):
    assert cron.time_zone_problem(name) == "is not in the IANA time zone database"


def test_no_time_zone_database_means_no_verdict(monkeypatch):
    monkeypatch.setattr(cron, "_zone_names", lambda: frozenset())
    assert cron.is_known_zone("Mars/Olympus") is None
    assert cron.time_zone_problem("Mars/Olympus") is None
    assert cron.schedule_problem("CRON_TZ=Mars/Olympus 0 3 * * *") is None
    assert cron.is_known_zone("UTC") is True
