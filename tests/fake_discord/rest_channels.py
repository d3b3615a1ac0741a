"""Fake REST routes for channels and threads (including forum posts)."""

from __future__ import annotations

import copy
from typing import Any

from aiohttp import web

from . import payloads as p
from .payloads import Json
from .recording import Call, RecordedFile
from .rest_base import (
    NO_CONTENT,
    ApiError,
    _snowflake,
    form_error,
    unknown,
)
from .rest_messages import MessageRoutes


class ChannelRoutes(MessageRoutes):
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
