"""Issue 12, point 9 on Discord: a German user's words, dates and case list, and unknown
commands (typed, or after /support), through discord.py against the fake Discord."""

from __future__ import annotations

import re

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case, to_articles

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_unknown_commands_point_to_help(discord_world: DiscordWorld) -> None:
    dw = discord_world
    await dw.say("alice", "/foo")  # typed in the DM
    answer = await dw.message(dw.dm("alice"), "Unknown command")
    assert answer["content"] == 'Unknown command "foo". /help lists the commands.'
    await dw.slash("bob", "support", {"request": "foo"})
    answer = await dw.message(dw.dm("bob"), "Unbekannter Befehl")
    assert answer["content"] == 'Unbekannter Befehl "foo". /help zeigt die Befehle.'
    await dw.say("bob", "/hilfe")
    listing = await dw.message(dw.dm("bob"), "Das können Sie hier schreiben")
    assert "fall CS-n" in listing["content"] and not re.search(r"\bR\d+\b", listing["content"])


async def test_german_case_list_has_german_dates_and_words(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, _ = await open_case(dw, "bob")
    listed = await dw.slash("bob", "support", {"request": "fälle"})  # the German alias
    await dw.fake.wait_for_interaction_response(listed, count=1)
    shown = text_of(await dw.message(dw.dm("bob"), "Ihre Fälle (1)"))
    # T0 is Monday 2026-11-23 09:00 UTC; bob lives in Berlin.
    assert f"**{ref}**" in shown
    assert "23.11.2026, 10:00 MEZ | 23.11.2026, 10:00 MEZ | Discord | neu" in shown
    await dw.slash("bob", "support", {"request": "plan"})
    plan = await dw.message(dw.dm("bob"), "Unsere Agenten sprechen")
    assert "Englisch, Deutsch, Spanisch und Japanisch" in plan["content"]


async def test_articles_carry_no_scores_on_discord(discord_world: DiscordWorld) -> None:
    dw = discord_world
    await dw.slash("alice", "support")
    articles = text_of(await to_articles(dw))
    offered = [line for line in articles.splitlines() if "KB-1001" in line]
    assert offered and not any(re.search(r"\(\d+(\.\d+)?\)", line) for line in offered)
