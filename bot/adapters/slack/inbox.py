"""Events API requests are recorded before Bolt acknowledges them (R70): a database that
cannot keep one answers 503, so Slack retries it; one a crash or a failure left unhandled is
dispatched again through the same app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.routing import InOrder
from bot.adapters.slack.inbound import PLATFORM
from bot.core.errors import StorageUnavailable

# Events whose listeners take their turn in their conversation (routing.InOrder).
ORDERED = frozenset({"message", "app_mention"})
# Marks our own re-dispatch of a recorded event; Slack never sends it, and a request that
# carries it skips only the recording, not what Bolt checks.
REPLAY = "x-supportbot-replay"


class Inbox(Protocol):
    """What recording needs from SupportService."""

    async def receive(self, platform: str, inbound_id: str, payload: Mapping[str, Any]) -> bool:
        """Record a raw event; False for a retry."""
        ...

    async def unhandled(self, platform: str) -> Sequence[Mapping[str, Any]]:
        """Recorded events whose handling did not finish in time."""
        ...


def conversation(event: Mapping[str, Any]) -> str:
    """A message's conversation as Slack names it: its channel, and its thread if any."""
    return f"{event.get('channel')}/{event.get('thread_ts') or ''}"


def clicked_in(body: Mapping[str, Any]) -> str | None:
    """The conversation of a button or menu on a message, named as `conversation` names the
    messages there: a click and a message typed right after it are handled in that order
    (a description typed while the click's answer is on its way is not taken for the
    click's question). None for clicks outside a conversation (App Home, modals)."""
    channel = (body.get("channel") or {}).get("id")
    if body.get("type") != "block_actions" or not channel:
        return None
    return conversation({"channel": channel, **(body.get("message") or {})})


def record_first(
    service: Inbox, in_order: InOrder
) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Bolt middleware (it runs after the signature check, before the ack): an event is kept
    before Slack hears it arrived; a retry of a kept one is acknowledged and not run again.
    A message or a click takes its place in its conversation here, as it arrives (context
    "ticket")."""

    async def middleware(
        body: dict[str, Any],
        req: AsyncBoltRequest,
        context: AsyncBoltContext,
        next: Callable[[], Awaitable[None]],
    ) -> BoltResponse | None:
        clicked = clicked_in(body)
        if clicked is not None:
            context["ticket"] = in_order.ticket(clicked)
        if body.get("type") != "event_callback" or "event_id" not in body:
            await next()
            return None
        event = body.get("event") or {}
        where = conversation(event) if event.get("type") in ORDERED else None
        ticket = in_order.ticket(where) if where else None
        context["ticket"] = ticket
        if REPLAY in req.headers:
            await next()
            return None
        try:
            fresh = await service.receive(PLATFORM, str(body["event_id"]), body)
        except StorageUnavailable:
            fresh = None
        if not fresh:
            if where and ticket is not None:
                await in_order.skip(where, ticket)  # not handled now: the next may go
            # Not kept: Slack sends it again. Kept before: it is handled from the inbox.
            return BoltResponse(status=503 if fresh is None else 200, body="")
        await next()
        return None

    return middleware


async def replay_unhandled(app: AsyncApp, service: Inbox) -> int:
    """Dispatch again the recorded events whose handling a crash or failure cut short; how
    many. The request is built as Socket Mode builds its own (no signature to check: it
    never left this process)."""
    events = await service.unhandled(PLATFORM)
    for body in events:
        request = AsyncBoltRequest(body=dict(body), mode="socket_mode", headers={REPLAY: "1"})
        await app.async_dispatch(request)
    return len(events)
