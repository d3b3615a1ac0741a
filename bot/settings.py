"""Settings from SUPPORTBOT_* environment variables and an optional TOML file."""

from __future__ import annotations

import os
import tomllib
from datetime import time
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.logs import LogFormat
from knowledge.semantic import checked

CONFIG_ENV = "SUPPORTBOT_CONFIG"
# The bot scopes of deploy/slack-manifest.yml, asked for when a workspace installs the app.
SLACK_SCOPES = (
    "app_mentions:read,channels:history,groups:history,im:history,im:read,im:write,"
    "chat:write,commands,files:read,files:write,users:read"
)
REPORT_PLATFORMS = ("slack", "discord", "console")
_SCHEMES = ("sqlite", "sqlite+aiosqlite", "postgresql", "postgresql+psycopg")


class StartupError(Exception):
    """A setting, file or platform answer that stops start-up: what is wrong, and the setting
    (or argument) to look at, shown as one line `supportbot: <problem> (<setting>)`."""

    def __init__(self, problem: str, setting: str) -> None:
        super().__init__(f"{problem} ({setting})")


class Settings(BaseSettings):
    """Everything configurable; read once, in __main__."""

    model_config = SettingsConfigDict(env_prefix="SUPPORTBOT_", extra="forbid")

    database_url: str = Field(default="sqlite:///supportbot.db", description="SQLAlchemy URL")
    knowledge_dir: Path | None = Field(default=None, description="knowledge directory")
    # The sentence model beside the lexical search (knowledge.semantic): wordllama (shipped),
    # wordllama:DIR, model2vec:PATH, sentence-transformers:PATH (optional extras) or off.
    embedder: str = "wordllama"
    directory_file: Path | None = Field(default=None, description="orgs and people to seed")
    default_org: str = "default"
    agent_locale: str = "en"
    agent_timezone: str = Field(default="UTC", description="IANA zone of times in agent threads")
    console_locale: str = "en"
    max_concurrent_events: int = Field(default=4, ge=1)
    timer_interval_seconds: float = Field(default=15.0, gt=0)
    # How long a stop (SIGTERM, Ctrl-C) waits for events in flight before cutting them off.
    stop_timeout_seconds: float = Field(default=10.0, gt=0)
    # How long an event or a message stays with the process that took it before another
    # process, or this one after a crash, handles or sends it (R70, R71).
    recovery_lease_seconds: float = Field(default=60.0, gt=0)
    # Where events wait, fsync'd, while the database cannot take them (Discord and the
    # console do not send them again).
    spool_dir: Path = Path("supportbot-spool")
    # The address the Slack and ops ports listen on: 127.0.0.1 on a host (a reverse proxy or
    # tunnel in front), 0.0.0.0 in a container (its port mapping decides who reaches it).
    bind: str = "127.0.0.1"
    # /healthz, /readyz and /metrics; 0 takes any free port (its address is logged).
    ops_port: int = Field(default=9090, ge=0, le=65535)
    # /readyz answers 503 while more messages than this wait unsent.
    ready_max_unsent: int = Field(default=1000, ge=1)
    # Days the transcript (messages, attachments) of a closed case is kept; unset: for ever.
    closed_case_retention_days: int | None = Field(default=None, ge=1)
    # The support leads' report posted on a schedule (R61): platform -> channel id of the
    # leads' channel (slack:TEAM for a workspace that installed the app), e.g.
    # {"slack": "C0LEADS", "discord": "1234567890"}; none: nothing is posted.
    report_channels: dict[str, str] = Field(default_factory=dict)
    report_every: Literal["week", "month"] = "week"  # a month: on the 1st, the month before
    report_weekday: Literal[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    ] = "monday"
    report_time: time = time(8, 0)
    # IANA zone of the weekday and time; unset: SUPPORTBOT_AGENT_TIMEZONE.
    report_timezone: str | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    # auto: JSON lines when stderr is not a terminal (a container, systemd), readable if it is.
    log_format: LogFormat = "auto"
    # Slack (issue 2/3): the token names are Slack's own, as its docs and the manifest use them.
    slack_bot_token: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_signing_secret: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_app_token: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "slack_app_token")
    )
    # Several workspaces (issue 10): each installs the app through its Add to Slack page.
    slack_client_id: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_CLIENT_ID", "slack_client_id")
    )
    slack_client_secret: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_CLIENT_SECRET", "slack_client_secret")
    )
    slack_scopes: str = Field(
        default=SLACK_SCOPES, validation_alias=AliasChoices("SLACK_SCOPES", "slack_scopes")
    )
    # Needed only when the Slack app lists several redirect URLs.
    slack_redirect_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_REDIRECT_URI", "slack_redirect_uri")
    )
    slack_api_url: str = "https://slack.com/api/"
    slack_port: int = Field(default=3000, ge=0, le=65535)
    slack_channels: dict[str, str] = Field(default_factory=dict, description="queue -> channel id")
    # Installed workspaces with queue channels of their own: team id -> queue -> channel id.
    slack_team_channels: dict[str, dict[str, str]] = Field(default_factory=dict)

    # Discord (issue 3/3): DISCORD_TOKEN as Discord's docs name it; ids are snowflakes.
    discord_token: str | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "discord_token")
    )
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    discord_guild_ids: list[int] = Field(default_factory=list)
    discord_help_channels: list[int] = Field(default_factory=list)
    discord_help_forums: list[int] = Field(default_factory=list)
    discord_queue_channels: dict[str, int] = Field(default_factory=dict)
    discord_lead_roles: dict[str, int] = Field(default_factory=dict)
    discord_oncall_channel: int | None = None

    @field_validator("embedder")
    @classmethod
    def _embedder(cls, value: str) -> str:
        return checked(value)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xoxb-"):
            raise ValueError("a bot token starts with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("xapp-"):
            raise ValueError("an app-level token starts with xapp-")
        return value

    @field_validator("slack_scopes")
    @classmethod
    def _scopes(cls, value: str) -> str:
        names = value.split(",")
        if not all(name and not any(c.isspace() for c in name) for name in names):
            raise ValueError("scope names separated by commas, e.g. chat:write,im:history")
        return value

    @model_validator(mode="after")
    def _slack_complete(self) -> Settings:
        # Not ValueErrors: pydantic lets them through, and no single field is to blame.
        if self.slack_bot_token and not (self.slack_signing_secret or self.slack_app_token):
            raise StartupError(
                "a bot token needs SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN "
                "(Socket Mode)",
                "SLACK_BOT_TOKEN",
            )
        if self.slack_client_id or self.slack_client_secret:
            self._installs_complete()
        return self

    def _installs_complete(self) -> None:
        """Workspaces that install the app: both app credentials, over HTTP, and no bot token
        beside them (it would answer every workspace as one)."""
        if not self.slack_client_id:
            raise StartupError("SLACK_CLIENT_SECRET needs the app's client id", "SLACK_CLIENT_ID")
        if not self.slack_client_secret:
            raise StartupError(
                "SLACK_CLIENT_ID needs the app's client secret", "SLACK_CLIENT_SECRET"
            )
        if self.slack_bot_token:
            raise StartupError(
                "set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET for workspaces that install the app; not both",
                "SLACK_BOT_TOKEN",
            )
        if self.slack_app_token:
            raise StartupError(
                "workspaces install the app over HTTP, not Socket Mode: remove the app token "
                "and set SLACK_SIGNING_SECRET",
                "SLACK_APP_TOKEN",
            )
        if not self.slack_signing_secret:
            raise StartupError(
                "workspaces that install the app need SLACK_SIGNING_SECRET (HTTP mode)",
                "SLACK_SIGNING_SECRET",
            )

    @property
    def slack_configured(self) -> bool:
        """Slack runs: with one bot token, or for the workspaces that install the app."""
        return bool(self.slack_bot_token or self.slack_client_id)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        scheme = value.split("://", 1)[0]
        if scheme not in _SCHEMES:
            raise ValueError(f"use one of {', '.join(s + '://' for s in _SCHEMES)}")
        return value

    @field_validator("report_channels")
    @classmethod
    def _report_platforms(cls, value: dict[str, str]) -> dict[str, str]:
        for where, channel in value.items():
            platform, _, team = where.partition(":")
            if platform not in REPORT_PLATFORMS or (team and platform != "slack"):
                raise ValueError(
                    f"{where!r}: name slack, slack:TEAM_ID, discord or console, each with a "
                    "channel id"
                )
            if not channel:
                raise ValueError(f"{where!r}: no channel id")
        return value

    @field_validator("agent_timezone", "report_timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}; use an IANA name") from error
        return value

    @field_validator("knowledge_dir", "directory_file")
    @classmethod
    def _exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.exists():
            raise ValueError(f"{value} does not exist")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then environment, then the TOML file named by SUPPORTBOT_CONFIG (which
        must exist) or supportbot.toml in the working directory (if there is one)."""
        named = os.environ.get(CONFIG_ENV)
        toml_file = Path(named or "supportbot.toml")
        if named and not toml_file.is_file():
            raise StartupError(f"config file {toml_file} does not exist", CONFIG_ENV)
        try:
            toml = TomlConfigSettingsSource(settings_cls, toml_file)
        except tomllib.TOMLDecodeError as error:
            raise StartupError(f"{toml_file} is not valid TOML: {error}", CONFIG_ENV) from error
        return (init_settings, env_settings, toml)
