"""How far the bot read each Discord channel, for the catch-up after a reconnect."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.exc import SQLAlchemyError

from bot.core.errors import StorageUnavailable
from storage.statements import Statements, dialect_insert
from storage.tables import DiscordCursorRow

if TYPE_CHECKING:
    from storage.repository import SqlRepository

log = logging.getLogger(__name__)


class CursorStatements(Statements):
    """The cursor part of SqlUnitOfWork."""

    async def cursor_positions(
        self, *, channels: Collection[int], direct_since: datetime
    ) -> dict[int, int]:
        """The cursors of these channels, and of the DMs that had a message since a time."""
        row = DiscordCursorRow
        stmt = select(row.channel_id, row.message_id).where(
            or_(row.channel_id.in_(channels), row.direct & (row.seen_at >= direct_since))
        )
        return {channel: message for channel, message in await self._execute(stmt)}

    async def latest_cursor(self) -> int | None:
        """The newest message id handled anywhere; None before the first."""
        newest = (await self._execute(select(func.max(DiscordCursorRow.message_id)))).scalar()
        return int(newest) if newest is not None else None

    async def advance_cursors(self, seen: Mapping[int, tuple[int, bool]], *, at: datetime) -> None:
        """Move cursors forward, never back (channel -> (message id, is a DM))."""
        rows = [
            {"channel_id": channel, "message_id": message, "direct": direct, "seen_at": at}
            for channel, (message, direct) in seen.items()
        ]
        stmt = dialect_insert(DiscordCursorRow, self._postgres)
        stmt = stmt.on_conflict_do_update(
            index_elements=["channel_id"],
            set_={"message_id": stmt.excluded.message_id, "seen_at": stmt.excluded.seen_at},
            where=DiscordCursorRow.message_id < stmt.excluded.message_id,
        )
        await self._execute(stmt, rows)


class SqlCursors:
    """Channel id -> the newest message id handled there; each write is its own transaction
    of the repository (on SQLite it must take its turn with the others: storage.sessions)."""

    def __init__(self, repository: SqlRepository) -> None:
        self._repository = repository

    async def positions(
        self, *, channels: Collection[int], direct_since: datetime
    ) -> dict[int, int]:
        """The cursors of these channels, and of the DMs that had a message since a time."""
        async with self._repository.transaction() as uow:
            return await uow.cursor_positions(channels=channels, direct_since=direct_since)

    async def latest(self) -> int | None:
        """The newest message id handled anywhere; None before the first."""
        async with self._repository.transaction() as uow:
            return await uow.latest_cursor()

    async def advance(self, seen: Mapping[int, tuple[int, bool]], *, at: datetime) -> bool:
        """Move cursors forward, never back; False when the database did not take them (the
        caller offers them again: a late cursor only means reading a little more after a
        restart)."""
        try:
            async with self._repository.transaction() as uow:
                await uow.advance_cursors(seen, at=at)
        except (SQLAlchemyError, StorageUnavailable) as error:
            log.warning("discord cursors not stored (kept for the next try): %s", error)
            return False
        return True
