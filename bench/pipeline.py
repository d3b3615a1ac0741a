"""The cost of one event through `SupportService.handle` (issue 8), no platform involved:
intake events per second, p50/p99 latency and CPU per event at 1 and 8 concurrent
conversations, on SQLite and PostgreSQL, with SQL statements per event; beside them, in the
same run, a raw loop of 3-statement transactions on the same database with the sync driver.

    python bench/pipeline.py [--quick] [--seconds 5] [--database sqlite|postgresql|all]

Targets: >= 500 intake events/s on SQLite (>= 300 on PostgreSQL), p99 <= 50 ms at 8
concurrent conversations, <= 3 statements per ordinary event.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/ holds discord.py and slack.py, which would shadow those packages: keep it off the
# path, and put the project root on it for `bench.common`.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

import psycopg  # noqa: E402
from sqlalchemy import Engine, event  # noqa: E402

from bench.common import percentile  # noqa: E402
from bot.core.clock import ShiftedClock  # noqa: E402
from bot.core.events import Actor, Event, FormSubmitted, MessageReceived  # noqa: E402
from bot.core.model import ConversationKey, Identity  # noqa: E402
from bot.run import seed  # noqa: E402
from bot.service import SupportService  # noqa: E402
from bot.service.turn import ServiceConfig, scheme_of  # noqa: E402
from knowledge.base import KnowledgeBase, default_directory  # noqa: E402
from knowledge.directory import Directory, load_directory  # noqa: E402
from storage.db import make_engine, upgrade  # noqa: E402
from storage.repository import SqlRepository  # noqa: E402

PG_ADMIN = "host=127.0.0.1 user=postgres dbname=postgres"
FORM = {
    "subject": "Invoice PDF download fails",
    "description": "When I download the invoice pdf it says access denied INV-403 every time",
    "login_access": "no",
}


def intake(key: ConversationKey, who: Actor, serial: str, severity: str) -> list[Event]:
    """One person's intake from "help" to an opened case: six events, with ids unique to
    `serial` (a repeated id would be dropped as a platform retry, which costs far less). The
    problem names its own order number: every intake searches the articles afresh (only its
    own "more" step may be answered from the knowledge base's memory)."""
    order = zlib.crc32(serial.encode())
    problem = f"my invoice pdf download for order {order} says access denied INV-403"
    texts = ["help", "1", "1", problem, "more"]
    events: list[Event] = [
        MessageReceived(key, who, text, inbound_id=f"{serial}-{n}") for n, text in enumerate(texts)
    ]
    events.append(FormSubmitted(key, who, {**FORM, "severity": severity}, f"{serial}-form"))
    return events


def least_severity(knowledge: KnowledgeBase, directory: Directory) -> str:
    """The code of the least severe level of the scheme of the org new people join: a code
    the form accepts, so every intake ends with a case opened."""
    org = next(o for o in directory.orgs if o.id == ServiceConfig().default_org)
    return scheme_of(knowledge.catalogue(), org.plan).levels[-1].code


@dataclass
class Figures:
    events: int
    seconds: float
    cpu: float
    latencies: list[float]
    statements: StatementCount

    def row(self, label: str) -> str:
        rate = self.events / self.seconds
        counts = self.statements
        return (
            f"| {label} | {rate:,.0f} | {percentile(self.latencies, 0.5) * 1000:.1f} | "
            f"{percentile(self.latencies, 0.99) * 1000:.1f} | "
            f"{self.cpu / self.events * 1000:.2f} | {counts.total / self.events:.1f} | "
            f"{counts.per(MessageReceived):.1f} | {counts.per(FormSubmitted):.1f} |"
        )


_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")


class StatementCount:
    """SQL statements sent by any engine (the repository runs SQLite through a sync engine
    of its own): in all, and those an event's handling sent itself, by kind of event (the
    outbox's sent marks go out in a task of their own, shared by many events). Transaction
    control is not counted, as in the raw loop: psycopg sends PostgreSQL's BEGIN unseen,
    while SQLite's BEGIN IMMEDIATE is a statement of ours (storage.db)."""

    def __init__(self) -> None:
        self.total = 0
        self._by_task: dict[asyncio.Task[Any] | None, int] = {}
        self._events: dict[type[Event], list[int]] = {}

    def count(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith(_TRANSACTION_CONTROL):
            return
        self.total += 1
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no event loop: the raw loop's statements
            task = None
        self._by_task[task] = self._by_task.get(task, 0) + 1

    def mine(self) -> int:
        """Statements the calling task has sent so far."""
        return self._by_task.get(asyncio.current_task(), 0)

    def handled(self, event: Event, sent: int) -> None:
        self._events.setdefault(type(event), []).append(sent)

    def per(self, kind: type[Event]) -> float:
        sent = self._events.get(kind, [])
        return sum(sent) / len(sent) if sent else 0.0


@contextmanager
def counted() -> Iterator[StatementCount]:
    statements = StatementCount()
    event.listen(Engine, "before_cursor_execute", statements.count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", statements.count)


async def run_service(url: str, conversations: int, seconds: float) -> Figures:
    engine = make_engine(url)
    repository = SqlRepository(engine)
    directory = load_directory(default_directory() / "directory.yaml")
    await seed(repository, directory)
    clock = ShiftedClock()
    knowledge = KnowledgeBase.load(default_directory())
    severity = least_severity(knowledge, directory)
    service = SupportService(repository=repository, knowledge=knowledge, clock=clock)
    latencies: list[float] = []
    run = uuid.uuid4().hex  # the 1- and 8-conversation runs share a database
    deadline = time.perf_counter() + seconds

    async def person(n: int) -> None:
        key = ConversationKey("bench", "w", f"dm{n}", user=f"p{n}")
        who = Actor(Identity("bench", "w", f"p{n}"), f"Person {n}")
        serial = 0
        while time.perf_counter() < deadline:
            for one in intake(key, who, f"{run}-{n}-{serial}", severity):
                started, before = time.perf_counter(), statements.mine()
                actions = await service.handle(one)
                await service.delivered(actions)
                latencies.append(time.perf_counter() - started)
                statements.handled(one, statements.mine() - before)
                if isinstance(one, FormSubmitted) and not any(a.outbox for a in actions):
                    raise SystemExit(f"the form opened no case: {actions}")
            serial += 1

    with counted() as statements:
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(person(n) for n in range(conversations)))
        figures = Figures(
            len(latencies),
            time.perf_counter() - wall,
            time.process_time() - cpu,
            latencies,
            statements,
        )
    await engine.dispose()
    return figures


def raw_loop(url: str, seconds: float) -> float:
    """Transactions per second of INSERT + UPDATE + SELECT with the sync driver."""
    if url.startswith("sqlite"):
        connection: Any = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        begin = "BEGIN IMMEDIATE"
    else:
        connection = psycopg.connect(
            url.replace("postgresql+psycopg", "postgresql"), autocommit=True
        )
        begin = "BEGIN"
    connection.execute("CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, n INTEGER)")
    done = 0
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        done += 1  # an int: safe to write into the statement on both drivers
        connection.execute(begin)
        connection.execute(f"INSERT INTO bench_raw (id, n) VALUES ({done}, 0)")
        connection.execute(f"UPDATE bench_raw SET n = n + 1 WHERE id = {done}")
        connection.execute(f"SELECT n FROM bench_raw WHERE id = {done}").fetchone()
        connection.execute("COMMIT")
    took = time.perf_counter() - started
    connection.execute("DROP TABLE bench_raw")
    connection.close()
    return done / took


def database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder}/pipeline.db"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(b"DROP DATABASE IF EXISTS sb_bench_pipeline WITH (FORCE)")
        admin.execute(b"CREATE DATABASE sb_bench_pipeline")
    return "postgresql+psycopg://postgres@127.0.0.1:5432/sb_bench_pipeline"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 s per measurement")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "all"), default="all")
    args = parser.parse_args()
    seconds = 1.0 if args.quick else args.seconds
    kinds = ("sqlite", "postgresql") if args.database == "all" else (args.database,)
    print(
        "| database, conversations | events/s | p50 ms | p99 ms | CPU ms/event "
        "| statements/event | of a message | of a form |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            url = database(kind, Path(folder))
            upgrade(url)
            for conversations in (1, 8):
                figures = asyncio.run(run_service(url, conversations, seconds))
                print(figures.row(f"{kind}, {conversations}"), flush=True)
            raw = raw_loop(url, seconds)
            print(
                f"| {kind}, raw sync loop of 3-statement transactions | {raw:,.0f} tx/s "
                "| | | | 3 | | |"
            )


if __name__ == "__main__":
    main()
