"""R61: the leads' report posted on a schedule, here to a console leads channel with an
injected clock: once per ended period, with the summary, report.md and the charts; two or
three processes (separate engines on one database) racing at the boundary post it once; a
restart after the boundary posts nothing more; a process that was down posts only the
latest period; a report whose charts cannot be drawn is posted by the next look."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.core.actions import Action, PostFiles
from bot.core.model import ConversationKey
from bot.core.report_schedule import Every, Schedule
from bot.posting import draw_charts
from bot.service.report import Report
from bot.service.report_md import Chart
from bot.service.report_posting import DrawCharts, Posting, ReportPoster
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown
from tests.service.test_report import TITLES, TITLES_DE

LEADS = ConversationKey("console", "local", "leads")
LEADS_SLACK = ConversationKey("slack", "", "C0LEADS")
WEEKLY = Schedule(Every.WEEK, 0, time(8, 0), "Europe/Berlin")  # Monday 08:00 Berlin
# Monday 30 Nov 2026 08:00 in Berlin: the week of the console's T0 (23 Nov, 09:00 UTC) ends.
BOUNDARY = datetime(2026, 11, 30, 7, 0, tzinfo=UTC)


def poster(
    world: World,
    repository: SqlRepository | None = None,
    destinations: Sequence[ConversationKey] = (LEADS,),
    draw: DrawCharts = draw_charts,
    locale: str = "en",
) -> ReportPoster:
    """A process's poster; its own repository (engine) stands for another process."""
    return ReportPoster(
        repository=repository or world.repository,
        knowledge=world.knowledge,
        clock=world.clock,
        wall_clock=world.clock,
        posting=Posting(WEEKLY, tuple(destinations), locale),
        draw=draw,
        lease=timedelta(seconds=60),
    )


@pytest.fixture
async def processes(db_url: str) -> AsyncIterator[list[SqlRepository]]:
    """Three more repositories on the test's database, each on an engine of its own."""
    engines = [make_engine(db_url) for _ in range(3)]
    yield [SqlRepository(engine) for engine in engines]
    for engine in engines:
        await engine.dispose()


def posts(actions: Sequence[Action]) -> list[PostFiles]:
    return [a for a in actions if isinstance(a, PostFiles)]


async def test_r61_the_weekly_report_reaches_the_leads_console_once(
    world: World, tmp_path: Path
) -> None:
    ref = await open_invoice_case(world)  # Monday 23 Nov, 10:00 in Berlin
    leads = poster(world)
    # A bot started on that Monday posts the week that ended at 08:00 (nothing happened).
    [first] = posts(await leads.post_due())
    assert first.to == LEADS
    assert await leads.post_due() == []  # the same period again: nothing

    out = await world.chat.present(await leads.post_due(BOUNDARY - timedelta(minutes=1)))
    assert out == []
    out = await world.chat.present(await leads.post_due(BOUNDARY))
    assert out[0] == (
        "[#leads] Support report, all organisations, Nov 23, 2026, 08:00 CET to "
        "Nov 30, 2026, 08:00 CET\n"
        "Cases: 1 opened, 0 closed; 0 idle cases closed themselves.\n"
        "First responses in time: 0 of 1 (0%), none answered; 0 not due yet.\n"
        "Suggested articles solved 0 of 1 question (0%).\n"
        "Ratings: none in this period.\n"
        "Escalations: 0 raised, 0 resolved, 0 open.\n"
        "Every question found an article.\n"
        "The full report (report.md) and its charts are attached."
    )
    folder = Path(out[1].split("Files saved in ")[1].split(":")[0])
    assert out[1].endswith(": report.md, " + ", ".join(TITLES))
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Support report, all orgs\n\nFrom 2026-11-23 07:00 UTC to 2026-11-30")
    for file, title in TITLES.items():
        assert f"![{title}]({file})" in md
        with Image.open(folder / file) as image:
            assert image.format == "PNG" and image.info["Title"] == title
    assert ref and await leads.post_due(BOUNDARY + timedelta(hours=3)) == []


