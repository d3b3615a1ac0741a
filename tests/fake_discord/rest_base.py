"""Shared pieces of the fake REST API: errors, JSON answers, body parsing, lookups."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from . import payloads as p
from .payloads import Json
from .recording import Call, RecordedFile

if TYPE_CHECKING:
    from .fake import FakeDiscord

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


class RestBase:
    """State and lookups every group of REST routes uses."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

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
