"""Showing UTC instants in a person's own time zone (R30) and response times."""

from __future__ import annotations

from datetime import datetime

from bot.core.text import Moment


def local_time(instant: datetime, timezone: str) -> Moment:
    """The instant as read in an IANA zone; bot.i18n writes it in the reader's language."""
    return Moment(instant, timezone)


def duration_text(seconds: float) -> str:
    """'1 h', '90 min', '2 h 30 min': a response time as people say it."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
