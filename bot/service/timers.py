"""Firing claimed SLA timer rows (R20, R21, R23), a batch per transaction."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from bot.core.actions import Action, Alert
from bot.core.model import (
    Case,
    CaseStatus,
    ConversationKey,
    Identity,
    Person,
    Role,
    Timer,
    TimerKind,
    channel_key,
)
from bot.core.ports import Knowledge, Repository, UnitOfWork
from bot.core.sla import escalation_available
from bot.core.text import msg
from bot.core.timefmt import local_time
from bot.service import idle, outbox
from bot.service.closing import remind_to_rate
from bot.service.escalation import offer_escalate
from bot.service.turn import ServiceConfig, Turn

log = logging.getLogger(__name__)
# Timers fired per transaction: few enough to keep the write lock short, many enough that
# 10,000 due timers take seconds, not minutes.
TIMER_BATCH = 200
# A timer whose firing failed is tried again after this (business) time.
TIMER_RETRY = timedelta(minutes=1)
_NOWHERE = ConversationKey("system", "", "")
_SYSTEM_ID = Identity("system", "", "supportbot")
SYSTEM = Person("system", "supportbot", "default", frozenset({Role.AGENT}))


@dataclass(frozen=True)
class Fired:
    """One batch of timers: what to show, how many timers it claimed (a full batch means
    more may be due) and what happened (for the meter)."""

    actions: list[Action]
    claimed: int
    happenings: list[str] = field(default_factory=list)


async def fire_batch(
    repository: Repository,
    knowledge: Knowledge,
    config: ServiceConfig,
    at: datetime,
    wall_now: Callable[[], datetime],
    isolated: bool,
) -> Fired:
    """Claim up to TIMER_BATCH due timers and fire them in one transaction that writes their
    messages to the outbox; `isolated` gives each timer a savepoint, so one that fails is
    tried again later and the rest go on."""
    actions: list[Action] = []
    happenings: list[str] = []
    async with repository.transaction() as uow:
        timers = await uow.claim_due_timers(now=at, limit=TIMER_BATCH)
        for timer in timers:
            turn = system_turn(uow, knowledge, config, at)
            if isolated:
                try:
                    async with uow.savepoint():
                        await fire(turn, timer)
                except Exception:
                    error_id = uuid.uuid4().hex[:8]
                    log.exception(
                        "timer %d failed (error id %s); tried again later", timer.id, error_id
                    )
                    await uow.retry_timer(timer, at=at + TIMER_RETRY)
                    continue
            else:
                await fire(turn, timer)
            actions.extend(turn.actions)
            happenings.extend(turn.happenings)
        written = await outbox.write(uow, wall_now(), actions, config.lease)
    return Fired(written, claimed=len(timers), happenings=happenings)


def system_turn(uow: UnitOfWork, knowledge: Knowledge, config: ServiceConfig, at: datetime) -> Turn:
    """A turn of the bot itself (a timer, a job): no event, no conversation of its own."""
    return Turn(uow, knowledge, config, at, SYSTEM, _NOWHERE, _SYSTEM_ID)


async def fire(turn: Turn, timer: Timer) -> None:
    """Turn one claimed timer into what it is due for: an SLA reminder, alert or Escalate
    button, the idle reminder or close (R53), or the reminder to rate (R62)."""
    case = await turn.uow.case(timer.case_number, lock=True)
    if case is None:
        return
    if timer.kind is TimerKind.RATING_REMINDER:
        await remind_to_rate(turn, case)
    elif timer.kind in idle.IDLE_KINDS:
        await idle.fire(turn, timer, case)
    elif case.status is not CaseStatus.CLOSED:
        await _sla(turn, timer, case)


async def _sla(turn: Turn, timer: Timer, case: Case) -> None:
    """Thread reminders, the breach and its lead alert, or the Escalate button."""
    due = local_time(case.first_response_due, "UTC")
    match timer.kind:
        case TimerKind.REMINDER if case.first_response_at is None:
            turn.happenings.append("sla.reminder")
            turn.tell_thread(
                case,
                msg("sla.reminder", case=case.ref, percent=round(timer.fraction * 100), due=due),
            )
        case TimerKind.BREACH if case.first_response_at is None:
            turn.tell_thread(case, msg("sla.breach", case=case.ref, due=due))
            if case.breach_alerted_at is not None:
                return  # the lead heard of this case's breach already (cases.with_due)
            lead_id = turn.catalogue.queue_leads.get(case.queue)
            lead_key = await turn.person_key(lead_id, case.user_key) if lead_id else None
            lead = lead_key.user if lead_key else lead_id
            turn.actions.append(
                Alert(
                    channel_key(case.user_key, case.queue),
                    turn.config.agent_locale,
                    msg("sla.breach_lead", case=case.ref, subject=case.subject),
                    mention=lead,
                )
            )
            await turn.audit("sla.breached", case.ref, after=timer.due_at.isoformat())
            await turn.uow.update_case(replace(case, breach_alerted_at=turn.now))
        case TimerKind.ESCALATE_AVAILABLE if _escalate_due(case, turn.now):
            await offer_escalate(turn, case)


def _escalate_due(case: Case, now: datetime) -> bool:
    """R21: open, not escalated, not offered yet, and never before the due time."""
    if case.escalation_shown or not case.status.is_open:
        return False
    return escalation_available(now, case.first_response_due)
