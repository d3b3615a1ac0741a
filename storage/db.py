"""Engines for SQLite and PostgreSQL, URL normalisation, and migrations to head."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest migration (tests/storage/test_schema.py checks that it is Alembic's head): a
#: start on a database that is already there leaves Alembic unloaded, 11 MB less (issue 11).
HEAD_REVISION = "0013"

#: How long a SQLite connection waits for the write lock before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000

#: pg_advisory_xact_lock key that serialises `upgrade` between processes.
_MIGRATION_LOCK = int.from_bytes(b"sbot-mig", "big")

_SQLITE = "sqlite+aiosqlite"
_POSTGRES = "postgresql+psycopg"
_SQLITE_NAMES = {"sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"}
_POSTGRES_NAMES = {
    "postgres",
    "postgresql",
    "postgresql+psycopg",
    "postgresql+psycopg_async",
    "postgresql+psycopg2",
    "postgresql+asyncpg",
}


def _with_driver(url: str, *, sqlite: str, postgres: str) -> str:
    parsed = make_url(url)
    name = parsed.drivername
    if name in _SQLITE_NAMES:
        if parsed.database in (None, "", ":memory:"):
            # Every pooled connection would get its own empty database.
            raise ValueError("in-memory SQLite is not supported: use sqlite:///path/to/file.db")
        driver = sqlite
    elif name in _POSTGRES_NAMES:
        driver = postgres
    else:
        raise ValueError(f"unsupported database URL scheme {name!r}: use sqlite or postgresql")
    return parsed.set(drivername=driver).render_as_string(hide_password=False)


def async_url(url: str) -> str:
    """The async driver URL: sqlite:/// -> sqlite+aiosqlite:///, postgresql:// -> +psycopg."""
    return _with_driver(url, sqlite=_SQLITE, postgres=_POSTGRES)


def sync_url(url: str) -> str:
    """The sync driver URL (pysqlite or psycopg) that Alembic runs on."""
    return _with_driver(url, sqlite="sqlite", postgres=_POSTGRES)


def _sqlite_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # We emit BEGIN ourselves (see _sqlite_begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # No journal_mode here: upgrade() sets WAL, which the file keeps. Asking for it on a
        # new pooled connection while another holds the write lock fails with 'locked'.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _use_wal(engine: Engine) -> None:
    """WAL (readers never wait for the writer) is kept in the file, so it is set once, here,
    before any other connection exists. Processes starting together may race to set it, and
    SQLite answers that with 'locked' at once (busy_timeout does not apply): retry."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection = engine.raw_connection()  # outside a transaction: no BEGIN IMMEDIATE
            try:
                cursor = connection.cursor()
                if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    cursor.execute("PRAGMA journal_mode = WAL")
            finally:
                connection.close()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_begin(connection: Connection) -> None:
    # Take the write lock up front: every transaction reads then writes, and a deferred
    # transaction that upgrades its lock late fails with SQLITE_BUSY instead of waiting.
    # This is also what makes the timer claim atomic across processes (ARCHITECTURE 'Timers').
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _tune_sqlite(engine: Engine) -> None:
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)


def make_engine(url: str) -> AsyncEngine:
    """An async engine for a sqlite or postgresql URL, in any of their usual spellings."""
    driver_url = async_url(url)
    # A failed statement's error (and so the log) shows no parameters: they hold message
    # text and names, and logs hold ids only (R73).
    if driver_url.startswith(_SQLITE):
        engine = create_async_engine(driver_url, hide_parameters=True)
        _tune_sqlite(engine.sync_engine)
        return engine
    # Events (ServiceConfig.max_concurrent_events), timers, resends, sent marks and the
    # recovery jobs each hold a connection at times: with SQLAlchemy's 5 kept, the rest
    # were opened and closed again for every busy moment (a PostgreSQL backend each).
    engine = create_async_engine(driver_url, hide_parameters=True, pool_size=10, max_overflow=10)
    _check_on_checkout(engine.sync_engine)
    return engine


# A pooled connection is checked before use without a round trip: a backend that was
# terminated or a server that went away has left its goodbye or an end of file on the socket,
# which reading what is there finds (microseconds). One that rested this long is pinged as
# well (a round trip, a sixth of an ordinary event's, issue 8; pool_pre_ping paid it for
# every transaction). A connection failing either is replaced by the pool at once.
IDLE_BEFORE_PING = 5.0


def _check_on_checkout(engine: Engine) -> None:
    # Imported here: a SQLite store need not load the PostgreSQL driver (8 MB resident).
    from psycopg.pq import ConnStatus

    def returned(_dbapi: Any, record: ConnectionPoolEntry) -> None:
        record.info["returned"] = time.monotonic()

    def check(dbapi: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        try:
            pgconn = dbapi.driver_connection.pgconn
            for _ in range(2):  # the goodbye message, then the end of file
                pgconn.consume_input()
            if pgconn.status != ConnStatus.OK:
                raise DisconnectionError()
            if time.monotonic() - record.info.get("returned", 0.0) >= IDLE_BEFORE_PING:
                cursor = dbapi.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
        except Exception as error:  # any failure: the pool opens a new connection
            raise DisconnectionError() from error

    event.listen(engine, "checkin", returned)
    event.listen(engine, "checkout", check)


def inline_engine(engine: AsyncEngine) -> Engine:
    """A sync pysqlite engine on the same SQLite file as an async one, disposed with it: the
    repository runs its statements on the event loop's thread through it (storage.sessions)."""
    inline = create_engine(sync_url(str(engine.url)), hide_parameters=True)
    _tune_sqlite(inline)
    event.listen(engine.sync_engine, "engine_disposed", lambda _engine: inline.dispose())
    return inline


def alembic_config() -> Config:
    """Alembic configuration without alembic.ini: the scripts ship inside the package."""
    from alembic.config import Config  # loaded only when a migration is due (HEAD_REVISION)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to a revision in one transaction, one process at a time."""
    engine = create_engine(sync_url(url), poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        _tune_sqlite(engine)
        _use_wal(engine)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            if revision == "head" and _revision(connection) == HEAD_REVISION:
                return
            from alembic import command

            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _revision(connection: Connection) -> str | None:
    """The migration the database is at; None before the first."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision: str | None = connection.exec_driver_sql(
        "SELECT version_num FROM alembic_version"
    ).scalar()
    return revision
