"""Point discord.py's REST base and gateway at a fake, and back."""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType

import discord.gateway
import discord.http
import yarl


class DiscordPyPointer(AbstractContextManager["DiscordPyPointer"]):
    """Sets ``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``; ``restore()`` undoes it.

    Usable as a plain call or as a ``with`` block (restores on exit).
    """

    def __init__(self, api_base: str, gateway_url: str) -> None:
        self._saved_base = discord.http.Route.BASE
        self._saved_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        self._restored = False
        discord.http.Route.BASE = api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)

    def restore(self) -> None:
        if not self._restored:
            discord.http.Route.BASE = self._saved_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved_gateway
            self._restored = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.restore()
