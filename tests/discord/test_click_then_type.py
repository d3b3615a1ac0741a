"""A click and a message typed right after it are handled in that order (issue 8, R71): the
description someone types while the answer to their category click is on its way is read
as the description, not as an unclear answer to the category question."""

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
