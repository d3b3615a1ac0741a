"""Rows <-> frozen core dataclasses: column values out, dataclasses back in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Row, Table

from bot.core.model import (
    Attachment,
    AuditEntry,
    CallOffer,
    CallStatus,
    Case,
    CaseStatus,
    ChannelType,
    Conversation,
    ConversationKey,
    Delivery,
    Escalation,
    EscalationStep,
    Feedback,
    IntakeState,
    Message,
    Org,
    Person,
    Role,
    Side,
    Timer,
    TimerKind,
)
from storage.tables import (
    AttachmentRow,
    AuditRow,
    CaseRow,
    ConversationRow,
    EscalationRow,
    EscalationStepRow,
    FeedbackRow,
    MessageRow,
    OrgRow,
    PersonRow,
    TimerRow,
)

Values = dict[str, Any]


def org_values(org: Org) -> Values:
    """Column values of an org."""
    return {
        "id": org.id,
        "name": org.name,
        "plan": org.plan,
        "managed_by": org.managed_by,
        "support_contact": org.support_contact,
        "entitlement": org.entitlement,
        "region": org.region,
    }


class ColumnView:
    """One table's columns of a Core row (its mapping by column) that joined several tables,
    read by name like an ORM row (columns of the same name in the other tables do not clash)."""

    def __init__(self, row: Mapping[Any, Any], table: Table) -> None:
        self._row = row
        self._table = table

    def __getattr__(self, name: str) -> Any:
        return self._row[self._table.c[name]]


def org_from_row(row: OrgRow | ColumnView) -> Org:
    """The org of a row."""
    return Org(
        id=row.id,
        name=row.name,
        plan=row.plan,
        managed_by=row.managed_by,
        support_contact=row.support_contact,
        entitlement=row.entitlement,
        region=row.region,
    )


def person_values(person: Person) -> Values:
    """Column values of a person (roles go to person_roles)."""
    return {
        "id": person.id,
        "name": person.name,
        "org_id": person.org_id,
        "designated_contact": person.designated_contact,
        "locale": person.locale,
        "timezone": person.timezone,
        "login_access_default": person.login_access_default,
        "email": person.email,
    }


def person_from_row(row: PersonRow | ColumnView, roles: Iterable[str]) -> Person:
    """The person of a row and its role names."""
    return Person(
        id=row.id,
        name=row.name,
        org_id=row.org_id,
        roles=frozenset(Role(role) for role in roles),
        designated_contact=row.designated_contact,
        locale=row.locale,
        timezone=row.timezone,
        login_access_default=row.login_access_default,
        email=row.email,
    )


def key_values(key: ConversationKey) -> Values:
    """Key columns of a conversation; '' stands for None so the unique constraint holds."""
    return {
        "platform": key.platform,
        "workspace": key.workspace,
        "channel": key.channel,
        "user": key.user or "",
        "thread": key.thread or "",
    }


def conversation_values(conversation: Conversation) -> Values:
    """Column values of a conversation."""
    return {
        **key_values(conversation.key),
        "person_id": conversation.person_id,
        "state": conversation.state.value,
        "data": dict(conversation.data),
    }


def conversation_from_row(row: ConversationRow | Row[Any] | ColumnView) -> Conversation:
    """The conversation of a row (an ORM row, or a Core row of the table's columns)."""
    key = ConversationKey(
        platform=row.platform,
        workspace=row.workspace,
        channel=row.channel,
        user=row.user or None,
        thread=row.thread or None,
    )
    return Conversation(
        key=key, person_id=row.person_id, state=IntakeState(row.state), data=dict(row.data)
    )


def case_values(case: Case) -> Values:
    """Column values of a case (participants go to their own table)."""
    call = case.call
    return {
        "number": case.number,
        "subject": case.subject,
        "description": case.description,
        "topic": case.topic,
        "category": case.category,
        "queue": case.queue,
        "severity": case.severity,
        "scheme": case.scheme,
        "owner_id": case.owner_id,
        "org_id": case.org_id,
        "channel_type": case.channel_type.value,
        "user_platform": case.user_key.platform,
        "user_workspace": case.user_key.workspace,
        "user_channel": case.user_key.channel,
        "user_user": case.user_key.user,
        "user_thread": case.user_key.thread,
        "opened_at": case.opened_at,
        "first_response_due": case.first_response_due,
        "last_activity_at": case.last_activity_at,
        "status": case.status.value,
        "private": case.private,
        "tier": case.tier,
        "login_access": case.login_access,
        "links": list(case.links),
        "shared_links": list(case.shared_links),
        "assignee_id": case.assignee_id,
        "filed_by_id": case.filed_by_id,
        "partner_contact": case.partner_contact,
        "first_response_at": case.first_response_at,
        "closed_at": case.closed_at,
        "referenced_case": case.referenced_case,
        "queue_thread": case.queue_thread,
        "call_at": call.at if call else None,
        "call_link": call.link if call else None,
        "call_status": call.status.value if call else None,
        "escalation_shown": case.escalation_shown,
        "breach_alerted_at": case.breach_alerted_at,
    }


def _call_from_row(row: CaseRow) -> CallOffer | None:
    if row.call_at is None:
        return None
    return CallOffer(
        at=row.call_at, link=row.call_link or "", status=CallStatus(row.call_status or "pending")
    )


def case_from_row(row: CaseRow, participants: Sequence[str]) -> Case:
    """The case of a row and its participants in order."""
    user_key = ConversationKey(
        platform=row.user_platform,
        workspace=row.user_workspace,
        channel=row.user_channel,
        user=row.user_user,
        thread=row.user_thread,
    )
    return Case(
        number=row.number,
        subject=row.subject,
        description=row.description,
        topic=row.topic,
        category=row.category,
        queue=row.queue,
        severity=row.severity,
        scheme=row.scheme,
        owner_id=row.owner_id,
        org_id=row.org_id,
        channel_type=ChannelType(row.channel_type),
        user_key=user_key,
        opened_at=row.opened_at,
        first_response_due=row.first_response_due,
        last_activity_at=row.last_activity_at,
        status=CaseStatus(row.status),
        private=row.private,
        tier=row.tier,
        login_access=row.login_access,
        links=tuple(row.links),
        participants=tuple(participants),
        shared_links=tuple(row.shared_links),
        assignee_id=row.assignee_id,
        filed_by_id=row.filed_by_id,
        partner_contact=row.partner_contact,
        first_response_at=row.first_response_at,
        closed_at=row.closed_at,
        referenced_case=row.referenced_case,
        queue_thread=row.queue_thread,
        call=_call_from_row(row),
        escalation_shown=row.escalation_shown,
        breach_alerted_at=row.breach_alerted_at,
    )


def message_values(message: Message) -> Values:
    """Column values of a message (its id is generated; attachments go to their table)."""
    return {
        "case_number": message.case_number,
        "side": message.side.value,
        "author_id": message.author_id,
        "text": message.text,
        "internal": message.internal,
        "delivery": message.delivery.value,
        "delivery_detail": "",
        "at": message.at,
    }


def attachment_values(message_id: int, attachments: Sequence[Attachment]) -> list[Values]:
    """Column values of a message's attachments, numbered in order."""
    return [
        {
            "message_id": message_id,
            "position": position,
            "name": a.name,
            "size": a.size,
            "content_type": a.content_type,
        }
        for position, a in enumerate(attachments)
    ]


def message_from_row(row: MessageRow, attachments: Sequence[AttachmentRow]) -> Message:
    """The message of a row and its attachment rows in order."""
    return Message(
        case_number=row.case_number,
        side=Side(row.side),
        author_id=row.author_id,
        text=row.text,
        at=row.at,
        internal=row.internal,
        delivery=Delivery(row.delivery),
        attachments=tuple(Attachment(a.name, a.size, a.content_type) for a in attachments),
        id=row.id,
    )


def escalation_values(escalation: Escalation) -> Values:
    """Column values of an escalation (the timeline goes to escalation_steps)."""
    return {
        "number": escalation.number,
        "case_number": escalation.case_number,
        "description": escalation.description,
        "step": escalation.step.value,
        "estimated_resolution": escalation.estimated_resolution,
    }


def step_values(escalation: Escalation) -> list[Values]:
    """Column values of an escalation's timeline, numbered in order."""
    return [
        {"escalation_number": escalation.number, "position": n, "step": step.value, "at": at}
        for n, (step, at) in enumerate(escalation.timeline)
    ]


def escalation_from_row(row: EscalationRow, steps: Sequence[EscalationStepRow]) -> Escalation:
    """The escalation of a row and its step rows in order."""
    return Escalation(
        number=row.number,
        case_number=row.case_number,
        description=row.description,
        step=EscalationStep(row.step),
        timeline=tuple((EscalationStep(s.step), s.at) for s in steps),
        estimated_resolution=row.estimated_resolution,
    )


def timer_values(timer: Timer) -> Values:
    """Column values of a timer (its id is generated)."""
    return {
        "case_number": timer.case_number,
        "kind": timer.kind.value,
        "fraction": timer.fraction,
        "due_at": timer.due_at,
        "fired_at": timer.fired_at,
    }


def timer_from_row(row: TimerRow) -> Timer:
    """The timer of a row."""
    return Timer(
        case_number=row.case_number,
        kind=TimerKind(row.kind),
        due_at=row.due_at,
        fraction=row.fraction,
        id=row.id,
        fired_at=row.fired_at,
    )


def audit_values(entry: AuditEntry) -> Values:
    """Column values of an audit entry."""
    return {
        "actor_id": entry.actor_id,
        "action": entry.action,
        "subject": entry.subject,
        "before": entry.before,
        "after": entry.after,
        "at": entry.at,
    }


def audit_from_row(row: AuditRow) -> AuditEntry:
    """The audit entry of a row."""
    return AuditEntry(
        actor_id=row.actor_id,
        action=row.action,
        subject=row.subject,
        at=row.at,
        before=row.before,
        after=row.after,
    )


def feedback_values(feedback: Feedback) -> Values:
    """Column values of a rating."""
    return {
        "case_number": feedback.case_number,
        "person_id": feedback.person_id,
        "rating": feedback.rating,
        "comment": feedback.comment,
        "at": feedback.at,
    }


def feedback_from_row(row: FeedbackRow) -> Feedback:
    """The rating of a row."""
    return Feedback(
        case_number=row.case_number,
        person_id=row.person_id,
        rating=row.rating,
        comment=row.comment,
        at=row.at,
    )
