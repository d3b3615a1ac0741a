"""Business days (R53) and when a closed calendar opens again (R54)."""

from __future__ import annotations

import pytest

from bot.core.sla import add_business_days, reopens_at
from tests.core.test_sla import ALWAYS, BERLIN, BERLIN_TZ, at, utc


def test_five_business_days_from_monday_afternoon_is_next_monday_afternoon() -> None:
    start = at(BERLIN_TZ, 2026, 11, 23, 15)
    assert add_business_days(start, 5, BERLIN) == at(BERLIN_TZ, 2026, 11, 30, 15)


def test_business_days_skip_weekends_and_holidays() -> None:
    # Wed 23 Dec 2026 10:00; 24-26 Dec are closed, so two days end on Tue 29 Dec 10:00.
    start = at(BERLIN_TZ, 2026, 12, 23, 10)
    assert add_business_days(start, 2, BERLIN) == at(BERLIN_TZ, 2026, 12, 29, 10)


def test_business_days_started_out_of_hours_count_from_the_next_opening() -> None:
    friday_evening = at(BERLIN_TZ, 2026, 11, 27, 20)
    assert add_business_days(friday_evening, 1, BERLIN) == at(BERLIN_TZ, 2026, 11, 30, 17)


def test_business_days_on_24x7_are_whole_days() -> None:
    assert add_business_days(utc(2026, 11, 23, 9), 7, ALWAYS) == utc(2026, 11, 30, 9)


def test_negative_days_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match="days must not be negative"):
        add_business_days(utc(2026, 11, 23), -1, BERLIN)


def test_reopens_on_monday_morning_after_a_friday_evening() -> None:
    friday_evening = at(BERLIN_TZ, 2026, 11, 27, 18, 30)
    assert reopens_at(friday_evening, BERLIN) == at(BERLIN_TZ, 2026, 11, 30, 9)


def test_open_hours_and_24x7_have_no_reopening() -> None:
    assert reopens_at(at(BERLIN_TZ, 2026, 11, 27, 9), BERLIN) is None  # opening instant
    assert reopens_at(at(BERLIN_TZ, 2026, 11, 27, 16, 59), BERLIN) is None
    assert reopens_at(utc(2026, 11, 28, 3), ALWAYS) is None


def test_closing_instant_is_closed() -> None:
    assert reopens_at(at(BERLIN_TZ, 2026, 11, 27, 17), BERLIN) == at(BERLIN_TZ, 2026, 11, 30, 9)
