"""The German catalogue matches the English one, and translate() picks the right language."""

from __future__ import annotations

import string

import pytest

from bot.core.text import Msg
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
