"""Two open cases in one chat: a free-text message asks which case it is for instead of going
to the newest (issue 12 point 8, R11)."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown


async def test_a_message_with_two_open_cases_asks_which_case(world: World) -> None:
    first = await open_invoice_case(world)
    second = await open_invoice_case(world)
    assert (first, second) == ("CS-1", "CS-2")
    out = await world.say("The download works again, thanks!")
    assert shown(out, "Which case is this message for?"), out
    assert shown(out, "CS-1: when I download the invoice pdf")
    assert not shown(out, "(CS-2)")  # nothing relayed to the newest behind the user's back
    out = await world.say("1")
    assert shown(out, "Sent to CS-1."), out
    assert shown(out, "[#billing-queue CS-1] Alice Adams (CS-1): The download works again"), out
    # Picked once, later messages go to the same case without asking again.
    out = await world.say("One more detail: it was the March invoice.")
    assert shown(out, "[#billing-queue CS-1] Alice Adams (CS-1): One more detail"), out
    assert not shown(out, "Which case")


async def test_the_case_can_be_named_by_its_id_and_one_open_case_is_not_asked(
    world: World,
) -> None:
    await open_invoice_case(world)
    await open_invoice_case(world)
    await world.say("Is there any news?")
    out = await world.say("CS-2")
    assert shown(out, "[#billing-queue CS-2] Alice Adams (CS-2): Is there any news?"), out
    await world.say("close CS-2")
    await world.say("close CS-1")
    await open_invoice_case(world)  # CS-3, now the only open one
    out = await world.say("Hello again, it broke once more")
    assert shown(out, "[#billing-queue CS-3] Alice Adams (CS-3): Hello again"), out
