"""Several open cases in one chat: a free-text message asks which case it is for instead of
going to the newest (issue 12 point 8, R11)."""

from __future__ import annotations

from dataclasses import replace

from bot.core.actions import AskChoice, Choice
from bot.core.cases import CaseAction
from bot.core.choices import Option, Picked, pick
from bot.core.events import Actor, MessageReceived
from bot.core.model import Case, CaseStatus, Conversation, ConversationKey, case_ref
from bot.core.text import msg
from bot.service.relay import from_user
from bot.service.turn import Turn

FIELD = "which_case"
# Conversation data: the case the person picked (their next messages go there without
# asking again), and the message waiting for that pick.
PICKED = "picked"
PENDING = "pending"


async def to_case(
    turn: Turn, conversation: Conversation, case: Case, event: MessageReceived
) -> None:
    """Relay to the chat's case, or, with several open cases here, ask which one."""
    here = await _open_cases_here(turn, event.key)
    if conversation.data.get(PICKED) == case.ref or len(here) < 2:
        await from_user(turn, case, event)
        return
    if PENDING in conversation.data:
        # The question is open: a typed "2" or "CS-3" answers it.
        options = [Option(str(c.number), (c.ref, c.subject)) for c in here]
        chosen = pick(event.text, options)
        if isinstance(chosen, Picked):
            await case_picked(turn, conversation, int(chosen.value))
            return
    await turn.uow.save_conversation(
        replace(conversation, data={**conversation.data, PENDING: event.text})
    )
    if event.attachments:
        turn.say(msg("which_case.files_again"))
    choices = tuple(
        Choice(str(c.number), msg("which_case.choice", case=c.ref, subject=c.subject)) for c in here
    )
    turn.actions.append(
        AskChoice(turn.key, turn.person.locale, msg("which_case.ask"), FIELD, choices)
    )


async def case_picked(turn: Turn, conversation: Conversation, number: int) -> None:
    """Send the waiting message to the picked case; later messages here go there too."""
    case = await turn.case_for(case_ref(number), CaseAction.VIEW)
    pending = conversation.data.get(PENDING, "")
    await turn.uow.save_conversation(
        replace(conversation, data={"case": case.ref, PICKED: case.ref})
    )
    turn.say(msg("which_case.picked", case=case.ref))
    if pending.strip():
        actor = Actor(turn.identity, turn.person.name)
        await from_user(turn, case, MessageReceived(turn.key, actor, pending))


async def _open_cases_here(turn: Turn, key: ConversationKey) -> list[Case]:
    cases = await turn.uow.cases(owner_id=turn.person.id)
    here = [c for c in cases if c.user_key == key and c.status is not CaseStatus.CLOSED]
    return sorted(here, key=lambda c: c.number)  # CS-1 is choice 1
