"""On Discord: an idle case is reminded and closes itself (R53), its requester is reminded to
rate once (R62); the clock is moved, never slept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord.conftest import DiscordWorld
from tests.discord.journeys import open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def days_pass(dw: DiscordWorld, days: int) -> None:
    dw.bot.clock.advance(timedelta(days=days))
    await dw.fire_timers()


async def reminded(dw: DiscordWorld) -> tuple[str, int]:
    """Alice's case, waiting on her for five days (premier plan: 24x7): she is reminded."""
    ref, thread = await open_case(dw)
    await dw.say("dana", "!status waiting_on_customer", channel=thread)
    await dw.message(thread, "is now waiting on customer")
    await days_pass(dw, 5)
    await dw.message(dw.dm("alice"), f"Is {ref} still a problem for you?")
    return ref, thread


async def test_idle_case_closes_itself_and_the_rating_reminder_comes_once(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await reminded(dw)
    await days_pass(dw, 2)
    await dw.message(dw.dm("alice"), f"{ref} was closed as we have not heard from you")
    await dw.message(thread, f"{ref} closed itself")
    await days_pass(dw, 1)
    reminder = await dw.message(dw.dm("alice"), f"{ref} was closed on Nov 30, 2026")
    await days_pass(dw, 3)
    assert len(dw.messages(dw.dm("alice"), "was closed on")) == 1
    rated = await dw.click("alice", reminder, f"{ref.removeprefix('CS-')}:3")
    await dw.submit(rated, {"comment": ""})
    await dw.message(dw.dm("alice"), f"Thank you for rating {ref}")


async def test_a_reply_cancels_the_idle_close(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await reminded(dw)
    await dw.say("alice", "Still broken, the PDF is empty")
    await dw.message(thread, "Still broken, the PDF is empty")
    await days_pass(dw, 5)
    assert dw.messages(dw.dm("alice"), "not heard from you") == []
    assert (await dw.case(ref)).status.value == "in_progress"
