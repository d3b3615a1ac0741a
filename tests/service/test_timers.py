"""SLA timers as rows (R20, R21, R23): reminders, breach, Escalate; restarts and two processes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.actions import Action, Alert, Reply, ShowEscalate
from bot.core.events import Actor, FormSubmitted, MessageReceived
from bot.core.model import ConversationKey, Identity
from tests.service.conftest import T0, World, make_world

ALICE_DM = ConversationKey("console", "local", "dm", user="alice")
ALICE = Actor(Identity("console", "local", "alice"), "alice")


async def open_case(world: World, severity: str = "3") -> str:
    """Alice opens a case through the real intake; returns its CS- id."""
    service = world.service
    await service.handle(MessageReceived(ALICE_DM, ALICE, "help"))
    await service.handle(MessageReceived(ALICE_DM, ALICE, "1"))
    actions = await service.handle(MessageReceived(ALICE_DM, ALICE, "1"))
    if any(getattr(a, "field", "") == "incident" for a in actions):
        actions = await service.handle(MessageReceived(ALICE_DM, ALICE, "continue"))
        await service.handle(MessageReceived(ALICE_DM, ALICE, "1"))
    await service.handle(
        MessageReceived(
            ALICE_DM,
            ALICE,
            "zzqx frobnication of the quux panel yields nothing useful at all today",
        )
    )
    form = {
        "subject": "Quux panel broken",
        "description": "The quux panel shows an empty page for every user since this morning",
        "severity": severity,
        "login_access": "no",
    }
    created = await service.handle(FormSubmitted(ALICE_DM, ALICE, form))
    (ref,) = [
        a.text.params["case"]
        for a in created
        if isinstance(a, Reply) and a.text.key == "case.created"
    ]
    return str(ref)


def keys(actions: list[Action]) -> list[str]:
    return [a.text.key for a in actions if isinstance(a, Reply | Alert | ShowEscalate)]


async def test_reminders_breach_and_escalate_fire_on_schedule(world: World) -> None:
    ref = await open_case(world)  # premier plan (alice's org acme): severity 3 = 4 h, 24x7
    assert keys(await world.service.fire_due_timers(T0 + timedelta(hours=1))) == []
    assert keys(await world.service.fire_due_timers(T0 + timedelta(hours=2))) == ["sla.reminder"]
    assert keys(await world.service.fire_due_timers(T0 + timedelta(hours=3, minutes=12))) == [
        "sla.reminder"
    ]
    at_due = await world.service.fire_due_timers(T0 + timedelta(hours=4))
    assert sorted(keys(at_due)) == ["escalate.available", "sla.breach", "sla.breach_lead"]
    escalate = next(a for a in at_due if isinstance(a, ShowEscalate))
    assert escalate.to == ALICE_DM and f"CS-{escalate.case_number}" == ref
    assert await world.service.fire_due_timers(T0 + timedelta(days=2)) == []


async def test_first_response_stops_reminders_but_not_escalate(world: World) -> None:
    ref = await open_case(world)
    thread = ConversationKey("console", "local", "billing-queue", thread=ref)
    case = await _case(world, ref)
    thread = ConversationKey("console", "local", case.queue, thread=ref)
    dana = Actor(Identity("console", "local", "dana"), "dana")
    relayed = await world.service.handle(MessageReceived(thread, dana, "Looking into it now"))
    assert any(getattr(a, "to", None) == ALICE_DM for a in relayed)
    assert keys(await world.service.fire_due_timers(T0 + timedelta(hours=5))) == [
        "escalate.available"
    ]


async def test_restart_fires_overdue_timers_once(db_url: str) -> None:
    first, engine = await make_world(db_url)
    await open_case(first)
    await engine.dispose()  # type: ignore[attr-defined]
    # The bot was down for a day; a new process starts on the same database.
    second, engine2 = await make_world(db_url)
    late = await second.service.fire_due_timers(T0 + timedelta(days=1))
    assert sorted(keys(late)) == [
        "escalate.available",
        "sla.breach",
        "sla.breach_lead",
        "sla.reminder",
        "sla.reminder",
    ]
    assert await second.service.fire_due_timers(T0 + timedelta(days=1, minutes=1)) == []
    await engine2.dispose()  # type: ignore[attr-defined]


async def test_two_processes_post_each_reminder_once(db_url: str) -> None:
    first, engine1 = await make_world(db_url)
    second, engine2 = await make_world(db_url)
    for _ in range(5):
        await open_case(first)
    later = T0 + timedelta(days=1)
    results = await asyncio.gather(
        *(world.service.fire_due_timers(later) for world in (first, second, first, second))
    )
    posted = [k for actions in results for k in keys(actions)]
    assert posted.count("sla.reminder") == 10
    assert posted.count("sla.breach") == 5
    assert posted.count("escalate.available") == 5
    for engine in (engine1, engine2):
        await engine.dispose()  # type: ignore[attr-defined]


async def _case(world: World, ref: str):  # type: ignore[no-untyped-def]
    async with world.repository.transaction() as uow:
        return await uow.case(int(ref.removeprefix("CS-")))
