"""R61 on Slack, through slack-bolt against the fake Web API: the leads' report is shared
once per period in the leads' channel as image uploads (files_upload_v2: report.md and the
eight charts in one message, the summary as its comment), also when two processes race at
the boundary; an org admin who asks in her DM gets her org's report as a file there, and a
requester is refused naming the rule."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import pytest
from PIL import Image

from bot.core.model import ConversationKey
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.service.test_report import DARK, PAYPAL, TITLES, seed
from tests.service.test_report_posting import BOUNDARY, poster
from tests.slack.conftest import ALICE, CAROL, SlackWorld
from tests.slack.journeys import open_case
from tests.slack.test_slack_export import shared_file

pytestmark = pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
LEADS = "C0LEADS"


async def test_r61_the_report_is_shared_once_in_the_leads_channel(
    slack: SlackWorld, db_url: str
) -> None:
    await open_case(slack)  # Monday 23 Nov 2026
    engines = [make_engine(db_url) for _ in range(2)]
    try:
        processes = [
            poster(slack.bot, SqlRepository(engine), (ConversationKey("slack", "", LEADS),))
            for engine in engines
        ]
        # Two processes at the boundary, then one of them again three hours later.
        written = await asyncio.gather(*(p.post_due(BOUNDARY) for p in processes))
        for actions in written:
            await slack.renderer.render(actions)
        await slack.renderer.render(await processes[1].post_due(BOUNDARY + timedelta(hours=3)))
    finally:
        for engine in engines:
            await engine.dispose()

    done, md = await shared_file(slack, LEADS)
    assert [
        c.params.get("channel_id") for c in slack.fake.calls_to("files.completeUploadExternal")
    ] == [LEADS]
    assert done.params["initial_comment"].startswith(
        "Support report, all organisations, Nov 23, 2026, 08:00 CET to Nov 30, 2026, 08:00 CET\n"
        "Cases: 1 opened, 0 closed; 0 idle cases closed themselves.\n"
    )
    assert md.startswith("# Support report, all orgs")
    names = [c.params["filename"] for c in slack.fake.calls_to("files.getUploadURLExternal")]
    assert names == ["report.md", *TITLES]
    for entry in done.params["files"][1:]:
        with Image.open(io.BytesIO(slack.fake.uploads[entry["id"]])) as image:
            assert image.format == "PNG"
            assert image.info["Title"] == TITLES[slack.fake.files[entry["id"]]["name"]]


async def test_r61_an_org_admin_asks_in_her_dm_and_a_requester_is_refused(
    slack: SlackWorld, db_url: str
) -> None:
    await seed(db_url)
    slack.bot.clock.advance(timedelta(days=7))  # Monday 30 Nov 2026, 09:00 UTC

    await slack.say(CAROL, "report")
    done, md = await shared_file(slack, slack.dm(CAROL))
    assert done.params["initial_comment"].startswith(
        "Support report for Acme Corp, Nov 23, 2026, 09:00 GMT to Nov 30, 2026, 09:00 GMT\n"
    )
    assert f'"{PAYPAL[0]}" (2 times)' in done.params["initial_comment"]
    assert md.startswith("# Support report, org acme")
    assert DARK not in md  # another org's question
    uploads = slack.fake.calls_to("files.getUploadURLExternal")
    assert [c.params["filename"] for c in uploads] == ["report-acme-2026-11-30.md"]

    await slack.say(ALICE, "report")
    await slack.message(slack.dm(ALICE), "Only an org admin (for their organisation), a queue")
    assert len(slack.fake.calls_to("files.completeUploadExternal")) == 1
