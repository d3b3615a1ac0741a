"""Text commands users and agents may type anywhere (tickets, case CS-1, close CS-1 ...)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.choices import normalise
from bot.core.intake import CANCEL_WORDS, is_trigger
from bot.core.model import CASE_PREFIX
from bot.core.plainwords import describes_problem, is_small_talk
from bot.core.report_schedule import PERIOD_WORDS

# What an opening message that says nothing the bot acts on stands for.
START = "help"

# Typed words -> command names; German aliases so a German user can type them too.
_ALIASES = {
    "tickets": "tickets",
    "list": "tickets",
    "cases": "tickets",
    "fälle": "tickets",
    "faelle": "tickets",
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
    "verknüpfen": "link",
    "verknuepfen": "link",
    "queue": "queue",
    "warteschlange": "queue",
    "export": "export",
    "exportieren": "export",
    "report": "report",
    "bericht": "report",
}
# Commands only with a slash (or `!` in a case thread): plain "help" and "Hilfe" start an
# intake (R1), `/help` lists the commands, and `/support` is the intake on every platform;
# "gelöst" is an agent's word for `solved`, which plain in a user's chat means "thanks".
_SLASH_ALIASES = {
    "help": "help",
    "hilfe": "help",
    "support": "support",
    "gelöst": "solved",
    "geloest": "solved",
}
# Words people also use to describe a problem ("export to CSV fails"): typed plain, they are
# a command only when a case id follows.
_CASE_FIRST = frozenset({"export"})
# Likewise ("report a bug"): typed plain, alone or with a period (`report month`, R61).
_PERIOD_FIRST = frozenset({"report"})
# A word that looks like a command name, not a path such as /var/log.
_COMMAND_WORD = re.compile(r"[^\W\d_][\w-]*")
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


def command_name(word: str) -> str | None:
    """The command a word names in any language ('fälle' -> 'tickets'), or None."""
    lowered = word.lower()
    return _ALIASES.get(lowered) or _SLASH_ALIASES.get(lowered)


def parse_text_command(text: str) -> TextCommand | None:
    """The command a line of text asks for, or None when it is ordinary text. An unknown
    `/word` is a command too, so that it is answered with where the commands are listed."""
    stripped = text.strip()
    if _PLAN_QUESTIONS.match(stripped):
        return TextCommand("plan", ())
    slash = stripped.startswith("/")
    words = stripped.lstrip("/").split()
    if not words:
        return None
    word = words[0].lower()
    name = command_name(word) if slash else _ALIASES.get(word)
    if name is None and slash and _COMMAND_WORD.fullmatch(word) and word not in CANCEL_WORDS:
        name = word  # `/cancel` is left to the intake, which leaves its question on it
    names_case = len(words) > 1 and words[1].upper().startswith(CASE_PREFIX)
    if name in _CASE_FIRST and not slash and not names_case:
        return None
    names_period = len(words) == 1 or words[1].lower() in PERIOD_WORDS
    if name in _PERIOD_FIRST and not slash and not names_period:
        return None
    return TextCommand(name, tuple(words[1:])) if name else None


THREAD_COMMAND = "!"  # starts case work typed in a case thread (`note:` still starts a note)


def parse_thread_command(text: str) -> TextCommand | None:
    """`!step 2026-12-01`, `!claim dana`: case work an agent types in a case thread (it is
    not relayed to the user); None for ordinary thread text."""
    words = text.split()
    if not words or not words[0].startswith(THREAD_COMMAND) or words[0] == THREAD_COMMAND:
        return None
    return TextCommand(words[0][len(THREAD_COMMAND) :].lower(), tuple(words[1:]))


def parse_control(value: str) -> TextCommand | None:
    """A case control's value (`claim:12`, `status:12:in_progress`) as the command it runs;
    None when the value is not one."""
    command, _, rest = value.partition(":")
    number, _, arg = rest.partition(":")
    if not command or not number.isdigit():
        return None
    return TextCommand(command, tuple(a for a in (f"CS-{number}", arg) if a))


def opening_text(text: str) -> str:
    """What an opening message (an @mention, a new help post) asks for: itself when the bot
    acts on it (help, a command, a problem in plain words, a greeting), else to start intake."""
    stripped = text.strip()
    acted_on = (
        is_trigger(stripped)
        or normalise(stripped) in CANCEL_WORDS
        or parse_text_command(stripped) is not None
        or describes_problem(stripped)
        or is_small_talk(stripped)
    )
    return stripped if stripped and acted_on else START
