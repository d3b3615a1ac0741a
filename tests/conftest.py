"""Shared fixtures. Storage: a migrated database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from storage.db import make_engine, upgrade
from storage.repository import SqlRepository
from storage.tables import Base

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def pytest_configure(config: pytest.Config) -> None:
    """The `supportbot` processes tests start (a few hundred) keep their compiled bytecode.
    With PYTHONDONTWRITEBYTECODE set, as in many container images, each one compiled every
    module of ours again (0.3-0.4 s CPU a start); they write it under the temporary folder
    instead, never beside the sources."""
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        cache = Path(tempfile.gettempdir()) / "supportbot-test-pycache"
        os.environ.setdefault("PYTHONPYCACHEPREFIX", str(cache))


def _pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0


def _start_postgres() -> None:
    """Start the local cluster when it is down; PostgreSQL tests are never skipped."""
    if _pg_ready():
        return
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[-1]
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]
    subprocess.run(command, check=False)
    deadline = time.monotonic() + 60
    while not _pg_ready():
        if time.monotonic() > deadline:
            raise RuntimeError("PostgreSQL did not come up on 127.0.0.1:5432")
        time.sleep(0.2)


def _pg_admin(sql: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(sql.encode())


def _pg_reset_sql(*, audited: bool = True) -> str:
    """Empty every table, restart ids and zero the counters; audit_log refuses DELETE, and
    TRUNCATE, three quarters of the time of it all, is left out when it is empty."""
    statements = [
        f"TRUNCATE {table.name}" if table.name == "audit_log" else f"DELETE FROM {table.name}"
        for table in reversed(Base.metadata.sorted_tables)
        if table.name != "counters" and (audited or table.name != "audit_log")
    ]
    statements += [
        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
        for table in Base.metadata.sorted_tables
        if (column := table.autoincrement_column) is not None
    ]
    return "; ".join([*statements, "UPDATE counters SET value = 0"])


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A PostgreSQL database for this test session, migrated with upgrade(), dropped after."""
    _start_postgres()
    name = f"sb_test_{uuid.uuid4().hex[:12]}"
    _pg_admin(f"CREATE DATABASE {name}")
    try:
        upgrade(PG_URL.format(name=name))
        yield name
    finally:
        _pg_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_emptied(pg_database: str) -> Iterator[Callable[[], None]]:
    """Empties the session's PostgreSQL database on one connection kept for the session
    (a new one for each test cost more than emptying it)."""
    conninfo = PG_ADMIN.replace("dbname=postgres", f"dbname={pg_database}")
    statements = {audited: _pg_reset_sql(audited=audited).encode() for audited in (True, False)}
    kept: list[psycopg.Connection[tuple[object, ...]]] = []

    def empty() -> None:
        for attempt in range(2):
            if not kept or kept[0].closed:
                kept[:] = [psycopg.connect(conninfo, autocommit=True)]
            try:
                row = kept[0].execute(b"SELECT EXISTS (SELECT FROM audit_log)").fetchone()
                kept[0].execute(statements[bool(row and row[0])])
                return
            except psycopg.OperationalError:  # a test cut the database's connections
                kept[0].close()
                if attempt:
                    raise

    yield empty
    for connection in kept:
        connection.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated with upgrade() once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a migrated database with empty tables, on SQLite and on PostgreSQL."""
    # SQLite: a copy of the migrated file per test. PostgreSQL: the session's database,
    # emptied before each test. Either way tests never see each other's rows.
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "supportbot.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    request.getfixturevalue("pg_emptied")()
    yield PG_URL.format(name=request.getfixturevalue("pg_database"))


@pytest.fixture
async def repository(db_url: str) -> AsyncIterator[SqlRepository]:
    """A SqlRepository on this test's database; the engine is disposed afterwards."""
    engine = make_engine(db_url)
    try:
        yield SqlRepository(engine)
    finally:
        await engine.dispose()
