"""Catalogue parsing: durations, opening hours and the loaded model."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import pytest

from knowledge.catalogue import load_catalogue, parse_duration, parse_hours


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1h", timedelta(hours=1)),
        ("90m", timedelta(minutes=90)),
        ("2h30m", timedelta(hours=2, minutes=30)),
        ("1d", timedelta(days=1)),
        (" 8H ", timedelta(hours=8)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "0h", "h", "2 hours", "1.5h", "30m2h", "-1h"])
def test_bad_durations(text: str) -> None:
    assert parse_duration(text) is None


def test_hours() -> None:
    assert parse_hours("09:00-17:30") == (time(9), time(17, 30))
    assert parse_hours("00:00-24:00") == (time(0), time(23, 59, 59))
    for bad in ("17:00-09:00", "9-17", "25:00-26:00", "09:00-09:00"):
        assert parse_hours(bad) is None


def test_loads_the_model(kb_dir: Path) -> None:
    catalogue, problems = load_catalogue(kb_dir / "catalogue.yaml")
    assert problems == []
    assert catalogue is not None
    assert [t.id for t in catalogue.topics] == ["billing", "account"]
    api = catalogue.category("account", "api")
    assert api is not None
    assert api.max_code_lines == 200
    assert api.break_fix is False
    login = catalogue.category("account", "login")
    assert login is not None and login.rules == {"en": "Never send us your password."}
    scheme = catalogue.schemes["default"]
    assert [lvl.code for lvl in scheme.levels] == ["1", "2", "3"]
    assert scheme.levels[0].critical
    assert scheme.levels[1].response == timedelta(hours=2, minutes=30)
    berlin = catalogue.calendars["emea-business"]
    assert berlin.hours == {0: (time(9), time(17)), 4: (time(9), time(15))}
    # DE-BY public holidays and 24 Dec, every year: Epiphany is Bavarian, 24 Dec the closure.
    assert {date(2027, 1, 6), date(2027, 12, 24), date(2030, 12, 25)} <= berlin.holidays
    assert date(2027, 12, 23) not in berlin.holidays
    assert catalogue.calendars["always"].always_open
    assert catalogue.plans["premier"].channels == ("slack", "console")
    assert catalogue.queue_leads == {"billing-queue": "dana"}
    assert catalogue.reminder_fractions == (0.5, 0.8)


def test_shipped_catalogue_is_valid() -> None:
    from knowledge.base import default_directory

    catalogue, problems = load_catalogue(default_directory() / "catalogue.yaml")
    assert problems == []
    assert catalogue is not None and catalogue.topics


def test_idle_days_per_plan_with_defaults() -> None:
    from knowledge.base import default_directory

    catalogue, problems = load_catalogue(default_directory() / "catalogue.yaml")
    assert problems == [] and catalogue is not None
    standard, premier = catalogue.plans["standard"], catalogue.plans["premier"]
    assert (standard.idle_reminder_days, standard.idle_close_days) == (5, 2)
    assert (premier.idle_reminder_days, premier.idle_close_days) == (5, 2)  # the defaults


def test_idle_days_must_be_positive_whole_numbers(tmp_path: Path) -> None:
    from knowledge.base import default_directory

    text = (default_directory() / "catalogue.yaml").read_text(encoding="utf-8")
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace("idle_reminder_days: 5", "idle_reminder_days: 3"), "utf-8")
    catalogue, problems = load_catalogue(path)
    assert problems == [] and catalogue is not None
    assert catalogue.plans["standard"].idle_reminder_days == 3
    path.write_text(text.replace("idle_close_days: 2", "idle_close_days: two"), "utf-8")
    catalogue, problems = load_catalogue(path)
    assert [p.message for p in problems] == [
        "plan standard: idle_close_days must be a positive whole number"
    ]
