"""Issue 12 points 11-13 on Discord: `/queue` with jump links into the private case threads
(R50), the header's buttons named in a thread (R12), the first response in the header (R20)."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case
from tests.fake_discord import EPHEMERAL

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_queue_lists_open_cases_privately_with_jump_links(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    synced = dw.fake.synced_command("queue", dw.fake.guild.id)  # registered like the others
    assert synced is not None and synced["name_localizations"]["de"] == "warteschlange"
    ref, thread = await open_case(dw)
    general = dw.fake.guild.text_channel_id
    asked = await dw.slash("dana", "queue", {"filter": "unassigned"}, channel=general)
    answer = await dw.fake.wait_for_interaction_response(asked, count=2)
    assert answer.json["flags"] & EPHEMERAL
    shown = text_of(dw.fake.message(int(answer.response["id"])))
    assert "Open cases in all queues, unassigned (1) · 2 active incidents: INC-2026-1121" in shown
    assert ref in shown and "billing-queue" in shown
    assert f"https://discord.com/channels/{dw.fake.guild.id}/{thread}" in shown

    named = await dw.slash("dana", "queue", {"queue": "accounts-queue"}, channel=general)
    empty = await dw.fake.wait_for_interaction_response(named, count=2)
    assert "No open cases match" in text_of(dw.fake.message(int(empty.response["id"])))

    refused = await dw.slash("alice", "queue", channel=general)
    denial = await dw.fake.wait_for_interaction_response(refused, count=2)
    assert denial.json["flags"] & EPHEMERAL
    assert "Only agents see the queue view" in text_of(dw.fake.message(int(denial.response["id"])))


async def test_a_button_label_typed_in_the_thread_is_asked_about_then_sent(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "Close", channel=thread)
    question = await dw.message(thread, "is also the header button")
    assert dw.messages(dw.dm("alice"), "Close") == []  # not relayed, not closed
    await dw.click("dana", question, f"send:{ref.removeprefix('CS-')}")
    await dw.message(dw.dm("alice"), f"Dana Diaz ({ref}): Close")
    assert (await dw.case(ref)).status != "closed"


async def test_header_shows_the_first_response_and_that_it_was_in_time(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "Looking at it now, Alice.", channel=thread)
    header = int((await dw.header(ref))["id"])
    await dw.fake.wait_for(lambda: "(met)" in text_of(dw.fake.message(header)))
    assert "first response due" not in text_of(dw.fake.message(header))
