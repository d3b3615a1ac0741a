"""Serve a slack-bolt AsyncApp over real HTTP on a free loopback port.

slack-bolt 1.30 has no ``AsyncSlackRequestHandler`` for aiohttp (that name exists only for
other frameworks); ``AsyncApp.web_app()`` returns an aiohttp Application with a POST route
at ``path``, which this helper runs with an AppRunner on 127.0.0.1, port 0.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web
from slack_bolt.async_app import AsyncApp


@asynccontextmanager
async def serve_bolt_app(
    app: AsyncApp | web.Application, *, path: str = "/slack/events"
) -> AsyncIterator[str]:
    """Run ``app`` (or an aiohttp Application serving it at ``path``) until the block ends;
    yields its URL, e.g. http://127.0.0.1:PORT/slack/events."""
    served = app if isinstance(app, web.Application) else app.web_app(path=path)
    runner = web.AppRunner(served, access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}{path}"
    finally:
        await runner.cleanup()
