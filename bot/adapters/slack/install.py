"""Several Slack workspaces: Bolt's OAuth install flow (the Add to Slack page and the redirect
that stores the installation) and the authorization that gives each request its workspace's
bot token. The pages speak the installer's browser language."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.workspaces import Installed, NotInstalled
from bot.core.text import Msg, msg
from bot.i18n import language, translate

log = logging.getLogger(__name__)
# The logger of Bolt's own lines. Named, Bolt need not find its caller's file name with
# inspect.stack(), which costs 0.2 s of each start of a process with as many modules as ours.
BOLT_LOGGER = "slack_bolt"
ADD_TO_SLACK = "https://platform.slack-edge.com/img/add_to_slack.png"


@dataclass(frozen=True)
class Installs:
    """SLACK_CLIENT_ID and SLACK_CLIENT_SECRET: workspaces install the app on its own page;
    their installations live in `store`, the install pages' states in `states`."""

    client_id: str
    client_secret: str
    scopes: Sequence[str]
    store: AsyncInstallationStore
    states: AsyncOAuthStateStore
    workspaces: Installed
    redirect_uri: str | None = None


def oauth_app(installs: Installs, client: AsyncWebClient, signing_secret: str) -> AsyncApp:
    """An AsyncApp that serves /slack/install and /slack/oauth_redirect and authorizes each
    request with the bot token its workspace installed."""
    settings = AsyncOAuthSettings(
        client_id=installs.client_id,
        client_secret=installs.client_secret,
        scopes=list(installs.scopes),
        user_scopes=[],
        redirect_uri=installs.redirect_uri,
        installation_store=installs.store,
        installation_store_bot_only=True,  # bot tokens only: the app asks for no user scopes
        state_store=installs.states,
        callback_options=AsyncCallbackOptions(success=_installed, failure=_not_installed),
    )
    app = AsyncApp(
        name=BOLT_LOGGER,
        client=client,
        signing_secret=signing_secret,
        process_before_response=False,
        oauth_flow=_LocalisedFlow(client=client, settings=settings),
        # Bolt takes an AsyncAuthorize here (it checks), though its hint names a callable.
        authorize=InstalledAuthorize(installs.workspaces),  # type: ignore[arg-type]
        installation_store_bot_only=True,
        # Shown where no installation (so no users.info) can tell the person's language.
        user_facing_authorize_error_message=translate(None, msg("slack.install.missing")),
    )
    _forgetting(app, installs)
    return app


def add_install_routes(served: web.Application, app: AsyncApp) -> None:
    """GET /slack/install (the Add to Slack page) and /slack/oauth_redirect (where Slack
    sends the installer back with a code), for an app built by oauth_app."""
    flow = app.oauth_flow
    if flow is None:
        return

    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(
            await flow.handle_installation(await to_bolt_request(request))
        )

    async def redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(await to_bolt_request(request)))

    served.router.add_get(flow.install_path, install)
    served.router.add_get(flow.redirect_uri_path, redirect)


class InstalledAuthorize(AsyncAuthorize):
    """Each request gets the bot token its workspace installed, from the same lookup (kept a
    minute) that sending uses. Unlike Bolt's own, a database that cannot answer raises (Bolt
    answers 500, Slack sends the event again) instead of reading as 'not installed', which
    Bolt answers 200, dropping the event; auth.test is asked once per token, and no query is
    made per request. No token rotation (the manifest has none)."""

    def __init__(self, workspaces: Installed) -> None:
        self._workspaces = workspaces
        self._known: dict[str, AuthorizeResult] = {}  # bot token -> what auth.test said

    async def __call__(
        self,
        *,
        context: AsyncBoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        actor_enterprise_id: str | None = None,
        actor_team_id: str | None = None,
        actor_user_id: str | None = None,
    ) -> AuthorizeResult | None:
        """The workspace's bot token and ids; None when it has not installed the app."""
        try:
            token = str((await self._workspaces.client(team_id or "")).token)
        except NotInstalled:
            return None
        known = self._known.get(token)
        if known is None:
            try:
                answer = await context.client.auth_test(token=token)
            except SlackApiError as error:  # revoked while the uninstall event is on its way
                log.warning("Slack refused the token of %s: %s", team_id, error.response["error"])
                return None
            known = AuthorizeResult.from_auth_test_response(
                auth_test_response=answer, bot_token=token
            )
            self._known[token] = known
        return known


