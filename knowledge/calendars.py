"""Closed days of a business calendar (R20): public holidays from the `holidays` package by
country and subdivision (e.g. DE-BY), for any year, plus company closure days written in
the catalogue, once (2027-06-01) or every year (12-24)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import holidays

# Years the closed days are worked out for, around the year the knowledge is loaded in: an
# SLA looks weeks ahead at most, and the knowledge reloads whenever its files change.
YEARS_BACK, YEARS_AHEAD = 1, 10
_REGION = re.compile(r"^([A-Z]{2})(?:-([A-Z0-9]{1,3}))?$")
_YEARLY = re.compile(r"^(\d{2})-(\d{2})$")


def region_problem(region: str) -> str | None:
    """Why a country or country-subdivision code is not one the holidays package knows."""
    found = _REGION.match(region)
    if found is None:
        return f"{region!r} is not a country code like DE or DE-BY"
    country, subdivision = found.groups()
    supported = holidays.list_supported_countries()
    if country not in supported:
        return f"no public holidays are known for the country {country!r}"
    if subdivision is not None and subdivision not in supported[country]:
        known = ", ".join(supported[country])
        return f"{country} has no subdivision {subdivision!r} (known: {known})"
    return None


def yearly_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a yearly closure written MM-DD, e.g. 12-24."""
    found = _YEARLY.match(text.strip())
    if found is None:
        return None
    month, day = int(found.group(1)), int(found.group(2))
    try:
        date(2000, month, day)  # a leap year: 02-29 is a day that exists in some years
    except ValueError:
        return None
    return month, day


def years_around(today: date) -> range:
    """The years closed days are worked out for."""
    return range(today.year - YEARS_BACK, today.year + YEARS_AHEAD + 1)


def closed_days(
    *,
    region: str | None,
    yearly: Iterable[tuple[int, int]],
    dated: Iterable[date],
    years: range,
) -> frozenset[date]:
    """Every public holiday of the region and every closure day in these years."""
    days = set(dated)
    if region is not None:
        country, _, subdivision = region.partition("-")
        public = holidays.country_holidays(country, subdiv=subdivision or None, years=years)
        days.update(public.keys())
    for month, day in yearly:
        for year in years:
            try:
                days.add(date(year, month, day))
            except ValueError:  # 02-29 in a common year
                continue
    return frozenset(days)
