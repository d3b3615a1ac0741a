"""Housekeeping: event ids are kept long enough to deduplicate any platform retry, then
forgotten; link codes that expired unused are deleted (the hourly job of `supportbot run`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.clock import ShiftedClock
from bot.core.events import Actor, CommandInvoked, MessageReceived
from bot.core.model import ConversationKey, Identity
from bot.service import SupportService
from bot.service.housekeeping import INBOUND_RETENTION, Forgotten
from bot.service.turn import ServiceConfig
from tests.service.conftest import World, shipped_knowledge
from tests.service.test_timers import open_case

DM = ConversationKey("slack", "T1", "D1", user="U1")
SOMEONE = Actor(Identity("slack", "T1", "U1"), "Sam")


async def test_a_retry_within_the_retention_still_has_one_effect(world: World) -> None:
    event = MessageReceived(DM, SOMEONE, "help", inbound_id="Ev1")
    assert await world.service.handle(event)  # answered
    world.clock.advance(INBOUND_RETENTION - timedelta(hours=1))
    assert await world.service.housekeeping() == Forgotten(
        inbound_ids=0, link_codes=0, sent_messages=0
    )
    assert await world.service.handle(event) == []  # still known: nothing happens twice


async def test_event_ids_older_than_the_retention_are_forgotten(world: World) -> None:
    await world.service.handle(MessageReceived(DM, SOMEONE, "help", inbound_id="Ev1"))
    world.clock.advance(timedelta(days=2))
    await world.service.handle(MessageReceived(DM, SOMEONE, "tickets", inbound_id="Ev2"))
    world.clock.advance(INBOUND_RETENTION - timedelta(days=1))
    assert (await world.service.housekeeping()).inbound_ids == 1  # Ev1 only
    assert await world.service.handle(MessageReceived(DM, SOMEONE, "x", inbound_id="Ev2")) == []


async def test_unused_link_codes_are_deleted_once_expired(world: World) -> None:
    await world.service.handle(CommandInvoked(DM, SOMEONE, "link", (), "Ev-link"))
    assert (await world.service.housekeeping()).link_codes == 0  # still valid
    world.clock.advance(timedelta(minutes=11))
    assert (await world.service.housekeeping()).link_codes == 1


async def test_ids_received_after_the_clock_moved_expire_in_real_time(world: World) -> None:
    """The console's /advance moves the business clock; receipt times stay real."""
    business = ShiftedClock(datetime(2026, 11, 20, 9, tzinfo=UTC), frozen=True)
    real = ShiftedClock(datetime(2026, 11, 20, 9, tzinfo=UTC), frozen=True)
    service = SupportService(
        repository=world.repository,
        knowledge=shipped_knowledge(),
        clock=business,
        wall_clock=real,
    )
    business.advance(timedelta(days=365))  # a year of /advance
    await service.handle(MessageReceived(DM, SOMEONE, "help", inbound_id="Ev-late"))
    real.advance(INBOUND_RETENTION + timedelta(minutes=1))
    assert (await service.housekeeping()).inbound_ids == 1
    # Forgotten, so the same id is new again (a retry cannot come a week later).
    assert await service.handle(MessageReceived(DM, SOMEONE, "tickets", inbound_id="Ev-late"))


async def test_transcripts_of_cases_closed_longer_than_the_retention_are_deleted(
    world: World,
) -> None:
    """issue 10: SUPPORTBOT_CLOSED_CASE_RETENTION_DAYS; the case itself and open cases stay."""
    kept = SupportService(
        repository=world.repository,
        knowledge=shipped_knowledge(),
        clock=world.clock,
        wall_clock=world.clock,
        config=ServiceConfig(transcript_retention=timedelta(days=30)),
    )
    closed, still_open = await open_case(world), await open_case(world)
    await world.say(f"close {closed}")
    numbers = {ref: int(ref.removeprefix("CS-")) for ref in (closed, still_open)}
    world.clock.advance(timedelta(days=29))
    assert (await kept.housekeeping()).transcript_messages == 0  # closed 29 days ago: kept
    world.clock.advance(timedelta(days=2))
    forgotten = await kept.housekeeping()
    async with world.repository.transaction() as uow:
        assert await uow.messages(numbers[closed]) == []
        assert await uow.case(numbers[closed]) is not None  # the record of the case stays
        assert await uow.messages(numbers[still_open])
        [entry] = await uow.audit("transcripts")
    assert forgotten.transcript_messages > 0
    assert (entry.action, entry.actor_id) == ("retention.applied", "system")
    assert entry.after.startswith(f"{forgotten.transcript_messages} messages of cases closed")
    # Without the setting nothing is ever deleted.
    assert (await world.service.housekeeping()).transcript_messages == 0
