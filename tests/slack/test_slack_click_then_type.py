"""A click and a message typed right after it are handled in that order (issue 8, R71): the
description someone types while the answer to their category click is on its way is read
as the description, not as an unclear answer to the category question."""

from __future__ import annotations

import asyncio

from tests.slack.conftest import ALICE, CAROL, SlackWorld
from tests.slack.journeys import intake_to_articles

UNCLEAR = "Sorry, I did not get that"


async def test_a_description_typed_right_after_a_click_is_read_as_the_description(
    slack: SlackWorld,
) -> None:
    # intake_to_articles types the description right after the category click, without
    # waiting for "Please describe the problem"; here two people do so at once.
    await asyncio.gather(intake_to_articles(slack, ALICE), intake_to_articles(slack, CAROL))
    unclear = [
        c.params["channel"]
        for c in slack.fake.calls_to("chat.postMessage", ok=True)
        if UNCLEAR in c.params.get("text", "")
    ]
    assert unclear == []
