"""First-response due times over 24x7 and business-hours calendars (R7, R20, R21).

All functions are pure. They take timezone-aware datetimes (any zone; naive ones raise
ValueError) and return timezone-aware UTC. A business-hours calendar is read in its own
local wall time through zoneinfo: each local day's window (e.g. 09:00-17:00) is turned
into a UTC interval, so a DST day keeps an 8 h window even though the day has 23 or 25 h.
Windows are half-open [opens, closes); an end of 00:00 means midnight at the end of the
day. Holidays are local dates. A 24x7 calendar (no hours) ignores holidays.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.model import Calendar

MAX_DAYS = 3660
"""How many local days (about ten years) a search for open time may walk before giving up."""

_DAY = timedelta(days=1)
_ZERO = timedelta(0)
_MIDNIGHT = time(0)
_FULL_DAY = timedelta(hours=24)
_DURATION = re.compile(
    r"(?:(?P<d>[0-9]+)d)?\s*(?:(?P<h>[0-9]+)h)?\s*(?:(?P<m>[0-9]+)m)?\s*(?:(?P<s>[0-9]+)s)?",
    re.IGNORECASE,
)

Window = tuple[datetime, datetime]


def _utc(moment: datetime, name: str) -> datetime:
    """The instant in UTC; ValueError when it is naive."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def _non_negative(amount: timedelta, name: str) -> None:
    """ValueError when a duration is negative."""
    if amount < _ZERO:
        raise ValueError(f"{name} must not be negative, got {amount}")


def _zone(calendar: Calendar) -> ZoneInfo:
    """The calendar's time zone, validating its hours first."""
    has_open_time = False
    for weekday, (start, end) in calendar.hours.items():
        if weekday not in range(7):
            raise ValueError(f"calendar {calendar.id}: weekday {weekday} is not 0 (Mon) to 6")
        if end != _MIDNIGHT and end < start:
            raise ValueError(f"calendar {calendar.id}: weekday {weekday} closes before it opens")
        has_open_time = has_open_time or end == _MIDNIGHT or end > start
    if not has_open_time:
        raise ValueError(f"calendar {calendar.id} has no open time on any weekday")
    try:
        return ZoneInfo(calendar.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"calendar {calendar.id}: unknown time zone {calendar.timezone!r}"
        ) from exc


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall time of a day as a UTC instant (first occurrence when ambiguous)."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone).astimezone(UTC)


def _window(calendar: Calendar, zone: ZoneInfo, day: date) -> Window | None:
    """The open interval of one local day in UTC, or None when the day is closed."""
    hours = calendar.hours.get(day.weekday())
    if hours is None or day in calendar.holidays:
        return None
    start, end = hours
    opens = _local(day, start, zone)
    closes = _local(day + _DAY, _MIDNIGHT, zone) if end == _MIDNIGHT else _local(day, end, zone)
    return (opens, closes) if closes > opens else None


def _windows_after(calendar: Calendar, moment: datetime) -> Iterator[Window]:
    """Whole open windows that end after a UTC instant, in order, for at most MAX_DAYS days."""
    zone = _zone(calendar)
    day = moment.astimezone(zone).date() - _DAY  # one day back: robust at midnight edges
    for _ in range(MAX_DAYS):
        window = _window(calendar, zone, day)
        if window is not None and window[1] > moment:
            yield window
        day += _DAY


def _no_open_time(calendar: Calendar) -> ValueError:
    """The error for a search that found too little open time within MAX_DAYS."""
    return ValueError(f"calendar {calendar.id}: not enough open time within {MAX_DAYS} days")


def add_business_time(start: datetime, amount: timedelta, calendar: Calendar) -> datetime:
    """The UTC instant when `amount` of open time has elapsed after start."""
    start = _utc(start, "start")
    _non_negative(amount, "amount")
    if calendar.always_open:
        return start + amount
    remaining = amount
    for opens, closes in _windows_after(calendar, start):
        opens = max(opens, start)
        # `<=` ends on a window's close rather than the next opening, and makes a zero
        # amount outside hours return the next opening: nobody can answer while closed.
        if remaining <= closes - opens:
            return opens + remaining
        remaining -= closes - opens
    raise _no_open_time(calendar)


