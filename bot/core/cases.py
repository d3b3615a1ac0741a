"""Case rules: who may do what (SPEC role table), status moves, escalation steps, feedback."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from bot.core.errors import InvalidTransition, PermissionDenied
from bot.core.model import (
    Case,
    CaseStatus,
    Escalation,
    EscalationStep,
    Person,
    Role,
)
from bot.core.sla import escalation_available
from bot.core.text import msg


class CaseAction(StrEnum):
    """Things a person can do to a case; each is authorised by `authorise`."""

    VIEW = "view"
    TALK = "talk"
    ATTACH = "attach"
    CLOSE = "close"
    RATE = "rate"
    ESCALATE = "escalate"
    LOGIN_ACCESS = "login_access"
    SET_STATUS = "set_status"
    NOTE = "note"
    AGENT_WORK = "agent_work"
    ANSWER_CALL = "answer_call"
    CONFIRM_FIX = "confirm_fix"
    EXPORT = "export"


def _relation(person: Person, case: Case) -> set[str]:
    relations: set[str] = set()
    if case.owner_id == person.id:
        relations.add("owner")
    if person.id in case.participants or (person.email and person.email in case.participants):
        relations.add("participant")
    if case.filed_by_id == person.id:
        relations.add("filer")
    # R32: org admins see their org's cases, but private categories stay hidden from them.
    if person.has(Role.ORG_ADMIN) and person.org_id == case.org_id and not case.private:
        relations.add("org_admin")
    if person.has(Role.AGENT):
        relations.add("agent")
    return relations


_ALLOWED: dict[CaseAction, frozenset[str]] = {
    CaseAction.VIEW: frozenset({"owner", "participant", "filer", "org_admin", "agent"}),
    CaseAction.TALK: frozenset({"owner", "participant", "filer", "agent"}),
    # Org admins add attachments (role table) without talking in the case.
    CaseAction.ATTACH: frozenset({"owner", "participant", "filer", "org_admin", "agent"}),
    CaseAction.CLOSE: frozenset({"owner", "org_admin", "agent"}),
    CaseAction.RATE: frozenset({"owner"}),
    CaseAction.ESCALATE: frozenset({"owner", "participant", "filer", "org_admin"}),
    CaseAction.LOGIN_ACCESS: frozenset({"owner"}),
    CaseAction.SET_STATUS: frozenset({"org_admin", "agent"}),
    CaseAction.NOTE: frozenset({"org_admin", "agent"}),
    CaseAction.AGENT_WORK: frozenset({"agent"}),
    CaseAction.ANSWER_CALL: frozenset({"owner", "participant", "filer"}),
    CaseAction.CONFIRM_FIX: frozenset({"owner", "filer"}),
    # R55: the transcript goes to who answers for the case, not to everyone who may read it.
    CaseAction.EXPORT: frozenset({"owner", "org_admin", "agent"}),
}


def may(person: Person, action: CaseAction, case: Case) -> bool:
    """True when the person may perform the action on the case."""
    if not _relation(person, case) & _ALLOWED[action]:
        return False
    # Only designated contacts may escalate (R21).
    return action is not CaseAction.ESCALATE or person.designated_contact


def authorise(person: Person, action: CaseAction, case: Case) -> None:
    """Raise PermissionDenied naming the rule when the person may not act."""
    if may(person, action, case):
        return
    if action is CaseAction.ESCALATE and _relation(person, case):
        raise PermissionDenied("deny.escalate_designated_only", case=case.ref)
    if not may(person, CaseAction.VIEW, case):
        # Do not reveal that a case exists to someone who cannot see it.
        raise PermissionDenied("deny.case_not_visible", case=case.ref)
    raise PermissionDenied(f"deny.{action.value}", case=case.ref)


_S = CaseStatus
# Every move a status can make (R13): by hand, the first agent reply (new -> in progress), the
# customer's answer (waiting -> in progress), the Escalate button (open -> escalated) and the
# end of an escalation (escalated -> in progress when resolved, or closed with the case).
STATUS_MOVES: dict[CaseStatus, frozenset[CaseStatus]] = {
    _S.NEW: frozenset({_S.IN_PROGRESS, _S.WAITING_ON_CUSTOMER, _S.ESCALATED, _S.CLOSED}),
    _S.IN_PROGRESS: frozenset({_S.WAITING_ON_CUSTOMER, _S.ESCALATED, _S.CLOSED}),
    _S.WAITING_ON_CUSTOMER: frozenset({_S.IN_PROGRESS, _S.ESCALATED, _S.CLOSED}),
    _S.ESCALATED: frozenset({_S.IN_PROGRESS, _S.CLOSED}),
    _S.CLOSED: frozenset(),
}
# By hand an escalated case can only be closed: it goes back to work when its escalation is
# resolved (R22), so no escalation is left behind on a case that moved on.
_BY_HAND = {
    **{status: moves - {_S.ESCALATED} for status, moves in STATUS_MOVES.items()},
    _S.ESCALATED: frozenset({_S.CLOSED}),
}


def next_statuses(case: Case) -> tuple[CaseStatus, ...]:
    """The statuses a case may move to by hand, in the usual order (R13; escalation has its
    own button)."""
    return tuple(s for s in CaseStatus if s in _BY_HAND[case.status])


def move_status(
    case: Case, new: CaseStatus, now: datetime, *, active: Escalation | None = None
) -> Case:
    """The case moved by hand to its new status (R13); closed is final (R16, no reopen).
    `active` is the case's unresolved escalation, named when it is what stands in the way."""
    if new is CaseStatus.ESCALATED:
        raise InvalidTransition("status.escalate_via_button", case=case.ref)
    if new not in _BY_HAND[case.status]:
        if active is not None:
            raise InvalidTransition(
                "status.escalation_active",
                case=case.ref,
                escalation=active.ref,
                step=msg(f"step.{active.step.value}"),
            )
        raise InvalidTransition(
            "status.invalid_move", case=case.ref, current=case.status.value, new=new.value
        )
    closed_at = now if new is CaseStatus.CLOSED else case.closed_at
    return replace(case, status=new, closed_at=closed_at, last_activity_at=now)


