"""R72 on Discord: nothing the bot sends pings (messages, edits, interaction responses and
webhook follow-ups), except the queue lead's role on a breach alert."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import open_case
from tests.fake_discord import Json

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def _sent_text(dw: DiscordWorld) -> list[tuple[str, Json]]:
    """Every bot request that carries message content: (path, the message part of its body)."""
    sent: list[tuple[str, Json]] = []
    for call in dw.fake.calls:
        body = call.json if isinstance(call.json, dict) else {}
        if call.path.endswith("/callback"):
            body = body.get("data") or {}
        if call.method in ("POST", "PATCH") and "content" in body:
            sent.append((call.path, body))
    return sent


async def test_typed_mentions_never_ping_and_the_lead_role_does(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    _, thread = await open_case(dw)
    dw.bot.clock.advance(timedelta(hours=4))
    await dw.fire_timers()
    alert = await dw.message(dw.queues["billing-queue"], "Queue lead")
    lead, alice = dw.lead_role, dw.users["alice"]
    await dw.say("dana", f"@everyone see <@&{lead}> and <@{alice}>", channel=thread)
    await dw.message(dw.dm("alice"), "see")
    await dw.say("alice", "@here <@&1> still broken")
    await dw.message(thread, "still broken")
    await dw.slash("alice", "tickets")  # answered by a webhook follow-up
    await dw.fake.wait_for_call("POST", "/webhooks/")
    # The header is edited after the first response; wait for it rather than race it.
    await dw.fake.wait_for_call("PATCH", "/channels/", where=lambda c: "/messages/" in c.path)

    sent = _sent_text(dw)
    kinds = {path.split("/")[1] for path, _ in sent}
    assert kinds == {"channels", "interactions", "webhooks"}
    assert any(path.startswith("/channels/") and "/messages/" in path for path, _ in sent)  # edits
    for _, body in sent:
        if body["content"] == alert["content"]:
            assert body["allowed_mentions"] == {"parse": [], "roles": [lead]}
        else:
            assert body["allowed_mentions"] == {"parse": []}, body["content"]
