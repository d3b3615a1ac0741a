"""Statement helpers for one AsyncSession: fresh reads, upserts and inserts per dialect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Delete, Select, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningUpdate

from storage.mapping import Values
from storage.sessions import InlineSession
from storage.tables import Base

_T = TypeVar("_T")
_NO_SYNC = {"synchronize_session": False}


class Statements:
    """Runs statements on a session; SqlUnitOfWork builds on it."""

    def __init__(self, session: AsyncSession | InlineSession, *, postgres: bool) -> None:
        self._session = session
        self._postgres = postgres

    async def _rows(self, stmt: Select[_T]) -> Sequence[_T]:
        # Writes are SQL statements, so reads must refresh rows the session already holds.
        result = await self._session.scalars(stmt.execution_options(populate_existing=True))
        return result.all()

    async def _row(self, stmt: Select[_T]) -> _T | None:
        rows = await self._rows(stmt.limit(1))
        return rows[0] if rows else None

    async def _execute(self, stmt: Any, params: Sequence[Values] | None = None) -> Any:
        return await self._session.execute(stmt, params, execution_options=_NO_SYNC)

    async def _insert_many(self, model: type[Base], rows: Sequence[Values]) -> None:
        if rows:
            await self._execute(insert(model), rows)

    async def _upsert(self, model: type[Base], values: Values, keys: Sequence[str]) -> None:
        """INSERT ... ON CONFLICT (keys) DO UPDATE: safe when two transactions race."""
        stmt = (pg_insert if self._postgres else sqlite_insert)(model).values(values)
        changes = {name: stmt.excluded[name] for name in values if name not in keys}
        await self._execute(stmt.on_conflict_do_update(index_elements=keys, set_=changes))

    async def _insert_new(self, model: type[Base], values: Values, keys: Sequence[str]) -> bool:
        """Insert unless the key exists (no error, the transaction goes on); True if inserted."""
        stmt = (pg_insert if self._postgres else sqlite_insert)(model).values(values)
        stmt = stmt.on_conflict_do_nothing(index_elements=keys)
        result = await self._execute(stmt.returning(model.__table__.c[keys[0]]))
        return result.first() is not None

    async def _delete(self, stmt: Delete) -> int:
        """Run a DELETE; how many rows it removed."""
        return int((await self._execute(stmt)).rowcount)

    async def _update_one(self, stmt: ReturningUpdate[Any], what: str) -> None:
        """Run an UPDATE ... RETURNING; LookupError when it matched no row."""
        if (await self._execute(stmt)).first() is None:
            raise LookupError(f"{what} does not exist")
