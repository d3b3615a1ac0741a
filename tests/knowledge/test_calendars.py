"""Business calendars from a maintained source (issue 10, R7, R20): public holidays by country
and subdivision for any year, company closure days every year or once, and `kb check`
warning of a calendar that knows no closed day in the coming year."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.model import Calendar
from bot.core.sla import first_response_due
from knowledge.base import KnowledgeBase, default_directory
from knowledge.calendars import closed_days
from knowledge.commands import run_check
from tests.knowledge.test_check import at

FOUR_HOURS = timedelta(hours=4)


def german() -> Calendar:
    """The shipped EMEA calendar: Berlin hours, German public holidays, 24 and 31 Dec."""
    return KnowledgeBase.load(default_directory()).catalogue().calendars["emea-business"]


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        # Thu 23 Dec 2027, 16:00 in Berlin: 1 h that day; Fri 24 (closure), the weekend
        # (25, 26 Dec); the other 3 h on Mon 27 Dec from 09:00.
        (datetime(2027, 12, 23, 15, tzinfo=UTC), datetime(2027, 12, 27, 11, tzinfo=UTC)),
        # Fri 22 Dec 2028, 16:00: 1 h; the weekend, Mon 25 and Tue 26 (public holidays);
        # 3 h on Wed 27 Dec.
        (datetime(2028, 12, 22, 15, tzinfo=UTC), datetime(2028, 12, 27, 11, tzinfo=UTC)),
        # Fri 29 Dec 2028, 16:00: 1 h; the weekend, Sun 31 (closure), Mon 1 Jan (New Year).
        (datetime(2028, 12, 29, 15, tzinfo=UTC), datetime(2029, 1, 2, 11, tzinfo=UTC)),
    ],
)
def test_first_response_over_christmas_on_a_german_calendar(
    opened: datetime, due: datetime
) -> None:
    assert first_response_due(opened, FOUR_HOURS, german()) == due


def test_a_subdivision_adds_its_own_holidays() -> None:
    all_saints = date(2027, 11, 1)  # a public holiday in Bavaria, not in Berlin
    assert all_saints in _closed("DE-BY")
    assert all_saints not in _closed("DE-BE")


def _closed(region: str) -> frozenset[date]:
    return closed_days(region=region, yearly=(), dated=(), years=range(2027, 2028))


def _write_calendar(kb_dir: Path, lines: str) -> Path:
    path = kb_dir / "catalogue.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  emea-business:")
    end = text.index("plans:")
    path.write_text(text[:start] + lines + text[end:], encoding="utf-8")
    return path


def test_unknown_regions_and_days_are_reported_with_their_rule(kb_dir: Path) -> None:
    path = _write_calendar(
        kb_dir,
        "  emea-business:\n"
        "    timezone: Europe/Berlin\n"
        '    hours: {mon: "09:00-17:00"}\n'
        "    public_holidays: DE-XX\n"
        "    holidays: [12-32, tomorrow]\n",
    )
    out = io.StringIO()
    assert run_check(kb_dir, out) == 1
    report = out.getvalue()
    assert (
        at(path, "DE-XX", "calendar emea-business: public_holidays: DE has no subdivision")
        in report
    )
    for bad in ("12-32", "tomorrow"):
        assert (
            f"calendar emea-business: holidays: {bad!r} is neither a date (YYYY-MM-DD) "
            "nor a day of every year (MM-DD)"
        ) in report


def test_kb_check_warns_of_a_calendar_with_nothing_for_the_coming_year(kb_dir: Path) -> None:
    _write_calendar(
        kb_dir,
        "  emea-business:\n"
        "    timezone: Europe/Berlin\n"
        '    hours: {mon: "09:00-17:00"}\n'
        "    holidays: [2026-12-24, 2026-12-31]\n",
    )
    out = io.StringIO()
    assert run_check(kb_dir, out, today=date(2026, 12, 6)) == 0  # a warning, not a problem
    assert out.getvalue().startswith(
        "warning: calendar emea-business has no holidays in 2027: add public_holidays "
        "(e.g. DE-BY) or its closure days\nOK: "
    )
    out = io.StringIO()
    run_check(kb_dir, out, today=date(2025, 12, 6))  # 2026 is covered
    assert out.getvalue().startswith("OK: ")
