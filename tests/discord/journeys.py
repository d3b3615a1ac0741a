"""Shared steps of the Discord journeys: intake up to the articles, the form, a case."""

from __future__ import annotations

import re

from tests.discord.conftest import DiscordWorld
from tests.fake_discord import Json

DESCRIPTION = "Every admin gets access denied INV-403 when downloading the invoice PDF."
FORM = {
    "subject": "Invoice PDF download fails",
    "description": DESCRIPTION,
    "links": "https://app.acme.example/invoices/7",
    "participants": "",
}


async def to_articles(
    dw: DiscordWorld, person: str = "alice", *, channel: int | None = None
) -> Json:
    """From the first question to the suggested articles, answering by ids."""
    where = dw.dm(person) if channel is None else channel
    topics = await dw.message(where, '"value": "billing"')
    await dw.click(person, topics, "billing")
    categories = await dw.message(where, '"value": "invoices"')
    await dw.click(person, categories, "invoices")
    # Typed at once, as people do: the bot reads it after the click (issue 8, R71).
    await dw.say(person, "invoice pdf download says access denied INV-403", channel=channel)
    return await dw.message(where, "INV-403")


async def fill_form(
    dw: DiscordWorld,
    articles: Json,
    person: str = "alice",
    *,
    severity: str = "3",
    access: str = "yes",
    values: dict[str, str | list[str]] | None = None,
) -> int:
    """Still need help -> severity -> login access -> the modal, submitted; returns its id."""
    channel = int(articles["channel_id"])
    await dw.click(person, articles, "more")
    panel = await dw.message(channel, "Step 1 of 3" if person != "bob" else "Schritt 1 von 3")
    await dw.click(person, panel, severity)
    await dw.fake.wait_for(lambda: "sb:acc" in str(dw.fake.message(int(panel["id"]))["components"]))
    opened = await dw.click(person, dw.fake.message(int(panel["id"])), access)
    return await dw.submit(opened, values or FORM)


async def open_case(dw: DiscordWorld, person: str = "alice", **form: object) -> tuple[str, int]:
    """`/support` in the DM to an open case; returns (CS- id, queue thread id)."""
    await dw.slash(person, "support")
    articles = await to_articles(dw, person)
    await fill_form(dw, articles, person, **form)  # type: ignore[arg-type]
    created = await dw.message(dw.dm(person), "CS-")
    ref = re.findall(r"CS-\d+", created["content"])[0]
    header = await dw.header(ref)
    return ref, int(header["channel_id"])
