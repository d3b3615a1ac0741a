"""Run a real discord.py client against a FakeDiscord for the length of a ``with`` block."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

import discord

from .fake import FakeDiscord
from .recording import FakeTimeout

ClientT = TypeVar("ClientT", bound=discord.Client)


@asynccontextmanager
async def run_bot(
    bot: ClientT, fake: FakeDiscord, *, timeout: float = 5.0
) -> AsyncIterator[ClientT]:
    """Log ``bot`` in against ``fake``, connect, wait for on_ready; close it afterwards.

    ``login`` runs ``setup_hook`` (where persistent views and DynamicItems are registered).
    If the connection fails, its exception is raised here instead of a timeout.
    """
    with fake.point_discord_py_here():
        await bot.login(fake.token)
        runner = asyncio.create_task(bot.connect(reconnect=True), name="fake-discord-connect")
        ready = asyncio.create_task(bot.wait_until_ready(), name="fake-discord-ready")
        try:
            done, _ = await asyncio.wait(
                {runner, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if ready not in done:
                if runner in done:
                    runner.result()  # raises the connection error
                    raise RuntimeError("bot.connect() returned before READY")
                raise FakeTimeout(f"bot was not ready within {timeout}s")
            yield bot
        finally:
            ready.cancel()
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(runner, timeout)
