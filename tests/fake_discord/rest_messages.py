"""Fake REST routes for channel messages and reactions, and message building."""

from __future__ import annotations

import copy
import mimetypes
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads as p
from .payloads import Json
from .recording import Call, RecordedFile
from .rest_base import (
    _ALLOWED_MESSAGE_FLAGS,
    NO_CONTENT,
    ApiError,
    RestBase,
    _file_index,
    _snowflake,
    form_error,
)

if TYPE_CHECKING:
    from .interactions import InteractionRecord


class MessageRoutes(RestBase):
    # messages ---------------------------------------------------------------------------

    async def get_messages(self, request: web.Request, call: Call) -> Any:
        channel_id = self._channel(request)
        limit = int(request.query.get("limit", "50"))
        if not 1 <= limit <= 100:
            raise form_error("limit", "NUMBER_TYPE_MAX", "int value should be 1 to 100.")
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
