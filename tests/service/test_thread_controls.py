"""Issue 12 points 12 and 13: an agent in a console case thread uses the header's buttons by
number, is asked before words that name a button are sent, sets the status in words; the
header then tells when the first response came and whether it was in time (R12, R13, R20)."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import shown


async def agent_in_new_case(world: World, severity: str = "3") -> list[str]:
    """Dana logs a phone case for alice (due in 4 h at severity 3) and enters its thread."""
    await world.say("/as agent")
    await world.say(f"/log phone alice billing/invoices {severity} Invoice export broken")
    return await world.say("/thread CS-1")


async def test_header_buttons_by_number_and_words_that_name_one_are_asked_about(
    world: World,
) -> None:
    out = await agent_in_new_case(world)
    assert shown(out, "1) Claim  2) in progress  3) waiting on customer  4) Close")

    out = await world.say("Claim")
    assert shown(out, '"Claim" is also the header button "Claim"')
    assert not shown(out, "[@alice]")  # nothing reached the customer
    out = await world.say("1")  # 1) Press Claim
    assert shown(out, "CS-1 is assigned to Dana Diaz.")
    assert not shown(out, "[@alice]")

    out = await world.say("in progress")
    assert shown(out, 'Send "in progress" to the customer')
    out = await world.say("2")  # the words were meant for the customer after all
    assert shown(out, "[@alice] Dana Diaz (CS-1): in progress")
    # That first response put the case in progress: its header offers only the moves left.
    assert shown(out, "1) Claim  2) waiting on customer  3) Close")

    out = await world.say("2")  # the header's second button, pressed by its number
    assert shown(out, "CS-1 is now waiting on customer.")
    assert not shown(out, "[@alice] Dana Diaz (CS-1): 2")


async def test_the_queue_command_typed_in_a_thread_is_asked_about(world: World) -> None:
    await agent_in_new_case(world)
    out = await world.say("queue mine")
    assert shown(out, '"queue mine" is also a command')
    assert not shown(out, "[@alice]")
    out = await world.say("1")  # run it: the answer is the agent's own, in their DM
    assert shown(out, "[@dana] Open cases in all queues, assigned to you (0)")
    out = await world.say("queue")
    out = await world.say("2")  # or it was meant for the customer
    assert shown(out, "[@alice] Dana Diaz (CS-1): queue")


async def test_status_in_words_of_either_language(world: World) -> None:
    await agent_in_new_case(world)
    out = await world.say("/status waiting on customer")
    assert shown(out, "CS-1 is now waiting on customer.")
    out = await world.say("/status in Bearbeitung")
    assert shown(out, "CS-1 is now in progress.")
    out = await world.say("!status wartet auf Kunde")
    assert shown(out, "CS-1 is now waiting on customer.")
    out = await world.say("/status soon")
    assert shown(out, "Usage: status new | in progress | waiting on customer | closed")


async def test_header_shows_when_the_first_response_came_met_or_late(world: World) -> None:
    await agent_in_new_case(world)  # opened 09:00 UTC, due 13:00
    await world.say("/advance 1h")
    out = await world.say("We are looking at the export now.")
    header = next(line for line in out if "Severity 3 High" in line)
    assert "first response" in header and "10:00" in header and "(met)" in header
    assert "due" not in header

    await world.say("/dm")
    await world.say("/log phone bob account/login 2 Cannot log in")  # CS-2, due 12:00
    await world.say("/thread CS-2")
    await world.say("/advance 3h")
    out = await world.say("Sorry for the wait, Bob.")
    header = next(line for line in out if "Severity 2 Urgent" in line)
    assert "13:00" in header and "(late)" in header
