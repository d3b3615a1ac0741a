"""Inbox rows (R70): a platform event is recorded before the platform is told it arrived;
handling it deletes the row in the same transaction; one a crash left behind is handed out
again once its lease runs out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from bot.core.ports import Unhandled
from storage.statements import Statements
from storage.tables import InboxRow


class InboxStatements(Statements):
    """The inbox part of SqlUnitOfWork."""

    async def record_inbound(
        self,
        *,
        platform: str,
        inbound_id: str,
        payload: Mapping[str, Any],
        now: datetime,
        lease_until: datetime,
    ) -> bool:
        """Keep an event until it is handled; False when it is waiting in the inbox already
        (a platform retry). One insert, in the acknowledgement's path: a retry of an event
        handled and gone from the inbox is kept again and then dropped by the handling's
        deduplication (claim_inbound)."""
        values = {
            "platform": platform,
            "inbound_id": inbound_id,
            "payload": dict(payload),
            "received_at": now,
            "lease_until": lease_until,
            "attempts": 0,
        }
        return await self._insert_new(InboxRow, values, ["platform", "inbound_id"])

    async def drop_inbound(self, *, platform: str, inbound_id: str) -> None:
        """The event is handled in this transaction: it leaves the inbox with it."""
        await self._execute(
            delete(InboxRow).where(InboxRow.platform == platform, InboxRow.inbound_id == inbound_id)
        )

    async def claim_inbox(
        self, *, platform: str, now: datetime, lease_until: datetime, limit: int
    ) -> Sequence[Unhandled]:
        """Recorded events whose handling did not finish in time, leased anew, oldest first."""
        stmt = (
            select(InboxRow)
            .where(InboxRow.platform == platform, InboxRow.lease_until <= now)
            .order_by(InboxRow.received_at)
            .limit(limit)
        )
        if self._postgres:
            stmt = stmt.with_for_update(skip_locked=True)
        rows = await self._rows(stmt)
        if not rows:
            return ()
        await self._execute(
            update(InboxRow)
            .where(
                InboxRow.platform == platform,
                InboxRow.inbound_id.in_([row.inbound_id for row in rows]),
            )
            .values(lease_until=lease_until, attempts=InboxRow.attempts + 1)
        )
        return [Unhandled(row.inbound_id, row.payload, row.attempts + 1) for row in rows]
