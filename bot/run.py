"""`supportbot run`: the service, every configured adapter and the timer job in one process."""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import Sequence
from contextlib import AsyncExitStack
from datetime import timedelta
from typing import TextIO

import aiohttp

from bot.adapters.console.chat import ConsoleChat
from bot.adapters.console.terminal import LineReader
from bot.adapters.routing import Show, route
from bot.core.actions import Action
from bot.core.clock import ShiftedClock, SystemClock
from bot.core.ports import Knowledge
from bot.hooks import Hooks
from bot.ops.metrics import PrometheusMeter, watch_loop_lag
from bot.ops.server import Ops, start_ops
from bot.posting import report_poster
from bot.scheduling import start_timer_jobs
from bot.service import ServiceConfig, SupportService
from bot.service.incident_news import IncidentNews
from bot.service.timers import TIMER_BATCH
from bot.settings import Settings, StartupError
from bot.stopping import StopRequest
from bot.store import load_knowledge, open_store
from bot.store import seed as seed  # where tests and benchmarks look for it
from storage.cursors import SqlCursors
from storage.spool import FileSpool

log = logging.getLogger("supportbot")


async def run(
    settings: Settings,
    stdin: TextIO,
    stdout: TextIO,
    *,
    slack_port: int | None,
    ops_port: int | None = None,
) -> int:
    """Run until the console's input ends or /quit, or until SIGTERM or SIGINT (Ctrl-C); then
    stop taking events, let those in flight finish and stop the timer job."""
    stop = StopRequest.on_signals()
    engine, repository, directory = await open_store(settings)
    clock = ShiftedClock()
    meter = PrometheusMeter()
    knowledge = load_knowledge(settings, index_later=True)
    config = ServiceConfig(
        default_org=settings.default_org,
        agent_locale=settings.agent_locale,
        agent_timezone=settings.agent_timezone,
        max_concurrent_events=settings.max_concurrent_events,
        lease=timedelta(seconds=settings.recovery_lease_seconds),
        transcript_retention=(
            timedelta(days=settings.closed_case_retention_days)
            if settings.closed_case_retention_days
            else None
        ),
    )
    service = SupportService(
        repository=repository,
        knowledge=knowledge,
        clock=clock,
        spool=FileSpool(settings.spool_dir),
        meter=meter,
        config=config,
    )
    await service.relearn()  # what the search learnt from closed cases (issue 11)
    shows: dict[str, Show] = {}
    show = route(shows)  # reads `shows` when called, so it reaches every adapter started below
    hooks = Hooks()
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        if settings.slack_configured:
            # Imported only when Slack is configured: slack_bolt is 6 MB of an idle bot.
            from bot.run_slack import start_slack

            shows["slack"] = await start_slack(
                settings, service, engine, stack, slack_port, show, hooks
            )
        if settings.discord_token:
            shows["discord"] = await _start_discord(
                settings, service, SqlCursors(repository), stack, show, hooks
            )
        ops = Ops(service.backlog, meter, hooks.probes, settings.ready_max_unsent)
        ops_url = await _start_ops(ops, settings, ops_port, stack)
        chat = ConsoleChat(service, clock, directory.personas, locale=settings.console_locale)

        async def show_console(actions: Sequence[Action]) -> None:
            _emit(stdout, await chat.present(actions))

        shows["console"] = show_console
        poster = report_poster(
            settings,
            repository=repository,
            knowledge=knowledge,
            clock=clock,
            config=config,
            platforms=shows,
        )

        async def tick() -> None:
            # Batch after batch while batches come back full: 10,000 due timers (a restart
            # after an outage) go out in one run, not one batch per interval.
            while True:
                fired = await service.fire_timer_batch()
                await service.send(fired.actions, show)
                if fired.claimed < TIMER_BATCH:
                    return

        async def post_reports() -> None:
            await service.send(await poster.post_due(), show)

        news = IncidentNews(
            repository=repository,
            knowledge=knowledge,
            config=config,
            clock=clock,
            wall_clock=SystemClock(),
        )

        async def tell_incidents() -> None:
            await service.send(await news.tell_due(), show)

        async def recover() -> None:
            await show(await service.replay_spool())
            await service.resend_outbox(show)
            for recovery in hooks.recoveries:
                await recovery()

        scheduler = start_timer_jobs(
            tick,
            recover,
            service.housekeeping,
            service.relearn,
            interval_seconds=settings.timer_interval_seconds,
            reports=post_reports if settings.report_channels else None,
            incidents=tell_incidents,
        )
        # Everything built so far lives as long as the process: keep it out of the cyclic
        # GC's full collections, which otherwise pause the loop for 100-250 ms under load;
        # the articles too, once indexed (a full collection over 10k of them took 50 ms).
        gc.collect()
        gc.freeze()
        stack.callback(asyncio.create_task(_freeze_when_indexed(knowledge)).cancel)
        stack.callback(scheduler.shutdown, wait=False)
        chat_platforms = sorted(set(shows) - {"console"})
        if chat_platforms:
            watch = f"; health and metrics at {ops_url}" if ops_url else ""
            log.warning(
                "supportbot runs for %s%s; stop it with Ctrl-C or SIGTERM",
                ", ".join(chat_platforms),
                watch,
            )
            await stop.wait()
        else:
            with LineReader(stdin.fileno()) as lines:
                await _console(chat, lines, stop, stdout)
        scheduler.pause()
        await asyncio.sleep(0)  # a timer run submitted just before the pause starts: counted in
        for source in hooks.stop_taking:
            await source()
        drained = await service.drain(settings.stop_timeout_seconds)
        # A start's indexing still under way: the exit waits for it, so it gives up.
        knowledge.stop_indexing()
        if stop.signal:
            log.warning(
                "stopped on %s: %d in flight finished, %d cut off after %g s",
                stop.signal,
                drained.finished,
                drained.cut_off,
                settings.stop_timeout_seconds,
            )
    return 0


