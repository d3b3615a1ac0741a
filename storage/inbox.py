"""Inbox rows (R70): a platform event is recorded before the platform is told it arrived;
handling it marks the row handled in the same transaction; one a crash left behind is handed
out again once its lease runs out. A handled row is the deduplication of retries."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update

from bot.core.ports import Unhandled
from storage.statements import Statements, dialect_insert
from storage.tables import InboxRow


@functools.cache
def claim_statement(postgres: bool) -> Any:
    """Insert the event handled, or mark its recorded row handled unless it is already:
    a row comes back only when this transaction is the one handling it. Built once, on the
    table (Core) rather than the ORM class, which would take the slower ORM bulk path. Its
    parameters are claim_platform, claim_inbound_id and claim_received_at (the statement
    is also a WITH query of a read whose own parameters name a platform)."""
    inbox = cast(Table, InboxRow.__table__)
    handled: dict[str, Any] = {
        "handled_at": bindparam("claim_received_at"),
        "lease_until": None,
        "payload": None,
    }
    stmt = dialect_insert(InboxRow, postgres).values(
        platform=bindparam("claim_platform"),
        inbound_id=bindparam("claim_inbound_id"),
        received_at=bindparam("claim_received_at"),
        attempts=0,
        **handled,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["platform", "inbound_id"],
        set_=handled,
        where=inbox.c.handled_at.is_(None),
    )
    return stmt.returning(inbox.c.inbound_id)


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
        """Keep an event until it is handled; False when it was recorded before, waiting or
        handled (a platform retry). One insert, in the acknowledgement's path."""
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
        """Give up on a recorded event: it is not handed out again, and forgotten as if it
        had been handled when it arrived."""
        await self._execute(
            update(InboxRow)
            .where(InboxRow.platform == platform, InboxRow.inbound_id == inbound_id)
            .values(lease_until=None, payload=None, handled_at=InboxRow.received_at)
        )

    async def forget_inbound(self, *, before: datetime) -> int:
        """Drop event ids handled before a time (no platform retries that late); how many."""
        return await self._delete(delete(InboxRow).where(InboxRow.handled_at < before))

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
        return [Unhandled(row.inbound_id, row.payload or {}, row.attempts + 1) for row in rows]
