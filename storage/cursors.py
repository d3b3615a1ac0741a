"""SqlCursors: how far the bot read each Discord channel, for the catch-up after a reconnect."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import DiscordCursorRow

log = logging.getLogger(__name__)


class SqlCursors:
    """Channel id -> the newest message id handled there; each write is its own transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def positions(
        self, *, channels: Collection[int], direct_since: datetime
    ) -> dict[int, int]:
        """The cursors of these channels, and of the DMs that had a message since a time."""
        row = DiscordCursorRow
        stmt = select(row.channel_id, row.message_id).where(
            or_(row.channel_id.in_(channels), row.direct & (row.seen_at >= direct_since))
        )
        async with self._engine.begin() as connection:
            return {channel: message for channel, message in await connection.execute(stmt)}

    async def latest(self) -> int | None:
        """The newest message id handled anywhere; None before the first."""
        async with self._engine.begin() as connection:
            newest = await connection.scalar(select(func.max(DiscordCursorRow.message_id)))
        return int(newest) if newest is not None else None

    async def advance(self, seen: Mapping[int, tuple[int, bool]], *, at: datetime) -> bool:
        """Move cursors forward, never back (channel -> (message id, is a DM)); False when the
        database did not take them (the caller offers them again: a late cursor only means
        reading a little more after a restart)."""
        rows = [
            {"channel_id": channel, "message_id": message, "direct": direct, "seen_at": at}
            for channel, (message, direct) in seen.items()
        ]
        postgres = self._engine.dialect.name == "postgresql"
        stmt = (pg_insert if postgres else sqlite_insert)(DiscordCursorRow)
        stmt = stmt.on_conflict_do_update(
            index_elements=["channel_id"],
            set_={"message_id": stmt.excluded.message_id, "seen_at": stmt.excluded.seen_at},
            where=DiscordCursorRow.message_id < stmt.excluded.message_id,
        )
        try:
            async with self._engine.begin() as connection:
                await connection.execute(stmt, rows)
        except SQLAlchemyError as error:
            log.warning("discord cursors not stored (kept for the next try): %s", error)
            return False
        return True
