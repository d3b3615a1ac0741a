"""Issue 9, R52 on Slack: an agent tags a case in its thread, the header message is updated
with the tags, `/support queue tag NAME` lists the tagged cases; a customer may not tag."""

from __future__ import annotations

import json

import pytest

from tests.fake_slack import interactions
from tests.slack.conftest import ALICE, DANA, SlackWorld
from tests.slack.journeys import BILLING, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_tag_in_the_thread_updates_the_header_and_filters_the_queue(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    await slack.post(DANA, "!tag invoice-pdf", channel=BILLING, thread_ts=thread)
    await slack.message(BILLING, f"Tags of {ref}: invoice-pdf.", thread_ts=thread)
    header = await slack.fake.wait_for(
        "chat.update", lambda c: "Tags: invoice-pdf" in json.dumps(c.params["blocks"])
    )
    assert header.params["ts"] == thread

    command = interactions.slash_command("/support", "queue tag invoice-pdf", user_id=DANA)
    assert (await slack.http.send_slash_command(command)).status == 200
    listing = await slack.message(slack.dm(DANA), "tagged invoice-pdf (1)")
    assert ref in json.dumps(listing.params["blocks"])
    command = interactions.slash_command("/support", "queue tag other", user_id=DANA)
    assert (await slack.http.send_slash_command(command)).status == 200
    await slack.message(slack.dm(DANA), "tagged other (0)")

    await slack.post(DANA, "!tag Bad_Tag", channel=BILLING, thread_ts=thread)
    refused = await slack.fake.wait_for("chat.postEphemeral", ok=True)  # only Dana sees it
    assert 'Tag "Bad_Tag" is not allowed' in refused.params["text"]
    assert refused.params["user"] == DANA


async def test_a_customer_may_not_tag(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    command = interactions.slash_command("/support", f"tag {ref} vip", user_id=ALICE)
    assert (await slack.http.send_slash_command(command)).status == 200
    await slack.message(slack.dm(ALICE), f"Only agents may do that on {ref}.")
    to_alice = [c.params.get("text", "") for c in slack.fake.calls_to("chat.postMessage")]
    assert not any("Tags of" in text for text in to_alice)
