"""The REST half of the fake: routes under /api/v10, answered the way Discord answers them."""

from __future__ import annotations

import copy
import hashlib
import json
import mimetypes
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from . import payloads as p
from .payloads import Json
from .recording import API_PREFIX, Call, RecordedFile

if TYPE_CHECKING:
    from .fake import FakeDiscord
    from .interactions import InteractionRecord

Handler = Callable[[web.Request, Call], Awaitable[Any]]

NO_CONTENT = object()

# Interaction callback types.
PONG = 1
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

_ALLOWED_MESSAGE_FLAGS = (1 << 2) | p.EPHEMERAL | (1 << 12) | (1 << 15)


class ApiError(Exception):
    """A Discord JSON error: ``{"message": ..., "code": ...}`` with an HTTP status."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body: Json = {"message": message, "code": code}
        if errors is not None:
            self.body["errors"] = errors


def unknown(what: str, code: int) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


def form_error(field: str, code: str, message: str) -> ApiError:
    return ApiError(
        400, 50035, "Invalid Form Body", {field: {"_errors": [{"code": code, "message": message}]}}
    )


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON answer whose Content-Type is exactly ``application/json`` (discord.py only parses
    bodies with that exact header; aiohttp's json_response would add ``; charset=utf-8``)."""
    all_headers = {"Content-Type": "application/json"}
    all_headers.update(headers or {})
    return web.Response(status=status, body=json.dumps(body).encode(), headers=all_headers)


def _bucket_headers(route: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "4",
        "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
        "X-RateLimit-Reset-After": "1.000",
        "X-RateLimit-Bucket": hashlib.md5(route.encode()).hexdigest(),
        "X-RateLimit-Scope": "user",
    }


