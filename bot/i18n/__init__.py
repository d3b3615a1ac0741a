"""Message catalogues and the lookup that turns a Msg into text in a locale.

Dates, weekday names, plural forms, language names, numbers and lists are written here with
Babel's CLDR data: the core passes raw values (bot.core.text) and stays free of locale data.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import (
    format_date,
    format_datetime,
    format_interval,
    format_skeleton,
    get_datetime_format,
    get_day_names,
    get_timezone_name,
)
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from bot.core.text import (
    Day,
    Decimal,
    Language,
    Listing,
    Moment,
    Msg,
    Param,
    Share,
    WeeklyHours,
)
from bot.i18n import de as de
from bot.i18n import en as en

CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": en.MESSAGES, "de": de.MESSAGES}
FALLBACK = "en"
# The languages the bot itself writes; people in any other language read English.
BOT_LANGUAGES: tuple[str, ...] = tuple(CATALOGUES)
_UTC = ZoneInfo("UTC")
_RANGE_DASH = "\u2013"  # the en dash that CLDR puts in its time ranges too


def language(locale: str | None) -> str:
    """The catalogue language for a platform locale such as 'de-DE'; English otherwise."""
    lang = (locale or FALLBACK).replace("_", "-").split("-")[0].lower()
    return lang if lang in CATALOGUES else FALLBACK


def translate(locale: str | None, message: Msg) -> str:
    """The message in the locale's language, with parameters rendered in it too."""
    lang = language(locale)
    params = {name: _param(lang, value) for name, value in message.params.items()}
    return _template(lang, message).format(**params)


def _template(lang: str, message: Msg) -> str:
    count = message.params.get("count")
    for catalogue in (CATALOGUES[lang], CATALOGUES[FALLBACK]):
        if isinstance(count, int) and f"{message.key}.other" in catalogue:
            # A text that follows a number has a key per CLDR plural category of its
            # language: "x.one", "x.other" (and "x.few" ... where a language has those).
            form = _locale(lang).plural_form(count)
            return catalogue.get(f"{message.key}.{form}") or catalogue[f"{message.key}.other"]
        if catalogue.get(message.key):
            return catalogue[message.key]
    raise KeyError(f"no text for message key {message.key!r}")


def _param(lang: str, value: Param) -> str:
    match value:
        case str():
            return value
        case int():
            return format_decimal(value, locale=lang)
        case Msg():
            return translate(lang, value)
        case Moment():
            return _moment(lang, value)
        case Day(day=day):
            return format_date(day, "medium", locale=lang)
        case WeeklyHours():
            return _hours(lang, value)
        case Language(code=code):
            return str(_locale(lang).languages.get(code, code))
        case Listing(items=items):
            return format_list([_param(lang, item) for item in items], locale=lang)
        case Share(value=share):
            return format_percent(share, locale=lang)
        case Decimal(value=number, places=places):
            return format_decimal(number, format="0." + "0" * places, locale=lang)
        case Mapping():
            # A name per language (catalogue topics, severity names): pick ours or English.
            return str(value.get(lang) or value.get(FALLBACK) or next(iter(value.values()), ""))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return _UTC


def _moment(lang: str, moment: Moment) -> str:
    """'Nov 23, 2026, 10:00 CET', '23.11.2026, 10:00 MEZ': the reader's date, a 24-hour
    clock, and the zone's short name."""
    local = moment.instant.astimezone(_zone(moment.timezone))
    day = format_date(local, "medium", locale=lang)
    clock = format_skeleton("Hm", local, tzinfo=local.tzinfo, locale=lang)
    pattern = str(get_datetime_format("medium", locale=lang)).replace("'", "")
    # CLDR's short zone name where the language has one (MEZ, EST), else the tz database's
    # abbreviation (CET, JST) rather than a bare offset.
    zone = format_datetime(local, "z", tzinfo=local.tzinfo, locale=lang)
    zone = zone if zone.isalpha() else local.strftime("%Z")
    return pattern.replace("{0}", clock).replace("{1}", day) + f" {zone}"


def _hours(lang: str, weekly: WeeklyHours) -> str:
    """'Mon-Fri 09:00-17:00 (Central European Time)' with the reader's day names and range
    dashes: runs of weekdays with equal hours."""
    names = get_day_names("abbreviated", locale=lang)
    runs: list[tuple[int, int, tuple[time, time]]] = []
    for day, span in sorted(weekly.hours.items()):
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == span:
            runs[-1] = (runs[-1][0], day, span)
        else:
            runs.append((day, day, span))
    spans = [
        (names[first] if first == last else f"{names[first]}{_RANGE_DASH}{names[last]}")
        + " "
        + format_interval(start, end, "Hm", locale=lang)
        for first, last, (start, end) in runs
    ]
    zone = _zone(weekly.timezone)
    # CLDR names zones by region ("Central European Time"); UTC has no region to name.
    zone_name = (
        "UTC" if zone.key in ("UTC", "Etc/UTC") else get_timezone_name(zone, "long", locale=lang)
    )
    return f"{format_list(spans, locale=lang)} ({zone_name})"
