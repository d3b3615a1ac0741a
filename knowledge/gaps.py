"""Knowledge gaps grouped by meaning (R4, issue 11): for whoever writes the next article,
which questions nobody's article answered, how often, in whose words, and the nearest
article there is (perhaps one to extend rather than a new one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from rapidfuzz import fuzz

from bot.core.model import KnowledgeGap
from knowledge.base import KnowledgeBase
from knowledge.index import Match
from knowledge.semantic import Vectors, embedder_from

#: Cosine above which two questions ask the same (wordllama: "can we pay with paypal" and
#: "do you take paypal" 0.86, "dark mode please" and "is there a dark theme" 0.52, unrelated
#: questions below 0.1).
SAME_MEANING = 0.5
#: Without an embedder: rapidfuzz token_set_ratio above which two questions are one.
SAME_WORDS = 70.0


@dataclass(frozen=True)
class GapGroup:
    """Questions that ask the same thing, most asked first."""

    count: int
    example: str  # the first question of the group, as typed
    topics: tuple[str, ...]
    first_at: datetime
    last_at: datetime
    nearest: Match | None  # the best article for the example, however unsure


def group_gaps(gaps: Sequence[KnowledgeGap], knowledge: KnowledgeBase) -> list[GapGroup]:
    """Group recorded gaps by meaning (or by words when search runs without an embedder):
    each question joins the group whose first question it is most like, or starts one."""
    questions = [gap for gap in gaps if gap.query.strip()]
    embedder = embedder_from(knowledge.embedder)
    vectors = embedder.embed([gap.query for gap in questions]) if embedder and questions else None
    leaders: list[int] = []
    members: dict[int, list[KnowledgeGap]] = {}
    for position, gap in enumerate(questions):
        scores = [_likeness(questions, vectors, leader, position) for leader in leaders]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= (SAME_MEANING if vectors is not None else SAME_WORDS):
            members[leaders[best]].append(gap)
        else:
            leaders.append(position)
            members[position] = [gap]
    groups = [_group(members[leader], knowledge) for leader in leaders]
    return sorted(groups, key=lambda group: (-group.count, -group.last_at.timestamp()))


def _likeness(
    questions: Sequence[KnowledgeGap], vectors: Vectors | None, leader: int, position: int
) -> float:
    if vectors is not None:
        return float(vectors[leader] @ vectors[position])
    return fuzz.token_set_ratio(questions[leader].query.lower(), questions[position].query.lower())


def _group(gaps: Sequence[KnowledgeGap], knowledge: KnowledgeBase) -> GapGroup:
    example = gaps[0]
    found = knowledge.search(example.query, topic=example.topic or None, limit=1)
    return GapGroup(
        count=len(gaps),
        example=example.query,
        topics=tuple(dict.fromkeys(gap.topic for gap in gaps if gap.topic)),
        first_at=min(gap.at for gap in gaps),
        last_at=max(gap.at for gap in gaps),
        nearest=found[0] if found else None,
    )
