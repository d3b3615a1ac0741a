"""The support leads' report posted on a schedule (R61): once the period of the schedule has
ended, its report (a summary in the leads' language, report.md and the charts) is written to
the outbox for every leads' channel, in the transaction that claims the period for that
channel. Two processes at the boundary, or a restart after it, find the claim and post
nothing; a process that was down at the time posts the latest period when it starts, never
older ones. An interval job calls `post_due`; a test calls it with the time it wants."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.actions import Action, FileBody, PostFiles
from bot.core.model import ConversationKey, KnowledgeGap, destination
from bot.core.ports import Clock, Knowledge, Repository
from bot.core.report_schedule import Period, Schedule, last_period
from bot.core.reporting import ReportFacts
from bot.core.text import msg
from bot.service import outbox
from bot.service.report import Report, read_facts, report_of
from bot.service.report_md import Chart, report_markdown
from bot.service.report_summary import summary

log = logging.getLogger(__name__)
#: Draws the report's charts as PNG bytes in a locale's language (bot/charts.py, matplotlib):
#: CPU work, so it runs in a worker thread, outside any transaction.
DrawCharts = Callable[[Report, str], Sequence[tuple[Chart, bytes]]]
REPORT_FILE = "report.md"


@dataclass(frozen=True)
class Posting:
    """What is posted when, where, and in which language (the summary, report.md and the
    charts alike: the agents' language, ServiceConfig.agent_locale)."""

    schedule: Schedule
    destinations: tuple[ConversationKey, ...]
    locale: str = "en"


class ReportPoster:
    """Posts each period's report once to each leads' channel."""

    def __init__(
        self,
        *,
        repository: Repository,
        knowledge: Knowledge,
        clock: Clock,
        wall_clock: Clock,
        posting: Posting,
        draw: DrawCharts,
        lease: timedelta,
    ) -> None:
        self._repository = repository
        self._knowledge = knowledge
        self._clock = clock
        self._wall_clock = wall_clock
        self._posting = posting
        self._draw = draw
        self._lease = lease
        self._done: str | None = None  # the period this process knows is posted everywhere

    async def post_due(self, now: datetime | None = None) -> list[Action]:
        """The posts of the latest ended period not yet claimed for a channel, written to the
        outbox and leased to this process, which shows them next; [] when there are none."""
        period = last_period(self._posting.schedule, now or self._clock.now())
        if not self._posting.destinations or period.key == self._done:
            return []
        async with self._repository.transaction() as uow:
            posted = await uow.reports_posted(period_key=period.key)
            todo = [d for d in self._posting.destinations if destination(d) not in posted]
            if not todo:
                self._done = period.key
                return []
            read = await read_facts(uow, since=period.since, until=period.until, org=None)
        found, files = await asyncio.to_thread(self._render, read)
        return await self._claim_and_write(period, todo, found, files)

    async def _claim_and_write(
        self,
        period: Period,
        todo: Sequence[ConversationKey],
        found: Report,
        files: tuple[FileBody, ...],
    ) -> list[Action]:
        text = summary(
            found,
            org_name=None,
            timezone=self._posting.schedule.timezone,
            attached=msg("report.attached_all"),
        )
        posts: list[Action] = []
        async with self._repository.transaction() as uow:
            now = self._wall_clock.now()
            for where in todo:
                if await uow.claim_report_post(
                    period_key=period.key, destination=destination(where), at=now
                ):
                    posts.append(PostFiles(where, self._posting.locale, text, files))
            written = await outbox.write(uow, now, posts, self._lease)
        self._done = period.key
        if written:
            log.info("report %s posted to %d channel(s)", period.key, len(written))
        return written

    def _render(
        self, read: tuple[ReportFacts, Sequence[KnowledgeGap]]
    ) -> tuple[Report, tuple[FileBody, ...]]:
        """The report, report.md and the charts it shows (in a worker thread: the numbers of
        100k cases and the charts take seconds of CPU the event loop must not wait for)."""
        found = report_of(read, self._knowledge)
        locale = self._posting.locale
        charts = self._draw(found, locale)
        markdown = report_markdown(found, [chart for chart, _ in charts], locale)
        return found, (
            FileBody(REPORT_FILE, markdown.encode(), "text/markdown"),
            *(FileBody(chart.file, png, "image/png") for chart, png in charts),
        )
