"""Characters a database refuses (NUL, lone surrogates) are dropped; the rest is stored and
relayed, on SQLite and PostgreSQL (issue 8)."""

from __future__ import annotations

from bot.core.actions import Relay
from bot.core.events import Actor, MessageReceived
from bot.core.model import ConversationKey, Identity
from tests.service.conftest import World
from tests.service.test_timers import ALICE, ALICE_DM, open_case

DANA = Actor(Identity("console", "local", "dana"), "Dana\x00 Diaz")


async def _thread(world: World, ref: str) -> ConversationKey:
    async with world.repository.transaction() as uow:
        case = await uow.case(int(ref.removeprefix("CS-")))
    assert case is not None
    return ConversationKey("console", "local", case.queue, thread=ref)


async def _transcript(world: World, ref: str) -> list[str]:
    async with world.repository.transaction() as uow:
        return [m.text for m in await uow.messages(int(ref.removeprefix("CS-")))]


async def test_a_user_message_with_nul_and_a_lone_surrogate_is_stored_and_relayed(
    world: World,
) -> None:
    ref = await open_case(world)
    typed = "Invoice\x00 4711 \ud800still double-charged"
    answered = await world.service.handle(MessageReceived(ALICE_DM, ALICE, typed, inbound_id="E1"))
    [relay] = [a for a in answered if isinstance(a, Relay)]
    assert relay.text == "Invoice 4711 still double-charged"
    assert relay.to == await _thread(world, ref)
    assert (await _transcript(world, ref))[-1] == "Invoice 4711 still double-charged"


async def test_an_agent_reply_and_a_name_with_nul_reach_the_user(world: World) -> None:
    ref = await open_case(world)
    thread = await _thread(world, ref)
    answered = await world.service.handle(MessageReceived(thread, DANA, "On it\x00, Alice"))
    [relay] = [a for a in answered if isinstance(a, Relay)]
    assert (relay.to, relay.text) == (ALICE_DM, "On it, Alice")
    assert (await _transcript(world, ref))[-1] == "On it, Alice"
