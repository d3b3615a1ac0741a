"""incidents and case_incidents (issue 9, R56): incidents created or resolved by agents in
chat, and the cases linked to an incident, whose requesters are told when it is resolved.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported from storage) so this revision never changes meaning.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """The two tables; links are found by incident when it is resolved."""
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("resolved_at", UTC_TIME, nullable=True),
        sa.Column("saved_by", sa.String(), nullable=False),
        sa.Column("saved_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    op.create_table(
        "case_incidents",
        sa.Column("case_number", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.String(), nullable=False),
        sa.Column("linked_at", UTC_TIME, nullable=False),
        sa.Column("linked_by", sa.String(), nullable=False),
        sa.Column("told_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_case_incidents_case_number_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_number", "incident_id", name="pk_case_incidents"),
    )
    op.create_index("ix_case_incidents_incident_id", "case_incidents", ["incident_id"])


def downgrade() -> None:
    """The links and the chat incidents go; the files stay."""
    op.drop_table("case_incidents")
    op.drop_table("incidents")
