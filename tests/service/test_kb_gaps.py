"""`supportbot kb gaps` (issue 11, R4): questions that found no article, asked through the
console, come back grouped by meaning with a count, an example and the nearest article; on
SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.__main__ import main
from tests.service.conftest import World

PAYPAL = ["can we pay with paypal", "do you take paypal", "is paypal accepted as payment method"]
DARK = "is there a dark theme"


async def gaps(*args: str) -> int:
    """`supportbot kb gaps ARGS`, on a thread of its own: the command runs its own loop."""
    return await asyncio.to_thread(main, ["kb", "gaps", *args])


async def ask_unanswered(world: World, question: str) -> None:
    """An intake whose question matches no article (a gap is recorded), then cancelled."""
    for line in ("help", "1", "1", question):
        await world.say(line)
    assert "Cancelled" in "\n".join(await world.say("cancel"))


async def test_gaps_are_grouped_by_meaning(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for question in [*PAYPAL, DARK]:
        await ask_unanswered(world, question)
    assert await gaps("--database", db_url, "--since", "3650d") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("4 questions without a good match since ")
    assert lines[1].startswith(f"   3x  {PAYPAL[0]!r}  [billing]  nearest article: KB-")
    assert lines[2].startswith(f"   1x  {DARK!r}  [billing]")
    assert len(lines) == 3

    assert await gaps("--database", db_url, "--since", "3650d", "--json") == 0
    groups = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(g["count"], g["example"]) for g in groups] == [(3, PAYPAL[0]), (1, DARK)]
    assert groups[0]["nearest"]["id"].startswith("KB-")


async def test_no_gaps_in_the_period(
    world: World, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await ask_unanswered(world, DARK)
    # The console's clock stands in November 2026: nothing in the last hour of real time.
    assert await gaps("--database", db_url, "--since", "1h") == 0
    assert capsys.readouterr().out.startswith("no knowledge gaps recorded since ")


def test_a_bad_period_names_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "gaps", "--since", "last week"]) != 0
    assert "bad duration 'last week': use e.g. 1h, 90m" in capsys.readouterr().err
