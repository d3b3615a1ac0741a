"""Load and validate articles (articles/<topic>/<id>.md) and incidents (incidents/<id>.md)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from bot.core.model import Catalogue, Incident
from knowledge.frontmatter import FrontMatterError, split
from knowledge.problems import Problem
from knowledge.stopping import check as check_stop
from knowledge.yamlcheck import Checker, YamlError, YMap, load

ARTICLES_DIR = "articles"
INCIDENTS_DIR = "incidents"
BASE_LANGUAGES = ("en", "de")
_ARTICLE_KEYS = (
    "id",
    "title",
    "topic",
    "category",
    "language",
    "status",
    "url",
    "symptoms",
    "error_codes",
    "keywords",
    "translation_of",
)
_INCIDENT_KEYS = ("id", "title", "topic", "status", "started", "url")
S = TypeVar("S", bound=StrEnum)


class ArticleStatus(StrEnum):
    """Only published articles are suggested."""

    PUBLISHED = "published"
    DRAFT = "draft"
    RETIRED = "retired"


class IncidentStatus(StrEnum):
    """Active incidents are shown before intake (R2)."""

    ACTIVE = "active"
    RESOLVED = "resolved"


@dataclass(frozen=True)
class Article:
    """A known-issue article with everything its front matter says, and where it lives."""

    id: str
    title: str
    topic: str
    category: str
    language: str
    status: ArticleStatus
    url: str
    symptoms: tuple[str, ...]
    error_codes: tuple[str, ...]
    keywords: tuple[str, ...]
    body: str
    path: Path
    line: int = 1
    translation_of: str | None = None
    # How requesters whose cases it solved asked (knowledge.learning): searched by their
    # words like symptoms, but kept out of the article's meaning (knowledge.index).
    asked_as: tuple[str, ...] = ()
    # Line of each front matter field, so cross-file problems can point at the right line.
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def published(self) -> bool:
        """True when the article may be suggested."""
        return self.status is ArticleStatus.PUBLISHED


@dataclass(frozen=True)
class IncidentRecord:
    """An incident file: the core Incident plus status and start time."""

    id: str
    title: str
    topic: str
    status: IncidentStatus
    started: datetime
    url: str
    summary: str
    path: Path
    line: int = 1

    @property
    def active(self) -> bool:
        """True while the incident is ongoing."""
        return self.status is IncidentStatus.ACTIVE

    def incident(self) -> Incident:
        """The core value shown to users."""
        return Incident(self.id, self.title, self.topic, self.url, self.summary)


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files under a folder, sorted so problems come out in a stable order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.md") if p.is_file() and not p.name.startswith("."))


def front_matter(check: Checker, path: Path) -> tuple[YMap, str, int] | None:
    """The front matter mapping, body and the body's first line of one file, or None with a
    problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        check.add(1, f"cannot read: {error}")
        return None
    try:
        parts = split(text)
        data = load(parts.meta, first_line=parts.meta_line)
    except (FrontMatterError, YamlError) as error:
        check.add(error.line, error.message)
        return None
    meta = check.mapping(data, parts.meta_line, "front matter")
    return (meta, parts.body, parts.body_line) if meta is not None else None


def _status(
    check: Checker, meta: YMap, kind: type[S], what: str, default: S | None = None
) -> S | None:
    """A status field parsed into its enum, or None with a problem."""
    raw = check.text(meta, "status", what, required=default is None)
    if raw is None:
        return default
    try:
        return kind(raw.lower())
    except ValueError:
        allowed = "|".join(s.value for s in kind)
        check.add(meta.line_of("status"), f"{what}: status {raw!r} must be one of {allowed}")
        return None


def content_languages(catalogue: Catalogue | None) -> set[str]:
    """The languages articles and snippets may be written in: English, German and the
    plans' agent languages."""
    languages = set(BASE_LANGUAGES)
    if catalogue is not None:
        languages.update(lang for plan in catalogue.plans.values() for lang in plan.languages)
    return languages


def load_articles(
    directory: Path, catalogue: Catalogue | None, stopping: threading.Event | None = None
) -> tuple[tuple[Article, ...], list[Problem]]:
    """Every article under directory/articles; problems for the invalid ones. IndexingStopped
    once `stopping` is set."""
    languages = content_languages(catalogue)
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in markdown_files(directory / ARTICLES_DIR):
        check_stop(stopping)
        check = Checker(path)
        article = _article(check, path, catalogue, languages)
        problems.extend(check.problems)
        if article is not None:
            articles.append(article)
    return _cross_check(articles, problems)


