"""Load and validate knowledge/catalogue.yaml into a bot.core.model.Catalogue."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.model import (
    Calendar,
    Catalogue,
    Category,
    ChannelType,
    Plan,
    SeverityLevel,
    SeverityScheme,
    Topic,
)
from knowledge.calendars import closed_days, region_problem, yearly_day, years_around
from knowledge.problems import Problem
from knowledge.yamlcheck import Checker, YamlError, YList, YMap, load

CATALOGUE_FILE = "catalogue.yaml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
POLICIES = ("hotline", "page")
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")
_HOURS = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_TOP_KEYS = (
    "topics",
    "severity_schemes",
    "calendars",
    "plans",
    "hotlines",
    "queue_leads",
    "oncall_channel",
    "severity1_policy",
    "reminder_fractions",
)
_CATEGORY_KEYS = ("id", "names", "queue", "private", "break_fix", "rules", "max_code_lines")
_LEVEL_KEYS = ("code", "names", "definitions", "response", "critical")
_PLAN_KEYS = (
    "names",
    "scheme",
    "calendar",
    "channels",
    "languages",
    "idle_reminder_days",
    "idle_close_days",
)


def parse_duration(text: str) -> timedelta | None:
    """A duration like 1h, 90m, 2h30m or 1d; None when it is not one or is zero."""
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None or not any(match.groups()):
        return None
    days, hours, minutes = (int(group or 0) for group in match.groups())
    total = timedelta(days=days, hours=hours, minutes=minutes)
    return total if total > timedelta(0) else None


def parse_hours(text: str) -> tuple[time, time] | None:
    """Opening hours like 09:00-17:00 (24:00 allowed as the end); None when malformed."""
    match = _HOURS.fullmatch(text.strip())
    if match is None:
        return None
    h1, m1, h2, m2 = (int(group) for group in match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
        return None
    start = time(h1, m1)
    # A day open until midnight ends at the last representable minute of the day.
    end = time(23, 59, 59) if h2 == 24 else time(h2, m2)
    return (start, end) if start < end else None


def load_catalogue(path: Path) -> tuple[Catalogue | None, list[Problem]]:
    """The catalogue in `path`, or None and the problems that stop it loading."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        return None, [Problem(path, 1, f"cannot read the catalogue: {error.strerror or error}")]
    return parse_catalogue(text, path)


def parse_catalogue(text: str, path: Path) -> tuple[Catalogue | None, list[Problem]]:
    """Parse catalogue YAML text; problems name `path` and the line of the bad value."""
    try:
        data = load(text)
    except YamlError as error:
        return None, [Problem(path, error.line, error.message)]
    check = Checker(path)
    top = check.mapping(data, 1, "the catalogue")
    if top is None:
        return None, check.problems
    check.known_keys(top, _TOP_KEYS, "the catalogue")
    topics, categories = _topics(check, top)
    schemes = _schemes(check, top)
    calendars = _calendars(check, top)
    plans = _plans(check, top, schemes, calendars)
    hotlines = _string_map(check, top, "hotlines")
    queue_leads = _string_map(check, top, "queue_leads")
    queues = {c.queue for c in categories}
    for queue in queue_leads:
        if queue not in queues:
            check.add(
                _line_in(top, "queue_leads", queue),
                f"queue_leads: no category uses queue {queue!r}",
            )
    oncall = check.text(top, "oncall_channel", "the catalogue", required=False) or "oncall"
    policy = check.text(top, "severity1_policy", "the catalogue", required=False) or "hotline"
    if policy not in POLICIES:
        check.add(
            top.line_of("severity1_policy"),
            f"severity1_policy must be one of {', '.join(POLICIES)}",
        )
    fractions = _fractions(check, top)
    if check.problems:
        return None, check.problems
    catalogue = Catalogue(
        topics=topics,
        categories=categories,
        schemes=schemes,
        calendars=calendars,
        plans=plans,
        hotlines=hotlines,
        queue_leads=queue_leads,
        oncall_channel=oncall,
        severity1_policy=policy,
        reminder_fractions=fractions,
    )
    return catalogue, []


