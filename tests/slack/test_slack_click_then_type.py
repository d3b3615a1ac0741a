"""A click and a message typed right after it are handled in that order (issue 8, R71): the
description someone types while the answer to their category click is on its way is read
as the description, not as an unclear answer to the category question."""

from __future__ import annotations

import asyncio

from tests.slack.conftest import ALICE, CAROL, SlackWorld

UNCLEAR = "Sorry, I did not get that"


async def test_a_description_typed_right_after_a_click_is_read_as_the_description(
    slack: SlackWorld,
) -> None:
    async def intake(user: str) -> None:
        dm = slack.dm(user)
        await slack.say(user, "help")
        topics = await slack.message(dm, '"value": "billing"')
        await slack.click(user, topics, "billing")
        categories = await slack.message(dm, '"value": "invoices"')
        await slack.click(user, categories, "invoices")
        # No wait for "Please describe the problem": typed as fast as Slack delivers it.
        await slack.say(user, "invoice pdf download says access denied INV-403")
        await slack.message(dm, "INV-403")

    await asyncio.gather(intake(ALICE), intake(CAROL))
    unclear = [
        c.params["channel"]
        for c in slack.fake.calls_to("chat.postMessage", ok=True)
        if UNCLEAR in c.params.get("text", "")
    ]
    assert unclear == []
