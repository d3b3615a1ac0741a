"""Issue 9, R51 in the console: an agent sends a snippet from a case thread; the requester gets
it like an agent reply, in their language where it is translated, with the case's facts."""

from __future__ import annotations

from bot.core.model import Side
from tests.service.conftest import World
from tests.service.test_console_journey import shown
from tests.service.test_queue_view import log_three_cases


async def refused_to_a_customer(world: World, typed: str) -> None:
    """Alice, a customer, types an agent's command on CS-1: refused naming the rule, audited."""
    await world.say("/as user alice")
    assert shown(await world.say(typed), "Only agents may do that on CS-1.")
    async with world.repository.transaction() as uow:
        denials = await uow.audit("deny.agent_work")
    assert [(d.actor_id, d.action) for d in denials] == [("alice", "denied")]


async def test_a_snippet_reaches_the_requester_in_their_language(world: World) -> None:
    await log_three_cases(world)  # CS-1 for alice (English), CS-2 for bob (German)
    await world.say("/thread CS-1")
    out = await world.say("!snippet refund-timeline")
    assert shown(out, "[@alice] Dana Diaz (CS-1): Hi Alice Adams,")
    assert shown(out, "we have issued the refund for CS-1.")
    assert shown(out, "Sent snippet refund-timeline (English) to Alice Adams:")
    assert shown(out, "first response")  # the first response: the header says when it came
    async with world.repository.transaction() as uow:
        sent = [m.text for m in await uow.messages(1)]
    assert sent[-1].startswith("Hi Alice Adams,") and sent[-1].endswith("Dana Diaz")

    await world.say("/thread CS-2")  # bob's case, due 11:00 UTC: 12:00 in his Berlin time
    out = await world.say("!textbaustein looking-into-it")
    assert shown(out, "[@bob] Dana Diaz (CS-2): Hallo Bob Becker,")
    assert shown(out, "Ich habe CS-2 übernommen")
    assert shown(out, "rechtzeitig vor 23.11.2026, 12:00 MEZ von mir")
    assert shown(out, "Sent snippet looking-into-it (German) to Bob Becker:")


async def test_the_pick_an_unknown_name_and_a_customer_are_answered(world: World) -> None:
    await log_three_cases(world)
    await world.say("/thread CS-1")
    out = await world.say("!snippet")
    assert shown(out, "Which snippet shall go to the requester? (or type !snippet NAME)")
    assert shown(out, "  4) refund-timeline: When a refund arrives")
    assert not shown(out, "[@alice]")
    out = await world.say("4")  # picked by its number
    assert shown(out, "[@alice] Dana Diaz (CS-1): Hi Alice Adams,")
    out = await world.say("!snippet refund")
    assert shown(
        out, 'There is no snippet "refund". Snippets: confirm-fixed, looking-into-it, need-details,'
    )
    await refused_to_a_customer(world, "/snippet CS-1 refund-timeline")
    async with world.repository.transaction() as uow:
        sent = await uow.messages(1)
    assert len([m for m in sent if m.side is Side.AGENT]) == 1  # the one picked
