"""Discord's side of tests/slack/test_slack_click_then_type.py (issue 8, R71): a click on a
component and a DM typed right after it are handled in the order they arrived."""

from __future__ import annotations

import asyncio

from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import to_articles

UNCLEAR = "Sorry, I did not get that"


async def test_a_description_typed_right_after_a_click_is_read_as_the_description(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world

    async def intake(person: str) -> None:
        await dw.slash(person, "support")
        # to_articles types the description right after the category click, without
        # waiting for "Please describe the problem"; here two people do so at once.
        await to_articles(dw, person)

    await asyncio.gather(intake("alice"), intake("carol"))
    for person in ("alice", "carol"):
        assert dw.messages(dw.dm(person), UNCLEAR) == []
