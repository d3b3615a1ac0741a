"""Slack: a problem typed in plain words starts intake, in a DM and in an @mention (issue 12
point 5, R1, R4)."""

from __future__ import annotations

import pytest

from tests.fake_slack import payloads
from tests.slack.conftest import ALICE, HELP_CHANNEL, SlackWorld

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

PROBLEM = "my invoice pdf download says access denied INV-403"


async def test_a_mention_describing_a_problem_proposes_where_it_belongs(
    slack: SlackWorld,
) -> None:
    mention = payloads.app_mention(f"<@UBOT> {PROBLEM}", user=ALICE, channel=HELP_CHANNEL)
    assert (await slack.http.send_event(mention)).status == 200
    proposal = await slack.message(
        HELP_CHANNEL, "That sounds like Billing & invoices > Invoices", thread_ts=mention["ts"]
    )
    await slack.click(ALICE, proposal, "accept")  # one tap
    articles = await slack.message(HELP_CHANNEL, "may solve it", thread_ts=mention["ts"])
    assert "KB-1001" in str(articles.params["blocks"])


async def test_a_dm_describing_a_problem_starts_intake_and_a_greeting_gets_hello(
    slack: SlackWorld,
) -> None:
    await slack.say(ALICE, "hi")
    await slack.message(slack.dm(ALICE), "Describe your problem in a sentence")
    await slack.say(ALICE, PROBLEM)
    proposal = await slack.message(slack.dm(ALICE), "That sounds like Billing & invoices")
    await slack.click(ALICE, proposal, "change")
    await slack.message(slack.dm(ALICE), "Pick a topic")
