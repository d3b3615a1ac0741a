"""R61: which period the leads' report covers when it is posted: the latest week or month
that has ended by now, in the schedule's zone (also across a summer-time change)."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.core.report_schedule import Every, Schedule, last_period

WEEKLY = Schedule(Every.WEEK, 0, time(8, 0), "Europe/Berlin")  # Monday 08:00 Berlin
MONTHLY = Schedule(Every.MONTH, 0, time(8, 0), "Europe/Berlin")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "now", "key", "since", "until"),
    [
        # Monday 30 Nov 2026 08:00 Berlin is 07:00 UTC: the week from 23 Nov has ended.
        (WEEKLY, "2026-11-30 07:00", "week:2026-11-23", "2026-11-23 07:00", "2026-11-30 07:00"),
        # A minute before, the week before is still the latest.
        (WEEKLY, "2026-11-30 06:59", "week:2026-11-16", "2026-11-16 07:00", "2026-11-23 07:00"),
        # Thursday (a process that was down on Monday): still the week that ended Monday.
        (WEEKLY, "2026-12-03 15:00", "week:2026-11-23", "2026-11-23 07:00", "2026-11-30 07:00"),
        # The week of the change to summer time is an hour shorter in UTC.
        (WEEKLY, "2026-03-30 06:00", "week:2026-03-23", "2026-03-23 07:00", "2026-03-30 06:00"),
        # Monthly: on the 1st at 08:00, the month before; before that, the one before it.
        (MONTHLY, "2026-12-01 07:00", "month:2026-11", "2026-11-01 07:00", "2026-12-01 07:00"),
        (MONTHLY, "2026-12-01 06:00", "month:2026-10", "2026-10-01 06:00", "2026-11-01 07:00"),
        (MONTHLY, "2027-01-15 12:00", "month:2026-12", "2026-12-01 07:00", "2027-01-01 07:00"),
        # Friday 17:00 in New York.
        (
            Schedule(Every.WEEK, 4, time(17, 0), "America/New_York"),
            "2026-12-05 12:00",
            "week:2026-11-27",
            "2026-11-27 22:00",
            "2026-12-04 22:00",
        ),
    ],
)
def test_r61_the_latest_ended_period_is_posted(
    schedule: Schedule, now: str, key: str, since: str, until: str
) -> None:
    period = last_period(schedule, utc(now))
    assert (period.key, period.since, period.until) == (key, utc(since), utc(until))
