"""`supportbot run`: the service, every configured adapter and the timer job in one process."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Sequence
from contextlib import AsyncExitStack
from typing import TextIO

import aiohttp
from aiohttp import web

from bot.adapters.console.chat import ConsoleChat
from bot.adapters.discord import DiscordConfig, start_discord, use_endpoints
from bot.adapters.routing import Show, route
from bot.adapters.slack.app import SlackConfig, build_app, build_client
from bot.adapters.slack.inbound import Channels
from bot.adapters.slack.render import SlackRenderer
from bot.core.actions import Action
from bot.core.clock import ShiftedClock
from bot.core.ports import Repository
from bot.scheduling import start_timer_jobs
from bot.service import ServiceConfig, SupportService
from bot.settings import Settings, StartupError
from knowledge.base import KnowledgeBase, default_directory
from knowledge.directory import Directory, load_directory
from storage.db import make_engine, upgrade
from storage.repository import SqlRepository

log = logging.getLogger("supportbot")


async def seed(repository: Repository, directory: Directory) -> None:
    """Insert or update the directory's orgs and people (idempotent)."""
    async with repository.transaction() as uow:
        for org in directory.orgs:
            await uow.save_org(org)
        for person, identities in directory.people:
            await uow.save_person(person)
            for identity in identities:
                await uow.link_identity(person_id=person.id, identity=identity)


async def run(settings: Settings, stdin: TextIO, stdout: TextIO, *, slack_port: int | None) -> int:
    """Run until stdin ends (console) or the process is stopped (chat platforms)."""
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    repository = SqlRepository(engine)
    knowledge_dir = settings.knowledge_dir or default_directory()
    directory = load_directory(settings.directory_file or knowledge_dir / "directory.yaml")
    await seed(repository, directory)
    clock = ShiftedClock()
    service = SupportService(
        repository=repository,
        knowledge=KnowledgeBase.load(knowledge_dir),
        clock=clock,
        config=ServiceConfig(
            default_org=settings.default_org,
            agent_locale=settings.agent_locale,
            agent_timezone=settings.agent_timezone,
            max_concurrent_events=settings.max_concurrent_events,
        ),
    )
    shows: dict[str, Show] = {}
    show = route(shows)  # reads `shows` when called, so it reaches every adapter started below
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        if settings.slack_bot_token:
            shows["slack"] = await _start_slack(settings, service, stack, slack_port, show)
        if settings.discord_token:
            shows["discord"] = await _start_discord(settings, service, stack, show)
        chat = ConsoleChat(service, clock, directory.personas, locale=settings.console_locale)

        async def show_console(actions: Sequence[Action]) -> None:
            _emit(stdout, chat.show(actions))

        shows["console"] = show_console

        async def tick() -> None:
            await show(await service.fire_due_timers())

        scheduler = start_timer_jobs(
            tick, service.housekeeping, interval_seconds=settings.timer_interval_seconds
        )
        # Everything built so far lives as long as the process: keep it out of the cyclic
        # GC's full collections, which otherwise pause the loop for 100-250 ms under load.
        gc.collect()
        gc.freeze()
        stack.callback(scheduler.shutdown, wait=False)
        chat_platforms = sorted(set(shows) - {"console"})
        if chat_platforms:
            log.warning("supportbot runs for %s; stop it with Ctrl-C", ", ".join(chat_platforms))
            await asyncio.Event().wait()
        return await _console_loop(chat, stdin, stdout)
    return 0


async def _console_loop(chat: ConsoleChat, stdin: TextIO, stdout: TextIO) -> int:
    _emit(stdout, [chat.banner()])
    loop = asyncio.get_running_loop()
    while True:
        if stdin.isatty():
            print(chat.prompt, end="", file=stdout, flush=True)
        line = await loop.run_in_executor(None, stdin.readline)
        if not line or line.strip() == "/quit":
            return 0
        _emit(stdout, await chat.feed(line))


async def _start_slack(
    settings: Settings,
    service: SupportService,
    stack: AsyncExitStack,
    port: int | None,
    elsewhere: Show,
) -> Show:
    """Socket Mode when an app token is set, else Bolt's aiohttp app on an HTTP port;
    actions for other platforms go `elsewhere`."""
    config = SlackConfig(
        bot_token=settings.slack_bot_token or "",
        signing_secret=settings.slack_signing_secret or "",
        api_url=settings.slack_api_url,
        channels=Channels(settings.slack_channels),
    )
    session = await stack.enter_async_context(aiohttp.ClientSession())
    client = build_client(config, session)
    app = build_app(service, config, client, elsewhere=elsewhere)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(app, settings.slack_app_token)
        await handler.connect_async()  # type: ignore[no-untyped-call]
        stack.push_async_callback(handler.close_async)
    else:
        runner = web.AppRunner(app.web_app(path="/slack/events"), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "0.0.0.0", port or settings.slack_port, backlog=1024).start()
        stack.push_async_callback(runner.cleanup)
    return SlackRenderer(client, config.channels, service, elsewhere).render


async def _start_discord(
    settings: Settings, service: SupportService, stack: AsyncExitStack, elsewhere: Show
) -> Show:
    """Log in, connect and wait for READY; a missing intent stops start-up by name; actions
    for other platforms go `elsewhere`."""
    use_endpoints(settings.discord_api_url, settings.discord_gateway_url)
    config = DiscordConfig(
        token=settings.discord_token or "",
        guild_ids=tuple(settings.discord_guild_ids),
        help_channel_ids=tuple(settings.discord_help_channels),
        help_forum_ids=tuple(settings.discord_help_forums),
        queue_channels=settings.discord_queue_channels,
        lead_roles=settings.discord_lead_roles,
        oncall_channel=settings.discord_oncall_channel,
    )
    try:
        bot, render = await start_discord(service, config, elsewhere=elsewhere)
    except (RuntimeError, TimeoutError) as error:
        raise StartupError(f"Discord: {error}") from error
    stack.push_async_callback(bot.close)
    return render


def _emit(stdout: TextIO, lines: Sequence[str]) -> None:
    for line in lines:
        print(line, file=stdout)
    stdout.flush()
