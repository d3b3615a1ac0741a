"""Escalations (R21, R22): who is offered the Escalate button, opening one, its steps."""

from __future__ import annotations

from dataclasses import replace

from bot.core.actions import AskChoice, Choice, Reply, ShowEscalate
from bot.core.cases import back_to_work, close_with_case
from bot.core.model import (
    Case,
    CaseStatus,
    ConversationKey,
    Escalation,
    EscalationStep,
    Person,
)
from bot.core.text import Day, msg
from bot.core.timefmt import local_time
from bot.service.turn import Turn
from bot.service.views import case_header


async def active_escalation(turn: Turn, case: Case) -> Escalation | None:
    """The case's escalation that is not resolved yet; there is at most one (R22)."""
    latest = await turn.uow.escalation_of(case.number)
    return latest if latest is not None and latest.active else None


async def escalate_recipients(turn: Turn, case: Case) -> dict[ConversationKey, Person]:
    """R21: the designated contacts among the owner and the participants, each where they
    talk to the bot (the owner in the case's conversation, participants in their DM)."""
    found: dict[ConversationKey, Person] = {}
    owner = await turn.uow.person(case.owner_id)
    if owner is not None and owner.designated_contact:
        found[case.user_key] = owner
    for participant in case.participants:
        person = await turn.uow.person(participant)
        if person is None or not person.designated_contact or person.id == case.owner_id:
            continue
        key = await turn.person_key(person.id, case.user_key)
        if key is not None:
            found.setdefault(key, person)
    return found


async def offer_escalate(turn: Turn, case: Case) -> None:
    """R21: the first-response time has passed: the Escalate button goes to the designated
    contacts; nobody else is offered a button they may not use."""
    for key, person in (await escalate_recipients(turn, case)).items():
        text = msg("escalate.available", case=case.ref)
        turn.actions.append(ShowEscalate(key, person.locale, case.number, text))
    await turn.uow.update_case(replace(case, escalation_shown=True))


async def escalate_later(turn: Turn, case: Case) -> None:
    """A severity change moved the due time ahead: those who were offered the Escalate button
    learn from when it counts again (R21)."""
    for key, person in (await escalate_recipients(turn, case)).items():
        due = local_time(case.first_response_due, person.timezone)
        turn.actions.append(
            Reply(key, person.locale, msg("escalate.later", case=case.ref, due=due))
        )


async def open_escalation(turn: Turn, case: Case, description: str) -> Escalation:
    """R22: a new escalation, submitted now; the case is escalated until it is resolved."""
    number = await turn.uow.next_escalation_number()
    submitted = ((EscalationStep.SUBMITTED, turn.now),)
    escalation = Escalation(number, case.number, description, EscalationStep.SUBMITTED, submitted)
    await turn.uow.add_escalation(escalation)
    escalated = replace(case, status=CaseStatus.ESCALATED, last_activity_at=turn.now)
    await turn.audit("case.escalated", case.ref, case.status.value, escalation.ref)
    await turn.uow.update_case(escalated)
    turn.actions.append(await case_header(turn, escalated, new=False))
    return escalation


async def close_escalation(turn: Turn, case: Case) -> None:
    """R22: closing a case resolves its active escalation at once, and the people are told."""
    active = await active_escalation(turn, case)
    if active is not None:
        await escalation_moved(turn, case, close_with_case(active, turn.now))


async def escalation_moved(turn: Turn, case: Case, escalation: Escalation) -> None:
    """Store the escalation's new step and tell the owner and the thread (R22); in solution
    review the owner is asked to confirm the fix, and once resolved the case is back at work."""
    await turn.uow.update_escalation(escalation)
    await turn.audit("escalation.step", escalation.ref, after=escalation.step.value)
    eta = escalation.estimated_resolution
    text = msg(
        "escalation.step_user",
        escalation=escalation.ref,
        step=msg(f"step.{escalation.step.value}"),
        eta=msg("escalation.eta", date=Day(eta)) if eta else "",
    )
    await turn.tell_owner(case, text)
    turn.tell_thread(case, text)
    if escalation.step is EscalationStep.SOLUTION_REVIEW:
        choices = (
            Choice(f"{case.number}:yes", msg("escalation.fix_yes")),
            Choice(f"{case.number}:no", msg("escalation.fix_no")),
        )
        turn.actions.append(
            AskChoice(
                case.user_key,
                await turn.owner_locale(case),
                msg("escalation.fix_ask", escalation=escalation.ref),
                "fix",
                choices,
            )
        )
    if escalation.step is EscalationStep.RESOLVED and case.status is CaseStatus.ESCALATED:
        resumed = back_to_work(case, turn.now)
        await turn.uow.update_case(resumed)
        turn.actions.append(await case_header(turn, resumed, new=False))
