"""A local, fsync'd spool for events the database could not take (R70): Discord does not
send a message again, so during an outage its events are kept on disk, one file each, and
handled once the database is back."""

from __future__ import annotations

import logging
import os
import pickle
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from bot.core.events import Event

log = logging.getLogger(__name__)


class FileSpool:
    """Events as files in a folder: written whole (temporary file, fsync, rename, fsync of
    the folder), so a crash leaves each one either absent or complete."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._failed = folder / "failed"

    def keep(self, event: Event) -> None:
        """Keep an event until it is handled."""
        self._folder.mkdir(parents=True, exist_ok=True)
        # Names sort in arrival order: the time in nanoseconds, then a random part.
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.event"
        partial = self._folder / f".{name}.partial"
        with partial.open("wb") as handle:
            pickle.dump(event, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.flush()
            os.fsync(handle.fileno())
        partial.rename(self._folder / name)
        folder = os.open(self._folder, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)

    def pending(self) -> Sequence[tuple[str, Event]]:
        """Kept events, oldest first, with the name to forget each by."""
        if not self._folder.is_dir():
            return ()
        kept: list[tuple[str, Event]] = []
        for path in sorted(self._folder.glob("*.event")):
            try:
                kept.append((path.name, pickle.loads(path.read_bytes())))
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as error:
                log.error("spooled event %s cannot be read (%s); moved aside", path.name, error)
                self.set_aside(path.name)
        return kept

    def forget(self, name: str) -> None:
        """The event is handled."""
        (self._folder / name).unlink(missing_ok=True)

    def set_aside(self, name: str) -> None:
        """An event that failed for another reason than the outage: kept for a person to see
        (in failed/), not retried in a loop."""
        self._failed.mkdir(parents=True, exist_ok=True)
        (self._folder / name).rename(self._failed / name)
