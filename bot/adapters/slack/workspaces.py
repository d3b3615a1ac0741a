"""Which Web API client speaks for a Slack workspace: the one bot token of a single-workspace
setup, or the token each workspace gave when it installed the app (OAuth)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from slack_sdk.web.async_client import AsyncWebClient

TokenOf = Callable[[str], Awaitable[str | None]]  # a workspace's bot token, None if not installed
# A token changes when a workspace installs the app again, or goes when it uninstalls it:
# looked up again after this long, so other processes follow without a restart.
TOKEN_TTL_SECONDS = 60.0


class NotInstalled(LookupError):
    """A message for a workspace with no installation: it stays in the outbox for a retry."""

    def __init__(self, team: str) -> None:
        super().__init__(f"the Slack app is not installed in workspace {team}")


class Workspaces(Protocol):
    """The client for each workspace, and the app's own (for Bolt and the install flow)."""

    @property
    def app_client(self) -> AsyncWebClient:
        """The client Bolt is built with: the bot token, or no token when workspaces install."""
        ...

    async def client(self, team: str) -> AsyncWebClient:
        """The client carrying the workspace's bot token."""
        ...


class OneWorkspace:
    """SLACK_BOT_TOKEN: every event and message goes through the one client."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    @property
    def app_client(self) -> AsyncWebClient:
        """The bot token's client."""
        return self._client

    async def client(self, team: str) -> AsyncWebClient:
        """The bot token's client, whatever the workspace."""
        return self._client


class Installed:
    """Workspaces that installed the app: one client per workspace, made like the app's own
    (base URL, kept-alive session, retry handlers) with the workspace's token."""

    def __init__(
        self, app_client: AsyncWebClient, token_of: TokenOf, ttl: float = TOKEN_TTL_SECONDS
    ) -> None:
        self._app_client = app_client
        self._token_of = token_of
        self._ttl = ttl
        self._clients: dict[str, tuple[float, AsyncWebClient]] = {}

    @property
    def app_client(self) -> AsyncWebClient:
        """The client without a token that Bolt copies per request and exchanges codes with."""
        return self._app_client

    async def client(self, team: str) -> AsyncWebClient:
        """The workspace's client; NotInstalled when it has no bot token."""
        cached = self._clients.get(team)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        token = await self._token_of(team)
        if token is None:
            self._clients.pop(team, None)
            raise NotInstalled(team)
        if cached is None or cached[1].token != token:
            cached = (0.0, self._with_token(token))
        self._clients[team] = (time.monotonic() + self._ttl, cached[1])
        return cached[1]

    def forget(self, team: str) -> None:
        """The workspace uninstalled the app: look its token up again next time."""
        self._clients.pop(team, None)

    def _with_token(self, token: str) -> AsyncWebClient:
        base = self._app_client
        return AsyncWebClient(
            token=token,
            base_url=base.base_url,
            timeout=base.timeout,
            session=base.session,
            headers=base.headers,
            logger=base.logger,
            retry_handlers=list(base.retry_handlers),
        )