def _line_in(top: YMap, section: str, key: str) -> int:
    """Line of a key inside a top-level section, or of the section itself."""
    inner = top.get(section)
    return inner.line_of(key) if isinstance(inner, YMap) else top.line_of(section)


def _entries(check: Checker, items: YList, what: str) -> list[tuple[YMap, int]]:
    """The mapping entries of a list, flagging anything that is not a mapping."""
    result: list[tuple[YMap, int]] = []
    for item, line in zip(items, items.item_lines, strict=True):
        entry = check.mapping(item, line, what)
        if entry is not None:
            result.append((entry, line))
    return result


def _topics(check: Checker, top: YMap) -> tuple[tuple[Topic, ...], tuple[Category, ...]]:
    """Topics and their categories, with duplicate ids flagged."""
    items = check.sequence(top.get("topics"), top.line_of("topics"), "topics")
    if items is None:
        return (), ()
    if not items:
        check.add(items.line, "topics: the catalogue needs at least one topic")
    topics: list[Topic] = []
    categories: list[Category] = []
    seen: dict[str, int] = {}
    for entry, line in _entries(check, items, "a topic"):
        check.known_keys(entry, ("id", "names", "categories"), "a topic")
        topic_id = check.text(entry, "id", "topic")
        what = f"topic {topic_id or '?'}"
        names = check.names(entry, "names", what)
        if topic_id is None:
            continue
        if topic_id in seen:
            check.add(
                entry.line_of("id"),
                f"duplicate topic id {topic_id!r} (first at line {seen[topic_id]})",
            )
            continue
        seen[topic_id] = entry.line_of("id")
        topics.append(Topic(topic_id, names))
        categories.extend(_categories(check, entry, topic_id, line))
    return tuple(topics), tuple(categories)


def _categories(check: Checker, topic: YMap, topic_id: str, line: int) -> list[Category]:
    """Categories of one topic; each needs an id, names and a queue."""
    items = check.sequence(
        topic.get("categories"), topic.line_of("categories"), f"topic {topic_id}: categories"
    )
    if items is None:
        return []
    if not items:
        check.add(items.line, f"topic {topic_id}: needs at least one category")
    result: list[Category] = []
    seen: dict[str, int] = {}
    for entry, _ in _entries(check, items, f"a category of topic {topic_id}"):
        check.known_keys(entry, _CATEGORY_KEYS, f"a category of topic {topic_id}")
        category_id = check.text(entry, "id", f"category of topic {topic_id}")
        what = f"category {topic_id}/{category_id or '?'}"
        names = check.names(entry, "names", what)
        queue = check.text(entry, "queue", what)
        private = check.flag(entry, "private", what, default=False)
        break_fix = check.flag(entry, "break_fix", what, default=True)
        rules = check.names(entry, "rules", what, required=False)
        max_lines = _positive(check, entry, "max_code_lines", what)
        if category_id is None or queue is None:
            continue
        if category_id in seen:
            check.add(
                entry.line_of("id"),
                f"duplicate category id {category_id!r} in topic {topic_id}"
                f" (first at line {seen[category_id]})",
            )
            continue
        seen[category_id] = entry.line_of("id")
        result.append(
            Category(
                id=category_id,
                topic=topic_id,
                names=names,
                queue=queue,
                private=private,
                rules=rules,
                max_code_lines=max_lines,
                break_fix=break_fix,
            )
        )
    return result


