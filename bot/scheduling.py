"""The interval jobs that wake the service (ARCHITECTURE 'Timers'): due SLA timers often,
what the outbox and inbox hold after a crash (R70, R71) every few seconds, what the search
learns from closed cases (issue 11) every minute, whether the leads' report of an ended period
is to be posted (R61) every minute, housekeeping (old event ids, expired link codes, sent
messages) hourly, which linked requesters are to hear of an incident resolved in its file (R56)
every few seconds."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import wraps

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.errors import StorageUnavailable

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[object]]
HOUSEKEEPING_INTERVAL = timedelta(hours=1)
# How often what a crash or a failure left behind is looked for (outbox rows unsent, inbox
# events unhandled): it is delayed by the lease it held plus at most this.
RECOVER_INTERVAL = timedelta(seconds=5)
# How late a running bot learns of a phrasing removed by a knowledge editor, or of what
# another process learnt (its own changes it learns at once).
LEARN_INTERVAL = timedelta(minutes=1)
# How late after its time the leads' report is posted at most (R61); each look is one
# primary-key SELECT until the period has ended, and none once this process posted it.
REPORT_INTERVAL = timedelta(minutes=1)
# How late after an incident file is saved as resolved its linked requesters hear it, at most
# (R56), plus the knowledge base's 2 s between looks at the files; a look with no file changed
# costs no statement.
INCIDENT_INTERVAL = timedelta(seconds=5)


def start_timer_jobs(
    tick: Job,
    recover: Job,
    housekeeping: Job,
    learn: Job,
    *,
    interval_seconds: float,
    reports: Job | None = None,
    incidents: Job | None = None,
) -> AsyncIOScheduler:
    """Run `tick` now and every interval, `recover` and `incidents` every few seconds, `learn`
    and `reports` every minute, `housekeeping` hourly; never two runs of one job at once;
    missed runs collapse into one.

    Per-case timers live in our own table, not in APScheduler's job store, because a job
    store cannot be shared by several bot processes.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    now = datetime.now(UTC)
    # Due timers fire at start (some fell due while the bot was down, R23); recovery (leases
    # run out after a while anyway), learning (done once before the start) and housekeeping
    # wait an interval, out of the busy start; a report missed while the bot was down is
    # posted a few seconds after it.
    jobs = [
        ("fire_due_timers", tick, timedelta(seconds=interval_seconds), now),
        ("recover", recover, RECOVER_INTERVAL, now + RECOVER_INTERVAL),
        ("learn", learn, LEARN_INTERVAL, now + LEARN_INTERVAL),
        ("housekeeping", housekeeping, HOUSEKEEPING_INTERVAL, now + HOUSEKEEPING_INTERVAL),
    ]
    if reports is not None:
        jobs.append(("post_reports", reports, REPORT_INTERVAL, now + RECOVER_INTERVAL))
    if incidents is not None:
        jobs.append(("tell_incidents", incidents, INCIDENT_INTERVAL, now + INCIDENT_INTERVAL))
    for name, job, every, first in jobs:
        scheduler.add_job(
            _quiet_when_cut_off(_one_line_per_outage(name, job)),
            "interval",
            seconds=every.total_seconds(),
            id=name,
            max_instances=1,
            coalesce=True,
            next_run_time=first,
        )
    scheduler.start()
    return scheduler


def _one_line_per_outage(name: str, job: Job) -> Job:
    """The job, logging a database outage once when it begins and once when it ends instead
    of a traceback every run (30 s down were 1,800 log lines); the next run simply tries
    again, and what the job had to do is still in the database."""
    down = False

    @wraps(job)
    async def run() -> None:
        nonlocal down
        try:
            await job()
        except StorageUnavailable as error:
            if not down:
                log.warning("%s: database unavailable (%s); retrying every run", name, error)
            down = True
            return
        if down:
            log.warning("%s: database reachable again", name)
        down = False

    return run


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
