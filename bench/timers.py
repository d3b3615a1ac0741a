"""Due SLA timers sent per second (issue 8): 10,000 timers due at once, beside 10k and then 1M
open cases, fired in batches through the real service into the outbox and marked sent by a
stand-in platform. Prints each run's figures and the ratio of the large run to the small one
(target: 10,000 sent within 10 s, and the 1M run at most 1.2x the 10k run).

    python bench/timers.py [--quick] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, update

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/ holds discord.py and slack.py, which would shadow those packages: keep it off the
# path, and put the project root on it.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

from bot.core.actions import Action  # noqa: E402
from bot.core.clock import ShiftedClock  # noqa: E402
from bot.core.model import Case, ChannelType, ConversationKey, Timer, TimerKind  # noqa: E402
from bot.run import seed  # noqa: E402
from bot.service import SupportService  # noqa: E402
from knowledge.base import KnowledgeBase, default_directory  # noqa: E402
from knowledge.directory import load_directory  # noqa: E402
from storage import mapping  # noqa: E402
from storage.db import make_engine, sync_url, upgrade  # noqa: E402
from storage.repository import SqlRepository  # noqa: E402
from storage.tables import CASE_COUNTER, CaseRow, CounterRow, TimerRow  # noqa: E402
from tests.storage.samples import a_case  # noqa: E402

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KINDS = (TimerKind.REMINDER, TimerKind.BREACH, TimerKind.ESCALATE_AVAILABLE)
CHUNK = 20_000


def _case(number: int) -> Case:
    return a_case(
        number,
        channel_type=ChannelType.CONSOLE,
        user_key=ConversationKey("console", "local", "dm", user="alice"),
    )


def populate(url: str, open_cases: int, due: int) -> None:
    """`open_cases` open cases; the first `due` of them have one timer due at T0 + 4 h."""
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        for start in range(1, open_cases + 1, CHUNK):
            numbers = range(start, min(start + CHUNK, open_cases + 1))
            connection.execute(insert(CaseRow), [mapping.case_values(_case(n)) for n in numbers])
        timers = [
            mapping.timer_values(Timer(n, KINDS[n % 3], T0 + timedelta(hours=4), fraction=0.5))
            for n in range(1, due + 1)
        ]
        for start in range(0, len(timers), CHUNK):
            connection.execute(insert(TimerRow), timers[start : start + CHUNK])
        connection.execute(
            update(CounterRow).where(CounterRow.name == CASE_COUNTER).values(value=open_cases)
        )
    engine.dispose()


async def fire_all(url: str) -> tuple[int, float]:
    """Fire every due timer as `supportbot run`'s tick does; (messages sent, seconds)."""
    engine = make_engine(url)
    repository = SqlRepository(engine)
    await seed(repository, load_directory(default_directory() / "directory.yaml"))
    clock = ShiftedClock(T0 + timedelta(hours=5), frozen=True)
    service = SupportService(
        repository=repository,
        knowledge=KnowledgeBase.load(default_directory()),
        clock=clock,
        wall_clock=clock,
    )
    sent = 0

    async def platform(actions: Sequence[Action]) -> None:
        nonlocal sent
        sent += len(actions)
        await service.delivered(actions)

    started = time.perf_counter()
    while True:
        fired = await service.fire_timer_batch()
        await platform(fired.actions)
        if fired.claimed == 0:
            break
    took = time.perf_counter() - started
    await engine.dispose()
    return sent, took


def run(database: str, open_cases: int, due: int, folder: Path) -> tuple[int, float]:
    if database == "sqlite":
        url = f"sqlite:///{folder}/timers-{open_cases}.db"
    else:
        import psycopg

        name = f"sb_bench_{open_cases}"
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
            pg.execute(f"CREATE DATABASE {name}".encode())
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    upgrade(url)
    started = time.perf_counter()
    populate(url, open_cases, due)
    print(f"  {open_cases:>9,} open cases written in {time.perf_counter() - started:.1f} s")
    return asyncio.run(fire_all(url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 due beside 10k and 100k")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    due = 1_000 if args.quick else 10_000
    sizes = (10_000, 100_000) if args.quick else (10_000, 1_000_000)
    results: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            print(f"{due:,} timers due beside {size:,} open cases ({args.database}):")
            sent, took = run(args.database, size, due, Path(folder))
            results.append(took)
            print(
                f"  fired and sent in {took:.2f} s: {due / took:,.0f} timers/s, "
                f"{sent:,} messages ({sent / took:,.0f}/s)"
            )
    print(f"ratio {sizes[1]:,} / {sizes[0]:,} open cases: {results[1] / results[0]:.2f}x")


if __name__ == "__main__":
    main()
