"""Showing UTC instants in a person's own time zone (R30)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_time(instant: datetime, timezone: str) -> str:
    """'2026-11-22 15:30 CET' in the given IANA zone; UTC when the zone is unknown."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return instant.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def duration_text(seconds: float) -> str:
    """'1 h', '90 min', '2 h 30 min': a response time as people say it."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
