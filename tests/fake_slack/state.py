"""State, addresses and id generation shared by FakeSlack and its API-method mixins."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from .ids import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
)
from .recording import Call, JsonDict, _Injection


@dataclass(frozen=True)
class Workspace:
    """A workspace as Slack describes it to the app installed there (oauth.v2.access,
    auth.test with its bot token)."""

    team_id: str
    bot_token: str
    team_name: str = "Fake Team"
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID
    installer: str = USER_ID


class SlackState:
    """The seeded and recorded state of a FakeSlack (documented on :class:`FakeSlack`)."""

    def __init__(
        self,
        *,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        team_name: str = "Fake Team",
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        bot_name: str = "supportbot",
        app_id: str = APP_ID,
        valid_tokens: set[str] | None = None,
        strict: bool = False,
        scopes: str = "chat:write,im:write,users:read,files:write,reactions:write",
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
    ) -> None:
        self.team_id = team_id
        self.team_domain = team_domain
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.app_id = app_id
        self.valid_tokens = valid_tokens
        self.strict = strict
        self.scopes = scopes
        self.client_id = client_id
        self.client_secret = client_secret

        self.calls: list[Call] = []
        self.users: dict[str, JsonDict] = {}
        self.channels: dict[str, JsonDict] = {}
        self.messages: dict[tuple[str, str], JsonDict] = {}
        self.views: dict[str, JsonDict] = {}
        self.home_views: dict[str, JsonDict] = {}
        self.files: dict[str, JsonDict] = {}
        self.downloads: dict[str, bytes] = {}
        self.uploads: dict[str, bytes] = {}
        self.reactions: set[tuple[str, str, str]] = set()
        self.dm_channels: dict[str, str] = {}
        self.codes: dict[str, Workspace] = {}  # OAuth codes not exchanged yet
        self.installed: dict[str, Workspace] = {}  # bot token -> the workspace it speaks for

        self._injections: dict[str, list[_Injection]] = {}
        self._delays: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._origin: str | None = None
        self._handlers: dict[str, Callable[[Call], JsonDict]] = self._method_table()

    def _method_table(self) -> dict[str, Callable[[Call], JsonDict]]:
        """Web API method name -> handler; FakeSlack fills it in."""
        return {}

    # ------------------------------------------------------------------ addresses

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._origin is None:
            raise RuntimeError("FakeSlack is not started")
        return self._origin

    @property
    def base_url(self) -> str:
        """Pass as ``AsyncWebClient(base_url=...)``; ends with ``/api/``."""
        return f"{self.origin}/api/"

    def response_url(self, response_id: str = "r1") -> str:
        """A response_url that records what ``respond()`` posts to it."""
        return f"{self.origin}/response/{response_id}"

    def workspace_of(self, token: str | None) -> Workspace:
        """The workspace a token speaks for: an installed one, or the fake's own team."""
        installed = self.installed.get(token or "")
        if installed is not None:
            return installed
        return Workspace(self.team_id, token or "", self.team_name, self.bot_user_id, self.bot_id)

    # ------------------------------------------------------------------ id helpers

    def next_ts(self) -> str:
        """Unique, increasing message timestamps: 1700000000.000100, .000200, ..."""
        micros = 1_700_000_000_000_000 + next(self._ts) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0FAKE{next(self._ids):05d}"

    def dm_channel_for(self, user_id: str) -> str:
        """The D-channel conversations.open returns for ``user_id`` (stable per user)."""
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = self._new_id("D")
        return self.dm_channels[user_id]
