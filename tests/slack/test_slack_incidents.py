"""R56 on Slack: an agent creates an incident in a case thread, links cases to it, and resolves
it; each linked requester hears it in their DM, in their language."""

from __future__ import annotations

import re

import pytest

from tests.slack.conftest import ALICE, BOB, DANA, SlackWorld
from tests.slack.journeys import BILLING, FORM, NO_USERS, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_linked_requesters_hear_of_the_resolution_in_their_language(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack, {**FORM, "participant_users": NO_USERS})
    bobs, bobs_thread = await open_case(slack, user=BOB)
    # Slack turns typed quotes into curly ones; they count as quotes.
    said = "!incident new \u201cInvoice e-mails delayed\u201d billing"
    await slack.post(DANA, said, channel=BILLING, thread_ts=thread)
    created = await slack.message(BILLING, "created for billing", thread_ts=thread)
    incident = re.findall(r"INC-\d{4}-\d{4}", created.params["text"])[0]

    await slack.post(DANA, f"!incident {incident}", channel=BILLING, thread_ts=thread)
    await slack.message(slack.dm(ALICE), f"Your case {ref} is part of a known incident")
    await slack.post(DANA, f"!incident {incident}", channel=BILLING, thread_ts=bobs_thread)
    await slack.message(slack.dm(BOB), f"Ihr Fall {bobs} gehört zu einer bekannten Störung")

    await slack.post(DANA, f"!incident resolve {incident}", channel=BILLING, thread_ts=thread)
    await slack.message(BILLING, "requesters of 2 linked cases were told", thread_ts=thread)
    told = await slack.message(slack.dm(ALICE), f"Good news about your case {ref}")
    assert "Invoice e-mails delayed" in told.params["text"]
    await slack.message(slack.dm(BOB), f"Gute Nachricht zu Ihrem Fall {bobs}")
    await slack.message(BILLING, f"the requester of {bobs} was told", thread_ts=bobs_thread)
