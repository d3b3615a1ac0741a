"""Issue 9, R51 on Discord: `!snippet NAME` typed in a case thread, and `/snippet` with its
name found by autocomplete, reach the requester's DM like an agent reply."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_a_snippet_typed_in_the_case_thread_reaches_the_dm(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "!snippet refund-timeline", channel=thread)
    sent = await dw.message(dw.dm("alice"), f"Dana Diaz ({ref}): Hi Alice Adams,")
    assert f"we have issued the refund for {ref}." in text_of(sent)
    await dw.message(thread, "Sent snippet refund-timeline (English) to Alice Adams")


async def test_slash_snippet_finds_one_by_autocomplete(discord_world: DiscordWorld) -> None:
    dw = discord_world
    synced = dw.fake.synced_command("snippet", dw.fake.guild.id)
    assert synced is not None and synced["name_localizations"]["de"] == "textbaustein"
    assert synced["options"][0]["autocomplete"]
    ref, thread = await open_case(dw)
    typing = dw.fake.build_slash_command(
        "snippet", {"name": "refund"}, channel_id=thread, user_id=dw.users["dana"]
    )
    typing["type"] = 4  # APPLICATION_COMMAND_AUTOCOMPLETE: the option is still being typed
    typing["data"]["options"][0]["focused"] = True
    dw.fake.interaction(int(typing["id"])).type = 4
    asked = await dw.fake.interact(typing)
    await dw.fake.wait_for(lambda: dw.fake.interaction(asked).response_type == 8)
    offered = (dw.fake.interaction(asked).response_data or {})["choices"]
    assert offered == [
        {"name": "refund-timeline: When a refund arrives", "value": "refund-timeline"}
    ]

    await dw.slash("dana", "snippet", {"name": "refund-timeline"}, channel=thread)
    await dw.message(dw.dm("alice"), f"Dana Diaz ({ref}): Hi Alice Adams,")
    await dw.message(thread, "Sent snippet refund-timeline (English) to Alice Adams")
