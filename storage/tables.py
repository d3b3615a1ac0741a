"""SQLAlchemy 2 typed declarative tables; rows never leave storage (see mapping.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import JsonType, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

CASCADE = "CASCADE"


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints alike."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        date: Date(),
        str: String(),
        int: Integer(),
        float: Float(),
        bool: Boolean(),
        dict[str, Any]: JsonType,
        list[str]: JsonType,
    }


class OrgRow(Base):
    """An organisation; managed_by names the partner org (R8)."""

    __tablename__ = "orgs"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    plan: Mapped[str]
    managed_by: Mapped[str | None] = mapped_column(index=True)
    support_contact: Mapped[str] = mapped_column(default="")
    entitlement: Mapped[str | None]
    region: Mapped[str] = mapped_column(default="emea")


class PersonRow(Base):
    """A person; roles live in person_roles."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(primary_key=True)
    name: Mapped[str]
    org_id: Mapped[str] = mapped_column(index=True)
    designated_contact: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(default="en")
    timezone: Mapped[str] = mapped_column(default="UTC")
    login_access_default: Mapped[bool] = mapped_column(default=False)
    email: Mapped[str] = mapped_column(default="")


class PersonRoleRow(Base):
    """One role held by a person."""

    __tablename__ = "person_roles"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete=CASCADE), primary_key=True
    )
    role: Mapped[str] = mapped_column(primary_key=True)


class IdentityRow(Base):
    """A platform account linked to a person; one account, one person."""

    __tablename__ = "identities"

    platform: Mapped[str] = mapped_column(primary_key=True)
    workspace: Mapped[str] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete=CASCADE), index=True)


class ConversationRow(Base):
    """Intake state at a conversation key; '' stands for a missing user or thread."""

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("platform", "workspace", "channel", "user", "thread"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str]
    workspace: Mapped[str]
    channel: Mapped[str]
    user: Mapped[str] = mapped_column(default="")
    thread: Mapped[str] = mapped_column(default="")
    person_id: Mapped[str] = mapped_column(index=True)
    state: Mapped[str]
    data: Mapped[dict[str, Any]]


