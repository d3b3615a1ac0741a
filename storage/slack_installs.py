"""The Slack workspaces that installed the app: slack_sdk's SQLAlchemy installation and OAuth
state stores on our own database (tables from migration 0008), so every bot process finds
every installation.

slack_sdk's stores run here on a sync engine, as every other transaction of ours does: on
SQLite inline on the event loop's thread, in this process's writer turn (storage.sessions;
an aiosqlite connection holding the write lock while the loop runs an inline statement would
wait on it for ever); on PostgreSQL in a worker thread. A database that cannot answer raises:
Slack then hears 500 and sends the event again, where 'not installed' would drop it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from logging import Logger
from typing import TypeVar

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import inline_engine, sync_url
from storage.sessions import writer_turn
from storage.tables import SLACK_BOTS

#: How long the state of an install page stays good for its redirect (slack_sdk's default).
STATE_SECONDS = 600
_T = TypeVar("_T")


class SyncRunner:
    """Runs a sync call on the twin of an async engine: inline in the writer turn on SQLite,
    in a worker thread on PostgreSQL."""

    def __init__(self, engine: AsyncEngine) -> None:
        if engine.dialect.name == "sqlite":
            self.engine = inline_engine(engine)
            self._turn: str | None = str(engine.url)  # the repository's key for the file
        else:
            url = sync_url(engine.url.render_as_string(hide_password=False))
            self.engine = _twin(engine, create_engine(url, pool_pre_ping=True, pool_size=2))
            self._turn = None

    async def __call__(self, call: Callable[[], _T]) -> _T:
        """The call's result, run where this database's statements run."""
        if self._turn is None:
            return await asyncio.to_thread(call)
        async with writer_turn(self._turn):
            return call()


def _twin(engine: AsyncEngine, twin: Engine) -> Engine:
    """A sync engine disposed with the async one."""
    event.listen(engine.sync_engine, "engine_disposed", lambda _engine: twin.dispose())
    return twin


class SlackInstallations(AsyncInstallationStore):
    """slack_sdk's SQLAlchemy installation store as Bolt's async store, plus the token lookup
    by team id that sending needs (a message knows its workspace, not its enterprise)."""

    def __init__(self, client_id: str, run: SyncRunner) -> None:
        self._run = run
        self._store = SQLAlchemyInstallationStore(client_id=client_id, engine=run.engine)

    @property
    def logger(self) -> Logger:
        """slack_sdk's store logger."""
        return self._store.logger

    async def async_save(self, installation: Installation) -> None:
        """Keep a new installation (and its bot)."""
        await self._run(lambda: self._store.save(installation))

    async def async_save_bot(self, bot: Bot) -> None:
        """Keep a bot."""
        await self._run(lambda: self._store.save_bot(bot))

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The latest bot installed in a workspace."""
        return await self._run(
            lambda: self._store.find_bot(
                enterprise_id=enterprise_id,
                team_id=team_id,
                is_enterprise_install=is_enterprise_install,
            )
        )

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """The latest installation in a workspace (by a user, if named)."""
        return await self._run(
            lambda: self._store.find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            )
        )

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget a workspace's bots (its tokens were revoked or the app uninstalled)."""
        await self._run(
            lambda: self._store.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
        )

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Forget a workspace's installations (by a user, if named)."""
        await self._run(
            lambda: self._store.delete_installation(
                enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
            )
        )

    async def bot_token(self, team_id: str) -> str | None:
        """The bot token of the workspace's latest installation, None when it has none."""
        bots = SLACK_BOTS.c
        latest = (
            select(bots.bot_token)
            .where(
                bots.client_id == self._store.client_id,
                bots.team_id == team_id,
                bots.bot_token.is_not(None),
            )
            .order_by(bots.installed_at.desc())
            .limit(1)
        )

        def read() -> str | None:
            with self._run.engine.connect() as connection:
                token: str | None = connection.execute(latest).scalar()
                return token

        return await self._run(read)


class SlackOAuthStates(AsyncOAuthStateStore):
    """slack_sdk's SQLAlchemy state store as Bolt's async one: the state an install page
    issued is good for one redirect, in any bot process, for STATE_SECONDS."""

    def __init__(self, run: SyncRunner) -> None:
        self._run = run
        self._store = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=run.engine)

    @property
    def logger(self) -> Logger:
        """slack_sdk's store logger."""
        return self._store.logger

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        """A new state for an install page."""
        return await self._run(self._store.issue)

    async def async_consume(self, state: str) -> bool:
        """True once for a state issued and not expired."""
        return await self._run(lambda: self._store.consume(state))


def slack_stores(
    client_id: str, engine: AsyncEngine
) -> tuple[SlackInstallations, SlackOAuthStates]:
    """The installation and state stores of the app with this client id, on our database."""
    run = SyncRunner(engine)
    return SlackInstallations(client_id, run), SlackOAuthStates(run)
