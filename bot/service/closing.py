"""Closing a case and asking its requester for a rating, once more a day later (R16, R17,
R62)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.actions import AskChoice, Choice
from bot.core.cases import move_status
from bot.core.model import Case, CaseStatus, Timer, TimerKind
from bot.core.text import Msg, msg
from bot.core.timefmt import local_time
from bot.service.escalation import close_escalation
from bot.service.turn import Turn
from bot.service.views import case_header

# R62: requesters who have not rated are asked once more, this long after the close.
RATING_REMINDER_AFTER = timedelta(days=1)


async def close_case(turn: Turn, case: Case, *, owner_notice: Msg, thread_notice: Msg) -> Case:
    """R16: the case closed for good: its timers stop but the rating reminder (R62), its
    escalation is resolved, the owner is told and asked for a rating, and so is the thread
    unless it is where the closing came from."""
    closed = move_status(case, CaseStatus.CLOSED, turn.now)
    await turn.uow.cancel_timers(case_number=case.number, kinds=tuple(TimerKind))
    await turn.uow.add_timer(
        Timer(case.number, TimerKind.RATING_REMINDER, turn.now + RATING_REMINDER_AFTER)
    )
    await turn.audit("case.status", case.ref, case.status.value, closed.status.value)
    await turn.uow.update_case(closed)
    turn.actions.append(await case_header(turn, closed, new=False))
    await close_escalation(turn, closed)
    await turn.tell_owner(case, owner_notice)
    await _ask_rating(turn, case, msg("feedback.ask", case=case.ref))
    if turn.key != case.user_key:
        turn.tell_thread(case, thread_notice)
    return closed


async def rated(turn: Turn, case: Case) -> None:
    """A rating was stored: the reminder to rate is not sent (R62)."""
    await turn.uow.cancel_timers(case_number=case.number, kinds=(TimerKind.RATING_REMINDER,))


async def remind_to_rate(turn: Turn, case: Case) -> None:
    """R62: a day after the close, an owner who has not rated is asked once more."""
    if case.closed_at is None or await turn.uow.feedback(case.number) is not None:
        return
    owner = await turn.uow.person(case.owner_id)
    closed_at = local_time(case.closed_at, owner.timezone if owner else "UTC")
    await _ask_rating(turn, case, msg("feedback.remind", case=case.ref, at=closed_at))
    await turn.audit("case.rating_reminded", case.ref)


async def _ask_rating(turn: Turn, case: Case, text: Msg) -> None:
    """The rating buttons 1-5 (R17), where and in the language the owner talks to the bot."""
    ratings = tuple(Choice(f"{case.number}:{n}", msg("plain", text=str(n))) for n in range(1, 6))
    locale = await turn.owner_locale(case)
    turn.actions.append(AskChoice(case.user_key, locale, text, "rate", ratings))
