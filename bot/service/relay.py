"""Carrying case messages between the user's side and the agents' thread (R11, R15, R16)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.actions import AskChoice, Choice, Relay
from bot.core.attachments import Sample, screen
from bot.core.cases import CaseAction, authorise, may
from bot.core.events import MessageReceived
from bot.core.model import Attachment, Case, CaseStatus, Delivery, Message, Side, TimerKind
from bot.core.text import msg
from bot.service import idle
from bot.service.turn import Turn, thread_key
from bot.service.views import case_header

NOTE_PREFIX = "note:"


async def closed_case_reply(turn: Turn, case: Case, text: str) -> None:
    """R16: the message is kept, answered, and a new referencing case is offered."""
    await turn.uow.add_message(
        Message(
            case.number, Side.USER, turn.person.id, text, turn.now, delivery=Delivery.NOT_RELAYED
        )
    )
    turn.say(msg("case.closed_reply", case=case.ref))
    new_case = Choice(str(case.number), msg("case.new_referencing", case=case.ref))
    turn.actions.append(
        AskChoice(turn.key, turn.person.locale, msg("case.offer_new"), "new_case", (new_case,))
    )


async def from_user(turn: Turn, case: Case, event: MessageReceived) -> None:
    """A user's message into a case reaches the agents' thread (R11); org admins send files
    this way too (role table), their words only along with a file."""
    authorise(turn.person, CaseAction.ATTACH if event.attachments else CaseAction.TALK, case)
    if case.status is CaseStatus.CLOSED:
        await closed_case_reply(turn, case, event.text)
        return
    screened = screen(event.attachments, event.attachment_samples)
    for rejection in screened.rejected:
        turn.say(rejection)
    if not screened.accepted and not may(turn.person, CaseAction.TALK, case):
        return  # no file came through, and words alone are not theirs to send
    if not event.text.strip() and not screened.accepted:
        return
    message_id = await turn.uow.add_message(
        Message(
            case.number,
            Side.USER,
            turn.person.id,
            event.text,
            turn.now,
            attachments=screened.accepted,
        )
    )
    turn.actions.append(
        Relay(
            thread_key(case),
            turn.config.agent_locale,
            case.number,
            turn.person.name,
            event.text,
            message_id,
            tuple(a.name for a in screened.accepted),
        )
    )
    updated = replace(case, last_activity_at=turn.now)
    if case.status is CaseStatus.WAITING_ON_CUSTOMER:
        # The customer answered: the ball is back with the agents, and the case stays open.
        updated = replace(updated, status=CaseStatus.IN_PROGRESS)
        await turn.uow.update_case(updated)
        await idle.stop(turn, updated)
        turn.actions.append(await case_header(turn, updated, new=False))
    else:
        await turn.uow.update_case(updated)


async def from_agent(turn: Turn, case: Case, event: MessageReceived) -> None:
    """An agent's thread message reaches the user, unless it is an internal note (R11)."""
    text = event.text.strip()
    if text.lower().startswith(NOTE_PREFIX):
        await add_note(turn, case, text[len(NOTE_PREFIX) :].strip())
        return
    await agent_reply(turn, case, event.text, event.attachments, event.attachment_samples)


async def agent_reply(
    turn: Turn,
    case: Case,
    text: str,
    attachments: Sequence[Attachment] = (),
    samples: Sequence[Sample] = (),
) -> bool:
    """An agent's words, typed or a snippet (R51), reach the user and the participants; the
    first is the first response (R11). False when the case is closed and nothing was sent."""
    authorise(turn.person, CaseAction.AGENT_WORK, case)
    if case.status is CaseStatus.CLOSED:
        turn.tell_thread(case, msg("case.closed_thread", case=case.ref))
        return False
    screened = screen(attachments, samples)
    for rejection in screened.rejected:
        turn.tell_thread(case, rejection)
    message_id = await turn.uow.add_message(
        Message(
            case.number,
            Side.AGENT,
            turn.person.id,
            text,
            turn.now,
            attachments=screened.accepted,
        )
    )
    locale = await turn.owner_locale(case)
    files = tuple(a.name for a in screened.accepted)
    turn.actions.append(
        Relay(case.user_key, locale, case.number, turn.person.name, text, message_id, files)
    )
    await turn.notify_participants(
        case, msg("relay.participant", case=case.ref, author=turn.person.name, text=text)
    )
    updated = replace(case, last_activity_at=turn.now)
    if case.first_response_at is None:
        # R11: the first public agent reply is the first response; reminders stop (R20).
        updated = replace(updated, first_response_at=turn.now)
        if updated.status is CaseStatus.NEW:
            updated = replace(updated, status=CaseStatus.IN_PROGRESS)
        await turn.uow.cancel_timers(
            case_number=case.number, kinds=(TimerKind.REMINDER, TimerKind.BREACH)
        )
        await turn.audit("case.first_response", case.ref, after=turn.now.isoformat())
        await turn.uow.update_case(updated)
        turn.actions.append(await case_header(turn, updated, new=False))
    else:
        await turn.uow.update_case(updated)
    return True


async def add_note(turn: Turn, case: Case, text: str) -> None:
    """An internal note: stored, shown to agents, never relayed (R11); org admins may add them."""
    authorise(turn.person, CaseAction.NOTE, case)
    await turn.uow.add_message(
        Message(
            case.number,
            Side.AGENT,
            turn.person.id,
            text,
            turn.now,
            internal=True,
            delivery=Delivery.NOT_RELAYED,
        )
    )
    turn.tell_thread(case, msg("note.saved", case=case.ref))
