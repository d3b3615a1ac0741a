"""Initial schema: every table of storage/tables.py, counters, append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22 21:42:07
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal here (not imported from storage) so this revision never changes meaning.
UTC_TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
CASCADE = "CASCADE"


def _text(name: str, *, nullable: bool = False, long: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.Text() if long else sa.String(), nullable=nullable)


def _time(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, UTC_TIME, nullable=nullable)


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean(), nullable=False)


def _serial(name: str = "id") -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def _directory() -> None:
    op.create_table(
        "orgs",
        _text("id"),
        _text("name"),
        _text("plan"),
        _text("managed_by", nullable=True),
        _text("support_contact"),
        _text("entitlement", nullable=True),
        _text("region"),
        sa.PrimaryKeyConstraint("id", name="pk_orgs"),
    )
    op.create_index("ix_orgs_managed_by", "orgs", ["managed_by"])
    op.create_table(
        "people",
        _text("id"),
        _text("name"),
        _text("org_id"),
        _flag("designated_contact"),
        _text("locale"),
        _text("timezone"),
        _flag("login_access_default"),
        _text("email"),
        sa.PrimaryKeyConstraint("id", name="pk_people"),
    )
    op.create_index("ix_people_org_id", "people", ["org_id"])
    op.create_table(
        "person_roles",
        _text("person_id"),
        _text("role"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_person_roles_person_id_people", ondelete=CASCADE
        ),
        sa.PrimaryKeyConstraint("person_id", "role", name="pk_person_roles"),
    )
    op.create_table(
        "identities",
        _text("platform"),
        _text("workspace"),
        _text("user_id"),
        _text("person_id"),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_identities_person_id_people", ondelete=CASCADE
        ),
        sa.PrimaryKeyConstraint("platform", "workspace", "user_id", name="pk_identities"),
    )
    op.create_index("ix_identities_person_id", "identities", ["person_id"])
    op.create_table(
        "conversations",
        _serial(),
        _text("platform"),
        _text("workspace"),
        _text("channel"),
        _text("user"),
        _text("thread"),
        _text("person_id"),
        _text("state"),
        sa.Column("data", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
        sa.UniqueConstraint(
            "platform",
            "workspace",
            "channel",
            "user",
            "thread",
            name="uq_conversations_platform_workspace_channel_user_thread",
        ),
    )
    op.create_index("ix_conversations_person_id", "conversations", ["person_id"])


def _cases() -> None:
    op.create_table(
        "cases",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        _text("subject"),
        _text("description", long=True),
        *(_text(name) for name in ("topic", "category", "queue", "severity", "scheme")),
        _text("owner_id"),
        _text("org_id"),
        _text("channel_type"),
        _text("user_platform"),
        _text("user_workspace"),
        _text("user_channel"),
        _text("user_user", nullable=True),
        _text("user_thread", nullable=True),
        _time("opened_at"),
        _time("first_response_due"),
        _time("last_activity_at"),
        _text("status"),
        _flag("private"),
        sa.Column("tier", sa.Integer(), nullable=False),
        _flag("login_access"),
        sa.Column("links", JSON, nullable=False),
        sa.Column("shared_links", JSON, nullable=False),
        _text("assignee_id", nullable=True),
        _text("filed_by_id", nullable=True),
        _text("partner_contact"),
        _time("first_response_at", nullable=True),
        _time("closed_at", nullable=True),
        sa.Column("referenced_case", sa.Integer(), nullable=True),
        _text("queue_thread", nullable=True),
        _time("call_at", nullable=True),
        _text("call_link", nullable=True),
        _text("call_status", nullable=True),
        _flag("escalation_shown"),
        sa.PrimaryKeyConstraint("number", name="pk_cases"),
    )
    op.create_index("ix_cases_assignee_id", "cases", ["assignee_id"])
    op.create_index("ix_cases_org_id", "cases", ["org_id"])
    op.create_index("ix_cases_owner_id", "cases", ["owner_id"])
    op.create_index("ix_cases_queue_thread", "cases", ["queue", "queue_thread"])
    op.create_table(
        "participants",
        _serial(),
        sa.Column("case_number", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("participant"),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_participants_case_number_cases",
            ondelete=CASCADE,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
        sa.UniqueConstraint("case_number", "position", name="uq_participants_case_number_position"),
    )
    op.create_table(
        "messages",
        _serial(),
        sa.Column("case_number", sa.Integer(), nullable=False),
        _text("side"),
        _text("author_id"),
        _text("text", long=True),
        _flag("internal"),
        _text("delivery"),
        _text("delivery_detail", long=True),
        _time("at"),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_messages_case_number_cases",
            ondelete=CASCADE,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
    )
    op.create_index("ix_messages_case_at", "messages", ["case_number", "at"])
    op.create_table(
        "attachments",
        _serial(),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("name"),
        sa.Column("size", sa.Integer(), nullable=False),
        _text("content_type"),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name="fk_attachments_message_id_messages",
            ondelete=CASCADE,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attachments"),
        sa.UniqueConstraint("message_id", "position", name="uq_attachments_message_id_position"),
    )
    op.create_table(
        "feedback",
        sa.Column("case_number", sa.Integer(), autoincrement=False, nullable=False),
        _text("person_id"),
        sa.Column("rating", sa.Integer(), nullable=False),
        _text("comment", long=True),
        _time("at"),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_feedback_case_number_cases",
            ondelete=CASCADE,
        ),
        sa.PrimaryKeyConstraint("case_number", name="pk_feedback"),
    )


def _escalations_and_timers() -> None:
    op.create_table(
        "escalations",
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("case_number", sa.Integer(), nullable=False),
        _text("description", long=True),
        _text("step"),
        sa.Column("estimated_resolution", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_escalations_case_number_cases",
            ondelete=CASCADE,
        ),
        sa.PrimaryKeyConstraint("number", name="pk_escalations"),
    )
    op.create_index("ix_escalations_case_number", "escalations", ["case_number"])
    op.create_table(
        "escalation_steps",
        _serial(),
        sa.Column("escalation_number", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _text("step"),
        _time("at"),
        sa.ForeignKeyConstraint(
            ["escalation_number"],
            ["escalations.number"],
            name="fk_escalation_steps_escalation_number_escalations",
            ondelete=CASCADE,
        ),
        sa.PrimaryKeyConstraint("id", name="pk_escalation_steps"),
        sa.UniqueConstraint(
            "escalation_number",
            "position",
            name="uq_escalation_steps_escalation_number_position",
        ),
    )
    op.create_table(
        "timers",
        _serial(),
        sa.Column("case_number", sa.Integer(), nullable=False),
        _text("kind"),
        sa.Column("fraction", sa.Float(), nullable=False),
        _time("due_at"),
        _time("fired_at", nullable=True),
        _text("lease_owner", nullable=True),
        _time("lease_until", nullable=True),
        sa.ForeignKeyConstraint(
            ["case_number"], ["cases.number"], name="fk_timers_case_number_cases", ondelete=CASCADE
        ),
        sa.PrimaryKeyConstraint("id", name="pk_timers"),
    )
    op.create_index("ix_timers_case_number", "timers", ["case_number"])
    op.create_index("ix_timers_unfired_due", "timers", ["fired_at", "due_at"])


def _records() -> None:
    op.create_table(
        "audit_log",
        _serial(),
        _text("actor_id"),
        _text("action"),
        _text("subject"),
        _text("before", long=True),
        _text("after", long=True),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_subject_at", "audit_log", ["subject", "at"])
    op.create_table(
        "deflections",
        _serial(),
        _text("person_id"),
        _text("query", long=True),
        _text("article_id"),
        _flag("solved"),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name="pk_deflections"),
    )
    op.create_index("ix_deflections_article_id", "deflections", ["article_id"])
    op.create_index("ix_deflections_person_id", "deflections", ["person_id"])
    op.create_table(
        "knowledge_gaps",
        _serial(),
        _text("person_id"),
        _text("query", long=True),
        _text("topic"),
        _text("category"),
        _time("at"),
        sa.PrimaryKeyConstraint("id", name="pk_knowledge_gaps"),
    )
    op.create_index("ix_knowledge_gaps_person_id", "knowledge_gaps", ["person_id"])
    op.create_table(
        "processed_inbound",
        _text("platform"),
        _text("inbound_id"),
        sa.Column("at", UTC_TIME, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.PrimaryKeyConstraint("platform", "inbound_id", name="pk_processed_inbound"),
    )
    counters = op.create_table(
        "counters",
        _text("name"),
        sa.Column("value", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_counters"),
    )
    op.bulk_insert(counters, [{"name": "case", "value": 0}, {"name": "escalation", "value": 0}])


APPEND_ONLY = "audit_log is append-only"


def _audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def upgrade() -> None:
    """Create every table, seed the counters and make the audit log append-only."""
    _directory()
    _cases()
    _escalations_and_timers()
    _records()
    _audit_append_only()


def downgrade() -> None:
    """Drop everything 0001 created."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in (
        "counters",
        "processed_inbound",
        "knowledge_gaps",
        "deflections",
        "audit_log",
        "timers",
        "escalation_steps",
        "escalations",
        "feedback",
        "attachments",
        "messages",
        "participants",
        "cases",
        "conversations",
        "identities",
        "person_roles",
        "people",
        "orgs",
    ):
        op.drop_table(table)
