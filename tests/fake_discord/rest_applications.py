"""Fake REST routes for users, the application, the gateway, commands and guilds."""

from __future__ import annotations

import copy
from typing import Any

from aiohttp import web

from .payloads import Json
from .recording import Call
from .rest_base import (
    ApiError,
    RestBase,
    _snowflake,
    form_error,
    unknown,
)


class ApplicationRoutes(RestBase):
    # users, application, gateway --------------------------------------------------------

    async def get_me(self, request: web.Request, call: Call) -> Any:
        return self.fake.bot_user

    async def get_user(self, request: web.Request, call: Call) -> Any:
        user = self.world.users.get(_snowflake(request.match_info["user_id"]))
        if user is None:
            raise unknown("User", 10013)
        return user

    async def create_dm(self, request: web.Request, call: Call) -> Any:
        body = call.json or {}
        recipient = _snowflake(str(body.get("recipient_id", "")))
        if recipient not in self.world.users:
            raise form_error("recipient_id", "NUMBER_TYPE_COERCE", "Value is not snowflake.")
        return copy.deepcopy(self.world.channels[self.world.dm_channel(recipient)])

    async def get_application(self, request: web.Request, call: Call) -> Any:
        owner = self.world.users[self.fake.application_owner_id]
        return {
            "id": str(self.fake.application_id),
            "name": self.fake.bot_user["username"],
            "icon": None,
            "description": "A bot talking to a fake Discord",
            "summary": "",
            "type": None,
            "hook": True,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": self.fake.application_flags,
            "owner": owner,
            "team": None,
            "bot": self.fake.bot_user,
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "approximate_guild_count": len(self.world.guilds),
            "integration_types_config": {"0": {}},
            "install_params": {"scopes": ["bot", "applications.commands"], "permissions": "0"},
        }

    async def get_gateway(self, request: web.Request, call: Call) -> Any:
        return {"url": self.fake.gateway_url}

    async def get_gateway_bot(self, request: web.Request, call: Call) -> Any:
        return {
            "url": self.fake.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 86_400_000,
                "max_concurrency": 1,
            },
        }

    # application commands ---------------------------------------------------------------

    def _command_scope(self, request: web.Request) -> int | None:
        if _snowflake(request.match_info["app_id"]) != self.fake.application_id:
            raise ApiError(403, 50001, "Missing Access")
        raw_guild = request.match_info.get("guild_id")
        if raw_guild is None:
            return None
        guild_id = _snowflake(raw_guild)
        if guild_id not in self.world.guilds:
            raise ApiError(403, 50001, "Missing Access")
        return guild_id

    async def get_commands(self, request: web.Request, call: Call) -> Any:
        return list(self.fake.commands.get(self._command_scope(request), {}).values())

    async def put_commands(self, request: web.Request, call: Call) -> Any:
        scope = self._command_scope(request)
        existing = self.fake.commands.get(scope, {})
        registered: dict[str, Json] = {}
        for command in call.json or []:
            name = command["name"]
            previous = existing.get(name)
            data: Json = {
                "type": 1,
                "description": "",
                "default_member_permissions": None,
                "nsfw": False,
                "contexts": None,
                "integration_types": [0],
            }
            if scope is None:
                data["dm_permission"] = True
            data.update(command)
            data["id"] = previous["id"] if previous else str(self.fake.next_id())
            data["application_id"] = str(self.fake.application_id)
            data["version"] = str(self.fake.next_id())
            if scope is not None:
                data["guild_id"] = str(scope)
            registered[name] = data
        self.fake.commands[scope] = registered
        return list(registered.values())

    # guilds -------------------------------------------------------------------------------

    def _guild(self, request: web.Request) -> int:
        guild_id = _snowflake(request.match_info["guild_id"])
        if guild_id not in self.world.guilds:
            raise unknown("Guild", 10004)
        return guild_id

    async def get_guild(self, request: web.Request, call: Call) -> Any:
        data = self.world.guild_create(self._guild(request), intents=0)
        for key in ("members", "presences", "channels", "threads", "voice_states", "joined_at"):
            data.pop(key, None)
        return data

    async def get_guild_channels(self, request: web.Request, call: Call) -> Any:
        guild = self.world.guilds[self._guild(request)]
        return [copy.deepcopy(self.world.channels[cid]) for cid in guild.channel_ids]

    async def get_member(self, request: web.Request, call: Call) -> Any:
        guild_id = self._guild(request)
        user_id = _snowflake(request.match_info["user_id"])
        if user_id not in self.world.guilds[guild_id].members:
            raise unknown("Member", 10007)
        return self.world.member(guild_id, user_id)
