"""Slack: a private category chosen in a help thread continues in the DM (R3, issue 12 10a)."""

from __future__ import annotations

import json
import re

import pytest

from tests.fake_slack import payloads
from tests.fake_slack.server import Call
from tests.slack.conftest import ALICE, DANA, HELP_CHANNEL, QUEUES, SlackWorld
from tests.slack.journeys import FORM, NO_USERS, text_of

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

DISPUTES = QUEUES["billing-disputes"]
PRIVATE_WORDS = "charged twice for invoice INV-2026-0042"
DESCRIPTION = f"I was {PRIVATE_WORDS} with my card, please refund one of the two charges"


def _seen(call: Call) -> str:
    """What a person reads in a posted message: its text and its blocks."""
    return call.params.get("text", "") + json.dumps(call.params.get("blocks", []))


def _thread_posts(slack: SlackWorld, thread: str) -> list[str]:
    """Everything the bot posted, updated or uploaded in a help thread."""
    return [
        _seen(c)
        for c in slack.fake.calls
        if (c.params.get("channel") or c.params.get("channel_id")) == HELP_CHANNEL
        and c.params.get("thread_ts") == thread
    ]


async def test_a_private_category_chosen_in_a_help_thread_continues_in_the_dm(
    slack: SlackWorld,
) -> None:
    mention = payloads.app_mention("help", user=ALICE, channel=HELP_CHANNEL)
    await slack.http.send_event(mention)
    thread = mention["ts"]
    topics = await slack.message(HELP_CHANNEL, "Pick a topic", thread_ts=thread)
    await slack.click(ALICE, topics, "billing")
    categories = await slack.message(HELP_CHANNEL, '"value": "disputes"', thread_ts=thread)
    await slack.click(ALICE, categories, "disputes")
    await slack.message(HELP_CHANNEL, "continue privately", thread_ts=thread)

    # The DM takes over: the category's rules, the description, the articles and the form.
    dm = slack.dm(ALICE)
    await slack.message(dm, "Cases in this category are private")
    await slack.message(dm, "Please describe the problem")
    await slack.say(ALICE, DESCRIPTION)
    offered = await slack.fake.wait_for(
        "chat.postMessage",
        lambda c: c.params.get("channel") == dm and '"value": "more"' in _seen(c),
        ok=True,
    )
    await slack.click(ALICE, offered, "more")
    view = await slack.fake.wait_for("views.open", ok=True)
    form = {**FORM, "description": text_of(DESCRIPTION), "participant_users": NO_USERS}
    assert await slack.submit(ALICE, view, form) == {}
    created = await slack.message(dm, "CS-")
    ref = re.findall(r"CS-\d+", created.params["text"])[0]

    # Agents work it in its queue; their reply reaches the DM.
    header = await slack.message(DISPUTES, f"{ref}:")
    await slack.post(
        DANA, "We refunded the second charge.", channel=DISPUTES, thread_ts=header.response["ts"]
    )
    await slack.message(dm, "We refunded the second charge.")

    # The help thread heard the questions before the choice and one neutral line, nothing else.
    posts = _thread_posts(slack, thread)
    assert len(posts) == 3 and "continue privately" in posts[-1]
    assert not any(ref in p or "INV-2026-0042" in p or "refunded" in p for p in posts)


async def test_a_problem_in_plain_words_placed_in_a_private_category_moves_to_the_dm(
    slack: SlackWorld,
) -> None:
    mention = payloads.app_mention(DESCRIPTION, user=ALICE, channel=HELP_CHANNEL)
    await slack.http.send_event(mention)
    thread = mention["ts"]
    proposal = await slack.message(HELP_CHANNEL, "Billing disputes & refunds", thread_ts=thread)
    await slack.click(ALICE, proposal, "accept")
    await slack.message(HELP_CHANNEL, "continue privately", thread_ts=thread)
    # The description was given already: the DM goes on with the rules and the articles.
    dm = slack.dm(ALICE)
    await slack.message(dm, "Cases in this category are private")
    await slack.message(dm, '"value": "more"')
    posts = _thread_posts(slack, thread)
    assert len(posts) == 2 and not any("may solve it" in p for p in posts)
