"""What is posted while the bot is away is read back and answered, once (issue 8, R70)."""

from __future__ import annotations

import logging

import pytest

from tests.discord.conftest import DiscordWorld
from tests.waiting import eventually

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def _caught_up(caplog: pytest.LogCaptureFixture, runs: int) -> None:
    """Wait until this many catch-ups have finished (the log line an operator sees)."""

    async def finished() -> bool:
        return sum("discord catch-up:" in r.getMessage() for r in caplog.records) >= runs

    await eventually(finished)


async def test_posts_made_while_the_bot_was_stopped_are_answered_once_after_it_starts(
    discord_world: DiscordWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.adapters.discord.catchup")
    dw = discord_world
    alice, carol = dw.users["alice"], dw.users["carol"]
    dm = dw.dm("alice")
    await dw.say("alice", "help")  # the bot has been reading before it stops
    await dw.message(dm, "Pick a topic")
    await dw.stop()
    # Meanwhile: a DM, a help-channel post and a help-forum post nobody delivers to the bot.
    await dw.fake.user_message(dm, "tickets", author_id=alice, deliver=False)
    post = await dw.fake.user_message(
        dw.help_channel, "my invoices do not download", author_id=carol, deliver=False
    )
    forum_post, _ = await dw.fake.user_forum_post(
        dw.fake.guild.forum_channel_id,
        "Invoices broken",
        "I cannot download invoices",
        author_id=alice,
        deliver=False,
    )
    await dw.start()
    await dw.message(dm, "Your cases")
    help_thread, forum_thread = int(post["id"]), int(forum_post["id"])
    await dw.message(help_thread, "That sounds like Billing & invoices > Invoices")
    await dw.message(forum_thread, "That sounds like Billing & invoices > Invoices")
    await _caught_up(caplog, 1)

    # Another start reads the same channels again: nothing is answered twice.
    await dw.stop()
    await dw.fake.user_message(dm, "plan", author_id=alice, deliver=False)
    await dw.start()
    await dw.message(dm, "Your support plan")  # after the DM's earlier messages, in order
    await _caught_up(caplog, 2)
    assert len(dw.messages(dm, "Pick a topic")) == 1
    assert len(dw.messages(dm, "Your cases")) == 1
    assert len(dw.messages(help_thread, "That sounds like")) == 1
    assert len(dw.messages(forum_thread, "That sounds like")) == 1


async def test_messages_the_gateway_never_delivered_are_read_back_after_a_resume(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    dm = dw.dm("alice")
    await dw.say("alice", "help")
    await dw.message(dm, "Pick a topic")
    await dw.fake.user_message(dm, "tickets", author_id=dw.users["alice"], deliver=False)
    await dw.fake.request_reconnect()  # discord.py resumes; RESUMED starts a catch-up
    await dw.message(dm, "Your cases")


async def test_a_first_start_leaves_older_posts_alone(discord_world: DiscordWorld) -> None:
    dw = discord_world
    await dw.stop()
    dm = dw.dm("alice")
    await dw.fake.user_message(dm, "help", author_id=dw.users["alice"], deliver=False)
    await dw.start()  # the bot never read anything here: nothing to catch up on
    await dw.say("alice", "tickets")
    await dw.message(dm, "Your cases")
    assert dw.messages(dm, "Pick a topic") == []