def business_time_between(start: datetime, end: datetime, calendar: Calendar) -> timedelta:
    """Open time in [start, end); zero when end is not after start."""
    start, end = _utc(start, "start"), _utc(end, "end")
    if end <= start:
        return _ZERO
    if calendar.always_open:
        return end - start
    zone = _zone(calendar)
    day = start.astimezone(zone).date() - _DAY
    last = end.astimezone(zone).date()
    total = _ZERO
    while day <= last:
        window = _window(calendar, zone, day)
        if window is not None:
            total += max(_ZERO, min(window[1], end) - max(window[0], start))
        day += _DAY
    return total


class OpenTimeline:
    """Open time between many pairs of instants in one span (a report's thousands of first
    responses): the span's windows are laid out once, then each pair is two bisections."""

    def __init__(self, calendar: Calendar, start: datetime, end: datetime) -> None:
        self._always = calendar.always_open
        self._opens: list[datetime] = []
        self._closes: list[datetime] = []
        self._before: list[timedelta] = []  # open time of the windows before each one
        if self._always:
            return
        start, end = _utc(start, "start"), _utc(end, "end")
        total = _ZERO
        for opens, closes in _windows_after(calendar, start):
            if opens >= end:
                break
            self._opens.append(opens)
            self._closes.append(closes)
            self._before.append(total)
            total += closes - opens

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Open time in [start, end), as business_time_between, for instants in the span."""
        if end <= start:
            return _ZERO
        if self._always:
            return end - start
        return self._open_until(end) - self._open_until(start)

    def _open_until(self, moment: datetime) -> timedelta:
        """Open time from the span's first window up to an instant."""
        index = bisect_right(self._opens, moment) - 1
        if index < 0:
            return _ZERO
        inside = min(moment, self._closes[index]) - self._opens[index]
        return self._before[index] + inside


def business_day(at: datetime, calendar: Calendar) -> timedelta:
    """Length of the open window of the next open day at or after `at` (24 h for 24x7)."""
    at = _utc(at, "at")
    if calendar.always_open:
        return _FULL_DAY
    for opens, closes in _windows_after(calendar, at):
        return closes - opens
    raise _no_open_time(calendar)


def add_business_days(start: datetime, days: int, calendar: Calendar) -> datetime:
    """R53: `days` open days after start, each as long as the next open day's window (24 h
    on 24x7): set waiting on Monday 15:00, five days later is next Monday 15:00."""
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    return add_business_time(start, business_day(start, calendar) * days, calendar)


def reopens_at(at: datetime, calendar: Calendar) -> datetime | None:
    """R54: when a calendar closed at `at` opens again; None while it is open."""
    opens = add_business_time(at, _ZERO, calendar)  # zero open time ends at the next opening
    return opens if opens > _utc(at, "at") else None


def first_response_due(
    opened: datetime, response: timedelta, calendar: Calendar, *, break_fix: bool = True
) -> datetime:
    """R7/R20: opened + response in open time; non-break-fix gets at least one business day."""
    opened = _utc(opened, "opened")
    _non_negative(response, "response")
    allowed = response if break_fix else max(response, business_day(opened, calendar))
    return add_business_time(opened, allowed, calendar)


def reminder_times(
    opened: datetime, due: datetime, fractions: Sequence[float], calendar: Calendar
) -> list[tuple[float, datetime]]:
    """R20: (fraction, instant) when each fraction in (0, 1) of the open time is used, sorted."""
    opened, due = _utc(opened, "opened"), _utc(due, "due")
    if due < opened:
        return []
    total = business_time_between(opened, due, calendar)
    wanted = sorted({f for f in fractions if 0.0 < f < 1.0})
    return [(f, min(add_business_time(opened, total * f, calendar), due)) for f in wanted]


def escalation_available(now: datetime, due: datetime) -> bool:
    """R21: the Escalate button is offered once now has reached the due time, never before."""
    return _utc(now, "now") >= _utc(due, "due")


def parse_duration(text: str) -> timedelta:
    """A duration such as '1h', '90m', '2h30m', '1d' (24 h) or '45s'; ValueError names bad text."""
    match = _DURATION.fullmatch(text.strip())
    if match is None or not any(match.groups()):
        raise ValueError(f"bad duration {text!r}: use e.g. 1h, 90m, 2h30m, 1d or 45s")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    try:
        return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError as exc:
        raise ValueError(f"bad duration {text!r}: too long") from exc