def _schemes(check: Checker, top: YMap) -> dict[str, SeverityScheme]:
    """Severity schemes: ordered levels with unique codes and durations."""
    section = check.mapping(
        top.get("severity_schemes"), top.line_of("severity_schemes"), "severity_schemes"
    )
    if section is None:
        return {}
    if not section:
        check.add(section.line, "severity_schemes: define at least one scheme")
    schemes: dict[str, SeverityScheme] = {}
    for scheme_id, value in section.items():
        items = check.sequence(value, section.line_of(scheme_id), f"severity scheme {scheme_id}")
        if items is None:
            continue
        if not items:
            check.add(items.line, f"severity scheme {scheme_id}: needs at least one level")
        levels: list[SeverityLevel] = []
        seen: dict[str, int] = {}
        for entry, _ in _entries(check, items, f"a level of scheme {scheme_id}"):
            check.known_keys(entry, _LEVEL_KEYS, f"a level of scheme {scheme_id}")
            code = check.text(entry, "code", f"a level of scheme {scheme_id}")
            what = f"severity {scheme_id}/{code or '?'}"
            names = check.names(entry, "names", what)
            definitions = check.names(entry, "definitions", what)
            response = _duration(check, entry, "response", what)
            critical = check.flag(entry, "critical", what, default=False)
            if code is None or response is None:
                continue
            if code in seen:
                check.add(
                    entry.line_of("code"),
                    f"duplicate severity code {code!r} in scheme {scheme_id}"
                    f" (first at line {seen[code]})",
                )
                continue
            seen[code] = entry.line_of("code")
            levels.append(SeverityLevel(code, names, definitions, response, critical))
        schemes[scheme_id] = SeverityScheme(scheme_id, tuple(levels))
    return schemes


def _positive(check: Checker, entry: YMap, key: str, what: str) -> int | None:
    """An optional positive whole number such as max_code_lines: 200; None when absent."""
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        check.add(entry.line_of(key), f"{what}: {key} must be a positive whole number")
        return None
    return value


def _duration(check: Checker, entry: YMap, key: str, what: str) -> timedelta | None:
    """A duration field such as response: 4h."""
    text = check.text(entry, key, what)
    if text is None:
        return None
    duration = parse_duration(text)
    if duration is None:
        check.add(
            entry.line_of(key),
            f"{what}: {key} {text!r} is not a duration like 1h, 90m, 2h30m or 1d",
        )
    return duration


