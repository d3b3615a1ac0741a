"""Index processed_inbound.at, so housekeeping can forget old platform event ids cheaply.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 01:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ix_processed_inbound_at."""
    op.create_index("ix_processed_inbound_at", "processed_inbound", ["at"])


def downgrade() -> None:
    """Drop ix_processed_inbound_at."""
    op.drop_index("ix_processed_inbound_at", table_name="processed_inbound")