async def test_r61_the_leads_post_is_in_the_agents_language(world: World) -> None:
    await open_invoice_case(world)
    out = await world.chat.present(await poster(world, locale="de-DE").post_due(BOUNDARY))
    assert out[0].startswith(
        "[#leads] Support-Bericht, alle Organisationen, 23.11.2026, 08:00 MEZ bis "
        "30.11.2026, 08:00 MEZ\nFälle: 1 eröffnet, 0 geschlossen;"
    )
    assert out[0].endswith(
        "Der vollständige Bericht (report.md) und seine Diagramme sind angehängt."
    )
    folder = Path(out[1].split("Dateien gespeichert in ")[1].split(":")[0])
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Support-Bericht, alle Organisationen\n\nVon 2026-11-23 07:00 UTC")
    assert "## Antworten wir rechtzeitig?" in md and "## Do we" not in md
    for file, title in TITLES_DE.items():
        assert f"![{title}]({file})" in md
        with Image.open(folder / file) as image:
            assert image.info["Title"] == title
    with Image.open(folder / "volume.png") as image:
        assert image.info["Description"] == "x: ; y: Fälle; legend: eröffnet, geschlossen"


async def test_r61_processes_racing_at_the_boundary_post_once_per_channel(
    world: World, processes: list[SqlRepository]
) -> None:
    await open_invoice_case(world)
    racers = [poster(world, repository, (LEADS, LEADS_SLACK)) for repository in processes]
    written = await asyncio.gather(*(racer.post_due(BOUNDARY) for racer in racers))
    sent = posts([action for actions in written for action in actions])
    assert sorted(p.to.platform for p in sent) == ["console", "slack"]
    async with world.repository.transaction() as uow:
        claimed = await uow.reports_posted(period_key="week:2026-11-23")
        waiting = await uow.backlog(now=BOUNDARY)
    assert claimed == {"console:local:leads::", "slack::C0LEADS::"}
    assert waiting.unsent == 2  # one outbox row per channel, leased to the process that won


async def test_r61_a_restart_after_the_boundary_posts_nothing_more(
    world: World, processes: list[SqlRepository]
) -> None:
    before, after = processes[0], processes[1]
    assert len(posts(await poster(world, before).post_due(BOUNDARY + timedelta(minutes=1)))) == 1
    restarted = poster(world, after)  # a new process: nothing in memory
    assert await restarted.post_due(BOUNDARY + timedelta(hours=5)) == []
    [next_week] = posts(await restarted.post_due(BOUNDARY + timedelta(days=7)))
    assert "Dec 7, 2026" in world.chat.show([next_week])[0]


async def test_r61_a_process_down_at_the_boundary_posts_the_latest_week_only(
    world: World,
) -> None:
    late = poster(world)
    # Down from Sunday 29 Nov until Thursday 17 Dec: three Mondays passed.
    [only] = posts(await late.post_due(datetime(2026, 12, 17, 12, tzinfo=UTC)))
    assert "Dec 7, 2026, 08:00 CET to Dec 14, 2026, 08:00 CET" in world.chat.show([only])[0]
    async with world.repository.transaction() as uow:
        assert await uow.reports_posted(period_key="week:2026-12-07") == {"console:local:leads::"}
        assert await uow.reports_posted(period_key="week:2026-11-30") == set()


async def test_r61_charts_that_cannot_be_drawn_leave_the_period_to_the_next_look(
    world: World,
) -> None:
    def broken(report: Report, locale: str) -> list[tuple[Chart, bytes]]:
        raise OSError("no space left on device")

    with pytest.raises(OSError):
        await poster(world, draw=broken).post_due(BOUNDARY)
    async with world.repository.transaction() as uow:
        assert await uow.reports_posted(period_key="week:2026-11-23") == set()
    assert len(posts(await poster(world).post_due(BOUNDARY + timedelta(minutes=1)))) == 1
    out = await world.chat.present([])
    assert not shown(out, "Support report")
