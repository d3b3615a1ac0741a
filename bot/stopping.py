"""SIGTERM and SIGINT ask the running bot to stop instead of killing it (issue 12.2): a
service manager, `docker stop` and Ctrl-C all end in the same orderly stop."""

from __future__ import annotations

import asyncio
import signal

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequest:
    """Set by a stop signal; the bot waits on it and then stops in order."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.signal: str | None = None

    @classmethod
    def on_signals(cls) -> StopRequest:
        """A request set by SIGTERM or SIGINT on the running loop (which removes the handlers
        when it closes, restoring Python's own)."""
        request = cls()
        loop = asyncio.get_running_loop()
        for number in SIGNALS:
            loop.add_signal_handler(number, request.set, number.name)
        return request

    def set(self, reason: str) -> None:
        """Ask for a stop; the first reason is kept."""
        self.signal = self.signal or reason
        self._event.set()

    def is_set(self) -> bool:
        """True once a stop was asked for."""
        return self._event.is_set()

    async def wait(self) -> None:
        """Until a stop is asked for."""
        await self._event.wait()
