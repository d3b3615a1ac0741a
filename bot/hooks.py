"""What each started platform leaves for the running bot (bot.run): how to stop taking its
events, how to replay what a crash left unhandled, and whether it is connected."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.ops.server import Probe

Receiver = Callable[[], Awaitable[None]]  # stops taking events from one source
Recovery = Callable[[], Awaitable[object]]  # handles again what a crash left unhandled


@dataclass
class Hooks:
    """What each started platform leaves for the running bot."""

    stop_taking: list[Receiver] = field(default_factory=list)  # closed first at a stop
    recoveries: list[Recovery] = field(default_factory=list)  # replays of unhandled events
    probes: dict[str, Probe] = field(default_factory=dict)  # "connected?" for /readyz
