"""Snippets (R51): `!snippet NAME` in a case thread sends a canned reply to the requester, in
their language where it has a translation, with the case's facts filled in."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.actions import AskChoice, Choice
from bot.core.cases import CaseAction
from bot.core.errors import IntakeError
from bot.core.model import Case
from bot.core.ports import Knowledge
from bot.core.snippets import fill
from bot.core.text import Language, msg
from bot.core.timefmt import local_time
from bot.i18n import translate
from bot.service.caseargs import case_arg
from bot.service.relay import agent_reply
from bot.service.turn import Turn

MAX_CHOICES = 25  # what Discord shows of an autocomplete


async def snippet(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """Send the snippet named, or offer the snippets to pick from when none is named."""
    case, rest = await case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
    if not rest:
        _offer(turn, case)
        return
    owner = await turn.uow.person(case.owner_id)
    language = owner.locale if owner else "en"
    found = turn.knowledge.snippet(rest[0], language)
    if found is None:
        raise IntakeError("snippet.unknown", name=rest[0], names=_names(turn))
    due = local_time(case.first_response_due, owner.timezone if owner else "UTC")
    text = fill(
        found.body,
        {
            "user": owner.name if owner else case.owner_id,
            "case": case.ref,
            "agent": turn.person.name,
            "due": translate(language, msg("plain", text=due)),
        },
    )
    if await agent_reply(turn, case, text):
        to = owner.name if owner else case.owner_id
        turn.tell_thread(
            case,
            msg(
                "snippet.sent",
                name=found.name,
                language=Language(found.language),
                user=to,
                text=text,
            ),
        )


def snippet_choices(knowledge: Knowledge, language: str, typed: str) -> list[tuple[str, str]]:
    """Names and titles of the snippets whose name or title holds what an agent typed so far,
    at most MAX_CHOICES (Discord's autocomplete)."""
    wanted = typed.strip().casefold()
    found = [
        (s.name, s.title)
        for s in knowledge.snippets(language)
        if wanted in s.name or wanted in s.title.casefold()
    ]
    return found[:MAX_CHOICES]


def _names(turn: Turn) -> str:
    return ", ".join(s.name for s in turn.knowledge.snippets(turn.person.locale)) or "-"


def _offer(turn: Turn, case: Case) -> None:
    """The snippets to pick from, with their titles in the agent's language where translated
    (a select on Slack from six on, searchable by typing)."""
    shelf = turn.knowledge.snippets(turn.person.locale)
    if not shelf:
        turn.say(msg("snippet.none"))
        return
    choices = tuple(
        Choice(f"{case.number}:{s.name}", msg("plain", text=f"{s.name}: {s.title}")) for s in shelf
    )
    turn.actions.append(
        AskChoice(turn.key, turn.person.locale, msg("snippet.pick"), "snippet", choices)
    )
