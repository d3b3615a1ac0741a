"""The ops routes (issue 10) over real HTTP on the service a user talks to: counters move
as cases open, readiness names what is wrong."""

from __future__ import annotations

from bot.core.events import MessageReceived
from bot.ops.metrics import PrometheusMeter
from bot.ops.server import Ops
from bot.service import SupportService
from tests.ops import get, sample, served
from tests.service.conftest import World, shipped_knowledge
from tests.service.test_timers import ALICE, ALICE_DM, open_case


async def test_counters_move_when_a_case_is_opened(world: World) -> None:
    meter = PrometheusMeter()
    service = SupportService(
        repository=world.repository,
        knowledge=shipped_knowledge(),
        clock=world.clock,
        wall_clock=world.clock,
        meter=meter,
    )
    world.service = service
    async with served(Ops(service.backlog, meter, {}, max_unsent=1000)) as url:
        _, before = await get(f"{url}/metrics")
        assert sample(before, "supportbot_happened_total", what="case.opened") == 0
        ref = await open_case(world)
        # A new question: the topic menu, shown by the platform.
        await service.delivered(await service.handle(MessageReceived(ALICE_DM, ALICE, "help")))
        status, after = await get(f"{url}/metrics")
    assert status == 200 and ref.startswith("CS-")
    assert sample(after, "supportbot_happened_total", what="case.opened") == 1
    handled = sample(after, "supportbot_events_total", platform="console", outcome="handled")
    assert handled >= 6  # every step of the intake, and the message after it
    assert sample(after, "supportbot_event_seconds_count", platform="console") == handled
    assert sample(after, "supportbot_messages_shown_total", kind="ask_choice") == 1
    # The opening's messages were never shown here: they wait in the outbox.
    assert sample(after, "supportbot_outbox_unsent") > 0
    assert sample(after, "supportbot_database_up") == 1


async def test_readiness_names_what_is_wrong(world: World) -> None:
    meter = PrometheusMeter()

    async def down() -> bool:
        return False

    await world.service.handle(MessageReceived(ALICE_DM, ALICE, "help"))  # one unsent reply
    ops = Ops(world.service.backlog, meter, {"discord": down}, max_unsent=1)
    async with served(ops) as url:
        assert await get(f"{url}/healthz") == (200, "ok\n")
        status, text = await get(f"{url}/readyz")
    assert status == 503
    assert text.splitlines() == ["database: ok", "discord: not connected", "outbox: ok"]
    ops = Ops(world.service.backlog, meter, {}, max_unsent=0)
    async with served(ops) as url:
        status, text = await get(f"{url}/readyz")
    assert (status, text.splitlines()[-1]) == (503, "outbox: 1 unsent (limit 0)")
