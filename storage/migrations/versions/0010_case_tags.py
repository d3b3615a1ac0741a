"""case_tags (issue 9, R52): tags agents set on cases, which the queue view and the report
filter by.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """The tags table, one row per case and tag, found by tag."""
    op.create_table(
        "case_tags",
        sa.Column("case_number", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_case_tags_case_number_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_number", "tag", name="pk_case_tags"),
    )
    op.create_index("ix_case_tags_tag", "case_tags", ["tag"])


def downgrade() -> None:
    """The tags go."""
    op.drop_table("case_tags")