class CaseRow(Base):
    """A support case; the number is the key (CS-n)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_queue_thread", "queue", "queue_thread"),)

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    subject: Mapped[str]
    description: Mapped[str] = mapped_column(Text)
    topic: Mapped[str]
    category: Mapped[str]
    queue: Mapped[str]
    severity: Mapped[str]
    scheme: Mapped[str]
    owner_id: Mapped[str] = mapped_column(index=True)
    org_id: Mapped[str] = mapped_column(index=True)
    channel_type: Mapped[str]
    user_platform: Mapped[str]
    user_workspace: Mapped[str]
    user_channel: Mapped[str]
    user_user: Mapped[str | None]
    user_thread: Mapped[str | None]
    opened_at: Mapped[datetime]
    first_response_due: Mapped[datetime]
    last_activity_at: Mapped[datetime]
    status: Mapped[str]
    private: Mapped[bool]
    tier: Mapped[int]
    login_access: Mapped[bool]
    links: Mapped[list[str]]
    shared_links: Mapped[list[str]]
    assignee_id: Mapped[str | None] = mapped_column(index=True)
    filed_by_id: Mapped[str | None]
    partner_contact: Mapped[str]
    first_response_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    referenced_case: Mapped[int | None]
    queue_thread: Mapped[str | None]
    call_at: Mapped[datetime | None]
    call_link: Mapped[str | None]
    call_status: Mapped[str | None]
    escalation_shown: Mapped[bool]
    breach_alerted_at: Mapped[datetime | None]


class ParticipantRow(Base):
    """A participant (user id or e-mail) of a case, in the order given."""

    __tablename__ = "participants"
    __table_args__ = (UniqueConstraint("case_number", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[int] = mapped_column(ForeignKey("cases.number", ondelete=CASCADE))
    position: Mapped[int]
    participant: Mapped[str]


class CaseTagRow(Base):
    """A tag an agent set on a case (R52): a short lowercase word the queue view and the
    report filter by; found by tag for those filters."""

    __tablename__ = "case_tags"

    case_number: Mapped[int] = mapped_column(
        ForeignKey("cases.number", ondelete=CASCADE), primary_key=True
    )
    tag: Mapped[str] = mapped_column(primary_key=True, index=True)


class MessageRow(Base):
    """A transcript message; delivery_detail says why a relay failed."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_case_at", "case_number", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[int] = mapped_column(ForeignKey("cases.number", ondelete=CASCADE))
    side: Mapped[str]
    author_id: Mapped[str]
    text: Mapped[str] = mapped_column(Text)
    internal: Mapped[bool]
    delivery: Mapped[str]
    delivery_detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class AttachmentRow(Base):
    """Metadata of a file sent with a message."""

    __tablename__ = "attachments"
    __table_args__ = (UniqueConstraint("message_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete=CASCADE))
    position: Mapped[int]
    name: Mapped[str]
    size: Mapped[int]
    content_type: Mapped[str]


class EscalationRow(Base):
    """An escalation (CP-n) of a case."""

    __tablename__ = "escalations"

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    case_number: Mapped[int] = mapped_column(
        ForeignKey("cases.number", ondelete=CASCADE), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    step: Mapped[str]
    estimated_resolution: Mapped[date | None]


class EscalationStepRow(Base):
    """One timestamped step of an escalation's timeline."""

    __tablename__ = "escalation_steps"
    __table_args__ = (UniqueConstraint("escalation_number", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_number: Mapped[int] = mapped_column(
        ForeignKey("escalations.number", ondelete=CASCADE)
    )
    position: Mapped[int]
    step: Mapped[str]
    at: Mapped[datetime]


class TimerRow(Base):
    """A due SLA event; fired_at is set once, by the claim that returns it.

    lease_owner records which process claimed the row. lease_until stays NULL: a claim
    fires inside the claiming transaction, so no lease has to expire.
    """

    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_unfired_due", "fired_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_number: Mapped[int] = mapped_column(
        ForeignKey("cases.number", ondelete=CASCADE), index=True
    )
    kind: Mapped[str]
    fraction: Mapped[float] = mapped_column(default=1.0)
    due_at: Mapped[datetime]
    fired_at: Mapped[datetime | None]
    lease_owner: Mapped[str | None]
    lease_until: Mapped[datetime | None]


class FeedbackRow(Base):
    """The single rating of a case (R17)."""

    __tablename__ = "feedback"

    case_number: Mapped[int] = mapped_column(
        ForeignKey("cases.number", ondelete=CASCADE), primary_key=True, autoincrement=False
    )
    person_id: Mapped[str]
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class AuditRow(Base):
    """Append-only audit row; triggers refuse UPDATE and DELETE (migration 0001)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_subject_at", "subject", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[str]
    action: Mapped[str]
    subject: Mapped[str]
    before: Mapped[str] = mapped_column(Text, default="")
    after: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class DeflectionRow(Base):
    """Outcome of an article suggestion (R4)."""

    __tablename__ = "deflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(index=True)
    query: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str] = mapped_column(index=True)
    solved: Mapped[bool]
    at: Mapped[datetime]


class KnowledgeGapRow(Base):
    """A query with no good article match (R4)."""

    __tablename__ = "knowledge_gaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(index=True)
    query: Mapped[str] = mapped_column(Text)
    topic: Mapped[str]
    category: Mapped[str]
    at: Mapped[datetime]


class ArticlePhrasingRow(Base):
    """How a requester asked for what an article answers ("asked as", issue 11): their case's
    description once an agent said the article solved it; it joins the article's symptoms in
    the search until an agent names another solution or a knowledge editor removes it."""

    __tablename__ = "article_phrasings"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[str] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(Text)
    case_number: Mapped[int] = mapped_column(
        ForeignKey("cases.number", ondelete=CASCADE), index=True
    )
    created_by: Mapped[str]
    created_at: Mapped[datetime]
    removed_by: Mapped[str | None]
    removed_at: Mapped[datetime | None]


class OutboxRow(Base):
    """A platform call that follows from a committed change (R71), written in the same
    transaction. The process that committed it holds a lease while it sends; a row whose
    lease ran out unsent is sent by the dispatcher, in id order per conversation."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_unsent", "sent_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Where it goes (platform:workspace:channel:thread): order is kept per destination.
    destination: Mapped[str]
    action: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]
    lease_owner: Mapped[str | None]
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None]


class InboxRow(Base):
    """A platform event id, recorded before it was acknowledged (R70) or when its handling
    began. Until it is handled it holds the raw payload and a lease: one a crash left
    behind is handled again once the lease runs out. Once handled, only the id stays, for
    deduplicating the platform's retries, until housekeeping forgets it."""

    __tablename__ = "inbox"

    platform: Mapped[str] = mapped_column(primary_key=True)
    inbound_id: Mapped[str] = mapped_column(primary_key=True)
    payload: Mapped[dict[str, Any] | None]
    received_at: Mapped[datetime]
    # NULL once handled, so the recovery's claim never scans handled rows.
    lease_until: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    handled_at: Mapped[datetime | None] = mapped_column(index=True)


class LinkCodeRow(Base):
    """A one-time code that links another platform account to a person (one case history)."""

    __tablename__ = "link_codes"

    code: Mapped[str] = mapped_column(primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete=CASCADE), index=True)
    expires_at: Mapped[datetime]


class DiscordCursorRow(Base):
    """The newest message the bot handled in a Discord channel, thread or DM: after a
    reconnect or restart it reads back only what came later (R70)."""

    __tablename__ = "discord_cursors"

    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger)
    # A DM is found again only through its row (Discord lists no DMs to a bot).
    direct: Mapped[bool]
    seen_at: Mapped[datetime]


class IncidentRow(Base):
    """An incident created in chat, or a file incident resolved in chat (R56): it outranks
    the file of the same id."""

    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(primary_key=True)
    title: Mapped[str]
    topic: Mapped[str]
    url: Mapped[str] = mapped_column(default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool]
    resolved_at: Mapped[datetime | None]
    saved_by: Mapped[str]
    saved_at: Mapped[datetime]


class CaseIncidentRow(Base):
    """A case linked to an incident (a file's or a chat one's, so no foreign key to it);
    found by incident when it is resolved."""

    __tablename__ = "case_incidents"

    case_number: Mapped[int] = mapped_column(
        ForeignKey("cases.number", ondelete=CASCADE), primary_key=True
    )
    incident_id: Mapped[str] = mapped_column(primary_key=True, index=True)
    linked_at: Mapped[datetime]
    linked_by: Mapped[str]
    told_at: Mapped[datetime | None]


class ReportPostRow(Base):
    """The leads' report of a period claimed for a destination (R61), in the transaction that
    writes its outbox row: the key makes it once, whichever process posts it."""

    __tablename__ = "report_posts"

    period_key: Mapped[str] = mapped_column(primary_key=True)
    destination: Mapped[str] = mapped_column(primary_key=True)
    claimed_at: Mapped[datetime]


class CounterRow(Base):
    """A named number sequence (case, escalation), bumped inside the transaction."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(autoincrement=False)


#: Counter names; migration 0001 inserts both at 0.
CASE_COUNTER = "case"
ESCALATION_COUNTER = "escalation"


# slack_sdk's own tables for the Slack install flow (migration 0008), built by its stores'
# classes: the schema test then notices a slack_sdk upgrade that changes them.
SLACK_INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
SLACK_BOTS = SQLAlchemyInstallationStore.build_bots_table(
    Base.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
SLACK_OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, SQLAlchemyOAuthStateStore.default_table_name
)
