"""The outbox (issue 8, R71): what a committed change says is sent at least once, in order per
conversation, and a send that fails or a crash before it never costs the other messages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

from bot.core.actions import Action, Reply
from bot.core.events import Actor, MessageReceived
from bot.core.model import Case, ConversationKey, Identity
from bot.core.ports import Repository, UnitOfWork
from bot.service import SupportService
from bot.service.outbox import FIRST_RETRY
from bot.service.turn import ServiceConfig
from storage.repository import SqlRepository
from tests.service.conftest import T0, World, shipped_knowledge
from tests.service.test_timers import open_case
from tests.waiting import eventually

ALICE_DM = ConversationKey("console", "local", "dm", user="alice")
BOB_DM = ConversationKey("console", "local", "dm", user="bob")
ALICE = Actor(Identity("console", "local", "alice"), "alice")
BOB = Actor(Identity("console", "local", "bob"), "bob")
LATER = ServiceConfig().lease + timedelta(seconds=1)


class Platform:
    """Records what reaches the platform, in order; can refuse one destination."""

    def __init__(self, service: SupportService, refuse: ConversationKey | None = None) -> None:
        self.service = service
        self.refuse = refuse
        self.shown: list[Action] = []

    async def show(self, actions: Sequence[Action]) -> None:
        for action in actions:
            if action.to == self.refuse:
                raise ConnectionError("the platform answered 503")
            self.shown.append(action)
        await self.service.delivered(actions)  # what every renderer does after showing


def texts(actions: Sequence[Action]) -> list[str]:
    return [a.text.key for a in actions if isinstance(a, Reply)]


async def test_a_crash_between_commit_and_send_is_sent_once_after_the_lease(world: World) -> None:
    answered = await world.service.handle(MessageReceived(ALICE_DM, ALICE, "hi"))
    assert texts(answered) == ["intake.hello"] and all(a.outbox for a in answered)
    # The process dies before showing it: nothing marks it sent.
    platform = Platform(world.service)
    assert await world.service.resend_outbox(platform.show) == 0  # still the sender's
    world.clock.advance(LATER)
    assert await world.service.resend_outbox(platform.show) == len(answered)
    assert texts(platform.shown) == texts(answered)
    world.clock.advance(LATER)
    assert await world.service.resend_outbox(platform.show) == 0  # never twice


async def test_what_the_console_showed_is_not_sent_again(world: World) -> None:
    await world.say("hi", "tickets", "plan")
    world.clock.advance(LATER)
    assert await world.service.resend_outbox(Platform(world.service).show) == 0


def other_process(world: World) -> SupportService:
    """A second bot process on the same database."""
    return SupportService(
        repository=SqlRepository(world.repository.engine, owner="other-process"),
        knowledge=shipped_knowledge(),
        clock=world.clock,
        wall_clock=world.clock,
    )


async def test_what_was_shown_is_marked_sent_for_other_processes_too(world: World) -> None:
    """Sent marks of many events share a statement (issue 8): they are written within a
    moment, without a stop or a resend of this process, so another process that finds the
    lease run out sends none of it again (R71)."""
    await world.say("hi", "tickets")
    other = other_process(world)
    world.clock.advance(LATER)

    async def none_left() -> bool:
        async with world.repository.transaction() as uow:
            backlog = await uow.backlog(now=world.clock.now())
        return backlog.unsent == 0

    await eventually(none_left)
    assert await other.resend_outbox(Platform(other).show) == 0


async def test_a_stop_marks_what_was_shown(world: World) -> None:
    await world.say("hi")
    await world.service.drain(1.0)
    world.clock.advance(LATER)
    other = other_process(world)
    assert await other.resend_outbox(Platform(other).show) == 0


async def test_a_failing_destination_waits_in_order_while_the_others_go_on(
    world: World,
) -> None:
    await world.service.handle(MessageReceived(ALICE_DM, ALICE, "hi"))
    await world.service.handle(MessageReceived(ALICE_DM, ALICE, "asap!"))
    await world.service.handle(MessageReceived(BOB_DM, BOB, "hi"))
    world.clock.advance(LATER)
    down = Platform(world.service, refuse=ALICE_DM)
    await world.service.resend_outbox(down.show)
    assert {a.to for a in down.shown} == {BOB_DM}  # bob is not held up by alice's failure
    up = Platform(world.service)
    assert await world.service.resend_outbox(up.show) == 0  # no try before the pause
    world.clock.advance(FIRST_RETRY)
    await world.service.resend_outbox(up.show)
    assert [a.to for a in up.shown] == [ALICE_DM, ALICE_DM]
    assert texts(up.shown) == ["intake.hello", "idle.hint"]  # in the order they were written
    world.clock.advance(LATER)
    assert await world.service.resend_outbox(up.show) == 0


async def test_timer_messages_are_written_with_the_firing(world: World) -> None:
    await open_case(world)
    world.clock.advance(LATER)
    await world.service.resend_outbox(Platform(world.service).show)  # the opening's messages
    fired = await world.service.fire_due_timers(T0 + timedelta(days=1))
    assert fired and all(a.outbox for a in fired)
    # Killed before posting: the reminders are sent by the next resend, once.
    world.clock.advance(LATER)
    platform = Platform(world.service)
    assert await world.service.resend_outbox(platform.show) == len(fired)
    assert await world.service.fire_due_timers(T0 + timedelta(days=2)) == []


class _BrokenCase:
    """A unit of work whose reads of one case fail, as a corrupt row or a lost connection
    would; everything else is the real database."""

    def __init__(self, uow: UnitOfWork, broken: int) -> None:
        self._uow = uow
        self._broken = broken

    async def case(self, number: int, *, lock: bool = False) -> Case | None:
        if number == self._broken:
            raise RuntimeError(f"case {number} cannot be read")
        return await self._uow.case(number, lock=lock)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)


class _OneBrokenCase:
    def __init__(self, repository: Repository, broken: int) -> None:
        self._repository = repository
        self._broken = broken

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[UnitOfWork]:
        async with self._repository.transaction() as uow:
            yield _BrokenCase(uow, self._broken)  # type: ignore[misc]


async def test_one_failing_timer_leaves_the_rest_of_its_batch_fired(world: World) -> None:
    refs = [await open_case(world) for _ in range(3)]
    broken = int(refs[1].removeprefix("CS-"))
    flaky = SupportService(
        repository=_OneBrokenCase(world.repository, broken),  # type: ignore[arg-type]
        knowledge=shipped_knowledge(),
        clock=world.clock,
        wall_clock=world.clock,
    )
    fired = await flaky.fire_due_timers(T0 + timedelta(days=1))
    cases = {a.text.params.get("case") for a in fired if isinstance(a, Reply)}
    assert cases == {refs[0], refs[2]}
    # The failed one is tried again a minute later, and then fires (the case reads again).
    assert await world.service.fire_due_timers(T0 + timedelta(days=1)) == []
    retried = await world.service.fire_due_timers(T0 + timedelta(days=1, minutes=2))
    assert {a.text.params.get("case") for a in retried if isinstance(a, Reply)} == {refs[1]}


async def test_a_slow_platform_keeps_the_lease_so_no_other_process_sends_beside_it(
    world: World,
) -> None:
    """Helper-found bug (issue 8): a fired batch took longer to post than its lease, and
    another process's recovery sent the rest of it beside the first one."""
    for _ in range(24):
        await open_case(world)
    world.clock.advance(LATER)
    await world.service.resend_outbox(Platform(world.service).show)  # the openings' messages
    other = other_process(world)
    theirs = Platform(other)
    ours = Platform(world.service)
    lease = ServiceConfig().lease

    async def slow(actions: Sequence[Action]) -> None:
        for action in actions:
            world.clock.advance(lease / 50)  # rate-limited: a lease every 50 messages
            await ours.show([action])
            await other.resend_outbox(theirs.show)  # its recovery job runs meanwhile

    fired = await world.service.fire_timer_batch(T0 + timedelta(days=1))
    assert len(fired.actions) > 100  # takes two leases and more to post
    await world.service.send(fired.actions, slow)
    assert theirs.shown == []
    assert [a.outbox for a in ours.shown] == [a.outbox for a in fired.actions]
