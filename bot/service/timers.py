"""Firing claimed SLA timer rows (R20, R21, R23)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.actions import Alert
from bot.core.model import Case, CaseStatus, Timer, TimerKind, channel_key
from bot.core.sla import escalation_available
from bot.core.text import msg
from bot.core.timefmt import local_time
from bot.service.escalation import offer_escalate
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
