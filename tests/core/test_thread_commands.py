"""`!command` in a case thread is case work, not a message for the user (R12)."""

from __future__ import annotations

import pytest

from bot.core.commands import TextCommand, parse_thread_command


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!step 2026-12-01", TextCommand("step", ("2026-12-01",))),
        ("  !Claim dana ", TextCommand("claim", ("dana",))),
        (
            "!severity 2 whole team blocked",
            TextCommand("severity", ("2", "whole", "team", "blocked")),
        ),
        ("! step", None),  # a lone bang is text
        ("Great news! it works", None),
        ("note: internal", None),
        ("", None),
    ],
)
def test_thread_command(text: str, expected: TextCommand | None) -> None:
    assert parse_thread_command(text) == expected
