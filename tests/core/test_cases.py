"""Case rules: the SPEC role table, status moves (R13, R16), escalation steps (R21, R22)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.cases import (
    STATUS_MOVES,
    CaseAction,
    advance_escalation,
    authorise,
    breach_pending,
    check_escalation_allowed,
    check_rating,
    confirm_fix,
    may,
    move_status,
    next_statuses,
    with_due,
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
    (S.ESCALATED, S.IN_PROGRESS, False),  # back to work only when its escalation resolves
    (S.ESCALATED, S.WAITING_ON_CUSTOMER, False),
    (S.ESCALATED, S.CLOSED, True),
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
        check_escalation_allowed(CASE, CASE.first_response_due - timedelta(seconds=1), active=None)
    check_escalation_allowed(CASE, CASE.first_response_due, active=None)
    with pytest.raises(InvalidTransition, match=r"escalate\.closed"):
        check_escalation_allowed(
            replace(CASE, status=S.CLOSED), T0 + timedelta(days=1), active=None
        )


CP1 = Escalation(1, 7, "slow", EscalationStep.UNDER_REVIEW, ((EscalationStep.SUBMITTED, T0),))


def test_a_second_escalation_is_refused_naming_the_active_one() -> None:
    later = T0 + timedelta(days=1)
    with pytest.raises(InvalidTransition) as refused:
        check_escalation_allowed(replace(CASE, status=S.ESCALATED), later, active=CP1)
    assert refused.value.message.key == "escalate.already"
    assert refused.value.message.params["escalation"] == "CP-1"
    resolved = replace(CP1, step=EscalationStep.RESOLVED)
    assert not resolved.active
    check_escalation_allowed(replace(CASE, status=S.IN_PROGRESS), later, active=None)


def test_status_of_an_escalated_case_is_refused_naming_its_escalation() -> None:
    with pytest.raises(InvalidTransition) as refused:
        move_status(replace(CASE, status=S.ESCALATED), S.IN_PROGRESS, T0, active=CP1)
    assert refused.value.message.key == "status.escalation_active"
    assert refused.value.message.params["escalation"] == "CP-1"


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (S.NEW, (S.IN_PROGRESS, S.WAITING_ON_CUSTOMER, S.CLOSED)),
        (S.IN_PROGRESS, (S.WAITING_ON_CUSTOMER, S.CLOSED)),
        (S.WAITING_ON_CUSTOMER, (S.IN_PROGRESS, S.CLOSED)),
        (S.ESCALATED, (S.CLOSED,)),
        (S.CLOSED, ()),
    ],
)
def test_hand_moves_are_allowed_moves(status: CaseStatus, offered: tuple[CaseStatus, ...]) -> None:
    assert next_statuses(replace(CASE, status=status)) == offered
    assert set(offered) <= STATUS_MOVES[status]


DUE = CASE.first_response_due  # T0 + 4 h
H = timedelta(hours=1)
ALERTED = replace(CASE, breach_alerted_at=DUE, escalation_shown=True)
DOWNGRADED = replace(ALERTED, first_response_due=T0 + 8 * H, escalation_shown=False)


@pytest.mark.parametrize(
    ("case", "new_due", "now", "shown", "alert_again"),
    [
        # Not yet due, an upgrade makes it breach: the lead is alerted (for the first time).
        (CASE, T0 + 2 * H, T0 + 3 * H, False, True),
        # Breached and alerted, a downgrade moves the due time ahead: the button is taken
        # back until then, and the lead is not alerted when the new time passes.
        (ALERTED, T0 + 8 * H, T0 + 5 * H, False, False),
        # Breached and alerted, an upgrade: still in breach, nothing new to tell the lead.
        (ALERTED, T0 + 2 * H, T0 + 5 * H, True, False),
        # Alerted, downgraded out of breach, then upgraded back into it: newly breached.
        (DOWNGRADED, T0 + 2 * H, T0 + 5 * H, True, True),
    ],
)
def test_a_new_due_time_recomputes_escalate_and_breach(
    case: Case, new_due: datetime, now: datetime, shown: bool, alert_again: bool
) -> None:
    moved = with_due(case, new_due, now)
    assert moved.first_response_due == new_due
    assert moved.escalation_shown is (case.escalation_shown and shown)
    assert (moved.breach_alerted_at is None) is (alert_again or case.breach_alerted_at is None)
    # A breach timer is laid when the breach is still to be announced.
    assert breach_pending(moved, now) is (alert_again or new_due > now)


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