def back_to_work(case: Case, now: datetime) -> Case:
    """R22: an escalated case whose escalation is resolved is back in progress."""
    return replace(case, status=CaseStatus.IN_PROGRESS, last_activity_at=now)


def check_escalation_allowed(case: Case, now: datetime, *, active: Escalation | None) -> None:
    """R21/R22: only after the first-response time, while the case is open, and never while
    another escalation of it is still active."""
    if active is not None:
        raise InvalidTransition("escalate.already", case=case.ref, escalation=active.ref)
    if not case.status.is_open:
        raise InvalidTransition("escalate.closed", case=case.ref)
    if not escalation_available(now, case.first_response_due):
        raise InvalidTransition("escalate.too_early", case=case.ref)


def with_due(case: Case, due: datetime, now: datetime) -> Case:
    """R20/R21 after a severity change: the case keyed to its new first-response due time.

    The Escalate button counts as shown only while the new due time has passed (a downgrade
    that moves it ahead takes it back until then). The queue lead hears of a case's breach
    once; only a change that makes a case breach which was not in breach just before (an
    upgrade) lets the lead be alerted again. A downgrade, or an upgrade of a case already
    in breach, never does.
    """
    moved = replace(
        case,
        first_response_due=due,
        escalation_shown=case.escalation_shown and escalation_available(now, due),
    )
    if _missed(moved, now) and not _missed(case, now):
        moved = replace(moved, breach_alerted_at=None)
    return moved


def breach_pending(case: Case, now: datetime) -> bool:
    """A breach is still to be announced: no first response yet, and not a case whose lead
    was alerted and which is still in breach (R20)."""
    if case.first_response_at is not None:
        return False
    return case.breach_alerted_at is None or not _missed(case, now)


def _missed(case: Case, now: datetime) -> bool:
    """In breach at `now`: the due time has come without a first response (as timers fire)."""
    return case.first_response_at is None and now >= case.first_response_due


_NEXT_STEP: dict[EscalationStep, EscalationStep] = {
    EscalationStep.SUBMITTED: EscalationStep.UNDER_REVIEW,
    EscalationStep.UNDER_REVIEW: EscalationStep.ENGINEERING,
    EscalationStep.ENGINEERING: EscalationStep.SOLUTION_REVIEW,
}


def advance_escalation(escalation: Escalation, now: datetime) -> Escalation:
    """The agent moves an escalation one step on (R22); solution review waits for the user."""
    following = _NEXT_STEP.get(escalation.step)
    if following is None:
        raise InvalidTransition("escalation.no_next_step", escalation=escalation.ref)
    return _at_step(escalation, following, now)


def confirm_fix(escalation: Escalation, *, fixed: bool, now: datetime) -> Escalation:
    """R22: in solution review, yes resolves and no sends it back to engineering."""
    if escalation.step is not EscalationStep.SOLUTION_REVIEW:
        raise InvalidTransition("escalation.not_in_review", escalation=escalation.ref)
    return _at_step(
        escalation, EscalationStep.RESOLVED if fixed else EscalationStep.ENGINEERING, now
    )


def close_with_case(escalation: Escalation, now: datetime) -> Escalation:
    """R22: closing the case resolves its active escalation at the same moment."""
    return _at_step(escalation, EscalationStep.RESOLVED, now)


def _at_step(escalation: Escalation, step: EscalationStep, now: datetime) -> Escalation:
    return replace(escalation, step=step, timeline=(*escalation.timeline, (step, now)))


def check_rating(rating_text: str) -> int:
    """A rating of 1-5 (R17), or an error naming the rule."""
    if not rating_text.strip().isdigit() or not 1 <= int(rating_text) <= 5:
        raise InvalidTransition("feedback.rating_range", value=rating_text)
    return int(rating_text)
