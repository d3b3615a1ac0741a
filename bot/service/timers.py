"""Firing claimed SLA timer rows (R20, R21, R23)."""

from __future__ import annotations

from dataclasses import replace

from bot.core.actions import Alert, ShowEscalate
from bot.core.model import Case, CaseStatus, Timer, TimerKind, channel_key
from bot.core.text import msg
from bot.core.timefmt import local_time
from bot.service.turn import Turn


async def fire(turn: Turn, timer: Timer) -> None:
    """Turn one claimed timer into thread reminders, a lead alert or the Escalate button."""
    case = await turn.uow.case(timer.case_number, lock=True)
    if case is None or case.status is CaseStatus.CLOSED:
        return
    due = local_time(case.first_response_due, "UTC")
    match timer.kind:
        case TimerKind.REMINDER if case.first_response_at is None:
            turn.tell_thread(
                case,
                msg("sla.reminder", case=case.ref, percent=round(timer.fraction * 100), due=due),
            )
        case TimerKind.BREACH if case.first_response_at is None:
            turn.tell_thread(case, msg("sla.breach", case=case.ref, due=due))
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
        case TimerKind.ESCALATE_AVAILABLE if case.status.is_open and not case.escalation_shown:
            await _show_escalate(turn, case)


async def _show_escalate(turn: Turn, case: Case) -> None:
    """R21: the user's case message gains the Escalate button once the due time has passed."""
    locale = await turn.owner_locale(case)
    turn.actions.append(
        ShowEscalate(case.user_key, locale, case.number, msg("escalate.available", case=case.ref))
    )
    await turn.uow.update_case(replace(case, escalation_shown=True))
