"""What users answered to suggested articles, as a small bounded nudge of their confidence
(issue 11, R4): "this solved it" raises an article, "still need help" lowers it.

An article's answers are compared with the average article's, not with zero: "still need
help" is recorded for every article offered together, so most articles collect more of it
than of "this solved it", and an absolute count would sink them all over time. Each article
starts with PRIOR_ANSWERS answers at the average rate (empirical Bayes), so a handful of
clicks moves it little (three "still need help" where the average is one in two: -0.26).
The nudge is at most MAX_NUDGE, added to the article's ranking logit
(knowledge.confidence), because an answer says whether the article helped one person's
question, not whether it fits the next one: the words of the question stay what decides,
the answers only tip close calls.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeVar

PRIOR_ANSWERS = 20.0
MAX_NUDGE = 0.5

Key = TypeVar("Key")


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def nudges(answers: Mapping[Key, tuple[int, int]]) -> dict[Key, float]:
    """Log-odds nudge per key from its (solved, still need help) counts."""
    solved = sum(s for s, _ in answers.values())
    total = sum(s + u for s, u in answers.values())
    average = (solved + 1.0) / (total + 2.0)  # Laplace: never 0 or 1
    result: dict[Key, float] = {}
    for key, (yes, no) in answers.items():
        rate = (yes + PRIOR_ANSWERS * average) / (yes + no + PRIOR_ANSWERS)
        shift = _logit(rate) - _logit(average)
        result[key] = max(-MAX_NUDGE, min(MAX_NUDGE, shift))
    return result
