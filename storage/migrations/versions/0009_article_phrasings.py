"""article_phrasings (issue 11, R4): a solved case's description kept as an "asked as" phrasing
of the article that solved it, which the search learns; removable, so who removed it and when
are kept beside who added it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-09 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported from storage) so this revision never changes meaning.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """The phrasings table, found by article and by case."""
    op.create_table(
        "article_phrasings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("case_number", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("removed_by", sa.String(), nullable=True),
        sa.Column("removed_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["case_number"],
            ["cases.number"],
            name="fk_article_phrasings_case_number_cases",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_article_phrasings"),
    )
    op.create_index("ix_article_phrasings_article_id", "article_phrasings", ["article_id"])
    op.create_index("ix_article_phrasings_case_number", "article_phrasings", ["case_number"])


def downgrade() -> None:
    """The phrasings go."""
    op.drop_table("article_phrasings")
