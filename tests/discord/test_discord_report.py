"""R61 on Discord, through the real discord.py client against the fake gateway and REST: the
leads' report is posted once per period in the leads' channel, one message with the summary
and report.md and the eight charts attached, also when two processes race at the boundary;
an org admin who asks in her DM gets her org's report attached there; a requester is
refused naming the rule."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import pytest
from PIL import Image

from bot.core.model import ConversationKey
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import open_case
from tests.service.test_report import DARK, PAYPAL, TITLES, seed
from tests.service.test_report_posting import BOUNDARY, poster

pytestmark = pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


async def test_r61_the_report_is_posted_once_in_the_leads_channel(
    discord_world: DiscordWorld, db_url: str
) -> None:
    dw = discord_world
    assert dw.client is not None
    await open_case(dw)  # Monday 23 Nov 2026
    leads = dw.fake.world.add_text_channel(dw.fake.guild.id, "leads")
    engines = [make_engine(db_url) for _ in range(2)]
    try:
        where = (ConversationKey("discord", "", str(leads)),)
        processes = [poster(dw.bot, SqlRepository(engine), where) for engine in engines]
        written = await asyncio.gather(*(p.post_due(BOUNDARY) for p in processes))
        for actions in written:
            await dw.client.renderer.render(actions)
        await dw.client.renderer.render(await processes[0].post_due(BOUNDARY + timedelta(hours=3)))
    finally:
        for engine in engines:
            await engine.dispose()

    [message] = dw.fake.bot_messages_in(leads)
    assert message["content"].startswith(
        "Support report, all organisations, Nov 23, 2026, 08:00 CET to Nov 30, 2026, 08:00 CET\n"
        "Cases: 1 opened, 0 closed; 0 idle cases closed themselves.\n"
    )
    assert [a["filename"] for a in message["attachments"]] == ["report.md", *TITLES]
    [call] = [c for c in dw.fake.calls_to("POST", f"/channels/{leads}/messages") if c.files]
    assert call.files[0].data.decode().startswith("# Support report, all orgs")
    for upload in call.files[1:]:
        with Image.open(io.BytesIO(upload.data)) as image:
            assert image.format == "PNG" and image.info["Title"] == TITLES[upload.filename]


async def test_r61_an_org_admin_asks_in_her_dm_and_a_requester_is_refused(
    discord_world: DiscordWorld, db_url: str
) -> None:
    dw = discord_world
    await seed(db_url)
    dw.bot.clock.advance(timedelta(days=7))  # Monday 30 Nov 2026, 09:00 UTC

    await dw.say("carol", "report")
    message = await dw.message(dw.dm("carol"), "Support report for Acme Corp, Nov 23, 2026")
    assert f'"{PAYPAL[0]}" (2 times)' in message["content"]
    [attachment] = message["attachments"]
    assert attachment["filename"] == "report-acme-2026-11-30.md"
    [call] = [
        c for c in dw.fake.calls_to("POST", f"/channels/{dw.dm('carol')}/messages") if c.files
    ]
    md = call.files[0].data.decode()
    assert md.startswith("# Support report, org acme") and DARK not in md

    await dw.say("alice", "report")
    await dw.message(dw.dm("alice"), "Only an org admin (for their organisation), a queue lead")
    assert not any(
        c.files for c in dw.fake.calls_to("POST", f"/channels/{dw.dm('alice')}/messages")
    )
