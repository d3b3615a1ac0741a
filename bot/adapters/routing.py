"""Actions reach the adapter of their platform. One event may need several: a person linked on
Slack and Discord closes on Discord a case opened in Slack, so its thread is on Slack."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager

from bot.core.actions import Action

log = logging.getLogger(__name__)
Show = Callable[[Sequence[Action]], Awaitable[None]]


async def keep_own(actions: Sequence[Action], platform: str, elsewhere: Show) -> list[Action]:
    """The actions for `platform`, in their order, once the others went `elsewhere`."""
    others = [a for a in actions if a.to.platform != platform]
    if others:
        await elsewhere(others)
    return [a for a in actions if a.to.platform == platform]


async def not_shown(actions: Sequence[Action]) -> None:
    """No adapter runs for these actions' platform: say so rather than drop them silently."""
    for platform in sorted({a.to.platform for a in actions}):
        count = sum(a.to.platform == platform for a in actions)
        log.error("no adapter runs for platform %s; %d action(s) not shown", platform, count)


def route(shows: Mapping[str, Show]) -> Show:
    """Send each action to the adapter of its platform; `shows` is read at call time, so
    adapters started later are reached too."""

    async def show(actions: Sequence[Action]) -> None:
        by_platform: dict[str, list[Action]] = defaultdict(list)
        for action in actions:
            by_platform[action.to.platform].append(action)
        for platform, batch in by_platform.items():
            await shows.get(platform, not_shown)(batch)

    return show


class InOrder:
    """Messages of one conversation are handled and shown one at a time, in the order they
    arrived, while other conversations go on: a platform hands each message to a task of its
    own, and two sent 20 ms apart would otherwise be relayed the wrong way round (R71).

    A message takes a ticket where it arrives (before anything that may take longer for one
    than for another) and waits for the tickets before it; a ticket whose holder never
    comes is waited for at most `patience` seconds."""

    def __init__(self, patience: float = 5.0) -> None:
        self._patience = patience
        self._issued: Counter[str] = Counter()
        self._served: Counter[str] = Counter()  # every ticket below this is done
        self._done: defaultdict[str, set[int]] = defaultdict(set)
        self._changed = asyncio.Condition()

    def ticket(self, conversation: str) -> int:
        """The arriving message's place in its conversation."""
        self._issued[conversation] += 1
        return self._issued[conversation] - 1

    @asynccontextmanager
    async def turn(self, conversation: str, ticket: int | None = None) -> AsyncIterator[None]:
        """Wait until the messages that arrived before this one are done."""
        place = self.ticket(conversation) if ticket is None else ticket
        async with self._changed:
            try:
                await asyncio.wait_for(
                    self._changed.wait_for(lambda: self._served[conversation] >= place),
                    self._patience,
                )
            except TimeoutError:
                log.warning("a message went ahead of %s earlier one(s) that did not come", place)
                self._done[conversation].update(range(self._served[conversation], place))
        try:
            yield
        finally:
            await self.skip(conversation, place)

    async def skip(self, conversation: str, ticket: int) -> None:
        """A ticket done (or never to be handled): the messages after it may go."""
        async with self._changed:
            done = self._done[conversation]
            done.add(ticket)
            while self._served[conversation] in done:
                done.remove(self._served[conversation])
                self._served[conversation] += 1
            if self._served[conversation] >= self._issued[conversation]:
                del self._served[conversation], self._issued[conversation]
                del self._done[conversation]
            self._changed.notify_all()
