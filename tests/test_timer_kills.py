"""10,000 due SLA timers, 3 processes on PostgreSQL, random kills (issue 8; R18-R20, R23,
R70, R71): three real `supportbot run` processes serving Slack share one database in which
10,000 timers are due; one of them, picked at random, is killed with SIGKILL at random
moments and started again. Every timer is fired once (its row is marked fired in the
transaction that writes its outbox row) and its message reaches Slack.

A message that reached Slack just before a kill, but was not yet marked sent, is sent again
once its lease runs out (at least once, never knowingly twice; see test_crash_durability):
such duplicates are counted and bounded per kill."""

from __future__ import annotations

import asyncio
import contextlib
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, insert, update

from bot.core.model import ChannelType, ConversationKey, Timer, TimerKind
from bot.service.outbox import SEND_CHUNK
from storage import mapping
from storage.db import sync_url
from storage.tables import CASE_COUNTER, CaseRow, CounterRow, TimerRow
from tests.fake_slack import TEAM_ID, FakeSlack
from tests.storage.samples import a_case
from tests.test_stopping import start_slack_bot

TIMERS = 10_000  # one case each: a reminder (even numbers) or a breach (odd numbers)
BOTS = 3
KILLS = 8
# As in the crash test: a process keeps the lease of a fired batch it is still posting by
# renewing it (bot/service/outbox.py Hold), so a short lease costs no duplicate without a kill.
LEASE_SECONDS = 2
# What one process can have shown on Slack without having marked it sent, when it is killed
# (bot/run.py, bot/adapters/slack/render.py, bot/service/outbox.py): its timer job (one run
# at a time, max_instances=1 in bot/scheduling.py) posts a fired batch SEND_CHUNK messages at a
# time, the renderer marking each chunk sent after its last; its recovery job, which may run
# beside it, sends the outbox rows it claimed one at a time, marking each before the next, so
# 1 more. No Slack events arrive here.
IN_FLIGHT_PER_PROCESS = SEND_CHUNK + 1
SAID = re.compile(r"(?:SLA reminder for|SLA breached on) (CS-\d+)")


def thread_of(number: int) -> str:
    """The agent thread of case `number` in the billing queue's channel."""
    return f"1700000000.{number:06d}"


def seed(url: str) -> None:
    """TIMERS open Slack cases, each with one timer due a minute ago; the breached ones had
    their lead alerted already, so every timer posts exactly one message: in its thread."""
    now = datetime.now(UTC)
    cases = [
        a_case(
            n,
            channel_type=ChannelType.SLACK,
            user_key=ConversationKey("slack", TEAM_ID, f"D{n:07d}", user=f"U{n:07d}"),
            queue_thread=thread_of(n),
            opened_at=now - timedelta(hours=5),
            first_response_due=now - timedelta(minutes=1),
            last_activity_at=now - timedelta(hours=5),
            breach_alerted_at=now - timedelta(minutes=1) if n % 2 else None,
        )
        for n in range(1, TIMERS + 1)
    ]
    kinds = (TimerKind.REMINDER, TimerKind.BREACH)
    timers = [
        Timer(n, kinds[n % 2], now - timedelta(minutes=1), fraction=0.75 if n % 2 == 0 else 1.0)
        for n in range(1, TIMERS + 1)
    ]
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        connection.execute(insert(CaseRow), [mapping.case_values(c) for c in cases])
        connection.execute(insert(TimerRow), [mapping.timer_values(t) for t in timers])
        connection.execute(
            update(CounterRow).where(CounterRow.name == CASE_COUNTER).values(value=TIMERS)
        )
    engine.dispose()


@dataclass
class Bot:
    process: asyncio.subprocess.Process
    stderr: asyncio.Task[bytes]  # read to its end, so a full pipe never blocks the bot


class Posts:
    """The timer messages FakeSlack received, per thread, read incrementally."""

    def __init__(self, fake: FakeSlack) -> None:
        self._fake = fake
        self._read = 0
        self.per_thread: Counter[str] = Counter()

    def update(self) -> int:
        calls = self._fake.calls
        for call in calls[self._read :]:
            if call.method != "chat.postMessage" or not call.ok:
                continue
            said = SAID.search(call.params.get("text", ""))
            assert said, call.params  # nothing but timer messages is posted here
            thread = str(call.params.get("thread_ts"))
            assert thread == thread_of(int(said.group(1)[3:])), call.params
            self.per_thread[thread] += 1
        self._read = len(calls)
        return len(self.per_thread)

    async def wait_for(self, threads: int, timeout: float) -> None:
        """Until messages were seen in at least `threads` threads."""
        await self._fake.wait_until(lambda: self.update() >= threads, timeout=timeout)


