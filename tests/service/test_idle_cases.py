"""In the console: idle cases close themselves (R53), one reminder to rate (R62), and the
case confirmation out of hours (R54). Time moves with `/advance`, never by sleeping."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.core.actions import AskChoice, Reply
from bot.service.admin import Admin
from tests.service.conftest import T0, World, make_world
from tests.service.test_console_journey import (
    describe_invoice_problem,
    open_invoice_case,
    shown,
)


async def waiting_on_alice(world: World) -> str:
    """Alice's case (Acme, premier plan: 24x7, the default 5 and 2 days), set waiting on
    the customer by dana at T0; the console is back with alice."""
    ref = await open_invoice_case(world, participants="")
    await world.say("/as agent", f"/thread {ref}")
    assert shown(await world.say("/status waiting_on_customer"), "waiting on customer")
    await world.say("/as user alice")
    return ref


async def audited(world: World, ref: str) -> list[str]:
    async with world.repository.transaction() as uow:
        return [entry.action for entry in await uow.audit(ref)]


async def test_idle_case_is_reminded_then_closed_and_can_still_be_rated(world: World) -> None:
    ref = await waiting_on_alice(world)
    assert not shown(await world.say("/advance 4d23h"), "still a problem")
    out = await world.say("/advance 1h")  # five days waiting
    # In alice's language and zone (Europe/Berlin): two more days, Mon 30 Nov 09:00 UTC.
    assert shown(out, f"[@alice] Is {ref} still a problem for you?")
    assert shown(out, "closes on Nov 30, 2026, 10:00 CET")
    assert shown(out, f"[#billing-queue {ref}] {ref}: the customer was reminded")
    assert not shown(await world.say("/advance 1d23h"), "closed")
    out = await world.say("/advance 1h")
    assert shown(out, f"[@alice] {ref} was closed as we have not heard from you")
    assert shown(out, f"[@alice] How did we do on {ref}?")
    assert shown(out, f"{ref} closed itself: no answer from the customer since")
    assert shown(out, "| closed |")  # the thread's header
    assert shown(await world.say("5"), f"Thank you for rating {ref}!")
    assert not shown(await world.say("/advance 3d"), ref)  # rated: no reminder to rate
    actions = await audited(world, ref)
    assert actions.count("case.idle_reminded") == 1 and actions.count("case.idle_closed") == 1
    assert "case.rating_reminded" not in actions


async def test_a_reply_cancels_the_idle_close(world: World) -> None:
    ref = await waiting_on_alice(world)
    assert shown(await world.say("/advance 5d"), "still a problem")
    out = await world.say("Still broken, the PDF is empty")
    assert shown(out, f"[#billing-queue {ref}] Alice Adams ({ref}): Still broken")
    assert shown(out, "| in progress |")
    assert not shown(await world.say("/advance 10d"), "closed")
    out = await world.say(f"case {ref}")
    assert shown(out, "in progress")
    assert "case.idle_closed" not in await audited(world, ref)


async def test_a_status_change_cancels_it_and_waiting_again_starts_afresh(world: World) -> None:
    ref = await waiting_on_alice(world)
    await world.say("/advance 3d", "/as agent", f"/thread {ref}", "/status in_progress")
    assert not shown(await world.say("/advance 3d"), "still a problem")
    await world.say("/status waiting_on_customer")
    assert not shown(await world.say("/advance 4d"), "still a problem")
    assert shown(await world.say("/advance 1d"), "still a problem")


async def test_idle_days_count_business_days_of_the_plan(world: World) -> None:
    # On the standard plan, waiting from Monday 10:00 Berlin, five business days end next
    # Monday 10:00, not on Saturday.
    await on_standard_plan(world)
    ref = await waiting_on_alice(world)
    assert not shown(await world.say("/advance 6d23h"), "still a problem")
    out = await world.say("/advance 1h")
    assert shown(out, f"[@alice] Is {ref} still a problem for you?")
    assert shown(out, "closes on Dec 2, 2026, 10:00 CET")  # two business days on: Wednesday


async def test_one_reminder_to_rate_a_day_after_closing(world: World) -> None:
    ref = await open_invoice_case(world, participants="")
    assert shown(await world.say(f"close {ref}"), "Rate 1 (poor) to 5 (great)")
    assert not shown(await world.say("/advance 23h"), "How did we do")
    out = await world.say("/advance 1h")
    assert shown(out, f"[@alice] {ref} was closed on Nov 23, 2026, 10:00 CET. How did we do?")
    assert not shown(await world.say("/advance 5d"), "How did we do")  # once only
    assert shown(await world.say("4"), f"Thank you for rating {ref}!")  # its buttons work
    assert (await audited(world, ref)).count("case.rating_reminded") == 1


async def test_no_reminder_to_rate_after_a_rating(world: World) -> None:
    ref = await open_invoice_case(world, participants="")
    await world.say(f"close {ref}")
    assert shown(await world.say("5"), f"Thank you for rating {ref}!")
    assert not shown(await world.say("/advance 2d"), "How did we do")


async def test_a_case_opened_on_friday_evening_says_when_the_team_is_back(world: World) -> None:
    await on_standard_plan(world)
    world.clock.advance(timedelta(days=4, hours=8))  # Friday 27 Nov, 18:00 in Berlin
    # C is 8 h on the standard plan: from Monday 09:00 to 17:00, in alice's Berlin time.
    assert (
        "[@alice] Case CS-1 is open. The first response is due by Nov 30, 2026, 17:00 CET: "
        "our team is out of hours now and back on Nov 30, 2026, 09:00 CET."
    ) in await open_severity_c_case(world)


async def test_a_case_opened_in_hours_says_nothing_of_hours(world: World) -> None:
    await on_standard_plan(world)  # Monday 10:00 in Berlin: 7 h today, 1 h on Tuesday
    assert (
        "[@alice] Case CS-1 is open. The first response is due by Nov 24, 2026, 10:00 CET."
    ) in await open_severity_c_case(world)


async def open_severity_c_case(world: World) -> list[str]:
    """Alice's intake and form to a severity 3 case (C on the standard plan); the output."""
    out = await describe_invoice_problem(world)
    more = next(line.split(")")[0].strip() for line in out if "Still need help" in line)
    return await world.say(more, "", "", "https://app.acme.example/inv/7", "yes", "3", "")


async def on_standard_plan(world: World) -> None:
    """Acme moves to the standard plan: Mon-Fri 09:00-17:00 in Berlin."""
    async with world.repository.transaction() as uow:
        acme = await uow.org("acme")
        assert acme is not None
        await uow.save_org(replace(acme, plan="standard"))


async def test_two_processes_remind_and_close_once(db_url: str) -> None:
    first, engine1 = await make_world(db_url)
    second, engine2 = await make_world(db_url)
    for _ in range(3):
        await waiting_on_alice(first)
    for day, key in ((5, "idle.reminder"), (7, "idle.closed"), (8, "feedback.remind")):
        at = T0 + timedelta(days=day)
        results = await asyncio.gather(
            *(world.service.fire_due_timers(at) for world in (first, second, first, second))
        )
        said = [a.text.key for acts in results for a in acts if isinstance(a, Reply | AskChoice)]
        assert said.count(key) == 3, (key, said)
    for engine in (engine1, engine2):
        await engine.dispose()  # type: ignore[attr-defined]


async def test_an_erased_requester_gets_no_reminder_to_rate(world: World) -> None:
    ref = await open_invoice_case(world, participants="")
    await world.say(f"close {ref}")
    await Admin(world.repository, world.clock, operator="admin:test").erase("alice")
    assert not shown(await world.say("/advance 2d"), "How did we do")
