"""The fake's gateway websocket: HELLO, IDENTIFY -> READY + GUILD_CREATE, RESUME, heartbeats,
member chunks. Sessions, connections and IDENTIFY payloads are recorded on the FakeDiscord."""

from __future__ import annotations

import json
import secrets
from typing import TYPE_CHECKING

from aiohttp import WSMsgType, web

from . import payloads as p
from .gateway import (
    HEARTBEAT,
    HEARTBEAT_ACK,
    HELLO,
    IDENTIFY,
    INVALID_SESSION,
    REQUEST_GUILD_MEMBERS,
    RESUME,
    GatewayConnection,
    GatewaySession,
)
from .payloads import Json

if TYPE_CHECKING:
    from .fake import FakeDiscord


class GatewayServer:
    """Serves discord.py's websocket for one FakeDiscord."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.sockets: set[web.WebSocketResponse] = set()

    async def close(self) -> None:
        """Close every open websocket (discord.py sees Discord going away)."""
        for ws in list(self.sockets):
            await ws.close(code=1001, message=b"fake shutting down")

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self.sockets.add(ws)
        connection = GatewayConnection(path=request.path, query=dict(request.query))
        self.fake.connections.append(connection)
        session: GatewaySession | None = None
        hello = {
            "op": HELLO,
            "d": {
                "heartbeat_interval": self.fake.heartbeat_interval_ms,
                "_trace": ["fake-gateway"],
            },
            "s": None,
            "t": None,
        }
        await ws.send_str(json.dumps(hello))
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                connection.frames_received.append(frame)
                session = await self._on_frame(ws, frame, session)
        finally:
            self.sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
            await self.fake.notify()
        return ws

    async def _on_frame(
        self, ws: web.WebSocketResponse, frame: Json, session: GatewaySession | None
    ) -> GatewaySession | None:
        op = frame.get("op")
        raw = frame.get("d")
        data: Json = raw if isinstance(raw, dict) else {}
        if op == HEARTBEAT:
            await ws.send_str(json.dumps({"op": HEARTBEAT_ACK, "d": None, "s": None, "t": None}))
        elif op == IDENTIFY:
            return await self._identify(ws, data)
        elif op == RESUME:
            return await self._resume(ws, data)
        elif op == REQUEST_GUILD_MEMBERS and session is not None:
            await self._member_chunk(session, data)
        return session

    def _token_ok(self, token: str) -> bool:
        return token.removeprefix("Bot ") == self.fake.token

    async def _identify(self, ws: web.WebSocketResponse, data: Json) -> GatewaySession | None:
        self.fake.identifies.append(data)
        if not self._token_ok(str(data.get("token", ""))):
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        asked = int(data.get("intents", 0))
        if asked & p.PRIVILEGED_INTENTS & ~self.fake.privileged_intents:
            await ws.close(code=4014, message=b"Disallowed intent(s).")
            return None
        session = GatewaySession(
            session_id=secrets.token_hex(16),
            intents=int(data.get("intents", 0)),
            shard=data.get("shard"),
            identify=data,
            ws=ws,
        )
        self.fake.sessions[session.session_id] = session
        ready: Json = {
            "v": 10,
            "user": self.fake.bot_user,
            "user_settings": {},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.fake.world.guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.fake.resume_gateway_url,
            "application": {
                "id": str(self.fake.application_id),
                "flags": self.fake.application_flags,
            },
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fake-region"],
            "auth": {},
            "_trace": ["fake-gateway"],
        }
        if session.shard is not None:
            ready["shard"] = session.shard
        await session.send_dispatch("READY", ready)
        for guild_id in self.fake.world.guilds:
            await session.send_dispatch(
                "GUILD_CREATE", self.fake.world.guild_create(guild_id, intents=session.intents)
            )
        await self.fake.notify()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: Json) -> GatewaySession | None:
        session = self.fake.sessions.get(str(data.get("session_id")))
        if session is None or not self._token_ok(str(data.get("token", ""))):
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False, "s": None, "t": None}))
            return None
        session.ws = ws
        session.resumes += 1
        await session.replay_after(int(data.get("seq") or 0))
        await session.send_dispatch("RESUMED", {"_trace": ["fake-gateway"]})
        await self.fake.notify()
        return session

    async def _member_chunk(self, session: GatewaySession, data: Json) -> None:
        guild_ids = data.get("guild_id")
        for raw_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = self.fake.world.guilds.get(int(raw_id or 0))
            if guild is None:
                continue
            query = str(data.get("query") or "").lower()
            wanted = {int(u) for u in data.get("user_ids") or []}
            members = [
                self.fake.world.member(guild.id, uid)
                for uid in guild.members
                if (not wanted or uid in wanted)
                and self.fake.world.users[uid]["username"].lower().startswith(query)
            ]
            limit = int(data.get("limit") or 0)
            if limit:
                members = members[:limit]
            chunk: Json = {
                "guild_id": str(guild.id),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [str(u) for u in wanted if u not in guild.members],
            }
            if data.get("nonce") is not None:
                chunk["nonce"] = data["nonce"]
            await session.send_dispatch("GUILD_MEMBERS_CHUNK", chunk)
