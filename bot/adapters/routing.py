"""Actions reach the adapter of their platform. One event may need several: a person linked on
Slack and Discord closes on Discord a case opened in Slack, so its thread is on Slack."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence

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
