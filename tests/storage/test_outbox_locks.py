"""Outbox rows are locked in id order by every statement that changes several of them, as the
claimer locks them (issue 8; found as a deadlock between one process marking rows sent and
another claiming them, in tests/service/test_outbox.py on PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.actions import Reply
from bot.core.text import msg
from storage.db import make_engine
from storage.repository import SqlRepository, SqlUnitOfWork
from tests.conftest import PG_URL
from tests.storage.samples import KEY, T0

LEASE = T0 + timedelta(minutes=1)
Change = Callable[[SqlUnitOfWork, list[int]], Awaitable[object]]


@pytest.fixture
async def engine(pg_database: str, pg_emptied: Callable[[], None]) -> AsyncIterator[AsyncEngine]:
    pg_emptied()
    engine = make_engine(PG_URL.format(name=pg_database))
    try:
        yield engine
    finally:
        await engine.dispose()


async def _rows_out_of_heap_order(repository: SqlRepository, engine: AsyncEngine) -> list[int]:
    """Three unsent outbox rows, the first of them moved to the end of the table since, as
    an update moves a row off a full page: a statement that locks rows in the order it meets
    them in the table takes the highest id first."""
    replies = [Reply(KEY, "en", msg("plain", text=f"reply {n}")) for n in range(3)]
    async with repository.transaction() as uow:  # leased to it, as its own sends are
        ids = await uow.add_outbox(replies, now=T0, lease_until=T0)
    async with engine.begin() as connection:
        # An indexed column changed, twice: a new row version, not one on the same place.
        for sent in (T0, None):
            await connection.execute(
                text("UPDATE outbox SET sent_at = :sent WHERE id = :id"),
                {"sent": sent, "id": ids[0]},
            )
        places = await connection.execute(text("SELECT id FROM outbox ORDER BY ctid"))
        assert [row_id for (row_id,) in places] == [*ids[1:], ids[0]]
    return ids


async def _waiting_for_a_lock(engine: AsyncEngine) -> None:
    """Returns once a session of this database waits for a row lock. PostgreSQL tells that
    only in pg_stat_activity, so it is looked at every 10 ms: a signal from our side when
    the change's statement is sent would come before the server took (or, with the bug,
    held) any lock, and the claimer could then take the high row first and pass for the
    wrong reason."""
    async with engine.connect() as watcher:
        for _ in range(500):
            waiting = await watcher.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                )
            )
            if waiting:
                return
            await watcher.rollback()  # a fresh snapshot of the activity each time
            await asyncio.sleep(0.01)
    raise AssertionError("the change never waited for the claimer's lock")


async def _lock(connection: AsyncConnection, row: int) -> None:
    await connection.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": row})


async def _mark_sent(uow: SqlUnitOfWork, ids: list[int]) -> object:
    return await uow.mark_sent(ids, at=T0)


async def _renew(uow: SqlUnitOfWork, ids: list[int]) -> object:
    return await uow.renew_outbox(ids, until=LEASE)


async def _release(uow: SqlUnitOfWork, ids: list[int]) -> object:
    return await uow.release_outbox(ids)


@pytest.mark.parametrize("change", [_mark_sent, _renew, _release])
async def test_a_change_of_several_rows_waits_for_a_claimer_without_holding_its_next_row(
    engine: AsyncEngine, change: Change
) -> None:
    """A claimer holds the lowest row and goes on to the highest: the change waits for the
    lowest before it takes the highest, so the claimer gets it and no one deadlocks."""
    repository = SqlRepository(engine)
    low, _, high = await _rows_out_of_heap_order(repository, engine)

    async def changed() -> None:
        async with repository.transaction() as uow:
            await change(uow, [low, high])

    async with engine.connect() as claimer:
        await _lock(claimer, low)
        changing = asyncio.create_task(changed())
        await _waiting_for_a_lock(engine)
        # Before the fix the change held `high` here; PostgreSQL broke the deadlock after 1 s.
        await asyncio.wait_for(_lock(claimer, high), timeout=5)
        await claimer.commit()
    await changing
