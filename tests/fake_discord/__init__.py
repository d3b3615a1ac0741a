"""A loopback fake of Discord's gateway and REST API for running a real discord.py bot.

Usage (see README.md in this directory)::

    async with FakeDiscord() as fake:
        bot = commands.Bot("!", intents=intents, guild_ready_timeout=0.05)
        async with run_bot(bot, fake):
            await fake.user_message(fake.guild.text_channel_id, "hello")
            reply = await fake.wait_for_message(fake.guild.text_channel_id)
"""

from .fake import FakeDiscord
from .gateway import GatewayConnection, GatewaySession
from .interactions import InteractionRecord
from .payloads import EPHEMERAL, LOADING, Json
from .pointer import DiscordPyPointer
from .recording import Call, FakeTimeout, Injection, RecordedFile
from .rest import ApiError
from .runner import run_bot
from .world import DefaultGuild, World

__all__ = [
    "EPHEMERAL",
    "LOADING",
    "ApiError",
    "Call",
    "DefaultGuild",
    "DiscordPyPointer",
    "FakeDiscord",
    "FakeTimeout",
    "GatewayConnection",
    "GatewaySession",
    "Injection",
    "InteractionRecord",
    "Json",
    "RecordedFile",
    "World",
    "run_bot",
]
