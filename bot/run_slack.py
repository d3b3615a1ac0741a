"""Starting the Slack side of `supportbot run` (bot.run imports it only when Slack is
configured): the Web API client, Bolt over HTTP or Socket Mode, and how a stop closes them."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable
from contextlib import AsyncExitStack

import aiohttp
from aiohttp import web
from slack_sdk.errors import SlackApiError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapters.routing import Show
from bot.adapters.slack.app import SlackConfig, build_app, build_client
from bot.adapters.slack.inbound import Channels
from bot.adapters.slack.inbox import replay_unhandled
from bot.adapters.slack.install import Installs
from bot.adapters.slack.malformed import web_app
from bot.adapters.slack.render import SlackRenderer
from bot.adapters.slack.workspaces import Installed, OneWorkspace, Workspaces
from bot.hooks import Hooks
from bot.service import SupportService
from bot.settings import Settings, StartupError
from storage.slack_installs import slack_stores

log = logging.getLogger("supportbot")


async def _stop_listening(runner: web.AppRunner, site: web.TCPSite, timeout: float) -> None:
    """Take no more Slack requests: close the port, then every kept-alive connection once the
    request it serves is answered (at most `timeout` s). Closing the port alone leaves those
    connections served until aiohttp's cleanup, after the drain: a reply sent then was never
    marked sent, and so was sent again after the restart."""
    await site.stop()
    if runner.server is not None:
        runner.server.pre_shutdown()
        await runner.server.shutdown(timeout)


def _slack_config(settings: Settings) -> SlackConfig:
    return SlackConfig(
        bot_token=settings.slack_bot_token or "",
        signing_secret=settings.slack_signing_secret or "",
        api_url=settings.slack_api_url,
        channels=Channels(settings.slack_channels, settings.slack_team_channels),
    )


async def _slack_workspaces(
    settings: Settings, engine: AsyncEngine, stack: AsyncExitStack
) -> tuple[Workspaces, Installs | None]:
    """The Web API client (one kept-alive session) for the one bot token, which Slack must
    accept, or for the workspaces that installed the app (their installations in our
    database)."""
    session = await stack.enter_async_context(aiohttp.ClientSession())
    client = build_client(_slack_config(settings), session)
    if not settings.slack_client_id:
        await _slack_answers(
            client.auth_test(), "the bot token", "SLACK_BOT_TOKEN", settings.slack_api_url
        )
        return OneWorkspace(client), None
    store, states = slack_stores(settings.slack_client_id, engine)
    installs = Installs(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret or "",
        scopes=settings.slack_scopes.split(","),
        store=store,
        states=states,
        workspaces=Installed(client, store.bot_token),
        redirect_uri=settings.slack_redirect_uri,
    )
    return installs.workspaces, installs


async def start_slack(
    settings: Settings,
    service: SupportService,
    engine: AsyncEngine,
    stack: AsyncExitStack,
    port: int | None,
    elsewhere: Show,
    hooks: Hooks,
) -> Show:
    """The workspaces the bot answers in, then their events: Socket Mode when an app token
    is set, else Bolt's aiohttp app on an HTTP port (with the install pages when workspaces
    install the app); actions for other platforms go `elsewhere`. Recorded events a crash
    left unhandled are dispatched again by a recovery."""
    workspaces, installs = await _slack_workspaces(settings, engine, stack)
    config = _slack_config(settings)
    client = workspaces.app_client
    app = build_app(service, config, client, elsewhere=elsewhere, installs=installs)
    hooks.recoveries.append(functools.partial(replay_unhandled, app, service))
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler = AsyncSocketModeHandler(app, settings.slack_app_token)
        connected = handler.connect_async()  # type: ignore[no-untyped-call]
        await _slack_answers(connected, "the app-level token", "SLACK_APP_TOKEN", config.api_url)
        stack.push_async_callback(handler.close_async)
        hooks.stop_taking.append(handler.close_async)
        hooks.probes["slack"] = handler.client.is_connected
    else:
        runner = web.AppRunner(web_app(app, config.signing_secret), access_log=None)
        await runner.setup()
        stack.push_async_callback(runner.cleanup)
        site = web.TCPSite(runner, settings.bind, port or settings.slack_port, backlog=1024)
        try:
            await site.start()
        except OSError as error:
            port_setting = "--slack-port" if port else "SUPPORTBOT_SLACK_PORT"
            problem = f"cannot listen for Slack: {error.strerror}"
            raise StartupError(problem, port_setting) from error
        hooks.stop_taking.append(
            functools.partial(_stop_listening, runner, site, settings.stop_timeout_seconds)
        )
        hooks.probes["slack"] = _listening
        if installs is not None:
            bound = runner.addresses[0][1]
            log.warning(
                "Slack workspaces install the app at http://%s:%d/slack/install",
                settings.bind,
                bound,
            )
    return SlackRenderer(workspaces, config.channels, service, elsewhere).render


async def _slack_answers(call: Awaitable[object], what: str, setting: str, api_url: str) -> None:
    """A start-up call to Slack; a refusal or no answer stops start-up naming the setting."""
    try:
        await call
    except SlackApiError as error:
        raise StartupError(f"Slack refused {what}: {error.response['error']}", setting) from error
    except aiohttp.ClientError as error:
        problem = f"cannot reach Slack at {api_url}: {error}"
        raise StartupError(problem, "SUPPORTBOT_SLACK_API_URL") from error


async def _listening() -> bool:
    """Slack over HTTP: the port listens as long as the bot runs (Slack calls us)."""
    return True
