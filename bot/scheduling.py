"""The one interval job that wakes the service to fire due SLA timers (ARCHITECTURE 'Timers')."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def start_timer_job(
    tick: Callable[[], Awaitable[None]], *, interval_seconds: float
) -> AsyncIOScheduler:
    """Run `tick` now and every interval; never two at once; missed runs collapse into one.

    Per-case timers live in our own table, not in APScheduler's job store, because a job
    store cannot be shared by several bot processes.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        tick,
        "interval",
        seconds=interval_seconds,
        id="fire_due_timers",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    return scheduler
