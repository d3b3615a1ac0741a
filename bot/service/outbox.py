"""The outbox (ARCHITECTURE 'durable path', R71): every message that follows from a committed
change is written in the same transaction; the process that committed it sends it at once and
marks it sent; a row left unsent by a crash or a failed send is sent again by `resend`, in
order per destination, with growing pauses between tries."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.core.actions import (
    Action,
    Alert,
    AskChoice,
    CaseHeader,
    OfferArticles,
    PostFiles,
    Relay,
    Reply,
    ShowEscalate,
)
from bot.core.model import destination
from bot.core.ports import Clock, Repository, UnitOfWork
from bot.service.sent import SentMarks

log = logging.getLogger(__name__)
Show = Callable[[Sequence[Action]], Awaitable[None]]

# Messages in a conversation or thread. Views (lists, details, the queue) and forms answer a
# request of the moment; sent again after a crash they would only confuse. A post with files
# (the leads' report, R61) is durable: its period is claimed in the same transaction.
DURABLE = (Reply, Relay, CaseHeader, ShowEscalate, Alert, AskChoice, OfferArticles, PostFiles)
# Pauses between tries of a failing send: 5 s, 10 s, 20 s ... at most 10 minutes.
FIRST_RETRY = timedelta(seconds=5)
LONGEST_RETRY = timedelta(minutes=10)
RESEND_BATCH = 200
# Messages shown between two looks at the lease: a fired timer batch (200) to a rate-limited
# channel takes minutes, longer than the lease it was written with. The lease is renewed once
# half of it has passed, so a chunk must take less than half a lease: 20 messages at Slack's
# one per second per channel take 20 s, half the default lease is 30 s.
SEND_CHUNK = 20


class Hold:
    """This process's lease on outbox rows it is about to send, renewed once half of it has
    passed: a slow platform never lets the lease run out under rows still to go, which
    another process would then send beside this one."""

    def __init__(
        self, repository: Repository, clock: Clock, lease: timedelta, marks: SentMarks
    ) -> None:
        self._repository = repository
        self._clock = clock
        self._lease = lease
        self._marks = marks
        self._until = clock.now() + lease  # the rows were leased just now

    async def keep(self, rows: Sequence[int]) -> set[int]:
        """Of these rows, the ones still this process's to send."""
        now = self._clock.now()
        if now < self._until - self._lease / 2:
            return set(rows)
        self._until = now + self._lease
        # Rows shown before now have less than half a lease left: marked sent first, they are
        # not sent again by another process when it runs out.
        await self._marks.flush()
        async with self._repository.transaction() as uow:
            return set(await uow.renew_outbox(rows, until=self._until))


async def send(
    repository: Repository,
    clock: Clock,
    lease: timedelta,
    marks: SentMarks,
    show: Show,
    actions: Sequence[Action],
) -> None:
    """Show actions just written to the outbox, in order, a few at a time, keeping the
    lease on those still to go; one another process took over meanwhile is left to it."""
    hold = Hold(repository, clock, lease, marks)
    for start in range(0, len(actions), SEND_CHUNK):
        rest = actions[start:]
        ours = await hold.keep([a.outbox for a in rest if a.outbox is not None])
        chunk = rest[:SEND_CHUNK]
        await show([a for a in chunk if a.outbox is None or a.outbox in ours])


async def write(
    uow: UnitOfWork, now: datetime, actions: Sequence[Action], lease: timedelta
) -> list[Action]:
    """Write the durable actions to the outbox in the caller's transaction; the actions come
    back numbered with their rows, leased to this process, which sends them next."""
    durable = [a for a in actions if isinstance(a, DURABLE)]
    if not durable:
        return list(actions)
    ids = await uow.add_outbox(durable, now=now, lease_until=now + lease)
    numbered = {id(action): row for action, row in zip(durable, ids, strict=True)}
    return [replace(a, outbox=numbered[id(a)]) if id(a) in numbered else a for a in actions]


async def resend(
    repository: Repository, clock: Clock, lease: timedelta, marks: SentMarks, show: Show
) -> int:
    """Send outbox rows whose sender did not mark them sent in time; how many were sent.
    One failing row waits for its retry with the rows behind it in its destination; the
    other destinations go on."""
    now = clock.now()
    async with repository.transaction() as uow:
        claimed = await uow.claim_outbox(now=now, lease_until=now + lease, limit=RESEND_BATCH)
    hold = Hold(repository, clock, lease, marks)
    stopped: set[str] = set()
    untried: list[int] = []
    sent = 0
    for position, unsent in enumerate(claimed):
        if unsent.row not in await hold.keep([u.row for u in claimed[position:]]):
            continue  # its lease ran out while the rows before it were sent: not ours now
        where = destination(unsent.action.to)
        if where in stopped:
            untried.append(unsent.row)  # waits behind the failed one, in order
            continue
        try:
            await show([replace(unsent.action, outbox=unsent.row)])
        except Exception as error:
            stopped.add(where)
            pause = min(FIRST_RETRY * 2**unsent.attempts, LONGEST_RETRY)
            async with repository.transaction() as uow:
                await uow.outbox_failed(
                    unsent.row, error=type(error).__name__, retry_at=clock.now() + pause
                )
            log.warning(
                "outbox row %d not sent (try %d, next in %s): %s",
                unsent.row,
                unsent.attempts + 1,
                pause,
                type(error).__name__,
                exc_info=error,
            )
            continue
        sent += 1
    if untried:
        async with repository.transaction() as uow:
            await uow.release_outbox(untried)
    return sent