async def _freeze_when_indexed(knowledge: Knowledge) -> None:
    """Keep the articles indexed after the start's freeze out of full collections too."""
    await knowledge.indexed()
    gc.collect()
    gc.freeze()


async def _console(chat: ConsoleChat, lines: LineReader, stop: StopRequest, stdout: TextIO) -> None:
    """The console chat until its input ends, /quit, or a stop."""
    _emit(stdout, [chat.banner()])
    while (line := await lines.read(chat.prompt, stop)) is not None:
        if line.strip() == "/quit":
            return
        _emit(stdout, await chat.feed(line))


async def _start_discord(
    settings: Settings,
    service: SupportService,
    cursors: SqlCursors,
    stack: AsyncExitStack,
    elsewhere: Show,
    hooks: Hooks,
) -> Show:
    """Log in, connect and wait for READY; a refused token, a missing intent or an unreachable
    Discord stops start-up naming the setting; actions for other platforms go `elsewhere`."""
    # Imported only when Discord is configured: 0.1 s of each start.
    import discord

    from bot.adapters.discord import DiscordConfig, leave_gateway, start_discord, use_endpoints

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
        bot, render = await start_discord(service, config, cursors=cursors, elsewhere=elsewhere)
    except discord.LoginFailure as error:
        raise StartupError(f"Discord refused the token: {error}", "DISCORD_TOKEN") from error
    except aiohttp.ClientError as error:
        problem = f"cannot reach Discord at {discord.http.Route.BASE}: {error}"
        raise StartupError(problem, "SUPPORTBOT_DISCORD_API_URL") from error
    except RuntimeError as error:  # the gateway refused us (e.g. the missing intent)
        raise StartupError(f"Discord: {error}", "DISCORD_TOKEN") from error
    except TimeoutError as error:
        raise StartupError(f"Discord: {error}", "SUPPORTBOT_DISCORD_GATEWAY_URL") from error
    stack.push_async_callback(bot.close)
    hooks.stop_taking.append(functools.partial(leave_gateway, bot))

    async def connected() -> bool:
        return bot.is_ready() and not bot.is_closed()

    hooks.probes["discord"] = connected
    return render


async def _start_ops(
    ops: Ops, settings: Settings, port: int | None, stack: AsyncExitStack
) -> str | None:
    """The ops port and the loop-lag watch; the address served, None when the port is taken."""
    console_only = not (settings.slack_configured or settings.discord_token)
    chosen = settings.ops_port if port is None else port
    served = await start_ops(ops, settings.bind, chosen, quiet=console_only)
    if served is None:
        return None
    runner, bound = served
    stack.push_async_callback(runner.cleanup)
    lag = asyncio.create_task(watch_loop_lag(ops.meter))
    stack.callback(lag.cancel)
    return f"http://{settings.bind}:{bound}"


def _emit(stdout: TextIO, lines: Sequence[str]) -> None:
    for line in lines:
        print(line, file=stdout)
    stdout.flush()
