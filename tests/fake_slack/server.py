"""An in-process fake of Slack's Web API, upload host and response_url endpoint.

Point a real ``slack_sdk`` client at it::

    async with FakeSlack() as fake:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.base_url)

What slack_sdk 3.47 actually sends (read from its source, so the fake accepts all of it):

- ``api_call(..., json=...)`` (chat.*, views.*) sends a JSON body;
- ``api_call(..., params=...)`` sends the arguments as the *query string* of a POST with an
  empty body (auth.test, conversations.open, reactions.add, files.getUploadURLExternal,
  files.completeUploadExternal), and some methods use GET (users.info, conversations.info,
  chat.getPermalink, files.info);
- other clients send form-encoded bodies, with the token as a ``token`` field;
- booleans in query strings arrive as ``"1"``/``"0"``;
- the upload step of ``files_upload_v2`` POSTs the raw bytes (not multipart) to
  ``upload_url`` and only checks for HTTP 200.

Every request is recorded as a :class:`Call`, including failed and rate-limited ones.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Self
from urllib.parse import parse_qsl

from aiohttp import web

from .methods_chat import ChatMethods
from .methods_conversations import ConversationMethods
from .methods_files import FileMethods
from .methods_oauth import OAuthMethods
from .methods_views import ViewMethods
from .recording import RESPONSE_URL, UPLOAD, Call, JsonDict, Predicate, _Injection
from .socket_mode import SOCKET_PATH, SocketModeMethods
from .wire import _error, _InvalidJson, _parse_api_request, _read_upload

__all__ = ["RESPONSE_URL", "UPLOAD", "Call", "FakeSlack", "JsonDict", "Predicate"]

# Methods the app calls as itself (HTTP Basic auth with its client id and secret), not with
# a token.
_APP_AUTHENTICATED = frozenset({"oauth.v2.access"})


class FakeSlack(
    ChatMethods, ConversationMethods, ViewMethods, FileMethods, SocketModeMethods, OAuthMethods
):
    """A loopback Slack: Web API at ``base_url``, uploads, and response URLs.

    State tests may read or seed:

    - ``calls``: every request, in arrival order;
    - ``users``: per-user overrides for users.info (``fake.users["U1"] = {"tz": ...}``);
    - ``channels``: per-channel overrides for conversations.info;
    - ``messages``: ``(channel, ts) -> message`` posted or updated through the fake;
    - ``views``: ``view_id -> view``; ``home_views``: ``user_id -> published home view``;
    - ``files``: ``file_id -> file object``; ``uploads``: ``file_id -> uploaded bytes``;
    - ``reactions``: set of ``(channel, ts, name)``.

    ``strict=True`` makes chat.update / reactions.add / views.update answer
    ``message_not_found`` / ``not_found`` for targets the fake has never seen.
    ``valid_tokens`` (if given) makes any other token fail with ``invalid_auth``; the bot
    tokens of workspaces that installed the app (``approve_install``, then oauth.v2.access
    with the app's client id and secret) are valid too, and auth.test names their team.
    """

    def _method_table(self) -> dict[str, Callable[[Call], JsonDict]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "files.info": self._files_info,
            "reactions.add": self._reactions_add,
            "apps.connections.open": self._apps_connections_open,
            "oauth.v2.access": self._oauth_v2_access,
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Listen on 127.0.0.1 on a free port."""
        if self._runner is not None:
            return self
        self._changed = asyncio.Condition()
        self._socket_state()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_post("/response/{response_id}", self._handle_response_url)
        app.router.add_get("/files-pri/{path:.*}", self._handle_file_download)
        app.router.add_get(SOCKET_PATH, self._handle_socket)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._origin = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        """Stop listening. Recorded state stays readable."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        """Recorded calls to ``method``; ``ok=True`` keeps only successful ones."""
        return [c for c in self.calls if c.method == method and (ok is None or c.ok == ok)]

    def responses_to(self, response_id: str) -> list[JsonDict]:
        """Payloads posted to ``response_url(response_id)``."""
        return [c.params for c in self.calls_to(RESPONSE_URL) if c.target == response_id]

    async def wait_for(
        self,
        method: str,
        predicate: Predicate | None = None,
        *,
        timeout: float = 5.0,
        ok: bool | None = None,
    ) -> Call:
        """The first call (already recorded or yet to come) to ``method`` matching.

        ``ok=True`` skips failed and rate-limited attempts. Raises AssertionError listing
        the calls to ``method`` seen so far if none matches within ``timeout`` seconds.
        """
        return (await self.wait_for_count(method, 1, predicate, timeout=timeout, ok=ok))[0]

    async def wait_for_count(
        self,
        method: str,
        count: int,
        predicate: Predicate | None = None,
        *,
        timeout: float = 5.0,
        ok: bool | None = None,
    ) -> list[Call]:
        """Wait until at least ``count`` matching calls were recorded; returns them all."""

        def matching() -> list[Call]:
            return [c for c in self.calls_to(method, ok=ok) if predicate is None or predicate(c)]

        try:
            await self.wait_until(lambda: len(matching()) >= count, timeout=timeout)
        except TimeoutError:
            seen = [(c.status, c.error, c.params) for c in self.calls_to(method)]
            raise AssertionError(
                f"no {count} matching call(s) to {method} within {timeout}s; "
                f"{len(matching())} matched; calls to {method}: {seen}"
            ) from None
        return matching()

    async def wait_until(self, check: Callable[[], bool], *, timeout: float) -> None:
        """Return once ``check()`` holds, looked at again after every recorded call;
        TimeoutError after ``timeout`` seconds."""
        if self._changed is None:
            raise RuntimeError("FakeSlack is not started")
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(check)

    def clear(self) -> None:
        """Forget recorded calls, pending failure injections and delays (not seeded state)."""
        self.calls.clear()
        self._injections.clear()
        self._delays.clear()

    # ------------------------------------------------------------------ failure injection

    def fail_next(
        self, method: str, error: str = "channel_not_found", *, times: int = 1, status: int = 200
    ) -> None:
        """The next ``times`` calls to ``method`` answer ``{"ok": false, "error": error}``.

        ``status`` other than 200 simulates server errors (e.g. 500/503). Works for
        ``"upload"`` and ``"response_url"`` too.
        """
        self._injections.setdefault(method, []).append(
            _Injection(remaining=times, status=status, error=error)
        )

    def rate_limit(self, method: str, *, times: int = 1, retry_after: int = 1) -> None:
        """The next ``times`` calls to ``method`` answer HTTP 429 with ``Retry-After``.

        slack_sdk sleeps ``int(Retry-After) + random()`` seconds before retrying, and only
        when ``AsyncRateLimitErrorRetryHandler(max_retry_count>=times)`` is installed.
        ``retry_after=0`` keeps tests fast (under a second per retry).
        """
        self._injections.setdefault(method, []).append(
            _Injection(remaining=times, status=429, error="ratelimited", retry_after=retry_after)
        )

    def delay(self, method: str, seconds: float) -> None:
        """Answer every call to ``method`` only after ``seconds`` (0 removes the delay)."""
        if seconds > 0:
            self._delays[method] = seconds
        else:
            self._delays.pop(method, None)

    def _take_injection(self, method: str) -> _Injection | None:
        queue = self._injections.get(method)
        if not queue:
            return None
        inj = queue[0]
        inj.remaining -= 1
        if inj.remaining <= 0:
            queue.pop(0)
        return inj

    # ------------------------------------------------------------------ HTTP handlers

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        raw = await request.read()
        try:
            params, token = _parse_api_request(request, raw)
        except _InvalidJson:
            params, token = {}, None
            invalid = True
        else:
            invalid = False
        base = Call(
            method=method,
            params=params,
            at=time.time(),
            token=token,
            http_method=request.method,
            content_type=request.content_type,
            body=raw,
            headers=dict(request.headers),
        )
        if method in self._delays:
            await asyncio.sleep(self._delays[method])
        answer = self._api_answer(base) if not invalid else (200, _error("invalid_json"), {})
        status, body, headers = answer
        await self._record(replace(base, status=status, response=body))
        return web.json_response(body, status=status, headers=headers)

    def _api_answer(self, call: Call) -> tuple[int, JsonDict, dict[str, str]]:
        headers: dict[str, str] = {}
        inj = self._take_injection(call.method)
        if inj is not None:
            if inj.retry_after is not None:
                headers["Retry-After"] = str(inj.retry_after)
            return inj.status, {"ok": False, "error": inj.error}, headers
        if call.method in _APP_AUTHENTICATED:
            pass  # the app's client id and secret, checked by the method
        elif not call.token:
            return 200, {"ok": False, "error": "not_authed"}, headers
        elif not self._accepts(call.token):
            return 200, {"ok": False, "error": "invalid_auth"}, headers
        handler = self._handlers.get(call.method)
        body = handler(call) if handler is not None else {"ok": True}
        if call.method == "auth.test":
            headers["X-OAuth-Scopes"] = self.scopes
        return 200, body, headers

    def _accepts(self, token: str) -> bool:
        if self.valid_tokens is None or token in self.valid_tokens:
            return True
        return token in self.installed

    def shared_file(self, file_id: str, name: str, content: bytes) -> str:
        """Host a user's file as Slack does; returns its url_private (needs the bot token)."""
        self.downloads[file_id] = content
        return f"{self.origin}/files-pri/{self.team_id}-{file_id}/{name}"

    async def _handle_file_download(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["path"].split("/")[0].split("-", 1)[-1]
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        if not auth.startswith("Bearer ") or not self._accepts(token):
            return web.Response(status=403, text="not_authed")
        if file_id not in self.downloads:
            return web.Response(status=404, text="file_not_found")
        return web.Response(body=self.downloads[file_id], content_type="application/octet-stream")

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        data, filename = await _read_upload(request)
        inj = self._take_injection(UPLOAD)
        if inj is not None:
            status, text = inj.status, inj.error
        elif file_id not in self.files:
            status, text = 404, "file_not_found"
        else:
            status, text = 200, f"OK - {len(data)}"
            self.uploads[file_id] = data
            self.files[file_id]["size"] = len(data)
        params: JsonDict = {"file_id": file_id, "size": len(data)}
        if filename:
            params["filename"] = filename
        await self._record(
            Call(
                method=UPLOAD,
                params=params,
                at=time.time(),
                content_type=request.content_type,
                status=status,
                response=text,
                target=file_id,
                body=data,
                headers=dict(request.headers),
            )
        )
        return web.Response(status=status, text=text, content_type="text/plain")

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        response_id = request.match_info["response_id"]
        raw = await request.read()
        try:
            payload = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            payload = dict(parse_qsl(raw.decode()))
        inj = self._take_injection(RESPONSE_URL)
        status, answer = (inj.status, inj.error) if inj is not None else (200, "ok")
        if not isinstance(payload, dict):
            payload = {"payload": payload}
        await self._record(
            Call(
                method=RESPONSE_URL,
                params=payload,
                at=time.time(),
                content_type=request.content_type,
                status=status,
                response=answer,
                target=response_id,
                body=raw,
                headers=dict(request.headers),
            )
        )
        return web.Response(status=status, text=answer, content_type="text/plain")
