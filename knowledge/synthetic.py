"""Synthetic articles and queries with support-like vocabulary, for benchmarks and scale tests."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.loader import Article, ArticleStatus


def _split(text: str) -> tuple[str, ...]:
    """Vocabulary written as one |-separated string, to keep this file short."""
    return tuple(text.split("|"))


OBJECTS = _split(
    "invoice|payment|credit card|subscription|seat|licence|refund|password|login|session|"
    "account|profile|user|role|permission|team|workspace|project|dashboard|widget|chart|"
    "report|export|import|CSV file|spreadsheet|attachment|upload|download link|webhook|"
    "API token|API key|SDK|integration|connector|calendar|notification|e-mail|reminder|"
    "mobile app|tablet|sync|backup|audit log|invitation|domain|certificate|SSO|"
    "SAML assertion|SCIM group|timezone|language|filter|search|template|folder|document|"
    "comment|task|ticket|approval|workflow|form|field|label|tag|archive|trash|storage|"
    "quota|plan|trial|receipt|tax ID|billing address|purchase order"
)
VERBS = _split(
    "download|upload|open|save|delete|rename|share|export|import|sync|load|send|receive|"
    "print|edit|create|restore|connect|verify|approve|invite|filter|sort|schedule|"
    "install|update|sign in to|log out of|reset|renew|cancel|transfer|archive|move"
)
FAILURES = _split(
    "fails|times out|shows an error|is stuck loading|returns a blank page|is missing|"
    "shows the wrong data|keeps spinning|crashes|is rejected|is duplicated|is very slow|"
    "does not arrive|is greyed out|disappears|shows access denied|"
    "loops back to the start|is cut off|has garbled characters"
)
CONTEXTS = _split(
    "after the last update|on Safari|on Android|on iOS|in Firefox|for new users|"
    "for admins only|when the file is large|behind a proxy|with SSO enabled|"
    "on the free plan|in the EU region|since the migration|for some customers|"
    "at month end|with more than 1000 rows|in dark mode|over VPN|on Windows|when offline|"
    "for shared folders|with special characters|in German"
)
PREFIXES = ("INV", "PAY", "AUTH", "SSO", "API", "EXP", "IMP", "SYNC", "MOB", "RPT", "WH", "ACC")
_SYLLABLES = ("ka", "lo", "ri", "mex", "tor", "val", "qui", "zen", "dra", "pol", "sen", "vur")


@dataclass(frozen=True)
class SyntheticQuery:
    """A generated query and the article it was written from."""

    text: str
    article_id: str


def _feature(rng: random.Random) -> str:
    """A made-up feature name: the long tail of rare words real catalogues have."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generate_articles(count: int, *, seed: int = 7) -> list[Article]:
    """`count` published English articles of about 190 characters of title and symptoms."""
    rng = random.Random(seed)
    features = [_feature(rng) for _ in range(max(50, count // 20))]
    articles: list[Article] = []
    for number in range(count):
        obj, obj2 = rng.sample(OBJECTS, 2)
        verb = rng.choice(VERBS)
        failure, failure2 = rng.sample(FAILURES, 2)
        feature = rng.choice(features)
        code = f"{rng.choice(PREFIXES)}-{rng.randint(100, 9999)}"
        title = f"{feature} {obj} {failure} {rng.choice(CONTEXTS)} ({code})"
        symptoms = (
            f"When I {verb} the {obj} in {feature} it {failure2}",
            f"The {obj2} {rng.choice(FAILURES)} {rng.choice(CONTEXTS)}",
        )
        articles.append(
            Article(
                id=f"SYN-{number}",
                title=title,
                topic="synthetic",
                category="general",
                language="en",
                status=ArticleStatus.PUBLISHED,
                url=f"https://kb.example/SYN-{number}",
                symptoms=symptoms,
                error_codes=(code,),
                keywords=(obj, verb, feature.lower()),
                body="",
                path=Path(f"synthetic/SYN-{number}.md"),
            )
        )
    return articles


def _typo(rng: random.Random, word: str) -> str:
    """Swap two neighbouring letters or drop one, like a hurried user."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def generate_queries(
    articles: list[Article], count: int, *, seed: int = 11
) -> list[SyntheticQuery]:
    """Queries written from random articles: partial symptoms, typos, log lines, filler."""
    rng = random.Random(seed)
    queries: list[SyntheticQuery] = []
    for _ in range(count):
        article = rng.choice(articles)
        kind = rng.random()
        # Users name the feature they use; the second symptom alone fits thousands of articles.
        source = rng.choice((article.title, article.symptoms[0]))
        tokens = source.replace("(", " ").replace(")", " ").split()
        if kind < 0.3:
            tokens = [_typo(rng, t) if rng.random() < 0.3 else t for t in tokens]
            text = " ".join(tokens)
        elif kind < 0.5:
            text = (
                f"2026-11-20T10:{rng.randint(10, 59)}:00Z ERROR worker-3 request failed "
                f"code={article.error_codes[0]} status=500 retrying"
            )
        elif kind < 0.8:
            kept = [t for t in tokens if rng.random() < 0.7]
            text = "hi, " + " ".join(kept) + " and I really need this fixed before the deadline"
        else:
            text = f"{article.keywords[2]} {article.keywords[0]} {rng.choice(tokens)}"
        queries.append(SyntheticQuery(text, article.id))
    return queries


def article_text(article: Article) -> str:
    """The Markdown file an editor would write for an article: YAML front matter, then the body."""

    def quoted(value: str | Sequence[str]) -> str:
        # JSON strings and lists of them are valid YAML flow values, whatever they contain.
        return json.dumps(value, ensure_ascii=False)

    lines = [
        "---",
        f"id: {article.id}",
        f"title: {quoted(article.title)}",
        f"topic: {article.topic}",
        f"category: {article.category}",
        f"language: {article.language}",
        f"status: {article.status}",
        f"url: {article.url}",
        "symptoms:",
        *(f"  - {quoted(symptom)}" for symptom in article.symptoms),
        f"error_codes: {quoted(article.error_codes)}",
        f"keywords: {quoted(article.keywords)}",
        *([f"translation_of: {article.translation_of}"] if article.translation_of else []),
        "---",
        article.body,
    ]
    return "\n".join(lines) + "\n"


def write_articles(articles: Iterable[Article], folder: Path) -> None:
    """Each article as folder/<topic>/<id>.md, as an articles/ directory lays them out."""
    for article in articles:
        path = folder / article.topic / f"{article.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(article), encoding="utf-8")
