"""The discord.py client: persistent components, slash commands, start-up and wiring."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import aiohttp
import discord
import yarl
from discord.ext import commands

from bot.adapters.discord.adapter import DiscordAdapter
from bot.adapters.discord.catchup import Cursors
from bot.adapters.discord.components import DYNAMIC_ITEMS
from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.recent import RecentIds
from bot.adapters.discord.render import DiscordRenderer, Service
from bot.adapters.discord.slash import SupportTranslator, slash_commands
from bot.adapters.routing import Show, not_shown

log = logging.getLogger(__name__)
INTERACTION_LIFETIME_SECONDS = 15 * 60  # an interaction token is good for 15 minutes
STOP_READING_SECONDS = 5.0
INTENT_HELP = (
    "Discord refused the connection: the bot asks for the privileged MESSAGE CONTENT intent, "
    "which is not enabled for this application. Enable it under Developer Portal -> your "
    "application -> Bot -> Privileged Gateway Intents -> 'Message Content Intent', then start "
    "again. Without it the bot cannot read help posts or agent replies in case threads."
)


class SupportBot(commands.Bot):
    """A commands.Bot whose every button, select and modal goes through the adapter."""

    def __init__(
        self,
        service: Service,
        config: DiscordConfig,
        elsewhere: Show,
        cursors: Cursors,
        **options: Any,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # help posts and agent replies are read as text
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            # Every message, edit, interaction response and follow-up starts from this: text
            # anyone typed never pings; a deliberate ping (the queue lead) names its target.
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.config = config
        self.routes = DiscordAdapter(self, config, service, elsewhere, cursors)
        self.runner: asyncio.Task[None] | None = None
        self._reading: set[asyncio.Task[None]] = set()  # catch-ups, and the cursor flusher
        _parse_interactions_once(self._connection.parsers)

    @property
    def renderer(self) -> DiscordRenderer:
        """Renders actions that have no interaction behind them (timer ticks)."""
        return self.routes.renderer

    async def setup_hook(self) -> None:
        """Register the DynamicItem templates, so buttons sent before a restart still work;
        start storing how far each channel was read."""
        self._in_background(self.routes.catch_up.keep_flushing(), "discord-cursors")
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        await self.tree.set_translator(SupportTranslator())
        for command in slash_commands(self.routes):
            self.tree.add_command(command)
        if not self.config.sync_commands:
            return
        for guild_id in self.config.guild_ids:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        if not self.config.guild_ids:
            await self.tree.sync()

    async def on_ready(self) -> None:
        """Connected with a new session (a start, or a reconnect that could not resume):
        read back what was posted meanwhile."""
        self._in_background(self.routes.catch_up.run(), "discord-catch-up")

    async def on_resumed(self) -> None:
        """Resumed: Discord replays what it kept for the session; read back the rest."""
        self._in_background(self.routes.catch_up.run(), "discord-catch-up")

    def _in_background(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(work, name=name)
        self._reading.add(task)
        task.add_done_callback(self._reading.discard)
        task.add_done_callback(_report)

    async def stop_reading(self) -> None:
        """Stop catching up after the message in hand, then store the cursors (a stop, a
        close); a catch-up still waiting on Discord after STOP_READING_SECONDS is cancelled."""
        self.routes.catch_up.stop()
        if self._reading:
            await asyncio.wait(self._reading, timeout=STOP_READING_SECONDS)
        for task in self._reading:
            task.cancel()
        await asyncio.gather(*self._reading, return_exceptions=True)
        await self.routes.catch_up.flush()

    async def close(self) -> None:
        """Store the cursors, then close the connection and the HTTP session."""
        await self.stop_reading()
        await super().close()

    async def on_message(self, message: discord.Message) -> None:
        """Every message goes to the adapter; there are no prefix commands."""
        await self.routes.on_message(message)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        """Modal submits are handled by custom_id, so they need no in-memory modal object."""
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if interaction.type is discord.InteractionType.modal_submit and custom_id.startswith("sb:"):
            await self.routes.on_modal(interaction)


def _parse_interactions_once(parsers: dict[str, Callable[[Any], None]]) -> None:
    """discord.py hands INTERACTION_CREATE straight to the command tree and the views, so a
    second delivery of one (a gateway resume may replay it) is dropped before it is parsed:
    its answer would be a second callback, which Discord refuses with 400."""
    parse = parsers["INTERACTION_CREATE"]
    seen = RecentIds(INTERACTION_LIFETIME_SECONDS)

    def parse_once(data: Any) -> None:
        if seen.first(str(data["id"])):
            parse(data)
        else:
            log.info("interaction %s delivered again: dropped", data["id"])

    parsers["INTERACTION_CREATE"] = parse_once


def use_endpoints(api_url: str | None, gateway_url: str | None) -> None:
    """Point discord.py's REST base and gateway elsewhere (proxies, loopback tests)."""
    if api_url:
        discord.http.Route.BASE = api_url.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def build_bot(
    service: Service,
    config: DiscordConfig,
    *,
    cursors: Cursors,
    elsewhere: Show = not_shown,
    **options: Any,
) -> SupportBot:
    """The bot, not yet logged in; `cursors` keep how far each channel was read (the
    catch-up); actions for other platforms (linked accounts) go `elsewhere`; options go to
    discord.py (e.g. guild_ready_timeout)."""
    return SupportBot(service, config, elsewhere, cursors, **options)


async def _connect(bot: SupportBot) -> None:
    try:
        await bot.connect(reconnect=True)
    except discord.PrivilegedIntentsRequired as error:
        raise RuntimeError(INTENT_HELP) from error


def _report(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("%s ended", task.get_name(), exc_info=task.exception())


async def start_discord(
    service: Service,
    config: DiscordConfig,
    *,
    cursors: Cursors,
    elsewhere: Show = not_shown,
    **options: Any,
) -> tuple[SupportBot, Show]:
    """Log in, connect in the background, wait for READY; returns the bot and its renderer."""
    bot = build_bot(service, config, cursors=cursors, elsewhere=elsewhere, **options)
    try:
        await bot.login(config.token)
    except (discord.LoginFailure, discord.HTTPException, aiohttp.ClientError):
        await bot.close()  # login opened an HTTP session
        raise
    runner = asyncio.create_task(_connect(bot), name="discord-connect")
    ready = asyncio.create_task(bot.wait_until_ready(), name="discord-ready")
    done, _ = await asyncio.wait(
        {runner, ready}, timeout=config.ready_timeout, return_when=asyncio.FIRST_COMPLETED
    )
    if ready not in done:
        ready.cancel()
        if runner in done:
            await bot.close()
            runner.result()  # raises the start-up error, e.g. the missing intent
            raise RuntimeError("the Discord connection closed before READY")
        runner.cancel()
        await bot.close()
        raise TimeoutError(f"Discord was not ready within {config.ready_timeout} s")
    runner.add_done_callback(_report)
    bot.runner = runner  # keep a reference, or the task may be collected
    return bot, bot.renderer.render


async def leave_gateway(bot: SupportBot) -> None:
    """Stop receiving and reading back events but keep REST, so events in flight can still
    answer (a stop)."""
    await bot.stop_reading()
    if bot.runner is not None:
        bot.runner.cancel()  # no reconnect
        with contextlib.suppress(asyncio.CancelledError):
            await bot.runner
    if bot.ws is not None and bot.ws.open:
        await bot.ws.close(code=1000)
