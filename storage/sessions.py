"""How a unit of work reaches the database: SQLite on the event loop's own thread, PostgreSQL
through psycopg's asyncio connection (AsyncSession)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from sqlalchemy import ScalarResult, Select
from sqlalchemy.orm import Session

_T = TypeVar("_T")

# One lock per database file and event loop: asyncio locks belong to the loop they wait on.
_TURNS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def writer_turn(database: str) -> asyncio.Lock:
    """The lock this process's transactions on a SQLite file take turns on.

    Every transaction there begins IMMEDIATE (storage.db), so SQLite lets one run at a time
    anyway; waiting here instead of in SQLite's busy handler means an inline statement never
    blocks the loop on a lock that a suspended coroutine of this process holds, and the
    waiting is first come, first served rather than SQLite's sleep-and-poll."""
    turns = _TURNS.setdefault(asyncio.get_running_loop(), {})
    return turns.setdefault(database, asyncio.Lock())


class InlineSession:
    """A sync Session offered with the awaitable methods of AsyncSession that Statements uses.

    A SQLite statement on a local file takes microseconds, so it runs on the event loop's
    thread: no hand-off to a driver thread and back for each statement (issue 8 measured 34
    such hops per event, and the greenlet bridge of AsyncSession on top)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def execute(
        self,
        stmt: Any,
        params: dict[str, Any] | Sequence[dict[str, Any]] | None = None,
        *,
        execution_options: dict[str, Any] | None = None,
    ) -> Any:  # Result[...] of the statement's row type, as AsyncSession.execute
        """Run a statement."""
        return self._session.execute(stmt, params, execution_options=execution_options or {})

    def execute_core(
        self, stmt: Any, params: dict[str, Any] | Sequence[dict[str, Any]] | None = None
    ) -> Any:  # CursorResult of the statement
        """Run a Core statement (no ORM entities) on the transaction's connection."""
        return self._session.connection().execute(stmt, params)

    async def scalars(self, stmt: Select[_T]) -> ScalarResult[_T]:
        """Run a select and return its first column."""
        return self._session.scalars(stmt)

    def add(self, row: object) -> None:
        """Add an ORM row to the transaction."""
        self._session.add(row)

    async def flush(self) -> None:
        """Write pending ORM changes."""
        self._session.flush()

    async def delete(self, row: object) -> None:
        """Mark an ORM row for deletion."""
        self._session.delete(row)

    @asynccontextmanager
    async def begin_nested(self) -> AsyncIterator[None]:
        """A savepoint: what fails inside rolls back alone."""
        with self._session.begin_nested():
            yield
