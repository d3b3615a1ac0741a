"""report_posts (issue 9, R61): the leads' report of a period posted to a destination, once,
whichever of several bot processes posts it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported from storage) so this revision never changes meaning.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    """One row per period and destination; the primary key is the post-once claim."""
    op.create_table(
        "report_posts",
        sa.Column("period_key", sa.String(), nullable=False),
        sa.Column("destination", sa.String(), nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("period_key", "destination", name="pk_report_posts"),
    )


def downgrade() -> None:
    """The claims go: the current period's report may be posted again."""
    op.drop_table("report_posts")
