"""What the search learns from closed cases (issue 11, R4): an article's "asked as" phrasings
are searched by their words like its symptoms, and what users answered to it nudges its
confidence (knowledge.outcomes)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.core.learning import Outcomes, Phrasing
from knowledge.index import SearchIndex
from knowledge.loader import Article
from knowledge.semantic import Embedder

# The newest phrasings of an article that are searched. Each is one more way to match
# the article; hundreds would make it match every question of its topic.
PHRASINGS_KEPT = 10


@dataclass(frozen=True)
class Learned:
    """The phrasings per article id (newest last) and (solved, still need help) per article."""

    phrasings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    answers: Mapping[str, tuple[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, phrasings: Iterable[Phrasing], outcomes: Iterable[Outcomes]) -> Learned:
        """What the database holds, as the index uses it."""
        texts: dict[str, list[str]] = {}
        for phrasing in sorted(phrasings, key=lambda p: p.id):
            texts.setdefault(phrasing.article_id, []).append(phrasing.text)
        return cls(
            {article: tuple(kept[-PHRASINGS_KEPT:]) for article, kept in texts.items()},
            {o.article_id: (o.solved, o.unsolved) for o in outcomes},
        )


NOTHING_LEARNED = Learned()


def taught_index(
    articles: Sequence[Article],
    learned: Learned,
    embedder: Embedder | None,
    stopping: threading.Event | None = None,
) -> SearchIndex:
    """The search index of the articles with their phrasings, weighed by the answers;
    IndexingStopped once `stopping` is set."""
    taught = [
        replace(a, asked_as=learned.phrasings[a.id]) if a.id in learned.phrasings else a
        for a in articles
    ]
    return SearchIndex(taught, embedder=embedder, stopping=stopping).weighed(learned.answers)
