"""The German catalogue matches the English one, and translate() picks the right language."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, time

import pytest

from bot.core.text import Day, Language, Listing, Moment, Msg, WeeklyHours, msg
from bot.i18n import de, en, translate


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_same_keys_in_same_order() -> None:
    assert set(en.MESSAGES) - set(de.MESSAGES) == set(), "keys missing in de"
    assert set(de.MESSAGES) - set(en.MESSAGES) == set(), "keys only in de"
    assert list(de.MESSAGES) == list(en.MESSAGES)


@pytest.mark.parametrize("key", list(en.MESSAGES))
def test_same_placeholders(key: str) -> None:
    assert placeholders(de.MESSAGES[key]) == placeholders(en.MESSAGES[key])


@pytest.mark.parametrize("key", list(de.MESSAGES))
def test_german_text_present(key: str) -> None:
    assert de.MESSAGES[key].strip()


def test_translate_german_locale() -> None:
    text = translate("de-DE", Msg("case.created", {"case": "CS-1", "due": "x"}))
    assert text == "Fall CS-1 ist eröffnet. Die Erstreaktion erfolgt bis x."
    assert text == de.MESSAGES["case.created"].format(case="CS-1", due="x")


def test_unknown_locale_falls_back_to_english() -> None:
    message = Msg("case.created", {"case": "CS-1", "due": "x"})
    expected = en.MESSAGES["case.created"].format(case="CS-1", due="x")
    assert translate("xx-YY", message) == expected
    assert translate(None, message) == expected


def test_mapping_parameter_picks_german_name() -> None:
    names = {"en": "Billing", "de": "Abrechnung"}
    message = Msg("plan.severity", {"code": "S2", "name": names, "response": "4h"})
    assert translate("de_DE", message) == "Schweregrad S2 Abrechnung: Erstreaktion innerhalb von 4h"
    assert translate("en-US", message) == "Severity S2 Billing: first response within 4h"


def test_nested_message_parameter_is_translated() -> None:
    message = Msg("status.changed", {"case": "CS-3", "status": Msg("status.closed")})
    assert translate("de", message) == "CS-3 ist jetzt geschlossen."


# English a German reader saw before issue 12 (point 9): plural hacks, English command
# words in hints, English weekday and field names.
GERMAN_LEFTOVERS = (
    r"\((s|en|n)\)",
    r'"tickets"|\b(case|close|rate|access|reply) CS-|\bescalate\b|\bon\|off\b|\bmit help\b',
    r'"link\b',
    r"\b(mon|tue|wed|thu|fri|sat|sun)\b",
    r"\b(Languages|Channels|Hours|Unknown command|Your cases)\b",
)


@pytest.mark.parametrize("key", list(de.MESSAGES))
def test_german_text_has_no_english_leftovers(key: str) -> None:
    found = [p for p in GERMAN_LEFTOVERS if re.search(p, de.MESSAGES[key])]
    assert found == [], de.MESSAGES[key]


@pytest.mark.parametrize("catalogue", [en.MESSAGES, de.MESSAGES], ids=["en", "de"])
def test_no_requirement_ids_or_plural_hacks_in_user_text(catalogue: dict[str, str]) -> None:
    assert [k for k, text in catalogue.items() if re.search(r"\bR\d+\b", text)] == []
    assert [k for k, text in catalogue.items() if re.search(r"\w\((s|en|n)\)", text)] == []


@pytest.mark.parametrize(
    ("locale", "count", "text"),
    [
        ("en", 1, "There is 1 known incident for this topic right now."),
        ("en", 2, "There are 2 known incidents for this topic right now."),
        ("de", 1, "Zu diesem Thema ist aktuell 1 Störung bekannt."),
        ("de", 3, "Zu diesem Thema sind aktuell 3 Störungen bekannt."),
    ],
)
def test_plural_forms_follow_the_count(locale: str, count: int, text: str) -> None:
    assert translate(locale, msg("intake.incidents", count=count)).startswith(text)


def test_moments_days_and_numbers_are_written_the_readers_way() -> None:
    noon = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    at_noon = msg("plain", text=Moment(noon, "Europe/Berlin"))
    assert translate("en", at_noon) == "Nov 23, 2026, 13:00 CET"
    assert translate("de", at_noon) == "23.11.2026, 13:00 MEZ"
    summer = msg("plain", text=Moment(datetime(2026, 7, 1, 12, 0, tzinfo=UTC), "America/New_York"))
    assert translate("de", summer) == "01.07.2026, 08:00 EDT"
    unknown_zone = msg("plain", text=Moment(noon, "Mars/Olympus"))
    assert translate("en", unknown_zone) == "Nov 23, 2026, 12:00 UTC"
    eta = msg("escalation.eta", date=Day(date(2026, 12, 1)))
    assert translate("en", eta) == "Estimated resolution Dec 1, 2026 (not guaranteed)."
    assert translate("de", eta) == "Voraussichtliche Lösung: 01.12.2026 (nicht garantiert)."
    assert translate("de", msg("plain", text=12345)) == "12.345"


def test_business_hours_group_weekdays_in_the_readers_language() -> None:
    nine_to_five = (time(9), time(17))
    hours = WeeklyHours(
        {0: nine_to_five, 1: nine_to_five, 2: nine_to_five, 5: (time(10), time(14))},
        "Europe/Berlin",
    )
    assert translate("de", msg("plain", text=hours)) == (
        "Mo.\u2013Mi. 09:00\u201317:00 Uhr und Sa. 10:00\u201314:00 Uhr (Mitteleuropäische Zeit)"
    )
    assert translate("en", msg("plain", text=hours)) == (
        "Mon\u2013Wed 09:00\u2009\u2013\u200917:00 and "
        "Sat 10:00\u2009\u2013\u200914:00 (Central European Time)"
    )


def test_languages_and_lists_are_named_in_the_readers_language() -> None:
    languages = Listing((Language("en"), Language("ja")))
    assert translate("de", msg("plain", text=languages)) == "Englisch und Japanisch"
    assert translate("en", msg("plain", text=languages)) == "English and Japanese"
