"""FakeSlack's Socket Mode: apps.connections.open hands out a ws:// URL on the fake, whose
websocket says hello and then carries the envelopes a test sends; the bot's acknowledgements
(`{"envelope_id": ...}`) are recorded. Slack redelivers an envelope nobody acknowledged; a
test does that by sending it again with a higher retry_attempt."""

from __future__ import annotations

import asyncio
import itertools
import json

from aiohttp import WSMsgType, web

from .recording import Call, JsonDict
from .state import SlackState

SOCKET_PATH = "/link"


class SocketModeMethods(SlackState):
    """The Socket Mode part of FakeSlack."""

    def _socket_state(self) -> None:
        self.acks: list[str] = []
        self._sockets: list[web.WebSocketResponse] = []
        self._envelopes = itertools.count(1)
        self._socket_changed = asyncio.Condition()

    def _apps_connections_open(self, call: Call) -> JsonDict:
        origin = self.origin.replace("http://", "ws://")
        return {"ok": True, "url": f"{origin}{SOCKET_PATH}?ticket=fake"}

    async def _handle_socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}}
        await socket.send_str(json.dumps(hello))
        async with self._socket_changed:
            self._sockets.append(socket)
            self._socket_changed.notify_all()
        try:
            async for message in socket:
                if message.type == WSMsgType.TEXT:
                    acked = json.loads(message.data).get("envelope_id")
                    async with self._socket_changed:
                        self.acks.append(str(acked))
                        self._socket_changed.notify_all()
        finally:
            self._sockets.remove(socket)
        return socket

    async def wait_for_socket(self, timeout: float = 30) -> None:
        """Until a bot holds a Socket Mode connection."""
        async with asyncio.timeout(timeout), self._socket_changed:
            await self._socket_changed.wait_for(lambda: bool(self._sockets))

    async def send_envelope(
        self, payload: JsonDict, *, envelope_id: str | None = None, retry_attempt: int = 0
    ) -> str:
        """Send an events_api envelope to the connected bot; its envelope id."""
        envelope = envelope_id or f"env-{next(self._envelopes)}"
        message = {
            "envelope_id": envelope,
            "type": "events_api",
            "payload": payload,
            "accepts_response_payload": False,
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        await self._sockets[-1].send_str(json.dumps(message))
        return envelope

    async def wait_for_ack(self, envelope_id: str, timeout: float = 30) -> None:
        """Until the bot acknowledged an envelope."""
        async with asyncio.timeout(timeout), self._socket_changed:
            await self._socket_changed.wait_for(lambda: envelope_id in self.acks)
