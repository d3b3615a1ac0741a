"""Discord: a private category chosen in a help thread or forum post continues in the DM (R3,
issue 12 10a)."""

from __future__ import annotations

import re

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import FORM, fill_form

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

DESCRIPTION = (
    "I was charged twice for invoice INV-2026-0042 with my card, please refund one of the two"
)


async def _help_thread(dw: DiscordWorld, where: str) -> int:
    """Alice asks for help in the help channel or the help forum; returns the thread's id."""
    if where == "forum":
        forum = dw.fake.guild.forum_channel_id
        thread, _ = await dw.fake.user_forum_post(
            forum, "Billing question", "help", author_id=dw.users["alice"]
        )
        return int(thread["id"])
    post = await dw.say("alice", "help", channel=dw.help_channel)
    return int(post["id"])  # a thread started from the post shares its id


async def _choose_disputes(dw: DiscordWorld, thread: int) -> None:
    topics = await dw.message(thread, "Pick a topic")
    await dw.click("alice", topics, "billing")
    categories = await dw.message(thread, '"value": "disputes"')
    await dw.click("alice", categories, "disputes")
    await dw.message(thread, "continue privately")


@pytest.mark.parametrize("where", ["channel", "forum"])
async def test_a_private_category_chosen_in_a_help_thread_continues_in_the_dm(
    discord_world: DiscordWorld, where: str
) -> None:
    dw = discord_world
    thread = await _help_thread(dw, where)
    await _choose_disputes(dw, thread)

    # The DM takes over: the category's rules, the description, the articles and the form.
    dm = dw.dm("alice")
    await dw.message(dm, "Cases in this category are private")
    await dw.message(dm, "Please describe the problem")
    await dw.say("alice", DESCRIPTION)
    articles = await dw.message(dm, "Still need help")
    await fill_form(dw, articles, values={**FORM, "description": DESCRIPTION})
    created = await dw.message(dm, "CS-")
    ref = re.findall(r"CS-\d+", created["content"])[0]

    # Agents work it in its queue; their reply reaches the DM.
    header = await dw.header(ref, "billing-disputes")
    await dw.say("dana", "We refunded the second charge.", channel=int(header["channel_id"]))
    await dw.message(dm, "We refunded the second charge.")

    # The help thread heard the questions before the choice and one neutral line, nothing else.
    posts = [text_of(m) for m in dw.fake.bot_messages_in(thread)]
    assert len(posts) == 3 and "continue privately" in posts[-1]
    assert not any(ref in p or "INV-2026-0042" in p or "refunded" in p for p in posts)


async def test_closed_dms_are_named_in_the_thread_and_nothing_private_is_asked_there(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    dw.fake.close_dms(dw.users["alice"])
    thread = await _help_thread(dw, "channel")
    await _choose_disputes(dw, thread)
    await dw.message(thread, "I cannot send you direct messages")
    posts = [text_of(m) for m in dw.fake.bot_messages_in(thread)]
    assert not any("describe the problem" in p or "private: only you" in p for p in posts[2:])
