"""The Discord adapter: discord.py traffic in, core actions out (issue 3/3)."""

from bot.adapters.discord.client import (
    SupportBot,
    build_bot,
    leave_gateway,
    start_discord,
    use_endpoints,
)
from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.render import DiscordRenderer

__all__ = [
    "DiscordConfig",
    "DiscordRenderer",
    "SupportBot",
    "build_bot",
    "leave_gateway",
    "start_discord",
    "use_endpoints",
]
