"""Statement helpers for one AsyncSession: fresh reads, upserts and inserts per dialect."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Delete, Select, Table, bindparam, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningUpdate

from storage.later import Held, Later, on_conflict_update, one_statement, statements
from storage.mapping import Values
from storage.sessions import InlineSession
from storage.tables import Base

_T = TypeVar("_T")
_NEW = "new_"  # bind names may not be column names in an UPDATE's SET


@functools.cache
def _update_statement(
    model: type[Base], key: str, columns: tuple[str, ...]
) -> ReturningUpdate[Any]:
    """UPDATE ... SET columns WHERE key RETURNING key, built once per shape: building and
    coercing a 30-column statement per call cost more than running it (issue 8)."""
    table = cast(Table, model.__table__)
    return (
        update(table)
        .where(table.c[key] == bindparam("key"))
        .values({table.c[name]: bindparam(_NEW + name) for name in columns if name != key})
        .returning(table.c[key])
    )


_NO_SYNC = {"synchronize_session": False}


def dialect_insert(model: type[Base], postgres: bool) -> Any:
    """INSERT on a model's table with the dialect's ON CONFLICT clauses (Core, no ORM)."""
    return (pg_insert if postgres else sqlite_insert)(cast(Table, model.__table__))


@functools.cache
def _upsert_statement(
    model: type[Base], columns: tuple[str, ...], keys: tuple[str, ...], postgres: bool
) -> Any:
    """INSERT ... ON CONFLICT (keys) DO UPDATE the other columns, built once per shape (the
    VALUES come from the parameters)."""
    return on_conflict_update(dialect_insert(model, postgres), keys, columns)


@functools.cache
def _insert_statement(model: type[Base]) -> Any:
    """INSERT on a model's table, built once (Core: the ORM's bulk insert costs more than the
    row); its columns come from the parameters."""
    return insert(cast(Table, model.__table__))


@functools.cache
def _returning_insert(model: type[Base], column: str) -> Any:
    """INSERT ... RETURNING a column: many rows go in one statement (insertmanyvalues)."""
    table = cast(Table, model.__table__)
    return insert(table).returning(table.c[column])


@functools.cache
def _insert_new_statement(model: type[Base], keys: tuple[str, ...], postgres: bool) -> Any:
    """INSERT ... ON CONFLICT (keys) DO NOTHING RETURNING the first key, built once."""
    stmt = dialect_insert(model, postgres).on_conflict_do_nothing(index_elements=keys)
    return stmt.returning(model.__table__.c[keys[0]])


class Statements:
    """Runs statements on a session; SqlUnitOfWork builds on it."""

    def __init__(self, session: AsyncSession | InlineSession, *, postgres: bool) -> None:
        self._session = session
        self._postgres = postgres
        self._later = Later()

    async def _rows(self, stmt: Select[_T]) -> Sequence[_T]:
        await self._write_held()
        # Writes are SQL statements, so reads must refresh rows the session already holds.
        result = await self._session.scalars(stmt.execution_options(populate_existing=True))
        return result.all()

    async def _write_held(self) -> None:
        """Write what is held back (storage.later)."""
        held = self._later.take()
        if self._postgres and held:
            await self._on_connection(*one_statement(held, None))
            return
        for stmt, rows in statements(held):
            await self._on_connection(stmt, rows)

    async def _insert_returning(
        self, model: type[Base], rows: Sequence[Values], returning: str
    ) -> list[Any]:
        """Insert rows after what is held back, on PostgreSQL in one statement with it; the
        `returning` column of each row, in the order of the rows."""
        table = cast(Table, model.__table__)
        if self._postgres:
            held = [*self._later.take(), Held(table, (), rows)]
            result = await self._on_connection(*one_statement(held, table.c[returning]))
        else:
            result = await self._core(_returning_insert(model, returning), rows)
        # Rows of one INSERT get their ids in the order of its VALUES (a serial on
        # PostgreSQL, the next rowid on SQLite), though RETURNING may list them in any order.
        return sorted(value for (value,) in result)

    def _insert_later(self, model: type[Base], values: Values) -> None:
        """Insert a row that this transaction does not read back, with its next statement."""
        self._later.insert(cast(Table, model.__table__), values)

    def _upsert_later(self, model: type[Base], values: Values, keys: tuple[str, ...]) -> None:
        """Upsert a row that this transaction reads back only from memory, with its next
        statement."""
        self._later.upsert(cast(Table, model.__table__), values, keys)

    async def settle(self) -> None:
        """Before the commit: write what is still held."""
        await self._write_held()

    async def _row(self, stmt: Select[_T]) -> _T | None:
        rows = await self._rows(stmt.limit(1))
        return rows[0] if rows else None

    async def _core(self, stmt: Any, params: Values | Sequence[Values] | None = None) -> Any:
        """A Core statement (tables, not ORM classes) after what is held back, on the
        transaction's connection: past the ORM session's execute, which cost a tenth of an
        event's CPU (issue 8)."""
        await self._write_held()
        return await self._on_connection(stmt, params)

    async def _on_connection(
        self, stmt: Any, params: Values | Sequence[Values] | None = None
    ) -> Any:
        if isinstance(self._session, InlineSession):
            return self._session.execute_core(stmt, params)
        connection = await self._session.connection()
        return await connection.execute(stmt, params)

    async def _execute(self, stmt: Any, params: Values | Sequence[Values] | None = None) -> Any:
        """A statement on ORM classes (or loading ORM rows) after what is held back."""
        await self._write_held()
        return await self._session.execute(stmt, params, execution_options=_NO_SYNC)

    async def _insert_many(self, model: type[Base], rows: Sequence[Values]) -> None:
        if rows:
            await self._core(_insert_statement(model), rows)

    async def _upsert(self, model: type[Base], values: Values, keys: Sequence[str]) -> None:
        """INSERT ... ON CONFLICT (keys) DO UPDATE: safe when two transactions race."""
        stmt = _upsert_statement(model, tuple(values), tuple(keys), self._postgres)
        await self._core(stmt, values)

    async def _insert_new(self, model: type[Base], values: Values, keys: Sequence[str]) -> bool:
        """Insert unless the key exists (no error, the transaction goes on); True if inserted."""
        stmt = _insert_new_statement(model, tuple(keys), self._postgres)
        return (await self._core(stmt, values)).first() is not None

    async def _delete(self, stmt: Delete) -> int:
        """Run a DELETE; how many rows it removed."""
        return int((await self._execute(stmt)).rowcount)

    async def _update_row(self, model: type[Base], key: str, values: Values, what: str) -> None:
        """Write a row's columns by its key; LookupError when no row has it."""
        params = {_NEW + name: value for name, value in values.items() if name != key}
        params["key"] = values[key]
        stmt = _update_statement(model, key, tuple(values))
        if (await self._core(stmt, params)).first() is None:
            raise LookupError(f"{what} does not exist")

    async def _update_one(self, stmt: ReturningUpdate[Any], what: str) -> None:
        """Run an UPDATE ... RETURNING; LookupError when it matched no row."""
        if (await self._execute(stmt)).first() is None:
            raise LookupError(f"{what} does not exist")
