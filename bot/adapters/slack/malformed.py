"""Slack requests that cannot be handled as sent: a body Bolt cannot read is answered 400
(Bolt would fail with 500 and a traceback), and a person's event lacking what handling needs
is acknowledged and skipped with one log line. Neither writes anything or calls Slack."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.adapters.slack.inbound import missing_fields
from bot.adapters.slack.install import add_install_routes

log = logging.getLogger(__name__)


def web_app(app: AsyncApp, signing_secret: str, path: str = "/slack/events") -> web.Application:
    """Bolt's aiohttp endpoint, with unreadable bodies refused before Bolt parses them:
    401 when unsigned (as Bolt answers), else 400; and the install pages when workspaces
    install the app."""
    verifier = SignatureVerifier(signing_secret)

    async def receive(request: web.Request) -> web.Response:
        raw = await request.read()
        text = _readable(raw, request.content_type)
        if text is None:
            if not verifier.is_valid_request(raw, request.headers):
                return web.Response(status=401)
            log.warning("Slack request refused (400): unreadable body or event envelope")
            return web.Response(status=400)
        received = AsyncBoltRequest(
            body=text,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        return await to_aiohttp_response(await app.async_dispatch(received))

    served = web.Application()
    served.router.add_post(path, receive)
    add_install_routes(served, app)
    return served


def _readable(raw: bytes, content_type: str) -> str | None:
    """The body as text when Bolt can dispatch it: JSON as an object (an Events API envelope
    with its event and id), or a form whose `payload`, if any, is a JSON object."""
    try:
        text = raw.decode("utf-8")
        if content_type == "application/json" or text.startswith("{"):
            body = json.loads(text)
            return text if isinstance(body, dict) and _whole_envelope(body) else None
        form = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True))
        payload = form.get("payload")
        return text if payload is None or isinstance(json.loads(payload), dict) else None
    except ValueError:  # not UTF-8, not JSON, not a form
        return None


def _whole_envelope(body: Mapping[str, Any]) -> bool:
    if body.get("type") != "event_callback":
        return True
    return isinstance(body.get("event"), dict) and isinstance(body.get("event_id"), str)


async def skip_incomplete(
    body: dict[str, Any], next_: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """Bolt middleware: a person's event without user, channel or ts is acknowledged (a retry
    would be no better) and skipped, logged by its ids."""
    event = body.get("event")
    if isinstance(event, dict) and (missing := missing_fields(event)):
        kind, event_id = event.get("type"), body.get("event_id")
        log.warning("Slack event %s (%s) skipped: no %s", event_id, kind, ", ".join(missing))
        return BoltResponse(status=200, body="")
    await next_()
    return None
