"""R56 on Discord: an agent links a case to an incident file in the case thread and resolves
it there; the requester hears both in their DM, and a customer may not resolve incidents."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_the_requester_hears_of_link_and_resolution(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "!incident INC-2026-1121", channel=thread)  # an active incident file
    await dw.message(thread, f"{ref} is linked to incident INC-2026-1121")
    await dw.message(dw.dm("alice"), f"Your case {ref} is part of a known incident: Webhook")
    await dw.say("alice", "/incident resolve INC-2026-1121")
    await dw.message(dw.dm("alice"), "Only agents may link, create or resolve incidents.")
    await dw.say("dana", "!incident resolve INC-2026-1121", channel=thread)
    await dw.message(thread, "the requester of 1 linked case was told")
    await dw.message(dw.dm("alice"), f"Good news about your case {ref}: the incident Webhook")
