"""The same person on Slack and Discord sees one case history (issue 3/3)."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, discord_world, text_of
from tests.slack.conftest import SlackWorld, slack
from tests.slack.test_slack_journeys import open_case

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
    assert ref in listing and "slack" in listing  # the row says where it was opened (R14)
