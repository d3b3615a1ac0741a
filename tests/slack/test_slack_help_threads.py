"""Slack help threads: answered in the thread, private answers by DM, only the asker drives."""

from __future__ import annotations

import json

import pytest

from tests.fake_slack import payloads
from tests.fake_slack.server import Call
from tests.slack.conftest import ALICE, CAROL, HELP_CHANNEL, SlackWorld
from tests.slack.journeys import open_case
from tests.waiting import eventually

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_help_channel_mention_answers_in_a_thread(slack: SlackWorld) -> None:
    mention = payloads.app_mention("help", user=ALICE, channel=HELP_CHANNEL)
    assert (await slack.http.send_event(mention)).status == 200
    topics = await slack.message(HELP_CHANNEL, "Pick a topic", thread_ts=mention["ts"])
    await slack.click(ALICE, topics, "billing")
    await slack.message(HELP_CHANNEL, "Which category", thread_ts=mention["ts"])


async def test_in_a_help_thread_only_the_asker_answers_and_chatter_is_ignored(
    slack: SlackWorld,
) -> None:
    mention = payloads.app_mention("help", user=ALICE, channel=HELP_CHANNEL)
    await slack.http.send_event(mention)
    topics = await slack.message(HELP_CHANNEL, "Pick a topic", thread_ts=mention["ts"])
    await slack.click(CAROL, topics, "billing")  # carol cannot answer alice's question
    denial = await slack.fake.wait_for("chat.postEphemeral", ok=True)
    assert denial.params["user"] == CAROL and "belongs to Alice Adams" in denial.params["text"]
    await slack.click(ALICE, topics, "billing")
    await slack.message(HELP_CHANNEL, "Which category", thread_ts=mention["ts"])
    # A thread the bot was never asked into: people talk, the bot stays quiet (text kept).
    posts = len(slack.fake.calls_to("chat.postMessage"))
    await slack.post(CAROL, "lunch at noon?", channel=HELP_CHANNEL, thread_ts="1700000000.000100")
    await slack.post(CAROL, "sure", channel=HELP_CHANNEL, thread_ts=mention["ts"])

    async def kept(thread: str) -> list[str]:
        async with slack.bot.repository.transaction() as uow:
            return [e.after for e in await uow.audit(f"slack:{HELP_CHANNEL}:{thread}")]

    async def both_kept() -> bool:  # Bolt acks first and handles after: wait for the rows
        elsewhere, in_thread = await kept("1700000000.000100"), await kept(mention["ts"])
        return elsewhere == ["lunch at noon?"] and in_thread == ["sure"]

    await eventually(both_kept)
    assert len(slack.fake.calls_to("chat.postMessage")) == posts


async def test_a_mention_inside_a_help_thread_is_answered_once(slack: SlackWorld) -> None:
    mention = payloads.app_mention("help", user=ALICE, channel=HELP_CHANNEL)
    await slack.http.send_event(mention)
    thread = mention["ts"]
    await slack.message(HELP_CHANNEL, "Pick a topic", thread_ts=thread)
    # Slack delivers an @mention in a thread twice: as app_mention and as a thread message.
    again = payloads.app_mention("cancel", user=ALICE, channel=HELP_CHANNEL, thread_ts=thread)
    echo = payloads.thread_message(
        again["text"], user=ALICE, channel=HELP_CHANNEL, thread_ts=thread
    )
    await slack.http.send_event(echo)  # first: had it been taken, its answer would come first
    await slack.http.send_event(again)
    await slack.message(HELP_CHANNEL, "Cancelled", thread_ts=thread)

    def answers() -> list[Call]:
        return [
            c
            for c in slack.fake.calls_to("chat.postMessage")
            if c.params.get("thread_ts") == thread and "Pick a topic" not in c.params["text"]
        ]

    assert [c.params["text"] for c in answers()] == ['Cancelled. Say "help" to start again.']


async def test_my_cases_asked_in_a_help_thread_are_answered_in_my_dm(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    mention = payloads.app_mention("help", user=ALICE, channel=HELP_CHANNEL)
    await slack.http.send_event(mention)
    await slack.message(HELP_CHANNEL, "Pick a topic", thread_ts=mention["ts"])
    await slack.post(ALICE, "tickets", channel=HELP_CHANNEL, thread_ts=mention["ts"])
    await slack.message(
        HELP_CHANNEL, "sent you the answer in a direct message", thread_ts=mention["ts"]
    )
    listing = await slack.message(slack.dm(ALICE), "Your cases (1)")
    assert ref in json.dumps(listing.params["blocks"])
    public = [
        c for c in slack.fake.calls_to("chat.postMessage") if c.params["channel"] == HELP_CHANNEL
    ]
    assert not any("Your cases" in json.dumps(c.params) for c in public)
