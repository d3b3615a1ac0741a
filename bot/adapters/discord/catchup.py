"""Catch-up: what was posted while the bot was away is read back and handled (R70).

Discord does not redeliver what a session missed once it is gone (a restart, a connection
that could not resume), so the bot remembers the newest message it handled per channel and,
on READY and RESUMED, reads each channel it answers in from there. Reading something again
is harmless: the service answers each message id once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Collection, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

import discord
from discord.abc import Messageable
from discord.utils import snowflake_time, time_snowflake

from bot.adapters.discord.config import DiscordConfig

log = logging.getLogger(__name__)
# DMs are listed to a bot nowhere: those with a message this recent are read back.
DM_WINDOW = timedelta(days=7)
# Read again from a little before each cursor: messages of one channel are handled
# concurrently, so one older than the cursor may still have been in flight at a crash.
OVERLAP = timedelta(minutes=1)
FLUSH_SECONDS = 2.0  # cursors are written this often, not once per message
CHANNELS_AT_ONCE = 4

Position = tuple[int, bool]  # the newest message id handled, whether the channel is a DM


class Cursors(Protocol):
    """Where reading each channel got to; storage implements it (storage.cursors)."""

    async def positions(
        self, *, channels: Collection[int], direct_since: datetime
    ) -> dict[int, int]:
        """The cursors of these channels, and of the DMs that had a message since a time."""
        ...

    async def latest(self) -> int | None:
        """The newest message id handled anywhere; None before the first."""
        ...

    async def advance(self, seen: Mapping[int, Position], *, at: datetime) -> bool:
        """Move cursors forward; False when they were not stored."""
        ...


class CatchUp:
    """Keeps each channel's cursor and reads back, through `handle`, what came after it."""

    def __init__(
        self,
        client: discord.Client,
        config: DiscordConfig,
        cursors: Cursors,
        handle: Callable[[discord.Message], Awaitable[None]],
    ) -> None:
        self._client = client
        self._config = config
        self._cursors = cursors
        self._handle = handle
        self._pending: dict[int, Position] = {}
        self._running = asyncio.Lock()
        self._stopped = asyncio.Event()

    def seen(self, message: discord.Message) -> None:
        """A message was handled: a later catch-up starts after it."""
        self._keep_newest(message.channel.id, (message.id, message.guild is None))

    def _keep_newest(self, channel: int, position: Position) -> None:
        if self._pending.get(channel, (0, False))[0] < position[0]:
            self._pending[channel] = position

    async def flush(self) -> None:
        """Store the cursors moved since the last flush (kept for the next one on failure)."""
        pending, self._pending = self._pending, {}
        if pending and not await self._cursors.advance(pending, at=datetime.now(UTC)):
            for channel, position in pending.items():
                self._keep_newest(channel, position)

    async def keep_flushing(self) -> None:
        """Flush every FLUSH_SECONDS until stopped."""
        while not self._stopped.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), FLUSH_SECONDS)
            await self.flush()

    def stop(self) -> None:
        """End reading back after the message in hand, and the flushing (a stop)."""
        self._stopped.set()

    async def run(self) -> None:
        """Read back every channel the bot answers in; one run at a time (a RESUMED during a
        run waits for it, then reads the little that came since)."""
        async with self._running:
            await self.flush()
            latest = await self._cursors.latest()
            if latest is None or self._stopped.is_set():
                return  # stopping, or nothing was ever read: a first start leaves old posts
            watched = self._watched()
            since = datetime.now(UTC) - DM_WINDOW
            known = await self._cursors.positions(channels=list(watched), direct_since=since)
            dms: dict[int, Messageable] = {
                cid: self._client.get_partial_messageable(cid, type=discord.ChannelType.private)
                for cid in known.keys() - watched.keys()
            }
            channels = {**watched, **dms}
            slots = asyncio.Semaphore(CHANNELS_AT_ONCE)

            async def read(channel_id: int, channel: Messageable) -> int:
                async with slots:
                    return await self._read(channel_id, channel, known.get(channel_id, latest))

            counts = await asyncio.gather(*(read(cid, ch) for cid, ch in channels.items()))
            log.info("discord catch-up: %d messages read in %d channels", sum(counts), len(counts))

    def _watched(self) -> dict[int, Messageable]:
        """Help channels, and the active threads under help channels, help forums and queues:
        where the bot answers (DMs come from their cursors)."""
        parents = {
            *self._config.help_channel_ids,
            *self._config.help_forum_ids,
            *self._config.queue_channels.values(),
        }
        found: dict[int, Messageable] = {}
        for guild in self._client.guilds:
            for thread in guild.threads:
                if thread.parent_id in parents:
                    found[thread.id] = thread
            for channel_id in self._config.help_channel_ids:
                channel = guild.get_channel(channel_id)
                if isinstance(channel, Messageable):
                    found[channel_id] = channel
        return found

    async def _read(self, channel_id: int, channel: Messageable, cursor: int) -> int:
        """Hand on each message after the cursor, oldest first; how many there were. A channel
        the bot can no longer read (a closed DM, a deleted thread), or an answer Discord
        refused, is logged and does not hold up the rest."""
        start = discord.Object(id=time_snowflake(snowflake_time(cursor) - OVERLAP))
        count = 0
        try:
            async for message in channel.history(limit=None, after=start, oldest_first=True):
                if self._stopped.is_set():
                    break  # the rest is read after the next start, from the cursor
                count += 1
                try:
                    await self._handle(message)
                except discord.HTTPException as error:
                    log.warning("discord catch-up: message %s not answered: %s", message.id, error)
        except discord.HTTPException as error:
            log.warning("discord catch-up of channel %s stopped: %s", channel_id, error)
        return count
