"""When the support leads' report is posted (R61): every week on a weekday, or every month on
its first day, at a local time; which period a post covers, and the key under which the
database keeps that it was posted, so each period is posted once by any number of processes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class Every(StrEnum):
    """How often the report is posted, and how long a period it covers."""

    WEEK = "week"
    MONTH = "month"


# What a person types after `report` for a period, in the languages the bot speaks.
PERIOD_WORDS = {
    "week": Every.WEEK,
    "woche": Every.WEEK,
    "month": Every.MONTH,
    "monat": Every.MONTH,
}
# How far back a report asked for in chat reaches: the period up to the moment of asking.
RECENT = {Every.WEEK: timedelta(days=7), Every.MONTH: timedelta(days=30)}


@dataclass(frozen=True)
class Schedule:
    """Post every week on `weekday` (0 = Monday) or every month on the 1st, at `at` in the
    IANA zone `timezone`."""

    every: Every = Every.WEEK
    weekday: int = 0
    at: time = time(8, 0)
    timezone: str = "UTC"


@dataclass(frozen=True)
class Period:
    """The span one post covers, [since, until) in UTC, and its key ('week:2026-11-23' for
    the week from that day, 'month:2026-11')."""

    key: str
    since: datetime
    until: datetime


def last_period(schedule: Schedule, now: datetime) -> Period:
    """The latest period that has ended by `now`: the one to post (a process that was down at
    its time posts it when it starts; older periods are not posted any more)."""
    zone = ZoneInfo(schedule.timezone)
    today = now.astimezone(zone).date()
    if schedule.every is Every.WEEK:
        end = today - timedelta(days=(today.weekday() - schedule.weekday) % 7)
        if _at(end, schedule, zone) > now:
            end -= timedelta(days=7)
        start = end - timedelta(days=7)
        key = f"week:{start.isoformat()}"
    else:
        end = today.replace(day=1)
        if _at(end, schedule, zone) > now:
            end = _month_before(end)
        start = _month_before(end)
        key = f"month:{start:%Y-%m}"
    return Period(key, _at(start, schedule, zone), _at(end, schedule, zone))


def _at(day: date, schedule: Schedule, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, schedule.at, tzinfo=zone).astimezone(UTC)


def _month_before(first: date) -> date:
    """The first day of the month before the month starting on `first`."""
    return (first - timedelta(days=1)).replace(day=1)
