"""FakeDiscord: a loopback Discord gateway + REST API for a real discord.py client.

Start it (``async with FakeDiscord() as fake``), point discord.py at it
(``fake.point_discord_py_here()``), run a bot (see ``run_bot``), then drive it with
``dispatch``/``user_message``/``interact`` and assert on the recorded REST calls.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from . import payloads as p
from .acting import UserActions
from .gateway import (
    RECONNECT,
    GatewayConnection,
    GatewaySession,
    filter_for_intents,
)
from .gateway_server import GatewayServer
from .interactions import InteractionBuilder, InteractionRecord
from .payloads import Json
from .pointer import DiscordPyPointer
from .recording import Call, FakeTimeout, Injection, normalise_prefix
from .rest import RestApi
from .world import DefaultGuild, World

T = TypeVar("T")

GATEWAY_PATH = "/gateway"
RESUME_GATEWAY_PATH = "/gateway-resume"


class FakeDiscord(UserActions):
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
        privileged_intents: int = p.PRIVILEGED_INTENTS,
    ) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.interaction_ack_deadline = interaction_ack_deadline
        self.echo_bot_messages = echo_bot_messages
        # Privileged intents enabled for the application in the developer portal; an IDENTIFY
        # asking for any other privileged one is closed with 4014, as Discord does.
        self.privileged_intents = privileged_intents
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
        self.gateway = GatewayServer(self)

    # lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get(GATEWAY_PATH, self.gateway.handle)
        app.router.add_get(RESUME_GATEWAY_PATH, self.gateway.handle)
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
        await self.gateway.close()
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

    async def _cdn(self, request: web.Request) -> web.Response:
        stored = self.world.cdn.get(request.path)
        if stored is None:
            return web.Response(status=404, text="Not Found")
        data, content_type = stored
        return web.Response(body=data, headers={"Content-Type": content_type})

    def synced_command(self, name: str, guild_id: int | None = None) -> Json | None:
        return self.commands.get(guild_id, {}).get(name)
