"""Issue 12 points 11-13 on Slack: `/support queue` and the agents' App Home section (R50), the
header's buttons named in a thread (R12), the first response in the header (R20)."""

from __future__ import annotations

import json

import pytest

from tests.fake_slack import interactions, payloads
from tests.slack.conftest import ALICE, DANA, SlackWorld
from tests.slack.journeys import BILLING, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def permalink(thread: str) -> str:
    """What the fake answers chat.getPermalink with for a message in the billing queue."""
    return f"slack.com/archives/{BILLING}/p{thread.replace('.', '')}"


async def test_support_queue_lists_open_cases_with_a_link_to_each_header(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    command = interactions.slash_command("/support", "queue unassigned", user_id=DANA)
    assert (await slack.http.send_slash_command(command)).status == 200
    listing = await slack.message(slack.dm(DANA), "Open cases in all queues, unassigned (1)")
    blocks = json.dumps(listing.params["blocks"])
    assert ref in blocks and "billing-queue" in blocks and "unassigned" in blocks
    assert permalink(thread) in blocks and "Open thread" in blocks

    refused = interactions.slash_command("/support", "queue", user_id=ALICE)
    assert (await slack.http.send_slash_command(refused)).status == 200
    await slack.message(slack.dm(ALICE), "Only agents see the queue view")


async def test_app_home_has_the_queue_for_agents_only(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)
    await slack.http.send_event(payloads.app_home_opened(user=DANA, channel=slack.dm(DANA)))
    home = await slack.fake.wait_for("views.publish", lambda c: c.params["user_id"] == DANA)
    view = json.dumps(home.params["view"])
    assert "Your cases (0)" in view and "Open cases in all queues (1)" in view
    assert ref in view and permalink(thread) in view
    await slack.http.send_event(payloads.app_home_opened(user=ALICE, channel=slack.dm(ALICE)))
    mine = await slack.fake.wait_for("views.publish", lambda c: c.params["user_id"] == ALICE)
    assert "Open cases" not in json.dumps(mine.params["view"])


async def test_a_button_label_typed_in_the_thread_is_asked_about_not_relayed(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    await slack.post(DANA, "claim", channel=BILLING, thread_ts=thread)
    question = await slack.message(BILLING, "is also the header button", thread_ts=thread)
    await slack.click(DANA, question, f"claim:{ref.removeprefix('CS-')}")
    await slack.message(BILLING, f"{ref} is assigned to Dana Diaz", thread_ts=thread)
    to_alice = [
        c.params.get("text", "")
        for c in slack.fake.calls_to("chat.postMessage")
        if c.params.get("channel") == slack.dm(ALICE)
    ]
    assert not any("claim" in text.lower() for text in to_alice)  # nothing was relayed


async def test_header_shows_the_first_response_and_that_it_was_in_time(slack: SlackWorld) -> None:
    _, thread = await open_case(slack)
    await slack.post(DANA, "Looking at it now, Alice.", channel=BILLING, thread_ts=thread)
    updated = await slack.fake.wait_for(
        "chat.update", lambda c: "(met)" in json.dumps(c.params["blocks"])
    )
    assert updated.params["ts"] == thread
    assert "first response due" not in json.dumps(updated.params["blocks"])