def _forgetting(app: AsyncApp, installs: Installs) -> None:
    """app_uninstalled and tokens_revoked: Bolt's listeners delete the workspace from the
    store; this process stops using its token at once (others within TOKEN_TTL_SECONDS, while
    Slack sends them nothing more for it)."""
    revocations = AsyncTokenRevocationListeners(installs.store)

    async def uninstalled(context: AsyncBoltContext) -> None:
        await revocations.handle_app_uninstalled_events(context)
        installs.workspaces.forget(context.team_id or "")

    async def revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        await revocations.handle_tokens_revoked_events(event, context)
        installs.workspaces.forget(context.team_id or "")

    app.event("app_uninstalled")(uninstalled)
    app.event("tokens_revoked")(revoked)


class _LocalisedFlow(AsyncOAuthFlow):
    """Bolt's flow with our install page: its Add to Slack link carries the state."""

    async def build_install_page_html(self, url: str, request: AsyncBoltRequest) -> str:
        locale = _browser_locale(request.headers)
        add = html.escape(translate(locale, msg("slack.install.add")))
        link = (
            f'<a href="{html.escape(url)}"><img alt="{add}" height="40" width="139" '
            f'src="{ADD_TO_SLACK}"></a>'
        )
        return _page(locale, msg("slack.install.intro"), link)


async def _installed(args: AsyncSuccessArgs) -> BoltResponse:
    locale = _browser_locale(args.request.headers)
    found = args.installation
    team = found.team_name or found.team_id or ""
    open_slack = f"https://app.slack.com/client/{found.team_id}"
    link = f'<a href="{html.escape(open_slack)}">{_text(locale, msg("slack.install.open"))}</a>'
    log.info("Slack workspace %s installed the app", found.team_id)
    page = _page(locale, msg("slack.install.done", team=team), link)
    return _answer(args.settings.state_utils.build_set_cookie_for_deletion(), page, 200)


async def _not_installed(args: AsyncFailureArgs) -> BoltResponse:
    locale = _browser_locale(args.request.headers)
    again = html.escape(args.settings.install_path)
    link = f'<a href="{again}">{_text(locale, msg("slack.install.again"))}</a>'
    log.warning("a Slack installation failed: %s", args.reason)
    page = _page(locale, msg("slack.install.failed", reason=args.reason), link)
    cookie = args.settings.state_utils.build_set_cookie_for_deletion()
    return _answer(cookie, page, args.suggested_status_code)


def _answer(cookie: str, page: str, status: int) -> BoltResponse:
    # The state cookie is spent either way: a second try starts from the install page.
    headers: dict[str, str | Sequence[str]] = {
        "Content-Type": "text/html; charset=utf-8",
        "Set-Cookie": cookie,
    }
    return BoltResponse(status=status, body=page, headers=headers)


def _page(locale: str, text: Msg, action: str) -> str:
    """A small HTML page: the title, a sentence and a link (already escaped)."""
    title = _text(locale, msg("slack.install.title"))
    return (
        f'<!doctype html><html lang="{language(locale)}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h2>{title}</h2>"
        f"<p>{_text(locale, text)}</p><p>{action}</p></body></html>"
    )


def _text(locale: str, text: Msg) -> str:
    return html.escape(translate(locale, text))


def _browser_locale(headers: Mapping[str, Sequence[str]]) -> str:
    """The browser's first language (Accept-Language: de-DE,de;q=0.9,en;q=0.8 -> de-DE)."""
    accepted = next(iter(headers.get("accept-language", ())), "")
    return accepted.split(",")[0].split(";")[0].strip() or "en"
