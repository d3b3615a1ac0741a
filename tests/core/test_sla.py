"""SLA due times over 24x7 and business-hours calendars, DST and holidays (R7, R20, R21)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Calendar
from bot.core.sla import (
    add_business_time,
    business_day,
    business_time_between,
    escalation_available,
    first_response_due,
    parse_duration,
    reminder_times,
)

BERLIN_TZ = ZoneInfo("Europe/Berlin")
NY_TZ = ZoneInfo("America/New_York")
WEEKDAYS_9_17 = {d: (time(9), time(17)) for d in range(5)}
ALWAYS = Calendar("always", "UTC")
BERLIN = Calendar(
    "emea",
    "Europe/Berlin",
    WEEKDAYS_9_17,
    frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)}),
)
NEW_YORK = Calendar("amer", "America/New_York", {d: (time(8, 30), time(17, 30)) for d in range(5)})
SYDNEY = Calendar(
    "apac", "Australia/Sydney", {**WEEKDAYS_9_17, 5: (time(10), time(14))}, frozenset()
)
# Windows that contain the DST switches: Saturday 01:00-05:00, Sunday all day.
NIGHT = Calendar(
    "night",
    "Europe/Berlin",
    {**WEEKDAYS_9_17, 5: (time(1), time(5)), 6: (time(0), time(0))},
    frozenset({date(2026, 7, 1)}),
)
BUSINESS = [BERLIN, NEW_YORK, SYDNEY, NIGHT]


H = timedelta(hours=1)
_DAY = timedelta(days=1)


def at(tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local wall time as an aware datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC datetime."""
    return at(ZoneInfo("UTC"), year, month, day, hour, minute).astimezone(UTC)


# --- concrete examples -------------------------------------------------------------


def test_24x7_is_plain_addition_in_real_time() -> None:
    assert add_business_time(utc(2026, 3, 28, 23, 30), 2 * H, ALWAYS) == utc(2026, 3, 29, 1, 30)
    # A Berlin-aware start across the spring DST switch still adds elapsed time.
    due = add_business_time(at(BERLIN_TZ, 2026, 3, 29, 1, 30), H, ALWAYS)
    assert due == utc(2026, 3, 29, 1, 30)
    assert due.tzinfo is UTC
    assert due.astimezone(BERLIN_TZ).hour == 3


def test_friday_afternoon_plus_four_hours_is_monday_noon() -> None:
    due = add_business_time(at(BERLIN_TZ, 2026, 11, 20, 16), 4 * H, BERLIN)
    assert due == at(BERLIN_TZ, 2026, 11, 23, 12)
    assert due.tzinfo is UTC


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        # Spring forward on Sunday 2026-03-29: CET (+1) on Friday, CEST (+2) on Monday.
        (at(BERLIN_TZ, 2026, 3, 27, 16), utc(2026, 3, 30, 10)),
        # Fall back on Sunday 2026-10-25: CEST (+2) on Friday, CET (+1) on Monday.
        (at(BERLIN_TZ, 2026, 10, 23, 16), utc(2026, 10, 26, 11)),
    ],
)
def test_berlin_dst_weekends(opened: datetime, expected: datetime) -> None:
    due = add_business_time(opened, 4 * H, BERLIN)
    assert due == expected
    assert due.astimezone(BERLIN_TZ).time() == time(12)


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        # DST starts Sunday 2026-03-08: EST (-5) Friday, EDT (-4) Monday.
        (at(NY_TZ, 2026, 3, 6, 16, 30), utc(2026, 3, 9, 15, 30)),
        # DST ends Sunday 2026-11-01: EDT Friday, EST Monday.
        (at(NY_TZ, 2026, 10, 30, 16, 30), utc(2026, 11, 2, 16, 30)),
    ],
)
def test_new_york_dst_weekends(opened: datetime, expected: datetime) -> None:
    due = add_business_time(opened, 4 * H, NEW_YORK)
    assert due == expected
    assert due.astimezone(NY_TZ).time() == time(11, 30)


