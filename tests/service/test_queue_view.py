"""Issue 12 point 11 (R50): an agent lists the open cases of the queues without knowing ids,
narrows them, and jumps to a case's thread; others are told the rule."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import shown


def rows(out: list[str]) -> list[str]:
    """The case ids of a printed queue view, top to bottom."""
    return [line.split(" | ")[0].strip() for line in out if line.startswith("  CS-")]


async def log_three_cases(world: World) -> None:
    """Phone cases logged by the agent: due 13:00 (CS-1), 11:00 (CS-2), 17:00 (CS-3) UTC."""
    await world.say("/as agent")
    await world.say("/log phone alice billing/invoices 3 Invoice export broken")
    await world.say("/log phone bob account/login 2 Cannot log in")
    await world.say("/log phone alice billing/payments 4 Card declined")


async def test_agent_queue_unassigned_first_then_by_due_with_filters(world: World) -> None:
    await log_three_cases(world)
    await world.say("/claim CS-2")

    out = await world.say("queue")
    assert shown(out, "Open cases in all queues (3)")
    assert rows(out) == ["CS-1", "CS-3", "CS-2"]  # unassigned first, each by due time
    first = next(line for line in out if line.startswith("  CS-1 "))
    assert "billing-queue" in first and "unassigned" in first and "13:00" in first
    assert first.endswith("-> /thread CS-1")  # how to get to its thread
    assert "Dana Diaz" in next(line for line in out if line.startswith("  CS-2 "))

    out = await world.say("/advance 3h")  # 12:00: CS-2 was due at 11:00, nobody answered
    out = await world.say("queue breached")
    assert rows(out) == ["CS-2"]
    assert shown(out, "[BREACHED]")
    assert rows(await world.say("queue unassigned")) == ["CS-1", "CS-3"]
    assert rows(await world.say("queue mine")) == ["CS-2"]
    assert rows(await world.say("queue accounts")) == ["CS-2"]
    assert rows(await world.say("queue queue billing-queue")) == ["CS-1", "CS-3"]
    out = await world.say("queue billing")
    assert shown(out, '"billing" fits several queues: billing-disputes, billing-queue')

    await world.say("close CS-3")
    assert rows(await world.say("queue")) == ["CS-1", "CS-2"]  # closed cases leave the view


async def test_times_in_the_agents_zone_and_language(world: World) -> None:
    await log_three_cases(world)
    await world.say("/as user erik")  # a German agent in Europe/Berlin
    out = await world.say("warteschlange")
    assert shown(
        out, "Offene Fälle in allen Queues (3) · 2 aktive Störungen: INC-2026-1121, INC-2026-1122"
    )
    first = next(line for line in out if line.startswith("  CS-1 "))
    assert "nicht zugewiesen" in first and "14:00" in first  # 13:00 UTC is 14:00 in Berlin


async def test_the_queue_view_counts_the_active_incidents(world: World) -> None:
    await log_three_cases(world)
    out = await world.say("queue")
    title = (
        "[@dana] Open cases in all queues (3) · 2 active incidents: INC-2026-1121, INC-2026-1122"
    )
    assert out[0] == title  # the two active incident files (R2, R56)
    await world.say("/incident resolve INC-2026-1121")
    out = await world.say("queue unassigned")
    assert out[0].endswith("unassigned (3) · 1 active incident: INC-2026-1122")
    await world.say('/incident new "Invoice e-mails delayed" billing')
    await world.say('/incident new "Card payments fail" billing')
    await world.say('/incident new "Exports slow" billing')
    out = await world.say("queue")
    assert out[0].endswith(
        "(3) · 4 active incidents: INC-2026-1122, INC-2026-1123, INC-2026-1123-2, …"
    )
    await world.say("/incident resolve INC-2026-1122", "/incident resolve INC-2026-1123")
    await world.say("/incident resolve INC-2026-1123-2", "/incident resolve INC-2026-1123-3")
    assert (await world.say("queue"))[0] == "[@dana] Open cases in all queues (3)"


async def test_jump_from_the_queue_to_a_thread_in_a_new_console(world: World) -> None:
    await log_three_cases(world)
    other = world.new_chat()  # another agent's terminal: it never saw the case headers
    await other.feed("/as user erik")
    assert any("CS-2" in line for line in await other.feed("queue"))
    out = await other.feed("/thread CS-2")
    assert shown(out, "CS-2: Cannot log in")  # the header, with its buttons
    assert other.prompt == "erik #accounts-queue CS-2> "
    out = await other.feed("Hallo Bob, ich schaue mir die Anmeldung an.")
    assert shown(out, "[@bob] Erik Engel (CS-2): Hallo Bob")


async def test_non_agents_are_told_the_rule_and_the_denial_is_audited(world: World) -> None:
    out = await world.say("queue")
    assert shown(out, "Only agents see the queue view")
    assert shown(out, '"tickets"')
    async with world.repository.transaction() as uow:
        denials = await uow.audit("deny.queue")
    assert [(d.actor_id, d.action) for d in denials] == [("alice", "denied")]


async def test_an_agents_own_cases_point_to_the_queue(world: World) -> None:
    await world.say("/as agent")
    out = await world.say("tickets")
    assert shown(out, "Your cases (0)")
    assert shown(out, 'say "queue" for the open cases')
