"""Typed commands in both languages; an unknown `/word` is a command so it gets an answer."""

from __future__ import annotations

import pytest

from bot.core.commands import TextCommand, parse_text_command


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [
        ("fälle", TextCommand("tickets", ())),
        ("Fall CS-3", TextCommand("case", ("CS-3",))),
        ("verknüpfen 123456", TextCommand("link", ("123456",))),
        ("/fälle offen", TextCommand("tickets", ("offen",))),
        ("/hilfe", TextCommand("help", ())),
        ("/help", TextCommand("help", ())),
        ("/support", TextCommand("support", ())),
        ("/foo bar", TextCommand("foo", ("bar",))),  # unknown: answered with where /help is
        ("help", None),  # plain "help" and "Hilfe" start an intake (R1)
        ("Hilfe", None),
        ("/cancel", None),  # left to the intake, which leaves its question
        ("/abbrechen", None),
        ("/var/log/app is full", None),  # a path, not a command
        ("/ 42", None),
        ("my invoice is wrong", None),
    ],
)
def test_typed_commands(typed: str, parsed: TextCommand | None) -> None:
    assert parse_text_command(typed) == parsed
