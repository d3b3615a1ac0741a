"""cases.breach_alerted_at: when the queue lead was told of the case's breach (issue 8, R20).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add cases.breach_alerted_at, filled from the audit rows of the alerts already sent."""
    op.add_column("cases", sa.Column("breach_alerted_at", sa.DateTime(timezone=True)))
    op.execute(
        "UPDATE cases SET breach_alerted_at = (SELECT MIN(at) FROM audit_log"
        " WHERE action = 'sla.breached' AND subject = 'CS-' || cases.number)"
    )


def downgrade() -> None:
    """Drop cases.breach_alerted_at."""
    op.drop_column("cases", "breach_alerted_at")
