"""Gateway sessions: sequence numbers, replay buffers for RESUME, and intent filtering."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from . import payloads as p
from .payloads import Json

# Opcodes.
DISPATCH = 0
HEARTBEAT = 1
IDENTIFY = 2
PRESENCE_UPDATE = 3
VOICE_STATE_UPDATE = 4
RESUME = 6
RECONNECT = 7
REQUEST_GUILD_MEMBERS = 8
INVALID_SESSION = 9
HELLO = 10
HEARTBEAT_ACK = 11

MESSAGE_EVENTS = frozenset({"MESSAGE_CREATE", "MESSAGE_UPDATE"})


@dataclass
class GatewayConnection:
    """One websocket connection (a session can span several, through RESUME)."""

    path: str
    query: dict[str, str]
    frames_received: list[Json] = field(default_factory=list)


@dataclass
class GatewaySession:
    session_id: str
    intents: int
    shard: list[int] | None
    identify: Json
    ws: web.WebSocketResponse | None = None
    seq: int = 0
    sent: list[Json] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    resumes: int = 0

    @property
    def connected(self) -> bool:
        return self.ws is not None and not self.ws.closed

    async def send_dispatch(self, event: str, data: Json) -> None:
        async with self.lock:
            self.seq += 1
            frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
            self.sent.append(frame)
            await self._send(frame)

    async def send_raw(self, frame: Json) -> None:
        async with self.lock:
            await self._send(frame)

    async def replay_after(self, seq: int) -> None:
        async with self.lock:
            for frame in self.sent:
                if frame["s"] > seq:
                    await self._send(frame)

    async def _send(self, frame: Json) -> None:
        ws = self.ws
        if ws is None or ws.closed:
            return  # kept in ``sent`` for a RESUME
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await ws.send_str(json.dumps(frame))


def filter_for_intents(event: str, data: Json, intents: int, bot_id: int) -> Json | None:
    """What Discord would deliver of ``event`` to a session with ``intents`` (None: nothing).

    Message events need GUILD_MESSAGES / DIRECT_MESSAGES; without MESSAGE_CONTENT, guild
    messages lose content, embeds, attachments, components and poll unless the bot wrote
    them or is mentioned in them.
    """
    if event not in MESSAGE_EVENTS:
        return data
    in_guild = "guild_id" in data
    needed = p.INTENT_GUILD_MESSAGES if in_guild else p.INTENT_DIRECT_MESSAGES
    if not intents & needed:
        return None
    if intents & p.INTENT_MESSAGE_CONTENT or not in_guild:
        return data
    author_id = int(data.get("author", {}).get("id", 0))
    mentioned = any(int(m["id"]) == bot_id for m in data.get("mentions", []))
    if author_id == bot_id or mentioned:
        return data
    stripped: dict[str, Any] = copy.deepcopy(data)
    stripped.update({"content": "", "embeds": [], "attachments": [], "components": []})
    stripped.pop("poll", None)
    return stripped
