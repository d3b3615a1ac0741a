"""Shared steps of the Slack journeys: DM intake to the articles, the case form, a case."""

from __future__ import annotations

import re
from typing import Any

from tests.fake_slack import interactions
from tests.fake_slack.server import Call
from tests.slack.conftest import ALICE, BOB, DANA, QUEUES, SlackWorld

BILLING = QUEUES["billing-queue"]


def text_of(value: str) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


NO_USERS = {"type": "multi_users_select", "selected_users": []}
FORM = {
    "subject": text_of("Invoice PDF download fails"),
    "description": text_of(
        "Every admin gets access denied INV-403 when downloading the invoice PDF."
    ),
    "links": text_of("https://app.acme.example/invoices/7"),
    "login_access": {"type": "checkboxes", "selected_options": [{"value": "yes"}]},
    "severity": select("3"),
    "participants": text_of(""),
    "participant_users": {"type": "multi_users_select", "selected_users": [BOB]},
}


async def intake_to_articles(slack: SlackWorld, user: str = ALICE) -> Call:
    """DM intake to the suggested articles; waits on ids, so it works in any language."""
    dm = slack.dm(user)
    await slack.say(user, "help")
    topics = await slack.message(dm, '"value": "billing"')
    await slack.click(user, topics, "billing")
    categories = await slack.message(dm, '"value": "invoices"')
    await slack.click(user, categories, "invoices")
    # Typed at once, as people do: the bot reads it after the click (issue 8, R71).
    await slack.say(user, "invoice pdf download says access denied INV-403")
    return await slack.message(dm, "INV-403")  # KB-1001, or its German twin KB-2001 for bob


async def open_case(
    slack: SlackWorld, form: dict[str, Any] | None = None, user: str = ALICE, queue: str = BILLING
) -> tuple[str, str]:
    """DM intake up to the modal and its submit; returns (CS- id, thread ts in `queue`)."""
    articles = await intake_to_articles(slack, user)
    seen = len(slack.fake.calls_to("views.open"))
    await slack.click(user, articles, "more")
    view = (await slack.fake.wait_for_count("views.open", seen + 1))[-1]
    values = form or (FORM if user == ALICE else {**FORM, "participant_users": NO_USERS})
    assert await slack.submit(user, view, values) == {}
    created = await slack.message(slack.dm(user), "CS-")
    ref = re.findall(r"CS-\d+", created.params["text"])[0]
    header = await slack.message(queue, f"{ref}:")
    # The queue thread is bound after the header is posted; the last action of the submit
    # is the participant notice (or, without participants, the bound thread's ts in the DB).
    if values["participant_users"]["selected_users"]:
        await slack.message(slack.dm(BOB), ref)
    return ref, header.response["ts"]


async def use_shortcut(slack: SlackWorld, callback_id: str, thread: str, text: str = "") -> None:
    """Dana uses a message shortcut on a message (`text`) in a billing-queue case thread."""
    shortcut = interactions.message_shortcut(
        callback_id,
        user_id=DANA,
        channel_id=BILLING,
        thread_ts=thread,
        response_url=slack.fake.response_url(),
        text=text,
    )
    assert (await slack.http.send_interaction(shortcut)).status == 200
