"""Issue 9, R52 on Discord: in a private case thread an agent tags the case, and the header
message shows the tags."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_tag_in_the_case_thread_shows_in_the_header(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "!tag invoice-pdf", channel=thread)
    await dw.message(thread, f"Tags of {ref}: invoice-pdf.")
    header = int((await dw.header(ref))["id"])
    await dw.fake.wait_for(lambda: "Tags: invoice-pdf" in text_of(dw.fake.message(header)))