def test_dst_days_keep_business_windows_but_whole_days_change_length() -> None:
    spring, autumn = at(BERLIN_TZ, 2026, 3, 29), at(BERLIN_TZ, 2026, 10, 25)
    # Aware + 1 day is wall-clock arithmetic: Sunday 00:00 to Monday 00:00 local.
    assert business_time_between(spring, spring + _DAY, NIGHT) == 23 * H
    assert business_time_between(autumn, autumn + _DAY, NIGHT) == 25 * H
    assert business_day(spring, NIGHT) == 23 * H
    assert business_day(autumn, NIGHT) == 25 * H
    # 01:00-05:00 local spans the switch: 3 h in spring, 5 h in autumn.
    assert business_time_between(spring + H, spring + 5 * H, NIGHT) == 3 * H
    assert business_time_between(autumn + H, autumn + 5 * H, NIGHT) == 5 * H
    # Saturday 01:00-05:00 (no switch) is 4 h; Monday's 09:00-17:00 stays 8 h.
    saturday = at(BERLIN_TZ, 2026, 3, 28)
    assert business_time_between(saturday, saturday + 6 * H, NIGHT) == 4 * H
    monday = at(BERLIN_TZ, 2026, 3, 30)
    assert business_time_between(monday, monday + _DAY, BERLIN) == 8 * H


def test_holidays_are_skipped() -> None:
    # Wed 23 Dec 15:00: two hours left that day, Thu 24 to Sun 27 closed, Monday 28.
    due = add_business_time(at(BERLIN_TZ, 2026, 12, 23, 15), 4 * H, BERLIN)
    assert due == at(BERLIN_TZ, 2026, 12, 28, 11)
    christmas = at(BERLIN_TZ, 2026, 12, 24)
    assert business_time_between(christmas, christmas + 3 * _DAY, BERLIN) == timedelta(0)


@pytest.mark.parametrize(
    ("opened", "expected"),
    [
        (at(BERLIN_TZ, 2026, 11, 17, 7, 15), at(BERLIN_TZ, 2026, 11, 17, 13)),  # before opening
        (at(BERLIN_TZ, 2026, 11, 17, 18, 45), at(BERLIN_TZ, 2026, 11, 18, 13)),  # after closing
        (at(BERLIN_TZ, 2026, 11, 17, 17), at(BERLIN_TZ, 2026, 11, 18, 13)),  # at closing
        (at(BERLIN_TZ, 2026, 11, 21, 11), at(BERLIN_TZ, 2026, 11, 23, 13)),  # Saturday
        (at(BERLIN_TZ, 2026, 11, 22, 23, 59), at(BERLIN_TZ, 2026, 11, 23, 13)),  # Sunday night
    ],
)
def test_start_outside_hours_counts_from_next_opening(opened: datetime, expected: datetime) -> None:
    assert add_business_time(opened, 4 * H, BERLIN) == expected


def test_ending_exactly_at_closing_stays_at_closing() -> None:
    due = add_business_time(at(BERLIN_TZ, 2026, 11, 17, 13), 4 * H, BERLIN)
    assert due == at(BERLIN_TZ, 2026, 11, 17, 17)


def test_zero_amount() -> None:
    inside = at(BERLIN_TZ, 2026, 11, 17, 10)
    assert add_business_time(inside, timedelta(0), BERLIN) == inside
    # Outside hours a zero response still waits for the next opening.
    saturday = at(BERLIN_TZ, 2026, 11, 21, 10)
    assert add_business_time(saturday, timedelta(0), BERLIN) == at(BERLIN_TZ, 2026, 11, 23, 9)
    closing = at(BERLIN_TZ, 2026, 11, 17, 17)
    assert add_business_time(closing, timedelta(0), BERLIN) == at(BERLIN_TZ, 2026, 11, 18, 9)


def test_non_break_fix_gets_a_full_business_day() -> None:
    monday = at(BERLIN_TZ, 2026, 11, 16, 10)
    assert first_response_due(monday, 4 * H, BERLIN) == at(BERLIN_TZ, 2026, 11, 16, 14)
    how_to = first_response_due(monday, 4 * H, BERLIN, break_fix=False)
    assert how_to == at(BERLIN_TZ, 2026, 11, 17, 10)
    # A response longer than a business day is kept.
    long = first_response_due(monday, 12 * H, BERLIN, break_fix=False)
    assert long == at(BERLIN_TZ, 2026, 11, 17, 14)
    assert first_response_due(utc(2026, 11, 16, 10), H, ALWAYS, break_fix=False) == utc(
        2026, 11, 17, 10
    )
    # Saturday opening: the next open day is Monday's 8 h window.
    saturday = at(BERLIN_TZ, 2026, 11, 21, 10)
    due = first_response_due(saturday, H, BERLIN, break_fix=False)
    assert due == at(BERLIN_TZ, 2026, 11, 23, 17)


