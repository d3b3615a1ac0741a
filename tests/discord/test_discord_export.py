"""R55 on Discord: the transcript arrives as a message attachment where it was asked for
(the owner's DM, the agents' case thread); notes only in an agent's export; others refused."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import FORM, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def attached(dw: DiscordWorld, channel: int, said: str) -> tuple[str, str]:
    """The file attached to the bot's message saying `said`: its name and its text."""
    message = await dw.message(channel, said)
    [attachment] = message["attachments"]
    call = next(
        c
        for c in dw.fake.calls_to("POST", f"/channels/{channel}/messages")
        if c.files and said in str(c.json)
    )
    return attachment["filename"], call.files[0].data.decode()


async def test_owner_and_agent_get_the_transcript_attached_where_they_asked(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "Fixed the <role> & the cache.", channel=thread)
    await dw.message(dw.dm("alice"), "Fixed the")
    await dw.say("dana", "note: legacy billing role", channel=thread)
    await dw.message(thread, "Internal note saved")

    await dw.say("alice", f"export {ref}")
    name, md = await attached(dw, dw.dm("alice"), f"Transcript of {ref} (Markdown).")
    assert name == f"{ref}.md"
    assert md.startswith(f"# {ref}: ") and "> Fixed the <role> & the cache." in md
    assert "legacy billing role" not in md

    await dw.say("dana", "!export html internal", channel=thread)
    name, page = await attached(dw, thread, f"Transcript of {ref} (HTML).")
    assert name == f"{ref}.html"
    assert "Fixed the &lt;role&gt; &amp; the cache." in page
    assert "legacy billing role" in page


async def test_a_participant_is_refused_naming_the_rule(discord_world: DiscordWorld) -> None:
    dw = discord_world
    values = {**FORM, "participants": "bob@acme.example"}  # bob takes part in the case
    ref, _ = await open_case(dw, values=values)
    await dw.say("bob", f"exportieren {ref}")
    await dw.message(dw.dm("bob"), "Nur der Ersteller, ein Org-Admin seiner Organisation")
    assert not any(c.files for c in dw.fake.calls_to("POST", f"/channels/{dw.dm('bob')}/messages"))
