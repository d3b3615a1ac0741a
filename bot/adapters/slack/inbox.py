"""Events API requests are recorded before Bolt acknowledges them (R70): a database that
cannot keep one answers 503, so Slack retries it; one a crash or a failure left unhandled is
dispatched again through the same app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.adapters.slack.inbound import PLATFORM
from bot.core.errors import StorageUnavailable

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


def record_first(
    service: Inbox,
) -> Callable[..., Awaitable[BoltResponse | None]]:
    """Bolt middleware (it runs after the signature check, before the ack): an event is kept
    before Slack hears it arrived; a retry of a kept one is acknowledged and not run again."""

    async def middleware(
        body: dict[str, Any], req: AsyncBoltRequest, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        if body.get("type") != "event_callback" or "event_id" not in body or REPLAY in req.headers:
            await next()
            return None
        try:
            fresh = await service.receive(PLATFORM, str(body["event_id"]), body)
        except StorageUnavailable:
            return BoltResponse(status=503, body="")  # not kept: Slack sends it again
        if not fresh:
            return BoltResponse(status=200, body="")  # kept before: handled from the inbox
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
