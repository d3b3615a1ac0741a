"""Localisable text: a message key with parameters, rendered by bot.i18n."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Union

# A parameter is plain text, a number, another message, a name per language, or a raw value
# (a moment, a day, business hours, a language, a list) that bot.i18n writes the reader's way:
# the core stays free of locale data, and no English date or plural leaks into other languages.
Param = Union[
    str,
    int,
    "Msg",
    Mapping[str, str],
    "Moment",
    "Day",
    "WeeklyHours",
    "Language",
    "Listing",
    "Share",
    "Decimal",
]


@dataclass(frozen=True)
class Msg:
    """A user-visible text, not yet in any language."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Moment:
    """An instant as read in an IANA time zone (R30); an unknown zone reads as UTC."""

    instant: datetime
    timezone: str


@dataclass(frozen=True)
class Day:
    """A calendar day without a time (an estimated resolution date)."""

    day: date


@dataclass(frozen=True)
class WeeklyHours:
    """Opening hours per weekday (0 = Monday) in an IANA time zone: a business calendar."""

    hours: Mapping[int, tuple[time, time]]
    timezone: str


@dataclass(frozen=True)
class Language:
    """A language by its code ('de'), named in the reader's language."""

    code: str


@dataclass(frozen=True)
class Listing:
    """Items joined the reader's way ('a, b and c', 'a, b und c')."""

    items: tuple[Param, ...]


@dataclass(frozen=True)
class Share:
    """A fraction (0.825) written as a percentage the reader's way ('83%', '83 %')."""

    value: float


@dataclass(frozen=True)
class Decimal:
    """A number with one decimal place (or `places`) the reader's way ('4.3', '4,3')."""

    value: float
    places: int = 1


def msg(key: str, **params: Param) -> Msg:
    """Shorthand for Msg(key, params)."""
    return Msg(key, params)