async def unsent(conninfo: str) -> tuple[int, int]:
    """(timers not fired, outbox rows not sent)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as connection:
        cursor = await connection.execute(
            "SELECT (SELECT count(*) FROM timers WHERE fired_at IS NULL),"
            " (SELECT count(*) FROM outbox WHERE sent_at IS NULL)"
        )
        row = await cursor.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


async def held(conninfo: str, pid: int) -> list[str]:
    """The threads of the messages a killed process had not marked sent: whatever it had
    shown of them is sent again. Rows are leased to host:pid:random (storage.repository)."""
    async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as connection:
        cursor = await connection.execute(
            "SELECT destination FROM outbox WHERE sent_at IS NULL AND lease_owner LIKE %s",
            (f"%:{pid}:%",),
        )
        rows = await cursor.fetchall()
    return [str(destination).split(":")[3] for (destination,) in rows]


async def kill_at_random(
    slots: list[asyncio.Task[Bot]],
    start: Callable[[int], Coroutine[object, object, Bot]],
    posts: Posts,
    rng: random.Random,
    conninfo: str,
) -> tuple[list[int], Counter[str]]:
    """KILLS times, at a random moment, SIGKILL a random serving process and start it again
    (in the background: the others go on meanwhile); the messages seen at each kill, and how
    often each thread's message was held unsent by a killed process."""
    seen: list[int] = []
    unmarked: Counter[str] = Counter()
    await posts.wait_for(1, timeout=60)  # the kills fall while messages are being sent
    for _ in range(KILLS):
        await asyncio.sleep(rng.uniform(0.5, 3.0))
        await asyncio.wait(slots, return_when=asyncio.FIRST_COMPLETED)
        slot = rng.choice([s for s, task in enumerate(slots) if task.done()])
        bot = slots[slot].result()  # a process that serves, not one still starting
        bot.process.kill()  # SIGKILL: no handler runs
        await bot.process.wait()
        await bot.stderr
        seen.append(posts.update())
        unmarked.update(await held(conninfo, bot.process.pid))
        slots[slot] = asyncio.create_task(start(slot))
    return seen, unmarked


async def kill_all(slots: list[asyncio.Task[Bot]]) -> None:
    for task in slots:
        with contextlib.suppress(Exception):
            bot = await task
            if bot.process.returncode is None:
                bot.process.kill()
                await bot.process.wait()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_10000_due_timers_posted_once_by_3_processes_killed_at_random(
    tmp_path: Path, db_url: str
) -> None:
    started = time.monotonic()
    seed(db_url)
    conninfo = db_url.replace("postgresql+psycopg://", "postgresql://")
    rng = random.Random(8)
    env = {
        "SUPPORTBOT_DATABASE_URL": db_url,
        "SUPPORTBOT_RECOVERY_LEASE_SECONDS": str(LEASE_SECONDS),
        # A process whose run found the due timers taken looks again soon, not in 15 s.
        "SUPPORTBOT_TIMER_INTERVAL_SECONDS": "1",
    }
    async with FakeSlack() as fake:
        posts = Posts(fake)

        async def start(slot: int) -> Bot:
            cwd = tmp_path / f"bot{slot}"  # a spool folder of its own
            cwd.mkdir(exist_ok=True)
            process, _ = await start_slack_bot(fake, cwd, **env)  # a free port of its own
            assert process.stderr is not None
            return Bot(process, asyncio.create_task(process.stderr.read()))

        slots = [asyncio.create_task(start(slot)) for slot in range(BOTS)]
        try:
            seen_at_kills, unmarked = await kill_at_random(slots, start, posts, rng, conninfo)
            # Done once every timer's message is seen and nothing is left unsent: a message
            # a kill left unmarked is sent again after its lease and the recovery interval.
            async with asyncio.timeout(90):
                await posts.wait_for(TIMERS, timeout=90)
                # A row is marked sent just after its message: only the database tells.
                while await unsent(conninfo) != (0, 0):
                    await asyncio.sleep(0.25)
            for task in slots:
                (await task).process.terminate()  # SIGTERM, as a service manager stops it
            for task in slots:
                bot = await task
                async with asyncio.timeout(30):
                    status = await bot.process.wait()
                    stderr = (await bot.stderr).decode()
                assert status == 0, stderr
                assert "Traceback" not in stderr, stderr
        finally:
            await kill_all(slots)  # after a failure: no process outlives the test
        posts.update()
    took = time.monotonic() - started
    duplicates = sum(count - 1 for count in posts.per_thread.values())
    print(
        f"\n{TIMERS} timers, {BOTS} processes, {KILLS} kills (messages seen at each: "
        f"{seen_at_kills}): {sum(posts.per_thread.values())} posts, {duplicates} duplicates "
        f"(of {unmarked.total()} left unmarked by the kills), {took:.1f} s"
    )
    assert set(posts.per_thread) == {thread_of(n) for n in range(1, TIMERS + 1)}
    assert duplicates <= KILLS * IN_FLIGHT_PER_PROCESS, posts.per_thread.most_common(5)
    # A message is sent again only when a kill left it unmarked: never by two live processes.
    unexplained = {t: n for t, n in posts.per_thread.items() if n > 1 + unmarked[t]}
    assert not unexplained, sorted(unexplained.items())[:10]
    assert sum(0 < seen < TIMERS for seen in seen_at_kills) >= KILLS // 2  # kills hit sends
    async with await psycopg.AsyncConnection.connect(conninfo) as connection:
        cursor = await connection.execute(
            "SELECT (SELECT count(fired_at) FROM timers), (SELECT count(*) FROM timers),"
            " (SELECT count(sent_at) FROM outbox), (SELECT count(*) FROM outbox)"
        )
        # Every timer fired, each wrote one message, and every message was marked sent.
        assert await cursor.fetchone() == (TIMERS, TIMERS, TIMERS, TIMERS)
