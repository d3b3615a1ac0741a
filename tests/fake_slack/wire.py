"""Decoding what clients send FakeSlack (query, form, JSON, multipart) and error bodies."""

from __future__ import annotations

import contextlib
import email.parser
import email.policy
import json
import mimetypes
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web

from .recording import JsonDict

# Arguments that Slack accepts as JSON-encoded strings in form or query encodings.
# The fake decodes them so ``call.params["blocks"]`` is a list however it was sent.
_JSON_ARGS = frozenset(
    {"blocks", "attachments", "view", "files", "metadata", "user_auth_blocks", "options"}
)


class _InvalidJson(Exception):
    pass


def _error(code: str) -> JsonDict:
    return {"ok": False, "error": code}


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in {"1", "true", "yes"}


def _decode_json_args(params: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON_ARGS & params.keys():
        value = params[key]
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(value)
    return params


def _parse_api_request(request: web.Request, raw: bytes) -> tuple[dict[str, Any], str | None]:
    params: dict[str, Any] = dict(request.query)
    ctype = request.content_type
    if raw:
        if ctype == "application/json":
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                body = None
            if not isinstance(body, dict):
                raise _InvalidJson
            params.update(body)
        elif ctype == "application/x-www-form-urlencoded":
            params.update(parse_qsl(raw.decode(request.charset or "utf-8"), keep_blank_values=True))
        elif ctype.startswith("multipart/"):
            params.update(_parse_multipart_fields(raw, request.headers.get("Content-Type", "")))
    token = params.pop("token", None)
    auth = request.headers.get("Authorization", "")
    if auth.startswith("Bearer "):
        token = auth.removeprefix("Bearer ").strip()
    return _decode_json_args(params), (str(token) if token else None)


def _parse_multipart_fields(raw: bytes, content_type: str) -> dict[str, Any]:
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    fields: dict[str, Any] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if part.get_filename():
            fields[name] = data
        else:
            fields[name] = data.decode("utf-8", "replace")
    return fields


async def _read_upload(request: web.Request) -> tuple[bytes, str | None]:
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if getattr(part, "filename", None):
                data = await part.read()  # type: ignore[union-attr]
                return bytes(data), part.filename  # type: ignore[union-attr]
        return b"", None
    return await request.read(), None


def _guess_mimetype(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
