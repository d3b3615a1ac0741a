"""Issue 12, point 9 on Slack: a German user's `/support` words, dates and list, and an
unknown `/support foo`, through the real slack-bolt app and the fake Web API."""

from __future__ import annotations

import json
import re

import pytest

from tests.fake_slack import interactions
from tests.fake_slack.server import Call
from tests.slack.conftest import ALICE, BOB, SlackWorld
from tests.slack.journeys import intake_to_articles, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def support(slack: SlackWorld, user: str, text: str, contains: str) -> Call:
    """`/support TEXT` as a person types it; waits for the DM answer holding `contains`."""
    answered = interactions.slash_command("/support", text, user_id=user)
    assert (await slack.http.send_slash_command(answered)).status == 200
    return await slack.message(slack.dm(user), contains)


def shown(call: Call) -> str:
    return call.params["text"] + json.dumps(call.params.get("blocks", []), ensure_ascii=False)


async def test_unknown_support_word_points_to_the_help(slack: SlackWorld) -> None:
    answer = await support(slack, ALICE, "foo", "Unknown command")
    assert answer.params["text"] == 'Unknown command "foo". /support help lists the commands.'
    answer = await support(slack, BOB, "foo", "Unbekannter Befehl")
    assert answer.params["text"] == 'Unbekannter Befehl "foo". /support help zeigt die Befehle.'
    listing = await support(slack, BOB, "help", "Das können Sie hier schreiben")
    assert "fälle [status:S]" in listing.params["text"]
    assert not re.search(r"\bR\d+\b", listing.params["text"])


async def test_german_words_aliases_and_dates_on_slack(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack, user=BOB)
    listing = await support(slack, BOB, "fälle", "Ihre Fälle (1)")  # the German alias
    # T0 is Monday 2026-11-23 09:00 UTC; bob lives in Berlin.
    assert f"*{ref}*" in shown(listing)
    assert "23.11.2026, 10:00 MEZ | 23.11.2026, 10:00 MEZ | Slack | neu" in shown(listing)
    plan = await support(slack, BOB, "plan", "Unsere Agenten sprechen")
    assert "Englisch, Deutsch, Spanisch und Japanisch" in plan.params["text"]
    await slack.message(slack.dm(BOB), "Dieser Bot schreibt: Englisch und Deutsch")


async def test_articles_carry_no_scores_on_slack(slack: SlackWorld) -> None:
    articles = await intake_to_articles(slack)
    texts = [b["text"]["text"] for b in articles.params["blocks"] if b.get("type") == "section"]
    offered = [text for text in texts if "KB-1001" in text]
    assert offered and not any(re.search(r"\(\d+(\.\d+)?\)", text) for text in offered)