class RestApi:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    # plumbing ---------------------------------------------------------------------------

    def install(self, app: web.Application) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.get_me),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/applications/{app_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/commands", self.put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("PATCH", "/channels/{channel_id}", self.edit_channel),
            ("GET", "/channels/{channel_id}/messages", self.get_messages),
            ("POST", "/channels/{channel_id}/messages", self.post_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                self.thread_from_message,
            ),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.add_reaction,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.no_content,
            ),
            ("POST", "/channels/{channel_id}/threads", self.create_thread),
            ("PUT", "/channels/{channel_id}/thread-members/{user_id}", self.add_thread_member),
            ("DELETE", "/channels/{channel_id}/thread-members/{user_id}", self.no_content),
            ("POST", "/channels/{channel_id}/typing", self.no_content),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.callback),
            ("GET", "/webhooks/{app_id}/{token}/messages/@original", self.get_original),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/@original", self.edit_original),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/@original", self.delete_original),
            ("POST", "/webhooks/{app_id}/{token}", self.followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self.get_followup),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self.edit_followup),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self.delete_followup),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, API_PREFIX + path, self._wrap(path, handler))
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._wrap("", self.not_found))

    def _wrap(
        self, route: str, handler: Handler
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def wrapped(request: web.Request) -> web.Response:
            path = request.path[len(API_PREFIX) :]
            body, files = await _read_body(request)
            call = Call(
                method=request.method,
                path=path,
                json=body,
                files=files,
                at=time.monotonic(),
                query=dict(request.query),
                unknown=not route,
            )
            self.fake.calls.append(call)
            response = await self._answer(request, call, route, handler)
            call.status = response.status
            await self.fake.notify()
            return response

        return wrapped

    async def _answer(
        self, request: web.Request, call: Call, route: str, handler: Handler
    ) -> web.Response:
        for injection in self.fake.injections:
            if injection.matches(call.method, call.path):
                injection.hits += 1
                call.response = injection.body
                return json_response(injection.status, injection.body, injection.headers)
        if not route.startswith(("/interactions/", "/webhooks/")) and not self._authorised(request):
            call.response = {"message": "401: Unauthorized", "code": 0}
            return json_response(401, call.response)
        try:
            result = await handler(request, call)
        except ApiError as error:
            call.response = error.body
            return json_response(error.status, error.body)
        if result is NO_CONTENT:
            return web.Response(status=204, headers=_bucket_headers(call.method + route))
        call.response = result
        return json_response(200, result, _bucket_headers(call.method + route))

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.fake.token}"

    async def not_found(self, request: web.Request, call: Call) -> Any:
        raise ApiError(404, 0, "404: Not Found")

    async def no_content(self, request: web.Request, call: Call) -> Any:
        self._channel(request)
        return NO_CONTENT

    # lookups ----------------------------------------------------------------------------

    def _channel(self, request: web.Request) -> int:
        channel_id = _snowflake(request.match_info["channel_id"])
        if channel_id not in self.world.channels:
            raise unknown("Channel", 10003)
        return channel_id

    def _message(self, channel_id: int, raw_id: str) -> Json:
        message_id = _snowflake(raw_id)
        message = self.world.messages.get(message_id)
        if (
            message is None
            or message_id in self.world.deleted_messages
            or int(message["channel_id"]) != channel_id
        ):
            raise unknown("Message", 10008)
        return message

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

    # channels and threads -----------------------------------------------------------------

    def channel_view(self, channel_id: int) -> Json:
        if self.world.is_thread(channel_id):
            return self.world.thread_for_bot(channel_id)
        return copy.deepcopy(self.world.channels[channel_id])

    async def get_channel(self, request: web.Request, call: Call) -> Any:
        return self.channel_view(self._channel(request))

    async def edit_channel(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        body: Json = call.json or {}
        channel = self.world.channels[channel_id]
        if self.world.is_thread(channel_id):
            metadata = channel["thread_metadata"]
            for key in ("archived", "locked", "auto_archive_duration", "invitable"):
                if key in body:
                    if key == "archived" and body[key] != metadata["archived"]:
                        metadata["archive_timestamp"] = p.now_iso()
                    metadata[key] = body[key]
            for key in ("name", "rate_limit_per_user", "flags"):
                if key in body:
                    channel[key] = body[key]
            if "applied_tags" in body:
                channel["applied_tags"] = [str(t) for t in body["applied_tags"]]
            data = self.world.thread_for_bot(channel_id)
            await self.fake.broadcast("THREAD_UPDATE", data)
            return data
        for key in ("name", "topic", "position", "parent_id", "nsfw", "rate_limit_per_user"):
            if key in body:
                channel[key] = body[key]
        await self.fake.broadcast("CHANNEL_UPDATE", copy.deepcopy(channel))
        return copy.deepcopy(channel)

    async def create_thread(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        body: Json = call.json or {}
        name = body.get("name")
        if not name:
            raise form_error("name", "BASE_TYPE_REQUIRED", "This field is required")
        if self.world.is_forum(channel_id):
            return await self._forum_post(channel_id, body, call.files)
        parent = self.world.channels[channel_id]
        if parent.get("type") != p.GUILD_TEXT:
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        thread_type = int(body.get("type", p.PRIVATE_THREAD))
        thread_id = self.world.add_thread(
            channel_id,
            name,
            owner_id=self.fake.bot_id,
            thread_type=thread_type,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
            invitable=bool(body.get("invitable", True)),
        )
        data = self.world.thread_for_bot(thread_id)
        await self.fake.broadcast("THREAD_CREATE", {**data, "newly_created": True})
        return data

    async def _forum_post(self, forum_id: int, body: Json, files: list[RecordedFile]) -> Json:
        message_body = body.get("message")
        if not isinstance(message_body, dict):
            raise form_error("message", "BASE_TYPE_REQUIRED", "This field is required")
        forum = self.world.channels[forum_id]
        known_tags = {t["id"] for t in forum.get("available_tags", [])}
        tags = [str(t) for t in body.get("applied_tags", [])]
        if any(t not in known_tags for t in tags):
            raise form_error("applied_tags", "INVALID_TAG", "Unknown tag")
        self.validate_message(message_body, files)
        thread_id = self.fake.next_id()
        self.world.add_thread(
            forum_id,
            body["name"],
            owner_id=self.fake.bot_id,
            thread_id=thread_id,
            applied_tags=[int(t) for t in tags],
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        await self.fake.broadcast(
            "THREAD_CREATE", {**self.world.thread_for_bot(thread_id), "newly_created": True}
        )
        message = await self.create_message(thread_id, message_body, files, message_id=thread_id)
        data = self.world.thread_for_bot(thread_id)
        data["message"] = message
        return data

    async def thread_from_message(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        message = self._message(channel_id, request.match_info["message_id"])
        body: Json = call.json or {}
        thread_id = int(message["id"])
        if thread_id in self.world.channels:
            raise ApiError(400, 160004, "A thread has already been created for this message")
        if not body.get("name"):
            raise form_error("name", "BASE_TYPE_REQUIRED", "This field is required")
        parent_type = self.world.channels[channel_id].get("type")
        self.world.add_thread(
            channel_id,
            body["name"],
            owner_id=self.fake.bot_id,
            thread_id=thread_id,
            thread_type=10 if parent_type == 5 else p.PUBLIC_THREAD,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
        )
        message["flags"] = int(message.get("flags", 0)) | (1 << 5)  # HAS_THREAD
        data = self.world.thread_for_bot(thread_id)
        await self.fake.broadcast("THREAD_CREATE", {**data, "newly_created": True})
        return data

    async def add_thread_member(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        if not self.world.is_thread(channel_id):
            raise ApiError(400, 50024, "Cannot execute action on this channel type")
        raw_user = request.match_info["user_id"]
        user_id = self.fake.bot_id if raw_user == "@me" else _snowflake(raw_user)
        if user_id not in self.world.users:
            raise unknown("User", 10013)
        self.world.add_thread_member(channel_id, user_id)
        return NO_CONTENT

    # messages ---------------------------------------------------------------------------

    async def get_messages(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        limit = int(request.query.get("limit", "50"))
        found = self.world.messages_in(channel_id)
        if "before" in request.query:
            found = [m for m in found if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            found = [m for m in found if int(m["id"]) > int(request.query["after"])]
            return list(reversed(found[:limit]))
        return list(reversed(found))[:limit]

    async def post_message(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        channel = self.world.channels[channel_id]
        if channel.get("type") in (p.GUILD_CATEGORY, *p.FORUM_TYPES):
            raise ApiError(400, 50008, "Cannot send messages in a non-text channel")
        if self.world.is_thread(channel_id):
            metadata = channel["thread_metadata"]
            if metadata["archived"]:
                if metadata["locked"]:
                    raise ApiError(400, 50083, "Thread is archived")
                metadata["archived"] = False
                await self.fake.broadcast("THREAD_UPDATE", self.world.thread_for_bot(channel_id))
        return await self.create_message(channel_id, call.json or {}, call.files)

    async def get_message(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        return self._message(channel_id, request.match_info["message_id"])

    async def edit_message(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        message = self._message(channel_id, request.match_info["message_id"])
        if int(message["author"]["id"]) != self.fake.bot_id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        return await self.apply_edit(message, call.json or {}, call.files)

    async def delete_message(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        message = self._message(channel_id, request.match_info["message_id"])
        await self.remove_message(message)
        return NO_CONTENT

    async def add_reaction(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        message = self._message(channel_id, request.match_info["message_id"])
        emoji = request.match_info["emoji"]
        reactions: list[Json] = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["emoji"]["name"] == emoji and reaction["me"]:
                return NO_CONTENT
        name, _, emoji_id = emoji.partition(":")
        reactions.append(
            {
                "emoji": {"id": emoji_id or None, "name": name},
                "count": 1,
                "count_details": {"burst": 0, "normal": 1},
                "me": True,
                "me_burst": False,
                "burst_colors": [],
            }
        )
        return NO_CONTENT

    def validate_message(
        self, body: Json, files: Sequence[RecordedFile], *, allow_empty: bool = False
    ) -> None:
        content = body.get("content") or ""
        if len(str(content)) > 2000:
            raise form_error("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
        if len(body.get("embeds") or []) > 10:
            raise form_error("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
        has_something = (
            content
            or body.get("embeds")
            or body.get("components")
            or body.get("sticker_ids")
            or body.get("poll")
            or files
        )
        if not has_something and not allow_empty:
            raise ApiError(400, 50006, "Cannot send an empty message")

    async def create_message(
        self,
        channel_id: int,
        body: Json,
        files: Sequence[RecordedFile],
        *,
        message_id: int | None = None,
        interaction: InteractionRecord | None = None,
        extra_flags: int = 0,
        allow_empty: bool = False,
    ) -> Json:
        """Store a message written by the bot (or its webhook, for interactions) and echo it
        over the gateway like Discord does (ephemeral ones are not echoed)."""
        self.validate_message(body, files, allow_empty=allow_empty)
        content = str(body.get("content") or "")
        flags = (int(body.get("flags") or 0) & _ALLOWED_MESSAGE_FLAGS) | extra_flags
        if interaction is None:
            flags &= ~p.EPHEMERAL
        message = p.message_payload(
            message_id or self.fake.next_id(),
            channel_id,
            copy.deepcopy(self.fake.bot_user),
            content,
            attachments=self.attachments(channel_id, body.get("attachments"), files, []),
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            mentions=self.world.mentions_in(content),
            mention_roles=p.mentioned_role_ids(content),
            flags=flags,
            tts=bool(body.get("tts", False)),
            nonce=body.get("nonce"),
        )
        reference = body.get("message_reference")
        if reference:
            referenced = self.world.messages.get(_snowflake(str(reference.get("message_id"))))
            if referenced is None:
                if reference.get("fail_if_not_exists", True):
                    raise form_error(
                        "message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"
                    )
            else:
                message["type"] = 19
                message["message_reference"] = {
                    "type": 0,
                    "message_id": referenced["id"],
                    "channel_id": referenced["channel_id"],
                }
                guild_id = self.world.guild_id_of(channel_id)
                if guild_id is not None:
                    message["message_reference"]["guild_id"] = str(guild_id)
                message["referenced_message"] = copy.deepcopy(referenced)
        if interaction is not None:
            interaction.decorate(message)
        self.world.store_message(message)
        if self.fake.echo_bot_messages and not flags & p.EPHEMERAL:
            await self.fake.broadcast("MESSAGE_CREATE", self.world.gateway_message(message))
        return copy.deepcopy(message)

    async def apply_edit(self, message: Json, body: Json, files: Sequence[RecordedFile]) -> Json:
        channel_id = int(message["channel_id"])
        if "content" in body:
            content = str(body["content"] or "")
            if len(content) > 2000:
                raise form_error(
                    "content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."
                )
            message["content"] = content
            message["mentions"] = self.world.mentions_in(content)
            message["mention_roles"] = p.mentioned_role_ids(content)
        if "embeds" in body:
            message["embeds"] = [p.normalise_embed(e) for e in body["embeds"] or []]
        if "components" in body:
            message["components"] = p.number_components(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            keep = int(message["flags"]) & ~(1 << 2)
            message["flags"] = keep | (int(body["flags"]) & (1 << 2))
        if "attachments" in body or files:
            message["attachments"] = self.attachments(
                channel_id, body.get("attachments"), files, message["attachments"]
            )
        if "allowed_mentions" in body:
            pass  # accepted, nothing to store
        message["flags"] = int(message["flags"]) & ~p.LOADING
        message["edited_timestamp"] = p.now_iso()
        if self.fake.echo_bot_messages and not int(message["flags"]) & p.EPHEMERAL:
            await self.fake.broadcast("MESSAGE_UPDATE", self.world.gateway_message(message))
        return copy.deepcopy(message)

    async def remove_message(self, message: Json) -> None:
        self.world.deleted_messages.add(int(message["id"]))
        event: Json = {"id": message["id"], "channel_id": message["channel_id"]}
        guild_id = self.world.guild_id_of(int(message["channel_id"]))
        if guild_id is not None:
            event["guild_id"] = str(guild_id)
        if not int(message["flags"]) & p.EPHEMERAL:
            await self.fake.broadcast("MESSAGE_DELETE", event)

    def attachments(
        self,
        channel_id: int,
        spec: Sequence[Json] | None,
        files: Sequence[RecordedFile],
        existing: Sequence[Json],
    ) -> list[Json]:
        """Resolve a message's ``attachments`` field: ``{"id": <index>}`` entries name the
        uploaded ``files[<index>]``, snowflake ids keep an existing attachment."""
        uploads = {_file_index(f.field): f for f in files}
        uploads.pop(None, None)
        if spec is None:
            kept = list(existing)
            spec = [{"id": index, "filename": f.filename} for index, f in uploads.items()]
        else:
            kept = []
        by_id = {a["id"]: a for a in existing}
        for entry in spec:
            raw_id = str(entry.get("id"))
            if raw_id in by_id:
                kept.append(by_id[raw_id])
                continue
            upload = uploads.get(int(raw_id)) if raw_id.isdigit() else None
            if upload is None:
                raise form_error("attachments", "ATTACHMENT_NOT_FOUND", "Unknown attachment")
            filename = str(entry.get("filename") or upload.filename)
            content_type = upload.content_type
            if content_type in ("", "application/octet-stream"):
                content_type = mimetypes.guess_type(filename)[0] or content_type
            kept.append(
                self.make_attachment(
                    channel_id,
                    filename,
                    upload.data,
                    content_type=content_type,
                    description=entry.get("description"),
                )
            )
        return kept

    def make_attachment(
        self,
        channel_id: int,
        filename: str,
        data: bytes,
        *,
        content_type: str,
        description: str | None = None,
    ) -> Json:
        attachment_id = self.fake.next_id()
        path = f"/attachments/{channel_id}/{attachment_id}/{filename}"
        self.world.cdn[path] = (data, content_type)
        return p.attachment_payload(
            attachment_id,
            filename,
            size=len(data),
            url=self.fake.url + path,
            content_type=content_type,
            description=description,
        )

    # interactions -------------------------------------------------------------------------

    def _record(self, request: web.Request, *, by_token: bool) -> InteractionRecord:
        token = request.match_info["token"]
        if by_token:
            if _snowflake(request.match_info["app_id"]) != self.fake.application_id:
                raise unknown("Webhook", 10015)
            record = next((r for r in self.fake.interactions.values() if r.token == token), None)
            if record is None:
                raise unknown("Webhook", 10015)
            return record
        record = self.fake.interactions.get(_snowflake(request.match_info["interaction_id"]))
        if record is None or record.token != token:
            raise unknown("interaction", 10062)
        return record

    async def callback(self, request: web.Request, call: Call) -> Any:
        record = self._record(request, by_token=False)
        deadline = self.fake.interaction_ack_deadline
        if deadline is not None and time.monotonic() - record.dispatched_at > deadline:
            raise unknown("interaction", 10062)
        if record.response_type is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        body: Json = call.json or {}
        kind = int(body.get("type", 0))
        data: Json = body.get("data") or {}
        answer: Json = {"id": str(record.id), "type": record.type}
        resource: Json | None = {"type": kind}
        if kind == CHANNEL_MESSAGE:
            message = await self.create_message(
                record.channel_id, data, call.files, interaction=record
            )
            record.original_message_id = int(message["id"])
            resource = {"type": kind, "message": message}
            answer.update(_response_flags(message, loading=False))
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            flags = p.LOADING | (int(data.get("flags") or 0) & p.EPHEMERAL)
            message = await self.create_message(
                record.channel_id,
                {},
                [],
                interaction=record,
                extra_flags=flags,
                allow_empty=True,
            )
            record.original_message_id = int(message["id"])
            answer.update(_response_flags(message, loading=True))
        elif kind in (DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE):
            if record.message_id is None:
                raise form_error("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid type")
            record.original_message_id = record.message_id
            if kind == UPDATE_MESSAGE:
                target = self.world.messages[record.message_id]
                resource = {"type": kind, "message": await self.apply_edit(target, data, [])}
                answer.update(_response_flags(target, loading=False))
        elif kind == MODAL:
            if record.type == 5:
                raise form_error("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid type")
            record.modal = data
            resource = None
        elif kind in (PONG, AUTOCOMPLETE_RESULT):
            resource = None
        else:
            raise form_error("type", "BASE_TYPE_CHOICES", f"Value must be one of ... ({kind})")
        record.response_type = kind
        record.response_data = data
        result: Json = {"interaction": answer}
        if resource is not None:
            result["resource"] = resource
        return result

    def _original(self, record: InteractionRecord) -> Json:
        if record.original_message_id is None:
            raise unknown("Message", 10008)
        message = self.world.messages[record.original_message_id]
        if record.original_message_id in self.world.deleted_messages:
            raise unknown("Message", 10008)
        return message

    async def get_original(self, request: web.Request, call: Call) -> Any:
        return copy.deepcopy(self._original(self._record(request, by_token=True)))

    async def edit_original(self, request: web.Request, call: Call) -> Any:
        record = self._record(request, by_token=True)
        return await self.apply_edit(self._original(record), call.json or {}, call.files)

    async def delete_original(self, request: web.Request, call: Call) -> Any:
        record = self._record(request, by_token=True)
        await self.remove_message(self._original(record))
        return NO_CONTENT

    async def followup(self, request: web.Request, call: Call) -> Any:
        record = self._record(request, by_token=True)
        if record.response_type is None:
            raise unknown("Webhook", 10015)
        body: Json = call.json or {}
        original = (
            self.world.messages.get(record.original_message_id)
            if record.original_message_id is not None
            else None
        )
        if (
            record.response_type == DEFERRED_CHANNEL_MESSAGE
            and original is not None
            and int(original["flags"]) & p.LOADING
        ):
            # Discord: the first followup after a deferred reply edits the "thinking"
            # message, and keeps the defer's ephemerality whatever the followup's flags say.
            self.validate_message(body, call.files)
            message = await self.apply_edit(original, body, call.files)
        else:
            message = await self.create_message(
                record.channel_id, body, call.files, interaction=record
            )
        record.followup_ids.append(int(message["id"]))
        if request.query.get("wait") in ("0", "false"):
            return NO_CONTENT
        return message

    def _followup_message(self, request: web.Request) -> Json:
        record = self._record(request, by_token=True)
        message_id = _snowflake(request.match_info["message_id"])
        if message_id not in (*record.followup_ids, record.original_message_id):
            raise unknown("Message", 10008)
        if message_id in self.world.deleted_messages:
            raise unknown("Message", 10008)
        return self.world.messages[message_id]

    async def get_followup(self, request: web.Request, call: Call) -> Any:
        return copy.deepcopy(self._followup_message(request))

    async def edit_followup(self, request: web.Request, call: Call) -> Any:
        return await self.apply_edit(self._followup_message(request), call.json or {}, call.files)

    async def delete_followup(self, request: web.Request, call: Call) -> Any:
        await self.remove_message(self._followup_message(request))
        return NO_CONTENT


def _response_flags(message: Json, *, loading: bool) -> Json:
    return {
        "response_message_id": message["id"],
        "response_message_loading": loading,
        "response_message_ephemeral": bool(int(message["flags"]) & p.EPHEMERAL),
    }


def _snowflake(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise form_error("id", "NUMBER_TYPE_COERCE", f"Value {raw!r} is not snowflake.") from None


def _file_index(field: str) -> int | None:
    if field.startswith("files[") and field.endswith("]") and field[6:-1].isdigit():
        return int(field[6:-1])
    if field.startswith("file") and field[4:].isdigit():
        return int(field[4:])
    return None


async def _read_body(request: web.Request) -> tuple[Any, list[RecordedFile]]:
    if request.content_type.startswith("multipart/"):
        payload: Any = None
        files: list[RecordedFile] = []
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader):
                continue
            if part.name == "payload_json":
                payload = json.loads(await part.text())
            else:
                data = bytes(await part.read(decode=False))
                files.append(
                    RecordedFile(
                        field=part.name or "",
                        filename=part.filename or "",
                        content_type=part.headers.get("Content-Type", "application/octet-stream"),
                        data=data,
                    )
                )
        return payload, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode(errors="replace"), []
