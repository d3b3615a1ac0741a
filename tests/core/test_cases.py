"""Case rules: the SPEC role table, status moves (R13, R16), escalation steps (R21, R22)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.cases import (
    CaseAction,
    advance_escalation,
    authorise,
    check_escalation_allowed,
    check_rating,
    confirm_fix,
    may,
    move_status,
)
from bot.core.errors import InvalidTransition, PermissionDenied
from bot.core.model import (
    Case,
    CaseStatus,
    ChannelType,
    ConversationKey,
    Escalation,
    EscalationStep,
    Person,
    Role,
)

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CASE = Case(
    number=7,
    subject="s",
    description="d",
    topic="billing",
    category="invoices",
    queue="billing-queue",
    severity="3",
    scheme="default",
    owner_id="owner",
    org_id="acme",
    channel_type=ChannelType.CONSOLE,
    user_key=ConversationKey("console", "local", "dm", user="owner"),
    opened_at=T0,
    first_response_due=T0 + timedelta(hours=4),
    last_activity_at=T0,
    participants=("guest",),
)
OWNER = Person("owner", "Owner", "acme")
DESIGNATED_OWNER = replace(OWNER, designated_contact=True)
PARTICIPANT = Person("guest", "Guest", "acme")
ORG_ADMIN = Person("admin", "Admin", "acme", frozenset({Role.USER, Role.ORG_ADMIN}))
OTHER_ADMIN = Person("other", "Other", "globex", frozenset({Role.ORG_ADMIN}))
AGENT = Person("agent", "Agent", "support", frozenset({Role.AGENT}))
STRANGER = Person("stranger", "Stranger", "acme")
A = CaseAction

# (person, action, allowed) for a non-private case of org acme
ROLE_TABLE = [
    (OWNER, A.VIEW, True),
    (OWNER, A.TALK, True),
    (OWNER, A.ATTACH, True),
    (OWNER, A.CLOSE, True),
    (OWNER, A.RATE, True),
    (OWNER, A.LOGIN_ACCESS, True),
    (OWNER, A.ESCALATE, False),
    (DESIGNATED_OWNER, A.ESCALATE, True),
    (OWNER, A.AGENT_WORK, False),
    (OWNER, A.NOTE, False),
    (OWNER, A.SET_STATUS, False),
    (PARTICIPANT, A.VIEW, True),
    (PARTICIPANT, A.TALK, True),
    (PARTICIPANT, A.ATTACH, True),
    (PARTICIPANT, A.CLOSE, False),
    (PARTICIPANT, A.RATE, False),
    (ORG_ADMIN, A.VIEW, True),
    (ORG_ADMIN, A.SET_STATUS, True),
    (ORG_ADMIN, A.NOTE, True),
    (ORG_ADMIN, A.CLOSE, True),
    (ORG_ADMIN, A.TALK, False),
    (ORG_ADMIN, A.ATTACH, True),  # role table: "add notes and attachments", no talking
    (ORG_ADMIN, A.RATE, False),
    (OTHER_ADMIN, A.VIEW, False),
    (OTHER_ADMIN, A.ATTACH, False),
    (AGENT, A.AGENT_WORK, True),
    (AGENT, A.NOTE, True),
    (AGENT, A.CLOSE, True),
    (AGENT, A.ATTACH, True),
    (AGENT, A.RATE, False),
    (STRANGER, A.VIEW, False),
    (STRANGER, A.TALK, False),
    (STRANGER, A.ATTACH, False),
]


@pytest.mark.parametrize(("person", "action", "allowed"), ROLE_TABLE)
def test_role_table(person: Person, action: CaseAction, allowed: bool) -> None:
    assert may(person, action, CASE) is allowed


def test_private_category_is_hidden_from_org_admin() -> None:
    private = replace(CASE, private=True)
    assert not may(ORG_ADMIN, A.VIEW, private)
    assert not may(ORG_ADMIN, A.ATTACH, private)
    assert may(OWNER, A.VIEW, private)
    assert may(AGENT, A.VIEW, private)


def test_denial_names_the_rule() -> None:
    with pytest.raises(PermissionDenied) as escalate:
        authorise(OWNER, A.ESCALATE, CASE)
    assert escalate.value.message.key == "deny.escalate_designated_only"
    with pytest.raises(PermissionDenied) as hidden:
        authorise(STRANGER, A.CLOSE, CASE)
    assert hidden.value.message.key == "deny.case_not_visible"
    with pytest.raises(PermissionDenied) as agent_only:
        authorise(OWNER, A.AGENT_WORK, CASE)
    assert agent_only.value.message.key == "deny.agent_work"


S = CaseStatus
MOVES = [
    (S.NEW, S.IN_PROGRESS, True),
    (S.NEW, S.WAITING_ON_CUSTOMER, True),
    (S.IN_PROGRESS, S.WAITING_ON_CUSTOMER, True),
    (S.WAITING_ON_CUSTOMER, S.IN_PROGRESS, True),
    (S.ESCALATED, S.IN_PROGRESS, True),
    (S.IN_PROGRESS, S.CLOSED, True),
    (S.CLOSED, S.IN_PROGRESS, False),
    (S.CLOSED, S.NEW, False),
    (S.IN_PROGRESS, S.NEW, False),
    (S.NEW, S.ESCALATED, False),
]


@pytest.mark.parametrize(("start", "target", "ok"), MOVES)
def test_status_moves(start: CaseStatus, target: CaseStatus, ok: bool) -> None:
    case = replace(CASE, status=start)
    if ok:
        moved = move_status(case, target, T0 + timedelta(hours=1))
        assert moved.status is target
        assert (moved.closed_at is not None) is (target is S.CLOSED)
    else:
        with pytest.raises(InvalidTransition):
            move_status(case, target, T0)


def test_escalation_only_after_due_while_open() -> None:
    with pytest.raises(InvalidTransition, match=r"escalate\.too_early"):
        check_escalation_allowed(CASE, CASE.first_response_due - timedelta(seconds=1))
    check_escalation_allowed(CASE, CASE.first_response_due)
    with pytest.raises(InvalidTransition, match=r"escalate\.closed"):
        check_escalation_allowed(replace(CASE, status=S.CLOSED), T0 + timedelta(days=1))
    with pytest.raises(InvalidTransition, match=r"escalate\.already"):
        check_escalation_allowed(replace(CASE, status=S.ESCALATED), T0 + timedelta(days=1))


def test_escalation_timeline_and_solution_review() -> None:
    escalation = Escalation(
        1, 7, "slow", EscalationStep.SUBMITTED, ((EscalationStep.SUBMITTED, T0),)
    )
    for hour in (1, 2, 3):
        escalation = advance_escalation(escalation, T0 + timedelta(hours=hour))
    assert escalation.step is EscalationStep.SOLUTION_REVIEW
    with pytest.raises(InvalidTransition):
        advance_escalation(escalation, T0)
    back = confirm_fix(escalation, fixed=False, now=T0 + timedelta(hours=4))
    assert back.step is EscalationStep.ENGINEERING
    done = confirm_fix(
        advance_escalation(back, T0 + timedelta(hours=5)), fixed=True, now=T0 + timedelta(hours=6)
    )
    assert done.step is EscalationStep.RESOLVED
    assert [s for s, _ in done.timeline] == [
        EscalationStep.SUBMITTED,
        EscalationStep.UNDER_REVIEW,
        EscalationStep.ENGINEERING,
        EscalationStep.SOLUTION_REVIEW,
        EscalationStep.ENGINEERING,
        EscalationStep.SOLUTION_REVIEW,
        EscalationStep.RESOLVED,
    ]
    assert done.ref == "CP-1"


@pytest.mark.parametrize(
    ("text", "ok"), [("1", True), ("5", True), ("0", False), ("6", False), ("great", False)]
)
def test_rating_range(text: str, ok: bool) -> None:
    if ok:
        assert check_rating(text) == int(text)
    else:
        with pytest.raises(InvalidTransition, match=r"feedback\.rating_range"):
            check_rating(text)
