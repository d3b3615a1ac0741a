"""The same person on Slack and Discord sees one case history (issue 3/3) and can act on it
from either: the answers reach each platform where they belong."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, discord_world, text_of
from tests.slack.conftest import SlackWorld, slack
from tests.slack.journeys import BILLING, open_case

__all__ = ["discord_world", "slack"]  # fixtures, shared with their own test packages
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_case_opened_in_slack_is_listed_in_discord(
    slack: SlackWorld, discord_world: DiscordWorld
) -> None:
    # Both adapters run on one database, as in one `supportbot run` with both configured;
    # alice's Slack and Discord accounts are linked to the same person (the directory).
    ref, _ = await open_case(slack)
    asked = await discord_world.slash(
        "alice", "tickets", channel=discord_world.fake.guild.text_channel_id
    )
    answer = await discord_world.fake.wait_for_interaction_response(asked, count=2)
    listing = text_of(discord_world.fake.message(int(answer.response["id"])))
    assert "Your cases (1)" in listing
    assert ref in listing and "| Slack |" in listing  # the row says where it was opened (R14)


async def test_closing_on_discord_a_case_opened_in_slack_updates_slack(
    slack: SlackWorld, discord_world: DiscordWorld
) -> None:
    # One `supportbot run` routes every action to the adapter of its platform.
    discord_world.elsewhere = slack.renderer.render
    await discord_world.restart()
    ref, thread = await open_case(slack)
    general = discord_world.fake.guild.text_channel_id
    closed = await discord_world.slash(
        "alice", "case", {"case": ref}, channel=general, subcommand="close"
    )
    answer = await discord_world.fake.wait_for_interaction_response(closed, count=2)
    assert f"Case {ref} was closed by Alice Adams" in answer.json["content"]
    await slack.message(BILLING, f"Case {ref} was closed by Alice Adams", thread_ts=thread)
    header = await slack.fake.wait_for("chat.update", lambda c: c.params.get("ts") == thread)
    assert "closed" in str(header.params["blocks"])
    assert not [c for c in discord_world.fake.calls if c.status >= 400]  # nothing sent astray
