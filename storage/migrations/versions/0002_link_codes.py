"""Link codes: one-time codes that link a second platform account to a person.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create link_codes."""
    op.create_table(
        "link_codes",
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("person_id", sa.String(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name="fk_link_codes_person_id_people", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("code", name="pk_link_codes"),
    )
    op.create_index("ix_link_codes_person_id", "link_codes", ["person_id"])


def downgrade() -> None:
    """Drop link_codes."""
    op.drop_index("ix_link_codes_person_id", table_name="link_codes")
    op.drop_table("link_codes")
