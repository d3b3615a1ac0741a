"""OpenTimeline (R60) counts the same open time as business_time_between, which the report
calls for thousands of first responses at once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.model import Calendar
from bot.core.sla import OpenTimeline, business_time_between

BERLIN = Calendar(
    "emea",
    "Europe/Berlin",
    {day: (time(9), time(17)) for day in range(5)} | {5: (time(10), time(0))},
    frozenset({date(2026, 12, 24), date(2026, 12, 25)}),
)
ALWAYS = Calendar("always", "UTC")
START = datetime(2026, 10, 20, tzinfo=UTC)  # spans the change from summer time
END = START + timedelta(days=80)
moments = st.integers(0, int((END - START).total_seconds())).map(
    lambda s: START + timedelta(seconds=s)
)


@settings(max_examples=300, deadline=None)
@given(moments, moments)
def test_as_business_time_between(a: datetime, b: datetime) -> None:
    for calendar in (BERLIN, ALWAYS):
        timeline = OpenTimeline(calendar, START, END)
        assert timeline.between(a, b) == business_time_between(a, b, calendar)
