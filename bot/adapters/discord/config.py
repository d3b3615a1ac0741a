"""Discord configuration: token, guilds, help channels and which channel is which queue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ONCALL = "oncall"


@dataclass(frozen=True)
class DiscordConfig:
    """Everything the Discord adapter needs; built from Settings in the composition root."""

    token: str
    guild_ids: Sequence[int] = ()
    help_channel_ids: Sequence[int] = ()
    help_forum_ids: Sequence[int] = ()
    queue_channels: Mapping[str, int] = field(default_factory=dict)
    lead_roles: Mapping[str, int] = field(default_factory=dict)
    oncall_channel: int | None = None
    oncall_name: str = ONCALL
    sync_commands: bool = True
    ready_timeout: float = 30.0

    def channel_of(self, name: str) -> int | None:
        """The channel id behind a queue or alert channel name (or a numeric channel id)."""
        if name in self.queue_channels:
            return self.queue_channels[name]
        if name == self.oncall_name and self.oncall_channel is not None:
            return self.oncall_channel
        return int(name) if name.isdigit() else None

    def queue_of(self, channel_id: int) -> str | None:
        """The queue (or on-call) name of a channel id, if it is one."""
        found = next((name for name, cid in self.queue_channels.items() if cid == channel_id), None)
        if found is None and channel_id == self.oncall_channel:
            return self.oncall_name
        return found

    def is_help(self, channel_id: int | None) -> bool:
        """True for a configured help channel or help forum."""
        return channel_id in (*self.help_channel_ids, *self.help_forum_ids)