def _article(
    check: Checker, path: Path, catalogue: Catalogue | None, languages: set[str]
) -> Article | None:
    """One article file, or None when it has problems."""
    parsed = front_matter(check, path)
    if parsed is None:
        return None
    meta, body, _ = parsed
    check.known_keys(meta, _ARTICLE_KEYS, "article front matter")
    article_id = check.text(meta, "id", "article")
    what = f"article {article_id or path.stem}"
    title = check.text(meta, "title", what)
    topic = check.text(meta, "topic", what)
    category = check.text(meta, "category", what)
    language = check.text(meta, "language", what)
    url = check.text(meta, "url", what)
    status = _status(check, meta, ArticleStatus, what)
    symptoms = check.texts(meta, "symptoms", what)
    error_codes = check.texts(meta, "error_codes", what)
    keywords = check.texts(meta, "keywords", what)
    translation_of = check.text(meta, "translation_of", what, required=False)
    if language is not None and language.lower() not in languages:
        check.add(
            meta.line_of("language"),
            f"{what}: language {language!r} must be one of {', '.join(sorted(languages))}",
        )
        language = None
    if catalogue is not None and topic is not None:
        if catalogue.topic(topic) is None:
            known = ", ".join(t.id for t in catalogue.topics)
            check.add(meta.line_of("topic"), f"{what}: unknown topic {topic!r} ({known})")
        elif category is not None and catalogue.category(topic, category) is None:
            known = ", ".join(c.id for c in catalogue.categories_of(topic))
            check.add(
                meta.line_of("category"),
                f"{what}: unknown category {category!r} in topic {topic} ({known})",
            )
    if not (symptoms or error_codes or keywords):
        check.add(meta.line, f"{what}: give at least one of symptoms, error_codes, keywords")
    fields = (article_id, title, topic, category, language, url, status)
    if check.problems or any(value is None for value in fields):
        return None
    assert article_id and title and topic and category and language and url and status
    # Words every article repeats are kept once (sys.intern): with 10k articles, a copy each
    # of the field names and of topic, category and language took megabytes.
    return Article(
        id=article_id,
        title=title,
        topic=sys.intern(topic),
        category=sys.intern(category),
        language=sys.intern(language.lower()),
        status=status,
        url=url,
        symptoms=symptoms,
        error_codes=error_codes,
        keywords=keywords,
        body=body,
        path=path,
        line=meta.line,
        translation_of=translation_of,
        field_lines={sys.intern(key): line for key, line in meta.key_lines.items()},
    )


def _line(article: Article, key: str) -> int:
    """Line of a front matter field of an article, or where its front matter starts."""
    return article.field_lines.get(key, article.line)


def _cross_check(
    articles: Iterable[Article], problems: list[Problem]
) -> tuple[tuple[Article, ...], list[Problem]]:
    """Duplicate ids and translation links across all articles."""
    by_id: dict[str, Article] = {}
    unique: list[Article] = []
    for article in articles:
        first = by_id.get(article.id)
        if first is not None:
            problems.append(
                Problem(
                    article.path,
                    _line(article, "id"),
                    f"duplicate article id {article.id!r}"
                    f" (also in {first.path}:{_line(first, 'id')})",
                )
            )
            continue
        by_id[article.id] = article
        unique.append(article)
    kept: list[Article] = []
    for article in unique:
        target_id = article.translation_of
        if target_id is not None:
            target = by_id.get(target_id)
            if target is None:
                problems.append(
                    Problem(
                        article.path,
                        _line(article, "translation_of"),
                        f"article {article.id}: translation_of {target_id!r} is not an article",
                    )
                )
                continue
            if target.language == article.language:
                problems.append(
                    Problem(
                        article.path,
                        _line(article, "translation_of"),
                        f"article {article.id}: translation_of {target_id!r} has the same"
                        f" language ({article.language})",
                    )
                )
                continue
        kept.append(article)
    return tuple(kept), problems


def _started(check: Checker, meta: YMap, what: str) -> datetime | None:
    """The start time; YAML may already have parsed it, and naive times count as UTC."""
    value = meta.get("started")
    if value is None:
        check.add(meta.line_of("started"), f"{what}: missing field 'started'")
        return None
    if isinstance(value, datetime):
        started = value
    elif isinstance(value, date):
        started = datetime(value.year, value.month, value.day)
    else:
        try:
            started = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            check.add(
                meta.line_of("started"),
                f"{what}: started {value!r} is not an ISO time like 2026-11-20T09:30:00Z",
            )
            return None
    return started if started.tzinfo else started.replace(tzinfo=UTC)


def load_incidents(
    directory: Path, catalogue: Catalogue | None
) -> tuple[tuple[IncidentRecord, ...], list[Problem]]:
    """Every incident under directory/incidents, newest first; problems for invalid ones."""
    incidents: list[IncidentRecord] = []
    problems: list[Problem] = []
    seen: dict[str, IncidentRecord] = {}
    for path in markdown_files(directory / INCIDENTS_DIR):
        check = Checker(path)
        incident = _incident(check, path, catalogue)
        problems.extend(check.problems)
        if incident is None:
            continue
        first = seen.get(incident.id)
        if first is not None:
            problems.append(
                Problem(
                    path,
                    incident.line,
                    f"duplicate incident id {incident.id!r} (also in {first.path}:{first.line})",
                )
            )
            continue
        seen[incident.id] = incident
        incidents.append(incident)
    incidents.sort(key=lambda i: i.started, reverse=True)
    return tuple(incidents), problems


def _incident(check: Checker, path: Path, catalogue: Catalogue | None) -> IncidentRecord | None:
    """One incident file, or None when it has problems."""
    parsed = front_matter(check, path)
    if parsed is None:
        return None
    meta, body, _ = parsed
    check.known_keys(meta, _INCIDENT_KEYS, "incident front matter")
    incident_id = check.text(meta, "id", "incident")
    what = f"incident {incident_id or path.stem}"
    title = check.text(meta, "title", what)
    topic = check.text(meta, "topic", what)
    url = check.text(meta, "url", what)
    status = _status(check, meta, IncidentStatus, what)
    started = _started(check, meta, what)
    if catalogue is not None and topic is not None and catalogue.topic(topic) is None:
        known = ", ".join(t.id for t in catalogue.topics)
        check.add(meta.line_of("topic"), f"{what}: unknown topic {topic!r} ({known})")
    if check.problems:
        return None
    assert incident_id and title and topic and url and status and started
    return IncidentRecord(
        id=incident_id,
        title=title,
        topic=topic,
        status=status,
        started=started,
        url=url,
        summary=body.strip(),
        path=path,
        line=meta.line_of("id"),
    )
