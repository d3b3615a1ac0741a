"""One table for inbound events (issue 8, R70): the inbox row of a handled event stays, marked
handled, instead of moving to processed_inbound; recording, handling and deduplicating an
event are then one statement each.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 07:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported from storage) so this revision never changes meaning.
UTC_TIME = sa.DateTime(timezone=True)
JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    """Handled events live in the inbox (payload and lease dropped); processed_inbound goes."""
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("handled_at", UTC_TIME, nullable=True))
        batch.alter_column("payload", existing_type=JSON, nullable=True)
        batch.alter_column("lease_until", existing_type=UTC_TIME, nullable=True)
    op.create_index("ix_inbox_handled_at", "inbox", ["handled_at"])
    op.execute(
        "INSERT INTO inbox (platform, inbound_id, received_at, attempts, handled_at) "
        "SELECT platform, inbound_id, at, 0, at FROM processed_inbound p WHERE NOT EXISTS "
        "(SELECT 1 FROM inbox i WHERE i.platform = p.platform AND i.inbound_id = p.inbound_id)"
    )
    op.drop_index("ix_processed_inbound_at", table_name="processed_inbound")
    op.drop_table("processed_inbound")


def downgrade() -> None:
    """Handled events move back to processed_inbound."""
    op.create_table(
        "processed_inbound",
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("inbound_id", sa.String(), nullable=False),
        sa.Column("at", UTC_TIME, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.PrimaryKeyConstraint("platform", "inbound_id", name="pk_processed_inbound"),
    )
    op.create_index("ix_processed_inbound_at", "processed_inbound", ["at"])
    op.execute(
        "INSERT INTO processed_inbound (platform, inbound_id, at) "
        "SELECT platform, inbound_id, handled_at FROM inbox WHERE handled_at IS NOT NULL"
    )
    op.execute("DELETE FROM inbox WHERE handled_at IS NOT NULL")
    op.drop_index("ix_inbox_handled_at", table_name="inbox")
    with op.batch_alter_table("inbox") as batch:
        batch.alter_column("lease_until", existing_type=UTC_TIME, nullable=False)
        batch.alter_column("payload", existing_type=JSON, nullable=False)
        batch.drop_column("handled_at")
