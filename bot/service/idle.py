"""Cases waiting on the customer close themselves (R53): after the plan's business days one
reminder to the requester, after more the case closes; an answer or a status move stops it."""

from __future__ import annotations

from bot.core.model import (
    IDLE_CLOSE_DAYS,
    IDLE_REMINDER_DAYS,
    Calendar,
    Case,
    CaseStatus,
    Timer,
    TimerKind,
)
from bot.core.reporting import IDLE_CLOSED
from bot.core.sla import add_business_days
from bot.core.text import msg
from bot.core.timefmt import local_time
from bot.service.closing import close_case
from bot.service.turn import Turn, calendar_of

IDLE_KINDS = (TimerKind.IDLE_REMINDER, TimerKind.IDLE_CLOSE)


async def status_moved(turn: Turn, case: Case) -> None:
    """The case's status was set: the idle count starts afresh while it waits on the
    customer, and stops otherwise."""
    await stop(turn, case)
    if case.status is CaseStatus.WAITING_ON_CUSTOMER:
        days, _, calendar = await _idle_plan(turn, case)
        remind_at = add_business_days(turn.now, days, calendar)
        await turn.uow.add_timer(Timer(case.number, TimerKind.IDLE_REMINDER, remind_at))


async def stop(turn: Turn, case: Case) -> None:
    """The customer answered or the case moved on: no reminder, no closing."""
    await turn.uow.cancel_timers(case_number=case.number, kinds=IDLE_KINDS)


async def fire(turn: Turn, timer: Timer, case: Case) -> None:
    """The reminder, or the close after it; a case no longer waiting is left alone (its
    timers are cancelled when it moves, this guards a move that raced the claim)."""
    if case.status is not CaseStatus.WAITING_ON_CUSTOMER:
        return
    if timer.kind is TimerKind.IDLE_REMINDER:
        await _remind(turn, case)
    else:
        await _close(turn, case)


async def _remind(turn: Turn, case: Case) -> None:
    _, days, calendar = await _idle_plan(turn, case)
    close_at = add_business_days(turn.now, days, calendar)
    await turn.uow.add_timer(Timer(case.number, TimerKind.IDLE_CLOSE, close_at))
    owner = await turn.uow.person(case.owner_id)
    at = local_time(close_at, owner.timezone if owner else "UTC")
    await turn.tell_owner(case, msg("idle.reminder", case=case.ref, at=at))
    thread_at = local_time(close_at, turn.config.agent_timezone)
    turn.tell_thread(case, msg("idle.reminded", case=case.ref, at=thread_at))
    await turn.audit("case.idle_reminded", case.ref, after=close_at.isoformat())


async def _close(turn: Turn, case: Case) -> None:
    since = local_time(case.last_activity_at, turn.config.agent_timezone)
    await close_case(
        turn,
        case,
        owner_notice=msg("idle.closed", case=case.ref),
        thread_notice=msg("idle.closed_thread", case=case.ref, since=since),
    )
    await turn.audit(IDLE_CLOSED, case.ref, after=case.last_activity_at.isoformat())


async def _idle_plan(turn: Turn, case: Case) -> tuple[int, int, Calendar]:
    """Business days to the reminder, then to the close, and the calendar they count in, as
    the plan of the case's org says."""
    org = await turn.org_of(case.org_id)
    calendar = calendar_of(turn.catalogue, org.plan)
    plan = turn.catalogue.plans.get(org.plan)
    if plan is None:
        return IDLE_REMINDER_DAYS, IDLE_CLOSE_DAYS, calendar
    return plan.idle_reminder_days, plan.idle_close_days, calendar
