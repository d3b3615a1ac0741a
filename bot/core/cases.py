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


_STATUS_MOVES: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.NEW: frozenset(
        {CaseStatus.IN_PROGRESS, CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.WAITING_ON_CUSTOMER, CaseStatus.CLOSED}),
    CaseStatus.WAITING_ON_CUSTOMER: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.ESCALATED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


def next_statuses(case: Case) -> tuple[CaseStatus, ...]:
    """The statuses a case may move to by hand, in the usual order (R13; escalation has its
    own button)."""
    allowed = _STATUS_MOVES[case.status] - {CaseStatus.ESCALATED}
    return tuple(s for s in CaseStatus if s in allowed)


def move_status(case: Case, new: CaseStatus, now: datetime) -> Case:
    """The case in its new status (R13); closed is final (R16, no reopen)."""
    if new is CaseStatus.ESCALATED:
        raise InvalidTransition("status.escalate_via_button", case=case.ref)
    if new not in _STATUS_MOVES[case.status]:
        raise InvalidTransition(
            "status.invalid_move", case=case.ref, current=case.status.value, new=new.value
        )
    closed_at = now if new is CaseStatus.CLOSED else case.closed_at
    return replace(case, status=new, closed_at=closed_at, last_activity_at=now)


def check_escalation_allowed(case: Case, now: datetime) -> None:
    """R21: only after the first-response time, while the case is open and not escalated."""
    if case.status is CaseStatus.ESCALATED:
        raise InvalidTransition("escalate.already", case=case.ref)
    if not case.status.is_open:
        raise InvalidTransition("escalate.closed", case=case.ref)
    if now < case.first_response_due:
        raise InvalidTransition("escalate.too_early", case=case.ref)


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


def _at_step(escalation: Escalation, step: EscalationStep, now: datetime) -> Escalation:
    return replace(escalation, step=step, timeline=(*escalation.timeline, (step, now)))


def check_rating(rating_text: str) -> int:
    """A rating of 1-5 (R17), or an error naming the rule."""
    if not rating_text.strip().isdigit() or not 1 <= int(rating_text) <= 5:
        raise InvalidTransition("feedback.rating_range", value=rating_text)
    return int(rating_text)
