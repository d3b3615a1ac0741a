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
import contextlib
import email.parser
import email.policy
import itertools
import json
import mimetypes
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl

from aiohttp import web

from .ids import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

JsonDict = dict[str, Any]
Predicate = Callable[["Call"], bool]

#: Pseudo-method names under which non-API requests are recorded.
UPLOAD = "upload"
RESPONSE_URL = "response_url"

# Arguments that Slack accepts as JSON-encoded strings in form or query encodings.
# The fake decodes them so ``call.params["blocks"]`` is a list however it was sent.
_JSON_ARGS = frozenset(
    {"blocks", "attachments", "view", "files", "metadata", "user_auth_blocks", "options"}
)


@dataclass(frozen=True)
class Call:
    """One request the fake received.

    ``params`` merges query string, form or JSON body, with JSON-valued arguments decoded;
    the token is not in ``params`` but in ``token``. For ``upload`` and ``response_url``
    calls, ``target`` is the file id / response id from the URL.
    """

    method: str
    params: dict[str, Any]
    at: float
    token: str | None = None
    http_method: str = "POST"
    content_type: str = ""
    status: int = 200
    response: Any = None
    target: str | None = None
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the fake answered HTTP 200 and (for API calls) ``"ok": true``."""
        if self.status != 200:
            return False
        if isinstance(self.response, dict):
            return bool(self.response.get("ok", True))
        return True

    @property
    def error(self) -> str | None:
        """The Slack error code the fake answered with, if any."""
        if isinstance(self.response, dict):
            err = self.response.get("error")
            return str(err) if err is not None else None
        return None


@dataclass
class _Injection:
    remaining: int
    status: int
    error: str
    retry_after: int | None = None


class FakeSlack:
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
    ``valid_tokens`` (if given) makes any other token fail with ``invalid_auth``.
    """

    def __init__(
        self,
        *,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        team_name: str = "Fake Team",
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
        bot_name: str = "supportbot",
        app_id: str = APP_ID,
        valid_tokens: set[str] | None = None,
        strict: bool = False,
        scopes: str = "chat:write,im:write,users:read,files:write,reactions:write",
    ) -> None:
        self.team_id = team_id
        self.team_domain = team_domain
        self.team_name = team_name
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.app_id = app_id
        self.valid_tokens = valid_tokens
        self.strict = strict
        self.scopes = scopes

        self.calls: list[Call] = []
        self.users: dict[str, JsonDict] = {}
        self.channels: dict[str, JsonDict] = {}
        self.messages: dict[tuple[str, str], JsonDict] = {}
        self.views: dict[str, JsonDict] = {}
        self.home_views: dict[str, JsonDict] = {}
        self.files: dict[str, JsonDict] = {}
        self.downloads: dict[str, bytes] = {}
        self.uploads: dict[str, bytes] = {}
        self.reactions: set[tuple[str, str, str]] = set()
        self.dm_channels: dict[str, str] = {}

        self._injections: dict[str, list[_Injection]] = {}
        self._delays: dict[str, float] = {}
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed: asyncio.Condition | None = None
        self._runner: web.AppRunner | None = None
        self._origin: str | None = None
        self._handlers: dict[str, Callable[[Call], JsonDict]] = {
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
        }

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> Self:
        """Listen on 127.0.0.1 on a free port."""
        if self._runner is not None:
            return self
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_post("/response/{response_id}", self._handle_response_url)
        app.router.add_get("/files-pri/{path:.*}", self._handle_file_download)
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

    # ------------------------------------------------------------------ addresses

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:PORT``."""
        if self._origin is None:
            raise RuntimeError("FakeSlack is not started")
        return self._origin

    @property
    def base_url(self) -> str:
        """Pass as ``AsyncWebClient(base_url=...)``; ends with ``/api/``."""
        return f"{self.origin}/api/"

    def response_url(self, response_id: str = "r1") -> str:
        """A response_url that records what ``respond()`` posts to it."""
        return f"{self.origin}/response/{response_id}"

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
        if self._changed is None:
            raise RuntimeError("FakeSlack is not started")

        def matching() -> list[Call]:
            return [c for c in self.calls_to(method, ok=ok) if predicate is None or predicate(c)]

        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
        except TimeoutError:
            seen = [(c.status, c.error, c.params) for c in self.calls_to(method)]
            raise AssertionError(
                f"no {count} matching call(s) to {method} within {timeout}s; "
                f"{len(matching())} matched; calls to {method}: {seen}"
            ) from None
        return matching()

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

    # ------------------------------------------------------------------ id helpers

    def next_ts(self) -> str:
        """Unique, increasing message timestamps: 1700000000.000100, .000200, ..."""
        micros = 1_700_000_000_000_000 + next(self._ts) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}0FAKE{next(self._ids):05d}"

    def dm_channel_for(self, user_id: str) -> str:
        """The D-channel conversations.open returns for ``user_id`` (stable per user)."""
        if user_id not in self.dm_channels:
            self.dm_channels[user_id] = self._new_id("D")
        return self.dm_channels[user_id]

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
        if not call.token:
            return 200, {"ok": False, "error": "not_authed"}, headers
        if self.valid_tokens is not None and call.token not in self.valid_tokens:
            return 200, {"ok": False, "error": "invalid_auth"}, headers
        handler = self._handlers.get(call.method)
        body = handler(call) if handler is not None else {"ok": True}
        if call.method == "auth.test":
            headers["X-OAuth-Scopes"] = self.scopes
        return 200, body, headers

    def shared_file(self, file_id: str, name: str, content: bytes) -> str:
        """Host a user's file as Slack does; returns its url_private (needs the bot token)."""
        self.downloads[file_id] = content
        return f"{self.origin}/files-pri/{self.team_id}-{file_id}/{name}"

    async def _handle_file_download(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["path"].split("/")[0].split("-", 1)[-1]
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        if not auth.startswith("Bearer ") or (self.valid_tokens and token not in self.valid_tokens):
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

    # ------------------------------------------------------------------ API methods

    def _auth_test(self, call: Call) -> JsonDict:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _resolve_channel(self, channel: str) -> str:
        # Posting to a user id lands in the bot's DM with that user.
        if channel.startswith(("U", "W")):
            return self.dm_channel_for(channel)
        return channel

    def _bot_message(self, params: JsonDict, ts: str) -> JsonDict:
        message: JsonDict = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": params.get("text", ""),
            "ts": ts,
            "bot_profile": {
                "id": self.bot_id,
                "app_id": self.app_id,
                "name": self.bot_name,
                "team_id": self.team_id,
                "deleted": False,
            },
        }
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if key in params:
                message[key] = params[key]
        return message

    def _chat_post_message(self, call: Call) -> JsonDict:
        p = call.params
        channel = p.get("channel")
        if not channel:
            return _error("channel_not_found")
        if not (p.get("text") or p.get("blocks") or p.get("attachments")):
            return _error("no_text")
        channel = self._resolve_channel(str(channel))
        ts = self.next_ts()
        message = self._bot_message(p, ts)
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    def _chat_update(self, call: Call) -> JsonDict:
        p = call.params
        channel, ts = str(p.get("channel", "")), str(p.get("ts", ""))
        if not channel or not ts:
            return _error("invalid_arguments" if channel else "channel_not_found")
        channel = self._resolve_channel(channel)
        old = self.messages.get((channel, ts))
        if old is None and self.strict:
            return _error("message_not_found")
        message = dict(old) if old is not None else self._bot_message({}, ts)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in p:
                message[key] = p[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self.next_ts()}
        self.messages[(channel, ts)] = message
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": message.get("text", ""),
            "message": message,
        }

    def _chat_post_ephemeral(self, call: Call) -> JsonDict:
        p = call.params
        if not p.get("channel"):
            return _error("channel_not_found")
        if not p.get("user"):
            return _error("user_not_in_channel")
        return {"ok": True, "message_ts": self.next_ts()}

    def _chat_get_permalink(self, call: Call) -> JsonDict:
        channel = str(call.params.get("channel", ""))
        ts = str(call.params.get("message_ts", ""))
        if not channel:
            return _error("channel_not_found")
        if not ts:
            return _error("message_not_found")
        return {
            "ok": True,
            "channel": channel,
            "permalink": (
                f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
            ),
        }

    def _conversations_open(self, call: Call) -> JsonDict:
        users = [u for u in str(call.params.get("users", "")).split(",") if u]
        if "channel" in call.params:
            channel_id = str(call.params["channel"])
        elif len(users) == 1:
            channel_id = self.dm_channel_for(users[0])
        elif users:
            channel_id = self.dm_channel_for(",".join(sorted(users))).replace("D", "G", 1)
        else:
            return _error("users_list_not_supplied")
        channel: JsonDict = {"id": channel_id}
        if _truthy(call.params.get("return_im")):
            channel = self._channel_info(channel_id)
        return {"ok": True, "no_op": False, "already_open": False, "channel": channel}

    def _channel_info(self, channel_id: str) -> JsonDict:
        is_im = channel_id.startswith("D")
        info: JsonDict = {
            "id": channel_id,
            "created": 1_700_000_000,
            "is_archived": False,
            "context_team_id": self.team_id,
        }
        if is_im:
            user = next((u for u, c in self.dm_channels.items() if c == channel_id), None)
            info.update({"is_im": True, "is_org_shared": False, "user": user})
        else:
            info.update(
                {
                    "name": f"channel-{channel_id.lower()}",
                    "is_channel": channel_id.startswith("C"),
                    "is_group": False,
                    "is_im": False,
                    "is_mpim": channel_id.startswith("G"),
                    "is_private": channel_id.startswith("G"),
                    "is_member": True,
                }
            )
        info.update(self.channels.get(channel_id, {}))
        return info

    def _conversations_info(self, call: Call) -> JsonDict:
        channel_id = str(call.params.get("channel", ""))
        if not channel_id:
            return _error("channel_not_found")
        return {"ok": True, "channel": self._channel_info(channel_id)}

    def _users_info(self, call: Call) -> JsonDict:
        uid = str(call.params.get("user", ""))
        if not uid:
            return _error("user_not_found")
        override = dict(self.users.get(uid, {}))
        name = override.get("name", uid.lower())
        real_name = override.get("real_name", f"User {uid}")
        profile: JsonDict = {
            "real_name": real_name,
            "display_name": override.get("display_name", name),
            "email": f"{name}@example.com",
            "team": self.team_id,
        }
        profile.update(override.pop("profile", {}))
        user: JsonDict = {
            "id": uid,
            "team_id": self.team_id,
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "tz": "Europe/London",
            "tz_label": "Greenwich Mean Time",
            "tz_offset": 0,
            "is_bot": uid == self.bot_user_id,
            "is_admin": False,
            "is_restricted": False,
            "updated": 1_700_000_000,
            "profile": profile,
        }
        locale = override.pop("locale", "en-US")
        override.pop("display_name", None)
        user.update(override)
        if _truthy(call.params.get("include_locale")):
            user["locale"] = locale
        return {"ok": True, "user": user}

    def _view_object(self, view: JsonDict, *, view_id: str, type_: str | None = None) -> JsonDict:
        out: JsonDict = {
            "id": view_id,
            "team_id": self.team_id,
            "type": type_ or view.get("type", "modal"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{next(self._ids):08d}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }
        for key in ("title", "submit", "close"):
            if key in view:
                out[key] = view[key]
        return out

    def _views_open(self, call: Call) -> JsonDict:
        view = call.params.get("view")
        if not call.params.get("trigger_id") and not call.params.get("interactivity_pointer"):
            return _error("invalid_arguments")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        obj = self._view_object(view, view_id=self._new_id("V"))
        self.views[obj["id"]] = obj
        return {"ok": True, "view": obj}

    def _views_update(self, call: Call) -> JsonDict:
        view = call.params.get("view")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        view_id = call.params.get("view_id")
        external_id = call.params.get("external_id")
        if not view_id and external_id:
            view_id = next(
                (k for k, v in self.views.items() if v.get("external_id") == external_id), None
            )
        if not view_id or (self.strict and view_id not in self.views):
            return _error("not_found")
        old = self.views.get(str(view_id))
        hash_ = call.params.get("hash")
        if hash_ and old is not None and hash_ != old["hash"]:
            return _error("hash_conflict")
        obj = self._view_object(view, view_id=str(view_id))
        self.views[obj["id"]] = obj
        return {"ok": True, "view": obj}

    def _views_publish(self, call: Call) -> JsonDict:
        user_id = call.params.get("user_id")
        view = call.params.get("view")
        if not user_id:
            return _error("invalid_arguments")
        if not isinstance(view, dict):
            return _error("invalid_arguments")
        old = self.home_views.get(str(user_id))
        view_id = old["id"] if old is not None else self._new_id("V")
        obj = self._view_object(view, view_id=view_id, type_="home")
        self.home_views[str(user_id)] = obj
        self.views[view_id] = obj
        return {"ok": True, "view": obj}

    def _files_get_upload_url(self, call: Call) -> JsonDict:
        filename = call.params.get("filename")
        length = call.params.get("length")
        if not filename or length in (None, ""):
            return _error("invalid_arguments")
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "created": int(time.time()),
            "timestamp": int(time.time()),
            "name": str(filename),
            "title": str(filename),
            "mimetype": _guess_mimetype(str(filename)),
            "filetype": str(filename).rsplit(".", 1)[-1] if "." in str(filename) else "binary",
            "user": self.bot_user_id,
            "user_team": self.team_id,
            "size": int(length),
            "mode": "hosted",
            "is_external": False,
            "is_public": False,
            "url_private": f"{self.origin}/files-pri/{self.team_id}-{file_id}/{filename}",
            "url_private_download": (
                f"{self.origin}/files-pri/{self.team_id}-{file_id}/download/{filename}"
            ),
            "permalink": (
                f"https://{self.team_domain}.slack.com/files/{self.bot_user_id}/{file_id}/{filename}"
            ),
            "channels": [],
            "groups": [],
            "ims": [],
            "shares": {},
        }
        if "alt_txt" in call.params:
            self.files[file_id]["alt_txt"] = call.params["alt_txt"]
        return {"ok": True, "upload_url": f"{self.origin}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, call: Call) -> JsonDict:
        entries = call.params.get("files")
        if not isinstance(entries, list) or not entries:
            return _error("invalid_arguments")
        channels = [c for c in str(call.params.get("channels", "")).split(",") if c]
        if call.params.get("channel_id"):
            channels.append(str(call.params["channel_id"]))
        out: list[JsonDict] = []
        for entry in entries:
            file_id = entry.get("id") if isinstance(entry, dict) else None
            if file_id not in self.files or file_id not in self.uploads:
                return _error("file_not_found")
            f = self.files[file_id]
            if entry.get("title"):
                f["title"] = entry["title"]
            for channel in channels:
                key = "ims" if channel.startswith("D") else "channels"
                if channel not in f[key]:
                    f[key].append(channel)
                share: JsonDict = {"ts": self.next_ts(), "channel_name": channel}
                if call.params.get("thread_ts"):
                    share["thread_ts"] = call.params["thread_ts"]
                bucket = "private" if channel.startswith(("D", "G")) else "public"
                f["shares"].setdefault(bucket, {}).setdefault(channel, []).append(share)
            out.append(dict(f))
        return {"ok": True, "files": out}

    def _files_info(self, call: Call) -> JsonDict:
        file_id = call.params.get("file")
        if file_id not in self.files:
            return _error("file_not_found")
        return {"ok": True, "file": dict(self.files[str(file_id)]), "comments": []}

    def _reactions_add(self, call: Call) -> JsonDict:
        p = call.params
        channel, ts, name = str(p.get("channel", "")), str(p.get("timestamp", "")), p.get("name")
        if not name:
            return _error("invalid_name")
        if not channel:
            return _error("channel_not_found")
        if self.strict and (channel, ts) not in self.messages:
            return _error("message_not_found")
        key = (channel, ts, str(name))
        if key in self.reactions:
            return _error("already_reacted")
        self.reactions.add(key)
        return {"ok": True}


# ---------------------------------------------------------------------- helpers


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
