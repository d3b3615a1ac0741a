"""Discord's side of tests/slack/test_slack_click_then_type.py (issue 8, R71): a click on a
component and a DM typed right after it are handled in the order they arrived."""

from __future__ import annotations

import asyncio

from tests.discord.conftest import DiscordWorld

UNCLEAR = "Sorry, I did not get that"


async def test_a_description_typed_right_after_a_click_is_read_as_the_description(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world

    async def intake(person: str) -> None:
        await dw.slash(person, "support")
        topics = await dw.message(dw.dm(person), '"value": "billing"')
        await dw.click(person, topics, "billing")
        categories = await dw.message(dw.dm(person), '"value": "invoices"')
        await dw.click(person, categories, "invoices")
        # No wait for "Please describe the problem": typed as fast as Discord delivers it.
        await dw.say(person, "invoice pdf download says access denied INV-403")
        await dw.message(dw.dm(person), "INV-403")

    await asyncio.gather(intake("alice"), intake("carol"))
    for person in ("alice", "carol"):
        assert dw.messages(dw.dm(person), UNCLEAR) == []
