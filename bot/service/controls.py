"""Header controls and statuses typed as words in a case thread (R12, R13).

Words an agent types in a case thread are meant for the customer, unless they are exactly a
control's label ("Claim", "Close") or an agent's own command ("queue mine"): then the agent
is asked which was meant, because both are likely and closing cannot be undone (R16).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.actions import AskChoice, Choice
from bot.core.cases import CaseAction
from bot.core.choices import Option, Picked, normalise, pick
from bot.core.commands import TextCommand, parse_control, parse_text_command
from bot.core.errors import IntakeError
from bot.core.events import ChoiceMade, MessageReceived
from bot.core.model import (
    Case,
    CaseStatus,
    Conversation,
    ConversationKey,
    Role,
    case_ref,
    parse_case_ref,
)
from bot.core.text import Msg, msg
from bot.i18n import CATALOGUES, translate
from bot.service.relay import from_agent
from bot.service.turn import Turn
from bot.service.views import case_header, header_controls, status_msg

TYPED = "typed"  # the field of the question: press the control, or send the words?
_SEND = "send"
_RUN = "run"
# Commands agents type for themselves (often while in a thread): asked about like buttons.
_AGENT_COMMANDS = frozenset({"queue"})


def _spoken(label: Msg) -> frozenset[str]:
    """A label in every language the bot speaks, as typed text is compared with it."""
    return frozenset(normalise(translate(language, label)) for language in CATALOGUES)


def parse_status(words: Sequence[str]) -> CaseStatus | None:
    """A status named in words of any language ('waiting on customer', 'wartet auf Kunde'),
    by its code ('waiting_on_customer'), a unique part or a near spelling; None otherwise."""
    options = [Option(s.value, (s.value, *_spoken(status_msg(s)))) for s in CaseStatus]
    picked = pick(" ".join(words), options) if words and not words[0].isdigit() else None
    return CaseStatus(picked.value) if isinstance(picked, Picked) else None


def _held_key(turn: Turn) -> ConversationKey:
    """Where one agent's words wait in one case thread while they are asked."""
    return replace(turn.key, user=turn.identity.user_id)


async def ask_if_control(turn: Turn, case: Case, event: MessageReceived) -> bool:
    """An agent's thread message that is exactly a header control's label is held, not
    relayed, and the agent asked what was meant; False for every other message."""
    if event.attachments or not turn.person.has(Role.AGENT):
        return False
    meant = _meant(case, event.text)
    if meant is None:
        return False
    # The words wait in the database, so the answer may come from a button after a restart.
    held = Conversation(_held_key(turn), turn.person.id, data={"held": event.text})
    await turn.uow.save_conversation(held)
    run, question = meant
    choices = (run, Choice(f"{_SEND}:{case.number}", msg("typed.send", text=event.text)))
    turn.actions.append(AskChoice(turn.key, turn.config.agent_locale, question, TYPED, choices))
    return True


def _meant(case: Case, text: str) -> tuple[Choice, Msg] | None:
    """The button or agent command a thread message names: the choice that runs it and the
    question to ask; None for ordinary words."""
    typed = normalise(text)
    control = next((c for c in header_controls(case) if typed in _spoken(c.label)), None)
    if control is not None:
        press = Choice(control.value, msg("typed.press", control=control.label))
        return press, msg("typed.ask", text=text, control=control.label)
    command = parse_text_command(text)
    if command is not None and command.name in _AGENT_COMMANDS:
        run = Choice(f"{_RUN}:{case.number}", msg("typed.run", text=text))
        return run, msg("typed.ask_command", text=text)
    return None


async def answer_typed(turn: Turn, case: Case, event: ChoiceMade) -> TextCommand | None:
    """The agent's answer: the held words are sent (None), or the command of the control or
    of the words is returned for the service to run."""
    held = await turn.uow.conversation(_held_key(turn))
    text = held.data.get("held", "") if held else ""
    if held is not None:
        await turn.uow.save_conversation(replace(held, data={}))
    send, run = f"{_SEND}:{case.number}", f"{_RUN}:{case.number}"
    if event.value not in (send, run):
        return parse_control(event.value)
    if not text:
        raise IntakeError("typed.gone", case=case.ref)
    if event.value == run:
        return parse_text_command(text)
    await from_agent(turn, case, MessageReceived(event.key, event.actor, text))
    return None


async def show_header(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """An agent's look at a case header (entering its thread in the console): where the
    thread is, how the case stands, its buttons."""
    named = parse_case_ref(args[0]) if args else None
    ref = case_ref(named) if named is not None else thread_case.ref if thread_case else ""
    if not ref:
        raise IntakeError("command.needs_case")
    case = await turn.case_for(ref, CaseAction.AGENT_WORK)
    turn.actions.append(await case_header(turn, case, new=False))
