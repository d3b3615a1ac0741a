"""Issue 9, R52 on Discord: in a private case thread an agent tags the case, the header message
shows the tags, and `/queue` with the tag option lists it."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_tag_in_the_case_thread_shows_in_the_header_and_the_queue(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "!tag invoice-pdf", channel=thread)
    await dw.message(thread, f"Tags of {ref}: invoice-pdf.")
    header = int((await dw.header(ref))["id"])
    await dw.fake.wait_for(lambda: "Tags: invoice-pdf" in text_of(dw.fake.message(header)))

    asked = await dw.slash(
        "dana", "queue", {"tag": "invoice-pdf"}, channel=dw.fake.guild.text_channel_id
    )
    answer = await dw.fake.wait_for_interaction_response(asked, count=2)
    shown = text_of(dw.fake.message(int(answer.response["id"])))
    assert "Open cases in all queues, tagged invoice-pdf (1)" in shown and ref in shown
