"""Fake REST routes for interaction callbacks and their webhook follow-ups."""

from __future__ import annotations

import copy
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import payloads as p
from .payloads import Json
from .recording import Call
from .rest_base import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    MODAL,
    NO_CONTENT,
    PONG,
    UPDATE_MESSAGE,
    ApiError,
    _response_flags,
    _snowflake,
    form_error,
    unknown,
)
from .rest_messages import MessageRoutes

if TYPE_CHECKING:
    from .interactions import InteractionRecord


class InteractionRoutes(MessageRoutes):
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
