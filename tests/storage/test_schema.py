"""Migrations, schema, engine settings and URL helpers."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.core.model import Message, Side
from storage.db import (
    HEAD_REVISION,
    MIGRATIONS,
    alembic_config,
    async_url,
    make_engine,
    sync_url,
    upgrade,
)
from storage.repository import SqlRepository
from storage.tables import Base
from tests.storage.samples import T0

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database with no tables at all."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"{request.getfixturevalue('pg_database')}_empty_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}".encode())
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def _version(url: str) -> list[str]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            return list(connection.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def test_migrations_form_one_linear_chain() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [revision.revision for revision in scripts.walk_revisions()]
    files = sorted((MIGRATIONS / "versions").glob("0*.py"), reverse=True)
    numbered = [path.name.split("_")[0] for path in files]
    assert chain == numbered  # newest first, one head, no branches, every file in the chain
    assert numbered[0] == HEAD
    assert HEAD_REVISION == HEAD, "storage/db.py HEAD_REVISION names the newest migration"


def test_a_start_on_a_database_at_head_does_not_load_alembic(empty_db_url: str) -> None:
    """Issue 11: the first start migrates; later ones find the database at head and leave
    Alembic (11 MB of the bot's memory) unloaded."""
    probe = (
        "import sys; from storage.db import upgrade; "
        f"upgrade({empty_db_url!r}); print('alembic' in sys.modules)"
    )

    def start() -> str:
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert start() == "True"  # a new database: migrated
    assert start() == "False"
    assert _version(empty_db_url) == [HEAD]


def test_migrated_schema_matches_the_tables(db_url: str) -> None:
    engine = create_engine(sync_url(db_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            names = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= names


def test_concurrent_upgrades_of_a_fresh_database_apply_once(empty_db_url: str) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        for future in [pool.submit(upgrade, empty_db_url) for _ in range(3)]:
            future.result()
    upgrade(empty_db_url)  # and once more: nothing to do
    assert _version(empty_db_url) == [HEAD]
    engine = create_engine(sync_url(empty_db_url))
    try:
        with engine.connect() as connection:
            counters = connection.execute(text("SELECT name, value FROM counters ORDER BY name"))
            assert [tuple(row) for row in counters] == [("case", 0), ("escalation", 0)]
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str) -> None:
    engine = create_engine(sync_url(db_url))
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    upgrade(db_url)
    assert _version(db_url) == [HEAD]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"]
)
async def test_audit_log_is_append_only(db_url: str, statement: str) -> None:
    engine = make_engine(db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO audit_log (actor_id, action, subject, before, after, at) "
                    "VALUES ('a', 'b', 'c', '', '', CURRENT_TIMESTAMP)"
                )
            )
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as connection:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def test_foreign_keys_are_enforced(repository: SqlRepository) -> None:
    with pytest.raises(IntegrityError):
        async with repository.transaction() as uow:
            await uow.add_message(Message(404, Side.USER, "alice", "no such case", T0))


async def test_sqlite_engine_settings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pragmas.db'}"
    upgrade(url)  # sets WAL, which the file keeps for every later connection
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            values = [
                (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            ]
    finally:
        await engine.dispose()
    assert values == ["wal", 1, 1, 30_000]


@pytest.mark.parametrize(
    ("given", "for_async", "for_sync"),
    [
        ("sqlite:///bot.db", "sqlite+aiosqlite:///bot.db", "sqlite:///bot.db"),
        (
            "sqlite:////var/lib/bot.db",
            "sqlite+aiosqlite:////var/lib/bot.db",
            "sqlite:////var/lib/bot.db",
        ),
        ("sqlite+aiosqlite:///bot.db", "sqlite+aiosqlite:///bot.db", "sqlite:///bot.db"),
        (
            "postgresql://u:p%40ss@db:5432/sb",
            "postgresql+psycopg://u:p%40ss@db:5432/sb",
            "postgresql+psycopg://u:p%40ss@db:5432/sb",
        ),
        ("postgres://db/sb", "postgresql+psycopg://db/sb", "postgresql+psycopg://db/sb"),
        ("postgresql+psycopg://db/sb", "postgresql+psycopg://db/sb", "postgresql+psycopg://db/sb"),
    ],
)
def test_url_helpers(given: str, for_async: str, for_sync: str) -> None:
    assert async_url(given) == for_async
    assert sync_url(given) == for_sync


@pytest.mark.parametrize(
    ("url", "complaint"),
    [("mysql://db/sb", "mysql"), ("sqlite://", "in-memory"), ("sqlite:///:memory:", "in-memory")],
)
def test_unsupported_urls_are_refused(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        make_engine(url)
