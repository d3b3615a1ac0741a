"""FakeDiscord: a loopback Discord gateway + REST API for a real discord.py client.

Start it (``async with FakeDiscord() as fake``), point discord.py at it
(``fake.point_discord_py_here()``), run a bot (see ``run_bot``), then drive it with
``dispatch``/``user_message``/``interact`` and assert on the recorded REST calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, TypeVar

import discord.gateway
import discord.http
import yarl
from aiohttp import WSMsgType, web

from . import payloads as p
from .gateway import (
    HEARTBEAT,
    HEARTBEAT_ACK,
    HELLO,
    IDENTIFY,
    INVALID_SESSION,
    RECONNECT,
    REQUEST_GUILD_MEMBERS,
    RESUME,
    GatewayConnection,
    GatewaySession,
    filter_for_intents,
)
from .interactions import InteractionBuilder, InteractionRecord
from .payloads import Json
from .recording import Call, FakeTimeout, Injection, normalise_prefix
from .rest import RestApi
from .world import DefaultGuild, World

T = TypeVar("T")

GATEWAY_PATH = "/gateway"
RESUME_GATEWAY_PATH = "/gateway-resume"


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


class FakeDiscord:
    """An in-process Discord: gateway websocket at ``/gateway``, REST under ``/api/v10``."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_username: str = "SupportBot",
        default_guild: bool = True,
        heartbeat_interval_ms: int = 41_250,
        interaction_ack_deadline: float | None = 3.0,
        echo_bot_messages: bool = True,
    ) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.interaction_ack_deadline = interaction_ack_deadline
        self.echo_bot_messages = echo_bot_messages
        self.next_id = p.SnowflakeFactory()
        bot_id = self.next_id()
        self.bot_user: Json = p.user_payload(bot_id, bot_username, bot=True)
        self.bot_user.update({"verified": True, "mfa_enabled": False, "email": None})
        self.bot_id = bot_id
        # Applications created since 2017 share their id with their bot user.
        self.application_id = bot_id
        self.application_flags = (1 << 19) | (1 << 23)
        self.world = World(self.next_id, self.bot_user)
        self._default_guild = self.world.build_default_guild() if default_guild else None
        self.application_owner_id = (
            self._default_guild.owner_id if self._default_guild is not None else bot_id
        )

        self.calls: list[Call] = []
        self.injections: list[Injection] = []
        self.commands: dict[int | None, dict[str, Json]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: list[GatewayConnection] = []
        self.identifies: list[Json] = []

        self.rest = RestApi(self)
        self.builder = InteractionBuilder(self)
        self._condition = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._pointers: list[DiscordPyPointer] = []
        self._sockets: set[web.WebSocketResponse] = set()

    # lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get(GATEWAY_PATH, self._gateway)
        app.router.add_get(RESUME_GATEWAY_PATH, self._gateway)
        app.router.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._cdn)
        self.rest.install(app)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def close(self) -> None:
        for pointer in reversed(self._pointers):
            pointer.restore()
        self._pointers.clear()
        for ws in list(self._sockets):
            await ws.close(code=1001, message=b"fake shutting down")
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("FakeDiscord is not started")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{GATEWAY_PATH}"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{RESUME_GATEWAY_PATH}"

    def point_discord_py_here(self) -> DiscordPyPointer:
        """Send discord.py's REST and gateway traffic here; returns a restoring context manager.

        The originals are also restored when the fake closes.
        """
        pointer = DiscordPyPointer(self.api_base, self.gateway_url)
        self._pointers.append(pointer)
        return pointer

    @property
    def guild(self) -> DefaultGuild:
        """Ids of the default guild (a category, #general, a forum with tags, a thread...)."""
        if self._default_guild is None:
            raise RuntimeError("FakeDiscord(default_guild=False) has no default guild")
        return self._default_guild

    # recording and waiting ------------------------------------------------------------

    async def notify(self) -> None:
        async with self._condition:
            self._condition.notify_all()

    async def wait_for(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, *, poll: float = 0.02
    ) -> T:
        """Wait until ``predicate()`` is truthy and return its value.

        It is re-checked whenever the fake records a REST call or a gateway change, and every
        ``poll`` seconds for predicates over the bot's own state (which the fake cannot see
        change). Raises FakeTimeout (an AssertionError) on timeout.
        """

        async def until() -> T:
            async with self._condition:
                while True:
                    result = predicate()
                    if result:
                        return result
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._condition.wait(), poll)

        try:
            return await asyncio.wait_for(until(), timeout)
        except TimeoutError:
            recent = "\n  ".join(
                f"{c.method} {c.path} -> {c.status} {c.json!r:.200}" for c in self.calls[-15:]
            )
            raise FakeTimeout(
                f"condition not met within {timeout}s; last REST calls:\n  {recent or '(none)'}"
            ) from None

    def calls_to(self, method: str | None = None, path_prefix: str = "/") -> list[Call]:
        prefix = normalise_prefix(path_prefix)
        return [
            c
            for c in self.calls
            if (method is None or c.method == method.upper()) and c.path.startswith(prefix)
        ]

    async def wait_for_call(
        self,
        method: str | None,
        path_prefix: str,
        *,
        count: int = 1,
        where: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
    ) -> Call:
        """Wait until ``count`` matching calls were answered; return the ``count``-th."""

        def matching() -> Call | None:
            found = [
                c
                for c in self.calls_to(method, path_prefix)
                if c.status and (where is None or where(c))
            ]
            return found[count - 1] if len(found) >= count else None

        return await self.wait_for(matching, timeout)

    @property
    def unknown_calls(self) -> list[Call]:
        """Calls to routes the fake does not implement (answered 404)."""
        return [c for c in self.calls if c.unknown]

    def messages_in(self, channel_id: int, *, author_id: int | None = None) -> list[Json]:
        """Messages stored in a channel, oldest first (user ones dispatched through the fake
        and the bot's own, including ephemeral interaction replies: check ``flags & 64``)."""
        found = self.world.messages_in(channel_id)
        if author_id is not None:
            found = [m for m in found if int(m["author"]["id"]) == author_id]
        return found

    def bot_messages_in(self, channel_id: int) -> list[Json]:
        return self.messages_in(channel_id, author_id=self.bot_id)

    async def wait_for_message(
        self,
        channel_id: int,
        where: Callable[[Json], bool] | None = None,
        *,
        from_bot: bool = True,
        timeout: float = 5.0,
    ) -> Json:
        """Wait for the first message in ``channel_id`` (by the bot, by default) matching."""

        def find() -> Json | None:
            author = self.bot_id if from_bot else None
            for message in self.messages_in(channel_id, author_id=author):
                if where is None or where(message):
                    return message
            return None

        return await self.wait_for(find, timeout)

    def message(self, message_id: int) -> Json:
        return self.world.messages[message_id]

    def interaction(self, interaction_id: int) -> InteractionRecord:
        return self.interactions[interaction_id]

    def interaction_responses(self, interaction_id: int) -> list[Call]:
        """Callback, original-response and followup calls for one interaction, in order."""
        record = self.interactions[interaction_id]
        prefixes = (
            f"/interactions/{record.id}/{record.token}/",
            f"/webhooks/{self.application_id}/{record.token}",
        )
        return [c for c in self.calls if c.path.startswith(prefixes)]

    async def wait_for_interaction_response(
        self,
        interaction_id: int,
        *,
        count: int = 1,
        where: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
    ) -> Call:
        def find() -> Call | None:
            found = [
                c
                for c in self.interaction_responses(interaction_id)
                if c.status and (where is None or where(c))
            ]
            return found[count - 1] if len(found) >= count else None

        return await self.wait_for(find, timeout)

    # failure injection ----------------------------------------------------------------

    def rate_limit(
        self,
        path_prefix: str,
        times: int = 1,
        retry_after: float = 0.05,
        *,
        method: str | None = None,
        is_global: bool = False,
    ) -> Injection:
        """Answer the next ``times`` matching requests with a 429 discord.py will honour."""
        reset_at = time.time() + retry_after
        headers = {
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{reset_at:.3f}",
            "X-RateLimit-Reset-After": f"{retry_after:.3f}",
            "X-RateLimit-Bucket": secrets.token_hex(16),
            "X-RateLimit-Scope": "global" if is_global else "user",
            "Retry-After": str(max(1, int(retry_after + 0.999))),
            # discord.py treats a 429 without Via as a Cloudflare ban and raises at once.
            "Via": "1.1 google",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {"message": "You are being rate limited.", "retry_after": retry_after}
        body["global"] = is_global
        return self._inject(path_prefix, method, 429, body, headers, times)

    def fail(
        self,
        path_prefix: str,
        status: int = 403,
        code: int = 50007,
        message: str = "Cannot send messages to this user",
        *,
        method: str | None = None,
        times: int | None = None,
    ) -> Injection:
        """Answer matching requests with a Discord JSON error (``times=None``: every time)."""
        return self._inject(
            path_prefix, method, status, {"message": message, "code": code}, {}, times
        )

    def close_dms(self, user_id: int) -> Injection:
        """The user does not accept DMs from the bot: sending to their DM fails with 50007."""
        channel_id = self.world.dm_channel(user_id)
        return self.fail(f"/channels/{channel_id}/messages", method="POST")

    def clear_failures(self) -> None:
        self.injections.clear()

    def _inject(
        self,
        path_prefix: str,
        method: str | None,
        status: int,
        body: dict[str, Any],
        headers: dict[str, str],
        times: int | None,
    ) -> Injection:
        injection = Injection(
            path_prefix=normalise_prefix(path_prefix),
            method=method,
            status=status,
            body=body,
            headers=headers,
            times=times,
        )
        self.injections.append(injection)
        return injection

    # gateway --------------------------------------------------------------------------

    @property
    def connected_sessions(self) -> list[GatewaySession]:
        return [s for s in self.sessions.values() if s.connected]

    async def wait_until_connected(self, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until ``count`` sessions have identified and are connected."""
        await self.wait_for(lambda: len(self.connected_sessions) >= count, timeout)

    async def dispatch(self, event: str, data: Json, *, wait: float = 5.0) -> int:
        """Send a DISPATCH (op 0) to every connected session; returns how many got it.

        Waits up to ``wait`` seconds for a session to exist. MESSAGE_CREATE for an unknown
        message also stores it, so the bot can later fetch it or reply to it.
        """
        if not self.connected_sessions:
            await self.wait_until_connected(timeout=wait)
        if event == "MESSAGE_CREATE":
            self._remember_message(data)
        return await self.broadcast(event, data)

    async def broadcast(self, event: str, data: Json) -> int:
        """Like dispatch, but does not wait for a session (used for the bot's own echoes)."""
        delivered = 0
        for session in list(self.sessions.values()):
            if not session.connected:
                continue
            filtered = filter_for_intents(event, data, session.intents, self.bot_id)
            if filtered is None:
                continue
            await session.send_dispatch(event, filtered)
            delivered += 1
        await self.notify()
        return delivered

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: discord.py closes and RESUMEs at resume_gateway_url."""
        for session in self.connected_sessions:
            await session.send_raw({"op": RECONNECT, "d": None, "s": None, "t": None})

    def _remember_message(self, data: Json) -> None:
        message_id = int(data["id"])
        if message_id in self.world.messages:
            return
        stored = {k: v for k, v in data.items() if k not in ("guild_id", "member")}
        for mention in stored.get("mentions", []):
            mention.pop("member", None)
        self.world.store_message(stored)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        self._sockets.add(ws)
        connection = GatewayConnection(path=request.path, query=dict(request.query))
        self.connections.append(connection)
        session: GatewaySession | None = None
        hello = {
            "op": HELLO,
            "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-gateway"]},
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
            self._sockets.discard(ws)
            if session is not None and session.ws is ws:
                session.ws = None
            await self.notify()
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
        return token.removeprefix("Bot ") == self.token

    async def _identify(self, ws: web.WebSocketResponse, data: Json) -> GatewaySession | None:
        self.identifies.append(data)
        if not self._token_ok(str(data.get("token", ""))):
            await ws.close(code=4004, message=b"Authentication failed.")
            return None
        session = GatewaySession(
            session_id=secrets.token_hex(16),
            intents=int(data.get("intents", 0)),
            shard=data.get("shard"),
            identify=data,
            ws=ws,
        )
        self.sessions[session.session_id] = session
        ready: Json = {
            "v": 10,
            "user": self.bot_user,
            "user_settings": {},
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.world.guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
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
        for guild_id in self.world.guilds:
            await session.send_dispatch(
                "GUILD_CREATE", self.world.guild_create(guild_id, intents=session.intents)
            )
        await self.notify()
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: Json) -> GatewaySession | None:
        session = self.sessions.get(str(data.get("session_id")))
        if session is None or not self._token_ok(str(data.get("token", ""))):
            await ws.send_str(json.dumps({"op": INVALID_SESSION, "d": False, "s": None, "t": None}))
            return None
        session.ws = ws
        session.resumes += 1
        await session.replay_after(int(data.get("seq") or 0))
        await session.send_dispatch("RESUMED", {"_trace": ["fake-gateway"]})
        await self.notify()
        return session

    async def _member_chunk(self, session: GatewaySession, data: Json) -> None:
        guild_ids = data.get("guild_id")
        for raw_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            guild = self.world.guilds.get(int(raw_id or 0))
            if guild is None:
                continue
            query = str(data.get("query") or "").lower()
            wanted = {int(u) for u in data.get("user_ids") or []}
            members = [
                self.world.member(guild.id, uid)
                for uid in guild.members
                if (not wanted or uid in wanted)
                and self.world.users[uid]["username"].lower().startswith(query)
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

    async def _cdn(self, request: web.Request) -> web.Response:
        stored = self.world.cdn.get(request.path)
        if stored is None:
            return web.Response(status=404, text="Not Found")
        data, content_type = stored
        return web.Response(body=data, headers={"Content-Type": content_type})

    # world building shortcuts ---------------------------------------------------------

    def add_user(self, username: str, *, global_name: str | None = None) -> int:
        return self.world.add_user(username, global_name=global_name)

    def dm_channel_id(self, user_id: int) -> int:
        """The bot's DM channel with ``user_id`` (the same id POST /users/@me/channels gives)."""
        return self.world.dm_channel(user_id)

    def attachment(
        self,
        filename: str,
        data: bytes = b"fake file",
        *,
        content_type: str | None = None,
        channel_id: int = 0,
        description: str | None = None,
    ) -> Json:
        """An attachment whose ``url`` is served by the fake (``Attachment.read()`` works)."""
        return self.rest.make_attachment(
            channel_id,
            filename,
            data,
            content_type=content_type or _guess_type(filename),
            description=description,
        )

    # users acting ---------------------------------------------------------------------

    def build_message_create(
        self,
        channel_id: int,
        content: str = "",
        *,
        author_id: int | None = None,
        attachments: Sequence[Json] = (),
        embeds: Sequence[Json] = (),
        components: Sequence[Json] = (),
        reply_to: int | None = None,
        message_id: int | None = None,
    ) -> Json:
        """A MESSAGE_CREATE payload from a user: guild channel, thread or DM by ``channel_id``.

        ``author_id`` defaults to the default guild's member (or, in a DM, its recipient).
        """
        author = self._default_author(channel_id) if author_id is None else author_id
        message = p.message_payload(
            message_id or self.next_id(),
            channel_id,
            self.world.users[author],
            content,
            attachments=attachments,
            embeds=embeds,
            components=components,
            mentions=self.world.mentions_in(content),
            mention_roles=p.mentioned_role_ids(content),
        )
        if reply_to is not None:
            referenced = self.world.messages[reply_to]
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": referenced["channel_id"],
            }
            guild_id = self.world.guild_id_of(channel_id)
            if guild_id is not None:
                message["message_reference"]["guild_id"] = str(guild_id)
            message["referenced_message"] = referenced
        return self.world.gateway_message(message)

    async def user_message(
        self,
        channel_id: int,
        content: str = "",
        *,
        author_id: int | None = None,
        attachments: Sequence[Json] = (),
        embeds: Sequence[Json] = (),
        reply_to: int | None = None,
        message_id: int | None = None,
    ) -> Json:
        """A user posts in a channel/thread/DM: stores the message and dispatches it."""
        payload = self.build_message_create(
            channel_id,
            content,
            author_id=author_id,
            attachments=attachments,
            embeds=embeds,
            reply_to=reply_to,
            message_id=message_id,
        )
        await self.dispatch("MESSAGE_CREATE", payload)
        return self.world.messages[int(payload["id"])]

    def build_thread_create(self, thread_id: int, *, newly_created: bool = True) -> Json:
        data = self.world.thread_for_bot(thread_id)
        if newly_created:
            data["newly_created"] = True
        return data

    async def user_forum_post(
        self,
        forum_id: int,
        title: str,
        content: str,
        *,
        author_id: int | None = None,
        tags: Iterable[str | int] = (),
        attachments: Sequence[Json] = (),
    ) -> tuple[Json, Json]:
        """A user opens a forum post: THREAD_CREATE, then the starter MESSAGE_CREATE (whose
        id equals the thread id, as on Discord). Returns (thread, message)."""
        author = self._default_author(forum_id) if author_id is None else author_id
        names = self.world.forum_tags(forum_id)
        tag_ids = [names[t] if isinstance(t, str) else t for t in tags]
        thread_id = self.world.add_thread(forum_id, title, owner_id=author, applied_tags=tag_ids)
        await self.dispatch("THREAD_CREATE", self.build_thread_create(thread_id))
        message = await self.user_message(
            thread_id, content, author_id=author, attachments=attachments, message_id=thread_id
        )
        return self.world.channels[thread_id], message

    def _default_author(self, channel_id: int) -> int:
        channel = self.world.channels[channel_id]
        if channel.get("type") == p.DM:
            return int(channel["recipients"][0]["id"])
        return self.guild.member_id

    # interactions ---------------------------------------------------------------------

    def build_slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 2 for a chat-input command (option types are taken from the
        synced command when the bot has synced it; ``subcommand`` may be "group sub")."""
        return self.builder.slash_command(
            name,
            options or {},
            channel_id=channel_id,
            user_id=user_id,
            subcommand=subcommand,
            locale=locale,
        )

    def build_button_click(
        self,
        message: Json | int,
        custom_id: str,
        *,
        user_id: int | None = None,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 3 for a button on ``message`` (a message dict or id)."""
        return self.builder.component(message, custom_id, 2, None, user_id=user_id, locale=locale)

    def build_select(
        self,
        message: Json | int,
        custom_id: str,
        values: Sequence[str],
        *,
        user_id: int | None = None,
        component_type: int = 3,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 3 for a select menu (3 = string select)."""
        return self.builder.component(
            message, custom_id, component_type, list(values), user_id=user_id, locale=locale
        )

    def build_modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str | Sequence[str]],
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        layout: Sequence[Json] | None = None,
        message: Json | int | None = None,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 5. ``layout`` is the modal's components as the bot sent
        them (default: one action row per text input in ``values``)."""
        return self.builder.modal_submit(
            custom_id,
            values,
            channel_id=channel_id,
            user_id=user_id,
            layout=layout,
            message=message,
            locale=locale,
        )

    def build_modal_submit_for(
        self, interaction_id: int, values: Mapping[str, str | Sequence[str]]
    ) -> Json:
        """The submit of the modal the bot opened in answer to ``interaction_id`` (same user,
        channel, custom_id and layout)."""
        return self.builder.modal_submit_for(interaction_id, values)

    async def interact(self, payload: Json) -> int:
        """Dispatch INTERACTION_CREATE; returns the interaction id (its 3 s clock starts now)."""
        record = self.interactions[int(payload["id"])]
        record.dispatched_at = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload)
        return record.id

    def synced_command(self, name: str, guild_id: int | None = None) -> Json | None:
        return self.commands.get(guild_id, {}).get(name)


def _guess_type(filename: str) -> str:
    import mimetypes

    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
