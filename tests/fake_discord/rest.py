"""The REST half of the fake: routes under /api/v10, answered the way Discord answers them."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from .recording import API_PREFIX, Call
from .rest_applications import ApplicationRoutes
from .rest_base import (
    NO_CONTENT,
    ApiError,
    Handler,
    _bucket_headers,
    _read_body,
    form_error,
    json_response,
    unknown,
)
from .rest_channels import ChannelRoutes
from .rest_interactions import InteractionRoutes

__all__ = [
    "ApiError",
    "RestApi",
    "form_error",
    "json_response",
    "unknown",
]


class RestApi(ChannelRoutes, InteractionRoutes, ApplicationRoutes):
    """Every /api/v10 route of the fake, wrapped with recording, auth and injections."""

    # plumbing ---------------------------------------------------------------------------

    def install(self, app: web.Application) -> None:
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.get_me),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/applications/{app_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/commands", self.put_commands),
            ("GET", "/applications/{app_id}/guilds/{guild_id}/commands", self.get_commands),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self.put_commands),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("PATCH", "/channels/{channel_id}", self.edit_channel),
            ("GET", "/channels/{channel_id}/messages", self.get_messages),
            ("POST", "/channels/{channel_id}/messages", self.post_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            (
                "POST",
                "/channels/{channel_id}/messages/{message_id}/threads",
                self.thread_from_message,
            ),
            (
                "PUT",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.add_reaction,
            ),
            (
                "DELETE",
                "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                self.no_content,
            ),
            ("POST", "/channels/{channel_id}/threads", self.create_thread),
            ("PUT", "/channels/{channel_id}/thread-members/{user_id}", self.add_thread_member),
            ("DELETE", "/channels/{channel_id}/thread-members/{user_id}", self.no_content),
            ("POST", "/channels/{channel_id}/typing", self.no_content),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.callback),
            ("GET", "/webhooks/{app_id}/{token}/messages/@original", self.get_original),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/@original", self.edit_original),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/@original", self.delete_original),
            ("POST", "/webhooks/{app_id}/{token}", self.followup),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self.get_followup),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self.edit_followup),
            ("DELETE", "/webhooks/{app_id}/{token}/messages/{message_id}", self.delete_followup),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, API_PREFIX + path, self._wrap(path, handler))
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._wrap("", self.not_found))

    def _wrap(
        self, route: str, handler: Handler
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def wrapped(request: web.Request) -> web.Response:
            path = request.path[len(API_PREFIX) :]
            body, files = await _read_body(request)
            call = Call(
                method=request.method,
                path=path,
                json=body,
                files=files,
                at=time.monotonic(),
                query=dict(request.query),
                unknown=not route,
            )
            self.fake.calls.append(call)
            response = await self._answer(request, call, route, handler)
            call.status = response.status
            await self.fake.notify()
            return response

        return wrapped

    async def _answer(
        self, request: web.Request, call: Call, route: str, handler: Handler
    ) -> web.Response:
        for injection in self.fake.injections:
            if injection.matches(call.method, call.path):
                injection.hits += 1
                call.response = injection.body
                return json_response(injection.status, injection.body, injection.headers)
        if not route.startswith(("/interactions/", "/webhooks/")) and not self._authorised(request):
            call.response = {"message": "401: Unauthorized", "code": 0}
            return json_response(401, call.response)
        try:
            result = await handler(request, call)
        except ApiError as error:
            call.response = error.body
            return json_response(error.status, error.body)
        if result is NO_CONTENT:
            return web.Response(status=204, headers=_bucket_headers(call.method + route))
        call.response = result
        return json_response(200, result, _bucket_headers(call.method + route))

    def _authorised(self, request: web.Request) -> bool:
        return request.headers.get("Authorization") == f"Bot {self.fake.token}"

    async def not_found(self, request: web.Request, call: Call) -> Any:
        raise ApiError(404, 0, "404: Not Found")

    async def no_content(self, request: web.Request, call: Call) -> Any:
        self._channel(request)
        return NO_CONTENT
