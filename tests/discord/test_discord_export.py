"""R55 on Discord: the transcript arrives as a message attachment where it was asked for
(the owner's DM, the agents' case thread), typed or by /export (German /exportieren); notes
only in an agent's export; others refused, privately when they used /export."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import FORM, open_case
from tests.fake_discord import EPHEMERAL

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


async def test_slash_export_attaches_the_transcript_where_it_was_asked_for(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    synced = dw.fake.synced_command("export", dw.fake.guild.id)  # registered like the others
    assert synced is not None and synced["name_localizations"]["de"] == "exportieren"
    options = {o["name"]: o for o in synced["options"]}
    assert options["case"]["name_localizations"]["de"] == "fall"
    assert [c["value"] for c in options["format"]["choices"]] == ["md", "html"]
    assert options["internal"]["name_localizations"]["de"] == "intern"
    ref, thread = await open_case(dw)
    await dw.say("dana", "note: legacy billing role", channel=thread)
    await dw.message(thread, "Internal note saved")

    # The owner, in her DM, names the case by its number.
    await dw.slash("alice", "export", {"case": ref.removeprefix("CS-")})
    name, md = await attached(dw, dw.dm("alice"), f"Transcript of {ref} (Markdown).")
    assert name == f"{ref}.md" and md.startswith(f"# {ref}: ")
    assert "legacy billing role" not in md

    # An agent in the case thread: that case, as HTML, with the notes.
    await dw.slash("dana", "export", {"format": "html", "internal": True}, channel=thread)
    name, page = await attached(dw, thread, f"Transcript of {ref} (HTML).")
    assert name == f"{ref}.html" and "legacy billing role" in page

    # The requester may not have the notes: refused privately, nothing attached.
    asked = await dw.slash("alice", "export", {"case": ref, "internal": True})
    denial = await dw.fake.wait_for_interaction_response(asked, count=2)
    assert denial.json["flags"] & EPHEMERAL
    refused = text_of(dw.fake.message(int(denial.response["id"])))
    assert refused == f"Only agents may export the internal notes of {ref}."
    assert (
        len(
            [c for c in dw.fake.calls_to("POST", f"/channels/{dw.dm('alice')}/messages") if c.files]
        )
        == 1
    )


async def test_slash_export_in_german_refuses_a_participant(discord_world: DiscordWorld) -> None:
    dw = discord_world
    values = {**FORM, "participants": "bob@acme.example"}
    ref, _ = await open_case(dw, values=values)
    asked = await dw.slash("bob", "export", {"case": ref})  # bob's client speaks German
    denial = await dw.fake.wait_for_interaction_response(asked, count=2)
    assert denial.json["flags"] & EPHEMERAL
    refused = text_of(dw.fake.message(int(denial.response["id"])))
    assert refused.startswith("Nur der Ersteller, ein Org-Admin seiner Organisation")
    assert not any(c.files for c in dw.fake.calls_to("POST", f"/channels/{dw.dm('bob')}/messages"))
