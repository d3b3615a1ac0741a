"""Outbox rows shown on their platform, marked sent together (R71, issue 8): one statement for
the rows of every event shown in a short window, instead of a transaction of its own per
event (three round trips to PostgreSQL for each). A crash inside the window leaves those
rows unmarked, so they are sent again once their lease runs out: at least once, as before,
and the window is a small part of the lease."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from bot.core.errors import StorageUnavailable
from bot.core.ports import Clock, Repository

log = logging.getLogger(__name__)

# How long shown rows wait for others to share their statement. Rows shown by now and
# unmarked are sent again if the process is killed, so the window stays short; rows shown
# while a write is on its way wait for the next one, so at high rates a write takes many.
WINDOW = 0.01
# After a failed write the rows wait this long before the next try (the database is back
# within seconds or the outage is logged elsewhere).
AFTER_FAILURE = 1.0


class SentMarks:
    """Collects the ids of outbox rows shown and marks them sent in one statement a window."""

    def __init__(self, repository: Repository, clock: Clock) -> None:
        self._repository = repository
        self._clock = clock
        self._pending: set[int] = set()
        self._writer: asyncio.Task[None] | None = None  # while it waits for the window
        self._writing = asyncio.Lock()  # one write at a time; a flush waits for it
        self._failing = False

    def note(self, ids: Iterable[int]) -> None:
        """Rows that reached their platform: marked sent within the window."""
        self._pending.update(ids)
        if self._pending and self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._write_later(WINDOW))

    async def flush(self) -> None:
        """Mark what is pending now, after a write on its way (before a resend looks for
        unsent rows, and at a stop)."""
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        await self._write()

    async def _write_later(self, wait: float) -> None:
        await asyncio.sleep(wait)
        self._writer = None
        if not await self._write() and self._writer is None:
            self._writer = asyncio.get_running_loop().create_task(self._write_later(AFTER_FAILURE))

    async def _write(self) -> bool:
        """Mark the pending rows; False (and kept pending) when the database refused."""
        async with self._writing:
            ids, self._pending = sorted(self._pending), set()
            if not ids:
                return True
            try:
                async with self._repository.transaction() as uow:
                    await uow.mark_sent(ids, at=self._clock.now())
            except StorageUnavailable as error:
                self._pending.update(ids)
                if not self._failing:  # once per outage, not once a second
                    log.warning("%d sent rows unmarked: database unavailable (%s)", len(ids), error)
                self._failing = True
                return False
            self._failing = False
            return True
