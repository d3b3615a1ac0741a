"""Send Slack-signed HTTP requests to a Bolt endpoint, as Slack would.

Signature: ``v0=`` + hex HMAC-SHA256(signing_secret, ``v0:{timestamp}:{raw body}``), in
``X-Slack-Signature``, with ``X-Slack-Request-Timestamp``. Bolt (via slack_sdk's
SignatureVerifier) answers 401 when the signature is wrong or the timestamp is more than
300 s away from its clock, in either direction.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlencode

import aiohttp

from .ids import APP_ID, BOT_USER_ID, SIGNING_SECRET, TEAM_ID
from .payloads import event_envelope

JsonDict = dict[str, Any]

#: How far back a "stale" request is dated by default (Bolt tolerates 300 s).
STALE_SECONDS = 600


def sign(signing_secret: str, timestamp: int | str, body: str | bytes) -> str:
    """The ``X-Slack-Signature`` value for ``body`` sent at ``timestamp``."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + str(timestamp).encode() + b":" + raw
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


@dataclass(frozen=True)
class SlackHttpResponse:
    """What the Bolt endpoint answered."""

    status: int
    body: str
    headers: Mapping[str, str]

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class SignedSlackClient:
    """POSTs signed Events API, slash command and interactivity requests to ``url``.

    Every ``send_*`` method accepts the signing options:

    - ``bad_signature=True``: sign with a wrong secret;
    - ``stale=True``: date the request ``STALE_SECONDS`` (10 min) in the past;
    - ``timestamp=...``: an explicit timestamp (signed correctly for it);
    - ``headers={...}``: extra headers.
    """

    def __init__(
        self,
        url: str,
        signing_secret: str = SIGNING_SECRET,
        *,
        session: aiohttp.ClientSession | None = None,
        clock: Callable[[], float] = time.time,
        timeout: float = 10.0,
    ) -> None:
        self.url = url
        self.signing_secret = signing_secret
        self._clock = clock
        self._own_session = session is None
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the session if this client created it."""
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
            self._own_session = True
        return self._session

    def signed_headers(
        self,
        body: str,
        *,
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: int | None = None,
    ) -> dict[str, str]:
        """``X-Slack-Request-Timestamp`` and ``X-Slack-Signature`` for ``body``."""
        if timestamp is None:
            timestamp = int(self._clock()) - (STALE_SECONDS if stale else 0)
        secret = self.signing_secret + "-wrong" if bad_signature else self.signing_secret
        return {
            "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": sign(secret, timestamp, body),
        }

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackHttpResponse:
        """POST a raw body, signed; the lowest-level call."""
        all_headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **self.signed_headers(
                body, bad_signature=bad_signature, stale=stale, timestamp=timestamp
            ),
            **(headers or {}),
        }
        async with self._get_session().post(
            self.url, data=body.encode(), headers=all_headers
        ) as resp:
            text = await resp.text()
            return SlackHttpResponse(status=resp.status, body=text, headers=dict(resp.headers))

    async def send_envelope(
        self,
        envelope: JsonDict,
        *,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackHttpResponse:
        """POST an Events API body as JSON; ``retry_num`` adds Slack's retry headers."""
        extra = dict(headers or {})
        if retry_num is not None:
            extra["X-Slack-Retry-Num"] = str(retry_num)
            extra["X-Slack-Retry-Reason"] = retry_reason
        return await self.post(
            json.dumps(envelope),
            "application/json",
            bad_signature=bad_signature,
            stale=stale,
            timestamp=timestamp,
            headers=extra,
        )

    async def send_event(
        self,
        event: JsonDict,
        *,
        event_id: str | None = None,
        team_id: str = TEAM_ID,
        api_app_id: str = APP_ID,
        bot_user_id: str = BOT_USER_ID,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackHttpResponse:
        """Wrap ``event`` in an ``event_callback`` envelope and POST it."""
        envelope = event_envelope(
            event,
            team_id=team_id,
            api_app_id=api_app_id,
            event_id=event_id,
            bot_user_id=bot_user_id,
        )
        return await self.send_envelope(
            envelope,
            retry_num=retry_num,
            retry_reason=retry_reason,
            bad_signature=bad_signature,
            stale=stale,
            timestamp=timestamp,
            headers=headers,
        )

    async def send_slash_command(
        self,
        form: Mapping[str, str],
        *,
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackHttpResponse:
        """POST slash-command fields (see ``interactions.slash_command``) form-encoded."""
        return await self.post(
            urlencode(dict(form)),
            "application/x-www-form-urlencoded",
            bad_signature=bad_signature,
            stale=stale,
            timestamp=timestamp,
            headers=headers,
        )

    async def send_interaction(
        self,
        payload: JsonDict,
        *,
        bad_signature: bool = False,
        stale: bool = False,
        timestamp: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> SlackHttpResponse:
        """POST an interactivity payload as the form field ``payload=<json>``."""
        return await self.post(
            urlencode({"payload": json.dumps(payload)}),
            "application/x-www-form-urlencoded",
            bad_signature=bad_signature,
            stale=stale,
            timestamp=timestamp,
            headers=headers,
        )

    async def send_block_actions(self, payload: JsonDict, **options: Any) -> SlackHttpResponse:
        """POST a ``block_actions`` payload (see ``interactions.block_actions``)."""
        if payload.get("type") != "block_actions":
            raise ValueError("payload is not a block_actions payload")
        return await self.send_interaction(payload, **options)

    async def send_view_submission(self, payload: JsonDict, **options: Any) -> SlackHttpResponse:
        """POST a ``view_submission`` payload (see ``interactions.view_submission``)."""
        if payload.get("type") != "view_submission":
            raise ValueError("payload is not a view_submission payload")
        return await self.send_interaction(payload, **options)
