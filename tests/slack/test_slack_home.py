"""The Slack App Home: my cases and the org's, status filter and search box (R30, R32)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fake_slack import interactions, payloads
from tests.slack.conftest import ALICE, CAROL, SlackWorld
from tests.slack.journeys import open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_app_home_for_user_and_org_admin(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    await slack.http.send_event(payloads.app_home_opened(user=ALICE, channel=slack.dm(ALICE)))
    mine = await slack.fake.wait_for("views.publish", lambda c: c.params["user_id"] == ALICE)
    assert "Your cases (1)" in json.dumps(mine.params["view"])
    assert "organisation" not in json.dumps(mine.params["view"])
    await slack.http.send_event(payloads.app_home_opened(user=CAROL, channel=slack.dm(CAROL)))
    org = await slack.fake.wait_for("views.publish", lambda c: c.params["user_id"] == CAROL)
    view = json.dumps(org.params["view"])
    assert "Your organisation's cases (1)" in view
    assert "Alice Adams" in view and ref in view


def home_search(user: str, words: str, *, status: str = "all") -> dict[str, Any]:
    """Enter pressed in the App Home search box, with the status filter as the user left it."""
    entry = {"type": "plain_text_input", "action_id": "home|search", "value": words}
    picked = {"type": "static_select", "selected_option": {"value": status}}
    state = {"home_search": {"home|search": entry}, "home_filter": {"home|filter": picked}}
    view = {"id": "V0HOME", "type": "home", "state": {"values": state}}
    return interactions.block_actions(
        [{**entry, "block_id": "home_search"}], user_id=user, view=view
    )


async def test_app_home_search_box_narrows_and_keeps_the_query(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)  # "Invoice PDF download fails"

    async def home_after(words: str, status: str = "all") -> list[dict[str, Any]]:
        seen = len(slack.fake.calls_to("views.publish"))
        await slack.http.send_block_actions(home_search(ALICE, words, status=status))
        published = await slack.fake.wait_for_count("views.publish", seen + 1)
        return list(published[-1].params["view"]["blocks"])

    assert "Your cases (0)" in json.dumps(await home_after("quux"))
    found = await home_after("invoice pdf")
    assert "Your cases (1)" in json.dumps(found) and ref in json.dumps(found)
    box = next(b for b in found if b.get("block_id") == "home_search")
    assert box["element"]["initial_value"] == "invoice pdf"  # the query stays visible
    closed = await home_after("invoice", status="closed")
    assert "Your cases (0)" in json.dumps(closed)
    picked = next(b for b in closed if b.get("block_id") == "home_filter")
    assert picked["elements"][0]["initial_option"]["value"] == "closed"


async def test_app_home_filters_by_status(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    home = interactions.block_actions(
        [interactions.static_select_action("home|filter", "closed")],
        user_id=ALICE,
        view={"id": "V0HOME", "type": "home"},
    )
    assert (await slack.http.send_block_actions(home)).status == 200
    closed = await slack.fake.wait_for(
        "views.publish", lambda c: "Your cases (0)" in json.dumps(c.params["view"])
    )
    assert ref not in json.dumps(closed.params["view"])
