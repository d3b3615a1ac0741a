"""The tasks handling an event right now, so a stopping process lets them finish (issue 12.2)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass(frozen=True)
class Drained:
    """What a stop found in flight: how many tasks finished and how many were cut off."""

    finished: int
    cut_off: int


class InFlight:
    """Counts a task in from its first step (an adapter's listener, the service's entry) to
    its end, so the answer it renders after the service returns is included."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[object]] = set()

    def add_current(self) -> None:
        """Count the calling task in until it ends (idempotent)."""
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def drain(self, timeout: float) -> Drained:
        """Wait up to `timeout` seconds for every counted task but the caller, including ones
        that start meanwhile; cancel what is left."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        seen: set[asyncio.Task[object]] = set()
        while pending := self._tasks - {asyncio.current_task()}:
            seen |= pending
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await asyncio.wait(pending, timeout=remaining)
        cut = self._tasks - {asyncio.current_task()}
        for task in cut:
            task.cancel()
        if cut:
            await asyncio.wait(cut, timeout=1.0)  # let them unwind (close what they opened)
        return Drained(finished=len(seen - cut), cut_off=len(cut))