def test_business_day_length() -> None:
    assert business_day(utc(2026, 3, 28, 12), ALWAYS) == 24 * H
    assert business_day(at(BERLIN_TZ, 2026, 3, 29, 12), NIGHT) == 23 * H
    assert business_day(at(BERLIN_TZ, 2026, 3, 29, 12), BERLIN) == 8 * H
    assert business_day(at(BERLIN_TZ, 2026, 11, 21, 12), SYDNEY) == 8 * H


def test_reminder_times_default_fractions() -> None:
    opened = at(BERLIN_TZ, 2026, 11, 20, 16)
    due = first_response_due(opened, 4 * H, BERLIN)
    assert reminder_times(opened, due, (0.8, 0.5, 0.0, 1.0, 1.5, -0.2, 0.5), BERLIN) == [
        (0.5, at(BERLIN_TZ, 2026, 11, 23, 10)),
        (0.8, at(BERLIN_TZ, 2026, 11, 23, 11, 12)),
    ]
    assert reminder_times(due, opened, (0.5,), BERLIN) == []


def test_escalation_available_only_once_due() -> None:
    due = utc(2026, 11, 20, 12)
    assert not escalation_available(due - timedelta(seconds=1), due)
    assert escalation_available(due, due)
    assert escalation_available(due + H, due)
    assert escalation_available(at(BERLIN_TZ, 2026, 11, 20, 13), due)


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2026, 11, 20, 12)
    aware = utc(2026, 11, 20, 12)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_time(naive, H, BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_time(naive, H, ALWAYS)
    with pytest.raises(ValueError, match="timezone-aware"):
        business_time_between(aware, naive, BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        first_response_due(naive, H, BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        reminder_times(aware, naive, (0.5,), BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        escalation_available(naive, aware)


def test_bad_calendars_and_amounts() -> None:
    start = utc(2026, 11, 20, 12)
    closed = Calendar("closed", "Europe/Berlin", {0: (time(9), time(9))})
    with pytest.raises(ValueError, match="no open time"):
        add_business_time(start, H, closed)
    backwards = Calendar("backwards", "Europe/Berlin", {0: (time(17), time(9))})
    with pytest.raises(ValueError, match="closes before"):
        add_business_time(start, H, backwards)
    with pytest.raises(ValueError, match="unknown time zone"):
        add_business_time(start, H, Calendar("x", "Mars/Olympus", WEEKDAYS_9_17))
    with pytest.raises(ValueError, match="not enough open time"):
        add_business_time(start, timedelta(days=10_000), BERLIN)
    with pytest.raises(ValueError, match="negative"):
        add_business_time(start, -H, BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1h", H),
        ("90m", timedelta(minutes=90)),
        ("2h30m", timedelta(hours=2, minutes=30)),
        ("1d", timedelta(days=1)),
        ("45s", timedelta(seconds=45)),
        (" 1d 2h 3m 4s ", timedelta(days=1, hours=2, minutes=3, seconds=4)),
        ("8H", 8 * H),
        ("0m", timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "h", "1x", "1.5h", "-1h", "1h1h", "30m2h", "1 h"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="bad duration") as info:
        parse_duration(text)
    assert repr(text) in str(info.value)


# --- properties --------------------------------------------------------------------

STEP = timedelta(minutes=15)

instants = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 2, 1), timezones=st.just(UTC)
)
amounts = st.integers(min_value=0, max_value=120 * 3600).map(lambda s: timedelta(seconds=s))
business = st.sampled_from(BUSINESS)
any_calendar = st.sampled_from([*BUSINESS, ALWAYS])
fractions = st.lists(st.floats(min_value=-0.5, max_value=1.5, allow_nan=False), max_size=5)
FEW = settings(max_examples=60, deadline=None)


def is_open_at(moment: datetime, calendar: Calendar) -> bool:
    """Oracle: the local wall time is inside that local day's window."""
    local = moment.astimezone(ZoneInfo(calendar.timezone))
    hours = calendar.hours.get(local.weekday())
    if hours is None or local.date() in calendar.holidays:
        return False
    start, end = hours
    now = local.time().replace(fold=0)
    return start <= now and (end == time(0) or now < end)


def within_or_closing(moment: datetime, calendar: Calendar) -> bool:
    """Oracle: open at the instant, or open just before it (a window's end)."""
    return is_open_at(moment, calendar) or is_open_at(moment - timedelta(seconds=1), calendar)


def is_utc(moment: datetime) -> bool:
    """True for a timezone-aware UTC datetime."""
    return moment.tzinfo is UTC


@FEW
@given(opened=instants, amount=amounts, calendar=any_calendar)
def test_due_is_not_before_opened_and_is_utc(
    opened: datetime, amount: timedelta, calendar: Calendar
) -> None:
    due = add_business_time(opened, amount, calendar)
    assert due >= opened
    assert is_utc(due)
    assert due - opened >= amount


@FEW
@given(opened=instants, amount=amounts, calendar=any_calendar)
def test_business_time_round_trips(opened: datetime, amount: timedelta, calendar: Calendar) -> None:
    due = add_business_time(opened, amount, calendar)
    assert business_time_between(opened, due, calendar) == amount


@FEW
@given(opened=instants, amount=amounts.filter(bool), calendar=business)
def test_due_is_inside_open_hours(opened: datetime, amount: timedelta, calendar: Calendar) -> None:
    due = add_business_time(opened, amount, calendar)
    assert within_or_closing(due, calendar)


@FEW
@given(opened=instants, calendar=business)
def test_zero_amount_is_next_opening(opened: datetime, calendar: Calendar) -> None:
    due = add_business_time(opened, timedelta(0), calendar)
    assert is_open_at(due, calendar)
    assert business_time_between(opened, due, calendar) == timedelta(0)


@FEW
@given(opened=instants, a=amounts, b=amounts, calendar=any_calendar)
def test_monotonic_in_amount(
    opened: datetime, a: timedelta, b: timedelta, calendar: Calendar
) -> None:
    small, large = sorted((a, b))
    assert add_business_time(opened, small, calendar) <= add_business_time(opened, large, calendar)


@FEW
@given(x=instants, y=instants, amount=amounts, calendar=any_calendar)
def test_monotonic_in_start(
    x: datetime, y: datetime, amount: timedelta, calendar: Calendar
) -> None:
    early, late = sorted((x, y))
    assert add_business_time(early, amount, calendar) <= add_business_time(late, amount, calendar)


@FEW
@given(
    start=instants.map(lambda t: t.replace(minute=t.minute // 15 * 15, second=0, microsecond=0)),
    steps=st.integers(min_value=0, max_value=4 * 24 * 4),
    calendar=business,
)
def test_business_time_between_matches_a_brute_force_count(
    start: datetime, steps: int, calendar: Calendar
) -> None:
    # All windows and DST switches fall on quarter hours, so sampling them is exact.
    expected = sum(
        (STEP for i in range(steps) if is_open_at(start + i * STEP, calendar)), timedelta(0)
    )
    assert business_time_between(start, start + steps * STEP, calendar) == expected


@FEW
@given(opened=instants, amount=amounts, calendar=any_calendar, wanted=fractions)
def test_reminders_are_ordered_between_opened_and_due(
    opened: datetime, amount: timedelta, calendar: Calendar, wanted: list[float]
) -> None:
    due = first_response_due(opened, amount, calendar)
    reminders = reminder_times(opened, due, wanted, calendar)
    assert [f for f, _ in reminders] == sorted({f for f in wanted if 0 < f < 1})
    times = [t for _, t in reminders]
    assert times == sorted(times)
    assert all(opened <= t <= due and is_utc(t) for t in times)


@FEW
@given(opened=instants, amount=amounts, calendar=any_calendar)
def test_non_break_fix_is_never_sooner(
    opened: datetime, amount: timedelta, calendar: Calendar
) -> None:
    strict = first_response_due(opened, amount, calendar)
    relaxed = first_response_due(opened, amount, calendar, break_fix=False)
    assert strict <= relaxed
    assert business_time_between(opened, relaxed, calendar) >= business_day(opened, calendar)
