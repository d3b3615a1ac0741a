"""Discord: a help post or DM describing a problem in plain words starts intake with it as the
description (issue 12 point 5, R1, R4)."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_a_help_post_describing_a_problem_proposes_where_it_belongs(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    post = await dw.say(
        "alice", "my invoice pdf download says access denied INV-403", channel=dw.help_channel
    )
    thread = int(post["id"])
    proposal = await dw.message(thread, "That sounds like Billing & invoices > Invoices")
    await dw.click("alice", proposal, "accept")
    await dw.message(thread, "may solve it")


async def test_a_dm_greeting_gets_a_hello(discord_world: DiscordWorld) -> None:
    dw = discord_world
    dm = await dw.say("alice", "Hallo!")
    await dw.message(int(dm["channel_id"]), "Describe your problem in a sentence")
