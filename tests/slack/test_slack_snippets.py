"""Issue 9, R51 on Slack: `!snippet NAME` in a case thread, or the Send snippet shortcut and a
pick, reaches the requester's DM like an agent reply, in German for a German requester, and
the thread shows what was sent."""

from __future__ import annotations

import json

import pytest

from tests.slack.conftest import ALICE, BOB, DANA, SlackWorld
from tests.slack.journeys import BILLING, open_case, use_shortcut

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_a_snippet_reaches_the_requester_and_participants(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)
    await slack.post(DANA, "!snippet refund-timeline", channel=BILLING, thread_ts=thread)
    sent = await slack.message(slack.dm(ALICE), "Hi Alice Adams,")
    assert f"we have issued the refund for {ref}." in sent.params["text"]
    await slack.message(
        BILLING, "Sent snippet refund-timeline (English) to Alice Adams", thread_ts=thread
    )
    await slack.message(slack.dm(BOB), f"{ref}, Dana Diaz: Hi Alice Adams,")  # a participant


async def test_a_german_requester_gets_the_german_version(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack, user=BOB)
    await slack.post(DANA, "!snippet need-details", channel=BILLING, thread_ts=thread)
    sent = await slack.message(slack.dm(BOB), "Hallo Bob Becker,")
    assert f"danke für Ihre Meldung {ref}" in sent.params["text"]
    await slack.message(
        BILLING, "Sent snippet need-details (German) to Bob Becker", thread_ts=thread
    )


async def test_the_send_snippet_shortcut_offers_the_snippets_in_the_thread(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    await use_shortcut(slack, "send_snippet", thread)
    offer = await slack.message(
        BILLING, "Which snippet shall go to the requester?", thread_ts=thread
    )
    assert "refund-timeline: When a refund arrives" in json.dumps(offer.params["blocks"])
    await slack.click(DANA, offer, f"{ref.removeprefix('CS-')}:refund-timeline")
    await slack.message(slack.dm(ALICE), f"we have issued the refund for {ref}.")
    await slack.message(BILLING, "Sent snippet refund-timeline (English)", thread_ts=thread)
