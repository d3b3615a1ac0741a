"""R56 on Discord: an agent links a case to an incident file in the case thread and resolves
it there; the requester hears both in their DM, and a customer may not resolve incidents.
A person setting the file to resolved is enough too: the requester hears it once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import open_case
from tests.service.test_incidents import editable_knowledge, news, resolve_file

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


async def test_an_incident_file_set_to_resolved_reaches_the_requesters_dm_once(
    discord_world: DiscordWorld, tmp_path: Path
) -> None:
    dw = discord_world
    assert dw.client is not None
    edited = editable_knowledge(dw.bot, tmp_path)
    ref, thread = await open_case(dw)
    await dw.say("dana", "!incident INC-2026-1121", channel=thread)
    await dw.message(dw.dm("alice"), f"Your case {ref} is part of a known incident: Webhook")
    job = news(dw.bot)
    assert await job.tell_due() == []

    resolve_file(edited, "INC-2026-1121")  # a person edits the file; nobody types anything
    await dw.client.renderer.render(await job.tell_due())
    await dw.message(dw.dm("alice"), f"Good news about your case {ref}: the incident Webhook")
    await dw.message(thread, f"INC-2026-1121 is resolved; the requester of {ref}")
    await dw.client.renderer.render(await news(dw.bot).tell_due())  # another process looks
    assert len(dw.messages(dw.dm("alice"), "Good news")) == 1
    assert len(dw.messages(thread, "INC-2026-1121 is resolved")) == 1
