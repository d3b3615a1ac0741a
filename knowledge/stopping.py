"""Giving up a long load or index build at a stop (issue 11: a bot stopped while it indexes
10k articles exited only once the build was done, 5 s later)."""

from __future__ import annotations

import threading


class IndexingStopped(Exception):
    """A load or index build gave up because the bot is stopping."""


def check(stopping: threading.Event | None) -> None:
    """Raise IndexingStopped once `stopping` is set (called between articles)."""
    if stopping is not None and stopping.is_set():
        raise IndexingStopped
