"""Outbox rows (R71): platform calls written in the transaction of the change they follow
from, leased while they are sent, claimed again once a lease runs out."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import BindParameter, Select, Table, bindparam, delete, func, select, update

from bot.core.actions import Action
from bot.core.model import destination
from bot.core.ports import Backlog, Unsent
from storage.statements import Statements
from storage.tables import InboxRow, OutboxRow

log = logging.getLogger(__name__)
# A row that cannot be read back (its class changed between versions) is set aside this
# long, so it is looked at by a person rather than retried in a loop.
UNREADABLE_PARK = timedelta(days=1)


_OUTBOX = cast(Table, OutboxRow.__table__)


def _locked(ids: Sequence[int] | BindParameter[list[int]]) -> Select[tuple[int]]:
    """The rows of these ids, locked in id order on PostgreSQL, as the claimer locks them.
    An update of several rows locks them in the order it finds them in the table, which an
    earlier update can have changed: while a claimer held a low row and waited for a high
    one, the update held the high one and waited for the low one (a deadlock)."""
    return (
        select(_OUTBOX.c.id).where(_OUTBOX.c.id.in_(ids)).order_by(_OUTBOX.c.id).with_for_update()
    )


# The statement every message takes, built once on the table (Core), not the ORM class.
_MARK_SENT = (
    update(_OUTBOX)
    .where(_OUTBOX.c.id.in_(_locked(bindparam("ids", expanding=True))))
    .values(sent_at=bindparam("at"), lease_until=None)
)


class OutboxStatements(Statements):
    """The outbox part of SqlUnitOfWork."""

    _owner: str

    async def add_outbox(
        self, actions: Sequence[Action], *, now: datetime, lease_until: datetime
    ) -> list[int]:
        """Write actions to send, leased to this process until it has sent them; row ids."""
        if not actions:
            return []
        rows = [
            {
                "destination": destination(action.to),
                # The action as the core made it: it is sent by the same renderer later.
                "action": pickle.dumps(action, protocol=pickle.HIGHEST_PROTOCOL),
                "created_at": now,
                "lease_owner": self._owner,
                "lease_until": lease_until,
                "attempts": 0,
            }
            for action in actions
        ]
        # With the writes held back (storage.later): one statement on PostgreSQL.
        return await self._insert_returning(OutboxRow, rows, "id")

    async def mark_sent(self, ids: Sequence[int], *, at: datetime) -> None:
        """Outbox rows that reached their platform."""
        if ids:
            await self._core(_MARK_SENT, {"ids": list(ids), "at": at})

    async def claim_outbox(
        self, *, now: datetime, lease_until: datetime, limit: int
    ) -> Sequence[Unsent]:
        """Unsent rows whose lease ran out, leased anew, in id order; a destination's rows
        wait behind its first row that is still leased or waiting for a retry."""
        stmt = (
            select(OutboxRow.id, OutboxRow.destination, OutboxRow.lease_until)
            .where(OutboxRow.sent_at.is_(None))
            .order_by(OutboxRow.id)
            .limit(limit)
        )
        if self._postgres:
            # Waits (briefly) for another claimer instead of skipping its rows: skipping
            # would let a later row of a destination overtake an earlier one.
            stmt = stmt.with_for_update(of=OutboxRow)
        held: set[str] = set()
        taken: list[int] = []
        for row_id, where, until in (await self._execute(stmt)).all():
            if where in held:
                continue
            if until is not None and until > now:
                held.add(where)  # in flight or waiting for its retry: later rows wait too
                continue
            taken.append(row_id)
        if not taken:
            return ()
        await self._execute(
            update(OutboxRow)
            .where(OutboxRow.id.in_(taken))
            .values(lease_owner=self._owner, lease_until=lease_until)
        )
        payloads = await self._execute(
            select(OutboxRow.id, OutboxRow.action, OutboxRow.attempts)
            .where(OutboxRow.id.in_(taken))
            .order_by(OutboxRow.id)
        )
        claimed: list[Unsent] = []
        for row_id, payload, attempts in payloads.all():
            try:
                claimed.append(Unsent(row_id, pickle.loads(payload), attempts))
            except (pickle.UnpicklingError, AttributeError, ImportError, TypeError) as error:
                log.error("outbox row %d cannot be read (%s); set aside", row_id, error)
                await self.outbox_failed(
                    row_id, error=type(error).__name__, retry_at=now + UNREADABLE_PARK
                )
        return claimed

    async def renew_outbox(self, ids: Sequence[int], *, until: datetime) -> Sequence[int]:
        """Extend this process's lease on unsent rows it still holds; the ids it holds."""
        if not ids:
            return []
        stmt = (
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(_locked(ids)),
                OutboxRow.sent_at.is_(None),
                OutboxRow.lease_owner == self._owner,
            )
            .values(lease_until=until)
            .returning(OutboxRow.id)
        )
        return [row_id for (row_id,) in await self._execute(stmt)]

    async def backlog(self, *, now: datetime) -> Backlog:
        """What waits in the outbox and the inbox (both counts use their unsent/unhandled
        indexes)."""
        unsent, oldest = (
            await self._execute(
                select(func.count(), func.min(OutboxRow.created_at)).where(
                    OutboxRow.sent_at.is_(None)
                )
            )
        ).one()
        unhandled = (
            await self._execute(
                select(func.count()).select_from(InboxRow).where(InboxRow.lease_until.is_not(None))
            )
        ).scalar_one()
        age = (now - oldest).total_seconds() if oldest is not None else 0.0
        return Backlog(unsent=unsent, oldest_unsent_seconds=max(age, 0.0), unhandled=unhandled)

    async def outbox_failed(self, row_id: int, *, error: str, retry_at: datetime) -> None:
        """A send that failed: counted, and not tried again before `retry_at`."""
        await self._execute(
            update(OutboxRow)
            .where(OutboxRow.id == row_id)
            .values(attempts=OutboxRow.attempts + 1, last_error=error[:500], lease_until=retry_at)
        )

    async def release_outbox(self, ids: Sequence[int]) -> None:
        """Claimed rows not tried: claimable again at once, behind their destination's
        failed row."""
        if ids:
            await self._execute(
                update(OutboxRow).where(OutboxRow.id.in_(_locked(ids))).values(lease_until=None)
            )

    async def forget_sent_outbox(self, *, before: datetime) -> int:
        """Delete rows sent before a time; how many."""
        return await self._delete(delete(OutboxRow).where(OutboxRow.sent_at < before))
