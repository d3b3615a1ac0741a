"""Text commands users and agents may type anywhere (tickets, case CS-1, close CS-1 ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Typed words -> command names; German aliases so a German user can type them too.
_ALIASES = {
    "tickets": "tickets",
    "list": "tickets",
    "cases": "tickets",
    "fälle": "tickets",
    "case": "case",
    "fall": "case",
    "close": "close",
    "schließen": "close",
    "schliessen": "close",
    "rate": "rate",
    "bewerten": "rate",
    "escalate": "escalate",
    "eskalieren": "escalate",
    "access": "access",
    "zugriff": "access",
    "plan": "plan",
    "reply": "reply",
    "antworten": "reply",
    "link": "link",
}
_PLAN_QUESTIONS = re.compile(
    r"^(what is my support plan|what's my support plan|welchen support-?plan habe ich|"
    r"was ist mein support-?plan)\??$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TextCommand:
    """A parsed text command."""

    name: str
    args: tuple[str, ...]


def parse_text_command(text: str) -> TextCommand | None:
    """The command a line of text asks for, or None when it is ordinary text."""
    stripped = text.strip()
    if _PLAN_QUESTIONS.match(stripped):
        return TextCommand("plan", ())
    words = stripped.lstrip("/").split()
    if not words:
        return None
    name = _ALIASES.get(words[0].lower())
    return TextCommand(name, tuple(words[1:])) if name else None


THREAD_COMMAND = "!"  # starts case work typed in a case thread (`note:` still starts a note)


def parse_thread_command(text: str) -> TextCommand | None:
    """`!step 2026-12-01`, `!claim dana`: case work an agent types in a case thread (it is
    not relayed to the user); None for ordinary thread text."""
    words = text.split()
    if not words or not words[0].startswith(THREAD_COMMAND) or words[0] == THREAD_COMMAND:
        return None
    return TextCommand(words[0][len(THREAD_COMMAND) :].lower(), tuple(words[1:]))
