"""Timer rows: due ones are claimed exactly once, by one claimer, across engines and processes."""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.core.model import Timer, TimerKind
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.storage.claimer import claim_all
from tests.storage.samples import T0, add_cases

ROOT = Path(__file__).resolve().parents[2]


async def add_timers(repository: SqlRepository, timers: list[Timer]) -> None:
    """Insert timer rows in one transaction."""
    async with repository.transaction() as uow:
        for timer in timers:
            await uow.add_timer(timer)


async def claim(repository: SqlRepository, *, now: datetime, limit: int = 100) -> list[Timer]:
    """One claim in its own transaction."""
    async with repository.transaction() as uow:
        return list(await uow.claim_due_timers(now=now, limit=limit))


async def test_due_timers_are_claimed_once_and_not_due_ones_wait(
    repository: SqlRepository,
) -> None:
    (number,) = await add_cases(repository, 1)
    await add_timers(
        repository,
        [
            Timer(number, TimerKind.REMINDER, T0 + timedelta(hours=2), fraction=0.5),
            Timer(number, TimerKind.BREACH, T0 + timedelta(hours=4)),
            Timer(number, TimerKind.ESCALATE_AVAILABLE, T0 + timedelta(hours=4)),
        ],
    )
    assert await claim(repository, now=T0) == []
    now = T0 + timedelta(hours=3)
    (reminder,) = await claim(repository, now=now)
    assert (reminder.kind, reminder.fraction, reminder.fired_at) == (TimerKind.REMINDER, 0.5, now)
    assert reminder.due_at == T0 + timedelta(hours=2) and reminder.id is not None
    assert await claim(repository, now=now) == []
    later = T0 + timedelta(hours=4)  # due exactly now counts as due
    rest = await claim(repository, now=later)
    assert sorted(t.kind for t in rest) == [TimerKind.BREACH, TimerKind.ESCALATE_AVAILABLE]
    assert all(t.fired_at == later for t in rest)
    # A restart much later: nothing fires twice.
    assert await claim(repository, now=T0 + timedelta(days=30)) == []


async def test_claim_respects_limit_and_due_order(repository: SqlRepository) -> None:
    (number,) = await add_cases(repository, 1)
    dues = [T0 + timedelta(minutes=m) for m in (50, 10, 40, 20, 30)]
    await add_timers(repository, [Timer(number, TimerKind.REMINDER, due) for due in dues])
    now = T0 + timedelta(hours=1)
    first = await claim(repository, now=now, limit=2)
    second = await claim(repository, now=now, limit=2)
    third = await claim(repository, now=now, limit=2)
    assert [t.due_at for t in first + second + third] == sorted(dues)
    assert [len(first), len(second), len(third)] == [2, 2, 1]
    assert await claim(repository, now=now, limit=0) == []


async def test_cancel_timers_deletes_only_unfired_of_given_kinds(
    repository: SqlRepository,
) -> None:
    one, two = await add_cases(repository, 2)
    await add_timers(
        repository,
        [
            Timer(one, TimerKind.REMINDER, T0 + timedelta(hours=1)),
            Timer(one, TimerKind.REMINDER, T0 + timedelta(hours=2)),
            Timer(one, TimerKind.BREACH, T0 + timedelta(hours=4)),
            Timer(one, TimerKind.ESCALATE_AVAILABLE, T0 + timedelta(hours=4)),
            Timer(two, TimerKind.REMINDER, T0 + timedelta(hours=1)),
        ],
    )
    (fired, other_case) = await claim(repository, now=T0 + timedelta(hours=1))
    async with repository.transaction() as uow:
        await uow.cancel_timers(case_number=one, kinds=[TimerKind.REMINDER, TimerKind.BREACH])
        await uow.cancel_timers(case_number=two, kinds=[])
    left = await claim(repository, now=T0 + timedelta(days=1))
    assert [(t.case_number, t.kind) for t in left] == [(one, TimerKind.ESCALATE_AVAILABLE)]
    assert {fired.case_number, other_case.case_number} == {one, two}


async def test_a_failed_firing_leaves_the_timer_due(repository: SqlRepository) -> None:
    (number,) = await add_cases(repository, 1)
    await add_timers(repository, [Timer(number, TimerKind.BREACH, T0)])
    with pytest.raises(RuntimeError):
        async with repository.transaction() as uow:
            assert len(await uow.claim_due_timers(now=T0)) == 1
            raise RuntimeError("posting the reminder failed")
    assert [t.kind for t in await claim(repository, now=T0)] == [TimerKind.BREACH]


async def _many_due_timers(repository: SqlRepository, cases: int, per_case: int) -> set[int]:
    numbers = await add_cases(repository, cases)
    timers = [
        Timer(number, TimerKind.REMINDER, T0 - timedelta(seconds=i))
        for number in numbers
        for i in range(per_case)
    ]
    await add_timers(repository, timers)
    async with repository.transaction() as uow:
        assert await uow.claim_due_timers(now=T0 - timedelta(days=1)) == ()
    return set(range(1, len(timers) + 1))


async def test_two_engines_claiming_concurrently_never_share_a_timer(db_url: str) -> None:
    engines = [make_engine(db_url), make_engine(db_url)]
    try:
        repositories = [SqlRepository(engine) for engine in engines]
        expected = await _many_due_timers(repositories[0], cases=20, per_case=30)
        # Two claim loops per engine: four claimers on two connection pools.
        loops = [claim_all(repo, T0, 7) for repo in repositories for _ in range(2)]
        results = await asyncio.gather(*loops)
    finally:
        for engine in engines:
            await engine.dispose()
    claimed = [timer_id for result in results for timer_id in result]
    duplicates = [i for i, n in Counter(claimed).items() if n > 1]
    assert duplicates == []
    assert set(claimed) == expected
    assert sum(1 for result in results if result) >= 2  # the claimers really interleaved


async def test_three_processes_claiming_concurrently_never_share_a_timer(
    repository: SqlRepository, db_url: str
) -> None:
    expected = await _many_due_timers(repository, cases=20, per_case=30)
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.storage.claimer",
            db_url,
            T0.isoformat(),
            "5",
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for process in processes:  # all connected before any starts claiming
        assert process.stdout is not None
        assert await asyncio.wait_for(process.stdout.readline(), 60) == b"ready\n"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(b"go\n")
        await process.stdin.drain()
    outputs = [await asyncio.wait_for(p.communicate(), 120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0]
    results: list[list[int]] = [json.loads(out) for out, _ in outputs]
    claimed = [timer_id for result in results for timer_id in result]
    assert len(claimed) == len(set(claimed))
    assert set(claimed) == expected
    assert sum(1 for result in results if result) >= 2
