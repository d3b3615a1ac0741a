"""The ops port (issue 10): /healthz (the process answers), /readyz (database reachable, each
platform connected, backlog below a limit) and /metrics (Prometheus) over HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from aiohttp import web

from bot.core.errors import StorageUnavailable
from bot.core.ports import Backlog
from bot.ops.metrics import PrometheusMeter

log = logging.getLogger(__name__)
# A platform's answer to "are you connected?".
Probe = Callable[[], Awaitable[bool]]
# How long readiness waits for the database before calling it unreachable.
DATABASE_PATIENCE = 2.0
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True)
class Ops:
    """What the ops port looks at."""

    backlog: Callable[[], Awaitable[Backlog]]
    meter: PrometheusMeter
    platforms: Mapping[str, Probe]
    max_unsent: int

    async def read_backlog(self) -> Backlog | None:
        """The backlog, or None when the database does not answer in time."""
        try:
            backlog = await asyncio.wait_for(self.backlog(), DATABASE_PATIENCE)
        except (StorageUnavailable, TimeoutError):
            backlog = None
        self.meter.backlog(backlog)
        return backlog

    async def readiness(self) -> list[tuple[str, str | None]]:
        """Each check and its problem (None when fine)."""
        backlog = await self.read_backlog()
        checks: list[tuple[str, str | None]] = [
            ("database", None if backlog is not None else "unreachable")
        ]
        for name, probe in sorted(self.platforms.items()):
            checks.append((name, None if await probe() else "not connected"))
        if backlog is not None:
            over = backlog.unsent > self.max_unsent
            problem = f"{backlog.unsent} unsent (limit {self.max_unsent})" if over else None
            checks.append(("outbox", problem))
        return checks


def ops_app(ops: Ops) -> web.Application:
    """The three routes, on an aiohttp application."""

    async def healthz(_request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(_request: web.Request) -> web.Response:
        checks = await ops.readiness()
        text = "".join(f"{name}: {problem or 'ok'}\n" for name, problem in checks)
        ready = all(problem is None for _, problem in checks)
        return web.Response(text=text, status=200 if ready else 503)

    async def metrics(_request: web.Request) -> web.Response:
        await ops.read_backlog()
        body = ops.meter.exposition()
        return web.Response(body=body, headers={"Content-Type": PROMETHEUS_TEXT})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def start_ops(
    ops: Ops, bind: str, port: int, *, quiet: bool = False
) -> tuple[web.AppRunner, int] | None:
    """Serve the ops port; the runner and the port it got (0 asks for any free one), or None
    with one log line when the port is taken: the bot itself runs on without it. `quiet`
    keeps that line out of a console session (a second console on one machine)."""
    runner = web.AppRunner(ops_app(ops), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, bind, port)
    try:
        await site.start()
    except OSError as error:
        await runner.cleanup()
        log.log(
            logging.INFO if quiet else logging.WARNING,
            "ops port %s:%d not served (%s): no health or metrics (SUPPORTBOT_OPS_PORT)",
            bind,
            port,
            error.strerror,
        )
        return None
    return runner, int(runner.addresses[0][1])  # port 0 resolved