def _day(value: object) -> date | None:
    """A date YAML read (unquoted), or one written YYYY-MM-DD in quotes."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()) if isinstance(value, str) else None
    except ValueError:
        return None


def _calendars(check: Checker, top: YMap) -> dict[str, Calendar]:
    """Business-hour calendars: time zone, weekday hours and holidays."""
    section = check.mapping(top.get("calendars"), top.line_of("calendars"), "calendars")
    if section is None:
        return {}
    calendars: dict[str, Calendar] = {}
    for calendar_id, value in section.items():
        what = f"calendar {calendar_id}"
        entry = check.mapping(value, section.line_of(calendar_id), what)
        if entry is None:
            continue
        check.known_keys(entry, ("timezone", "hours", "holidays", "public_holidays"), what)
        zone = check.text(entry, "timezone", what)
        if zone is not None:
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                check.add(entry.line_of("timezone"), f"{what}: unknown time zone {zone!r}")
                zone = None
        hours: dict[int, tuple[time, time]] = {}
        raw_hours = entry.get("hours")
        if raw_hours is not None:
            days = check.mapping(raw_hours, entry.line_of("hours"), f"{what}: hours")
            for day, span in (days or {}).items():
                line = days.line_of(day) if days else entry.line
                if day.lower() not in WEEKDAYS:
                    check.add(line, f"{what}: {day!r} is not a weekday ({', '.join(WEEKDAYS)})")
                    continue
                parsed = parse_hours(span) if isinstance(span, str) else None
                if parsed is None:
                    check.add(
                        line,
                        f'{what}: hours for {day} must look like "09:00-17:00" (start before end)',
                    )
                    continue
                hours[WEEKDAYS.index(day.lower())] = parsed
        region = check.text(entry, "public_holidays", what) if "public_holidays" in entry else None
        if region is not None and (problem := region_problem(region)) is not None:
            check.add(entry.line_of("public_holidays"), f"{what}: public_holidays: {problem}")
            region = None
        dated: set[date] = set()
        yearly: list[tuple[int, int]] = []
        raw_holidays = entry.get("holidays")
        if raw_holidays is not None:
            items = check.sequence(raw_holidays, entry.line_of("holidays"), f"{what}: holidays")
            for item, line in zip(items or [], items.item_lines if items else [], strict=True):
                every_year = yearly_day(item) if isinstance(item, str) else None
                once = _day(item)
                if every_year is not None:
                    yearly.append(every_year)
                elif once is not None:
                    dated.add(once)
                else:
                    check.add(
                        line,
                        f"{what}: holidays: {item!r} is neither a date (YYYY-MM-DD) "
                        "nor a day of every year (MM-DD)",
                    )
        closed = closed_days(
            region=region, yearly=yearly, dated=dated, years=years_around(date.today())
        )
        if zone is not None:
            calendars[calendar_id] = Calendar(calendar_id, zone, hours, closed)
    return calendars


def _plans(
    check: Checker,
    top: YMap,
    schemes: dict[str, SeverityScheme],
    calendars: dict[str, Calendar],
) -> dict[str, Plan]:
    """Support plans, each naming an existing scheme and calendar."""
    section = check.mapping(top.get("plans"), top.line_of("plans"), "plans")
    if section is None:
        return {}
    channels_known = {c.value for c in ChannelType}
    plans: dict[str, Plan] = {}
    for plan_id, value in section.items():
        what = f"plan {plan_id}"
        entry = check.mapping(value, section.line_of(plan_id), what)
        if entry is None:
            continue
        check.known_keys(entry, _PLAN_KEYS, what)
        names = check.names(entry, "names", what)
        scheme = check.text(entry, "scheme", what)
        calendar = check.text(entry, "calendar", what)
        if scheme is not None and scheme not in schemes:
            check.add(entry.line_of("scheme"), f"{what}: unknown severity scheme {scheme!r}")
        if calendar is not None and calendar not in calendars:
            check.add(entry.line_of("calendar"), f"{what}: unknown calendar {calendar!r}")
        channels = check.texts(entry, "channels", what, required=True)
        for channel in channels:
            if channel not in channels_known:
                check.add(
                    entry.line_of("channels"),
                    f"{what}: unknown channel {channel!r} ({', '.join(sorted(channels_known))})",
                )
        languages = check.texts(entry, "languages", what, required=True)
        # R53: how long a case waits on the customer; the model's defaults when not given.
        idle = {
            key: days
            for key in ("idle_reminder_days", "idle_close_days")
            if (days := _positive(check, entry, key, what)) is not None
        }
        if scheme is not None and calendar is not None:
            plans[plan_id] = Plan(plan_id, names, scheme, calendar, channels, languages, **idle)
    return plans


def _string_map(check: Checker, top: YMap, key: str) -> dict[str, str]:
    """A flat name -> text section such as hotlines or queue_leads."""
    if key not in top:
        return {}
    section = check.mapping(top.get(key), top.line_of(key), key)
    result: dict[str, str] = {}
    for name, value in (section or {}).items():
        if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
            check.add(section.line_of(name) if section else top.line, f"{key}: {name} must be text")
        else:
            result[name] = str(value).strip()
    return result


def _fractions(check: Checker, top: YMap) -> tuple[float, ...]:
    """Reminder fractions: increasing numbers between 0 and 1."""
    if "reminder_fractions" not in top:
        return (0.5, 0.8)
    line = top.line_of("reminder_fractions")
    items = check.sequence(top.get("reminder_fractions"), line, "reminder_fractions")
    values: list[float] = []
    for item in items or []:
        if isinstance(item, bool) or not isinstance(item, int | float) or not 0 < item < 1:
            check.add(line, f"reminder_fractions: {item!r} must be a number between 0 and 1")
        else:
            values.append(float(item))
    if values != sorted(values) or len(set(values)) != len(values):
        check.add(line, "reminder_fractions must be increasing")
    return tuple(values)
