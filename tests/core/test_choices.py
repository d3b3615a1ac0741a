"""What people type picks a choice (issue 12 point 7): case, accents, near spelling, a unique
part of the label; two equally good fits are not guessed."""

from __future__ import annotations

import pytest

from bot.core.choices import Ambiguous, Option, Picked, normalise, pick

BILLING = [
    Option("invoices", ["Invoices", "Rechnungen", "invoices"]),
    Option("payments", ["Payments & payment methods", "Zahlungen & Zahlungsarten"]),
    Option("subscription", ["Plans, seats & subscription", "Tarife, Lizenzen & Abonnement"]),
    Option("disputes", ["Billing disputes & refunds", "Reklamationen & Erstattungen"]),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2", Picked("payments")),
        ("Invoices", Picked("invoices")),
        ("INVOICES", Picked("invoices")),  # any case
        ("  invoices. ", Picked("invoices")),  # punctuation and spacing
        ("rechnungen", Picked("invoices")),  # the label in another language
        ("refunds", Picked("disputes")),  # a unique word of the label
        ("réfunds", Picked("disputes")),  # accents
        ("refnds", Picked("disputes")),  # a near spelling
        ("Invocies", Picked("invoices")),
        ("plans seats", Picked("subscription")),  # words that start the label's words
        ("erstattung", Picked("disputes")),
        ("p", Ambiguous(("payments", "subscription"))),  # payments and plans: ask
        ("9", None),  # no such number
        ("gardening", None),
        ("", None),
    ],
)
def test_typed_text_picks_one_option_or_says_why_not(typed: str, expected: object) -> None:
    assert pick(typed, BILLING) == expected


def test_normalise_drops_case_accents_and_punctuation() -> None:
    assert normalise("Réfunds &  Crédits!") == "refunds credits"
    assert normalise("Straße") == "strasse"
