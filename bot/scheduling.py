"""The interval jobs that wake the service (ARCHITECTURE 'Timers'): due SLA timers often,
housekeeping (old event ids, expired link codes) hourly."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import wraps

from apscheduler.schedulers.asyncio import AsyncIOScheduler

Job = Callable[[], Awaitable[object]]
HOUSEKEEPING_INTERVAL = timedelta(hours=1)


def start_timer_jobs(tick: Job, housekeeping: Job, *, interval_seconds: float) -> AsyncIOScheduler:
    """Run `tick` now and every interval, `housekeeping` hourly; never two runs of one job at
    once; missed runs collapse into one.

    Per-case timers live in our own table, not in APScheduler's job store, because a job
    store cannot be shared by several bot processes.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    now = datetime.now(UTC)
    # Due timers fire at start (some fell due while the bot was down, R23); housekeeping can
    # wait an interval and stays out of the busy start-up.
    jobs = (
        ("fire_due_timers", tick, timedelta(seconds=interval_seconds), now),
        ("housekeeping", housekeeping, HOUSEKEEPING_INTERVAL, now + HOUSEKEEPING_INTERVAL),
    )
    for name, job, every, first in jobs:
        scheduler.add_job(
            _quiet_when_cut_off(job),
            "interval",
            seconds=every.total_seconds(),
            id=name,
            max_instances=1,
            coalesce=True,
            next_run_time=first,
        )
    scheduler.start()
    return scheduler


def _quiet_when_cut_off(job: Job) -> Job:
    """The job, ending quietly when a stop cuts it off after its bound: APScheduler would log
    the cancellation as a failure with a traceback; the stop's own log line counts it."""

    @wraps(job)
    async def run() -> None:
        try:
            await job()
        except asyncio.CancelledError:
            return

    return run
