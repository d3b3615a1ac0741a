"""Discord platform behaviour: restarts, duplicates, closed DMs, rate limits, files, start-up."""

from __future__ import annotations

import pytest

from bot.adapters.discord import DiscordConfig, start_discord
from bot.core.model import Delivery
from storage.cursors import SqlCursors
from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case
from tests.fake_discord import FakeDiscord, Json
from tests.service.conftest import make_world
from tests.waiting import eventually

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_a_button_sent_before_a_restart_still_works(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    header = await dw.header(ref)
    await dw.restart()
    number = ref.removeprefix("CS-")
    await dw.click("dana", dw.fake.message(int(header["id"])), f"sb:ctl:claim:{number}")
    await dw.message(thread, f"{ref} is assigned to Dana Diaz")
    await dw.fake.wait_for(
        lambda: "assignee Dana Diaz" in text_of(dw.fake.message(int(header["id"])))
    )
    assert (await dw.case(ref)).assignee_id == "dana"


async def test_a_duplicated_interaction_or_message_has_one_effect(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    dm = dw.dm("alice")
    slash = dw.fake.build_slash_command("support", channel_id=dm, user_id=dw.users["alice"])
    await dw.fake.interact(slash)
    await dw.fake.interact(slash)
    topics = await dw.message(dm, "Pick a topic")
    click = dw.fake.build_select(topics, "sb:pick:topic", ["billing"], user_id=dw.users["alice"])
    await dw.fake.interact(click)
    await dw.fake.interact(click)
    categories = await dw.message(dm, "Which category")
    await dw.click("alice", categories, "invoices")
    await dw.message(dm, "describe the problem")
    text = dw.fake.build_message_create(
        dm, "invoice pdf access denied INV-403", author_id=dw.users["alice"]
    )
    await dw.fake.dispatch("MESSAGE_CREATE", text)
    await dw.fake.dispatch("MESSAGE_CREATE", text)
    await dw.message(dm, "INV-403")
    await dw.say("alice", "tickets")  # a later event, so both copies were surely handled
    await dw.message(dm, "Your cases")
    for question in ("Pick a topic", "Which category", "known-issue articles"):
        assert len(dw.messages(dm, question)) == 1, question
    for interaction in (int(slash["id"]), int(click["id"])):
        statuses = [
            c.status for c in dw.fake.interaction_responses(interaction) if "callback" in c.path
        ]
        assert statuses == [200]  # the copy got no second callback (Discord would refuse it)


async def test_closed_dms_reach_the_user_in_a_private_thread(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    dw.fake.close_dms(dw.users["alice"])
    await dw.say("dana", "Can you try again now?", channel=thread)
    notice = await dw.message(thread, "could not be delivered to the user")
    assert "dm_closed (50007)" in notice["content"] and ref in notice["content"]

    def fallback() -> Json | None:
        for channel in dw.fake.world.channels.values():
            if channel.get("parent_id") == str(dw.help_channel) and channel["name"] == ref:
                return channel
        return None

    private = await dw.fake.wait_for(fallback)
    assert private["type"] == 12
    assert dw.users["alice"] in dw.fake.world.thread_members[int(private["id"])]
    reached = await dw.message(int(private["id"]), "Can you try again now?")
    assert reached["mentions"][0]["id"] == str(dw.users["alice"])


async def test_rate_limited_relays_land_once_and_are_recorded(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    dm = dw.dm("alice")
    dw.fake.rate_limit(f"/channels/{dm}/messages", times=2, retry_after=0.05)
    for n in range(3):
        await dw.say("dana", f"update number {n}", channel=thread)
    for n in range(3):
        await dw.message(dm, f"update number {n}")
    assert [len(dw.messages(dm, f"update number {n}")) for n in range(3)] == [1, 1, 1]
    statuses = [c.status for c in dw.fake.calls_to("POST", f"/channels/{dm}/messages")]
    assert statuses.count(429) == 2

    async def all_sent() -> bool:
        async with dw.bot.repository.transaction() as uow:
            sent = [
                m for m in await uow.messages(int(ref.removeprefix("CS-"))) if "update" in m.text
            ]
        return len(sent) == 3 and {m.delivery for m in sent} == {Delivery.SENT}

    await eventually(all_sent)


async def test_files_follow_r15_and_allowed_ones_are_relayed(discord_world: DiscordWorld) -> None:
    dw = discord_world
    _ref, thread = await open_case(dw)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 200
    files = [dw.fake.attachment("screen.png", png), dw.fake.attachment("tool.exe", b"MZ")]
    await dw.say("alice", "the screenshot", attachments=files)
    await dw.message(dw.dm("alice"), "tool.exe was not sent: allowed file types are")
    relayed = await dw.message(thread, "the screenshot")
    assert "Alice Adams" in relayed["content"]
    assert [a["filename"] for a in relayed["attachments"]] == ["screen.png"]
    upload = next(c for c in dw.fake.calls_to("POST", f"/channels/{thread}/messages") if c.files)
    assert [f.data for f in upload.files] == [png]  # the allowed file, byte for byte


async def test_missing_message_content_intent_is_explained(db_url: str) -> None:
    bot, engine = await make_world(db_url)
    async with FakeDiscord(privileged_intents=0) as fake:  # Message Content not enabled
        with fake.point_discord_py_here(), pytest.raises(RuntimeError, match="Message Content"):
            await start_discord(
                bot.service,
                DiscordConfig(fake.token),
                cursors=SqlCursors(bot.repository),
                guild_ready_timeout=0.05,
            )
    await engine.dispose()  # type: ignore[attr-defined]


async def test_start_discord_connects_and_returns_a_renderer(db_url: str) -> None:
    bot, engine = await make_world(db_url)
    async with FakeDiscord() as fake:
        config = DiscordConfig(fake.token, guild_ids=(fake.guild.id,))
        with fake.point_discord_py_here():
            cursors = SqlCursors(bot.repository)
            client, render = await start_discord(
                bot.service, config, cursors=cursors, guild_ready_timeout=0.05
            )
            try:
                assert client.is_ready() and fake.synced_command("support", fake.guild.id)
                await render([])
            finally:
                await client.close()
    await engine.dispose()  # type: ignore[attr-defined]
