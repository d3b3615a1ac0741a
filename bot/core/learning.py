"""Learning from outcomes (issue 11, R4): which article solved a case, in the requester's
own words, and what users answered to the articles suggested to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# What an agent types instead of an article id when no article answers the case.
NEW_ARTICLE_WORDS = frozenset({"new", "neu"})
# The start of a description says what the problem is; the rest (logs, steps tried, thanks)
# would make the article match everything its words touch.
PHRASING_WORDS = 60


@dataclass(frozen=True)
class Phrasing:
    """How a requester asked for what an article answers ("asked as"): their case's
    description, kept once an agent said the article solved the case."""

    id: int
    article_id: str
    text: str
    case_number: int
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class Outcomes:
    """What users answered to one suggested article: "this solved it" and "still need help"."""

    article_id: str
    solved: int
    unsolved: int


@dataclass(frozen=True)
class Solution:
    """What an agent says solved a case: an article, or None when a new one is needed."""

    article_id: str | None


def wants_new_article(word: str) -> bool:
    """True when the agent says no article answers the case ('new', 'neu')."""
    return word.strip().lower() in NEW_ARTICLE_WORDS


def asked_as(description: str) -> str:
    """The phrasing kept of a case's description: its first PHRASING_WORDS words on one line."""
    return " ".join(description.split()[:PHRASING_WORDS])
