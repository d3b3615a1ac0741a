"""Writes held back until the transaction's next statement (issue 8: at most 3 statements an
event). Rows that the event writes and does not read back (its audit, timers, deflections
and the conversation's new state) go out together: on PostgreSQL in the statement that
writes the event's outbox rows, as data-modifying WITH queries, on SQLite as one statement
a table. Any other statement writes what is held first, so every read still sees every
earlier write of its transaction, as if nothing had been held."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, bindparam, insert, literal_column, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.mapping import Values


@dataclass(frozen=True)
class Held:
    """Rows for one table: plain inserts (no keys), or upserts on `keys`."""

    table: Table
    keys: tuple[str, ...]
    rows: Sequence[Values]


class Later:
    """The writes a transaction holds, in the order of their first row."""

    def __init__(self) -> None:
        self._held: dict[tuple[Table, tuple[str, ...]], dict[object, Values]] = {}

    def __bool__(self) -> bool:
        return bool(self._held)

    def insert(self, table: Table, values: Values) -> None:
        """Insert a row."""
        rows = self._held.setdefault((table, ()), {})
        rows[len(rows)] = values

    def upsert(self, table: Table, values: Values, keys: tuple[str, ...]) -> None:
        """Insert a row, or update the one with its keys; a later upsert of the same keys in
        this transaction replaces an earlier one (one statement may touch a row once)."""
        self._held.setdefault((table, keys), {})[tuple(values[k] for k in keys)] = values

    def take(self) -> list[Held]:
        """Everything held, now the caller's to write."""
        held = [
            Held(table, keys, list(rows.values())) for (table, keys), rows in self._held.items()
        ]
        self._held = {}
        return held


def one_statement(held: Sequence[Held], returning: Column[Any] | None) -> tuple[Any, Values]:
    """PostgreSQL: the held writes in one statement and its parameters: the last as the
    statement (RETURNING `returning`), the others as WITH queries of it. Each runs exactly
    once whether or not the statement reads it; none sees another's rows, which is why only
    rows nobody reads in the same statement are held."""
    shape = tuple((h.table, h.keys, tuple(h.rows[0]), len(h.rows)) for h in held)
    params = {
        _bind(n, r, column): value
        for n, h in enumerate(held)
        for r, row in enumerate(h.rows)
        for column, value in row.items()
    }
    return _one_statement(shape, returning), params


Shape = tuple[tuple[Table, tuple[str, ...], tuple[str, ...], int], ...]


@functools.cache
def _one_statement(shape: Shape, returning: Column[Any] | None) -> Any:
    """The statement of a shape (tables, keys, columns and row counts), built once. Rows
    come from SELECTs of parameters: SQLAlchemy cannot cache a multi-row VALUES, so it
    would compile the statement anew for every event."""
    writes = []
    for n, (table, keys, columns, count) in enumerate(shape):
        rows = [
            select(*(bindparam(_bind(n, r, c), type_=table.c[c].type) for c in columns))
            for r in range(count)
        ]
        source = rows[0] if count == 1 else union_all(*rows)
        insert = pg_insert(table).from_select(list(columns), source, include_defaults=False)
        writes.append(on_conflict_update(insert, keys, columns))
    *before, main = writes
    named = [w.returning(literal_column("1")).cte(f"held_{n}") for n, w in enumerate(before)]
    if returning is not None:
        main = main.returning(returning)
    return main.add_cte(*named) if named else main


def _bind(write: int, row: int, column: str) -> str:
    return f"h{write}_{row}_{column}"


def statements(held: Sequence[Held]) -> list[tuple[Any, Sequence[Values]]]:
    """SQLite: one statement a table, run with its rows as parameter sets."""
    return [(_template(h.table, h.keys, tuple(h.rows[0])), h.rows) for h in held]


@functools.cache
def _template(table: Table, keys: tuple[str, ...], columns: tuple[str, ...]) -> Any:
    """The SQLite statement for rows of these columns, built once."""
    return on_conflict_update(sqlite_insert(table) if keys else insert(table), keys, columns)


def on_conflict_update(stmt: Any, keys: tuple[str, ...], columns: tuple[str, ...]) -> Any:
    """An INSERT that updates the other columns of the row with the same keys (none: as is)."""
    if not keys:
        return stmt
    changes = {name: stmt.excluded[name] for name in columns if name not in keys}
    return stmt.on_conflict_do_update(index_elements=list(keys), set_=changes)
