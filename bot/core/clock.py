"""Clocks: the system clock, and one that can be moved for the console and tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    """The real time, timezone-aware UTC."""

    def now(self) -> datetime:
        """The current time."""
        return datetime.now(UTC)


class ShiftedClock:
    """A clock from a start (default: now) that can be moved forward (console `/advance`)."""

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("the clock needs a timezone-aware start")
        self._base = start or datetime.now(UTC)
        self._started = datetime.now(UTC)
        self._frozen = frozen
        self._offset = timedelta()

    def now(self) -> datetime:
        """Start + moved time (+ real elapsed time unless frozen)."""
        elapsed = timedelta() if self._frozen else datetime.now(UTC) - self._started
        return (self._base + elapsed + self._offset).astimezone(UTC)

    def advance(self, amount: timedelta) -> None:
        """Move the clock forward."""
        if amount < timedelta():
            raise ValueError("the clock only moves forward")
        self._offset += amount
