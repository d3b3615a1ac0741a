"""Turn the evidence for a query's matches into calibrated confidences of 0-100.

Two logistic models: the ranking model weighs the evidence for one (query, article) pair and
orders the articles; the gate says how likely the best of them answers the query at all,
from its ranking logit, its lead over the second best and what kind of query it is. A
paraphrase and a question no article answers can share as few words with the best article;
the lead and the kind of question tell them apart better (bench/fit_confidence.py).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass, fields

FEATURES = (
    "head",
    "body",
    "field",
    "fuzzy",
    "code",
    "mass",
    "missing",
    "category",
    "topic",
    "semantic",
    "closest",
    "across",
)
_IN_ORDER = operator.attrgetter(*FEATURES)  # the values in FEATURES order, in one C call
GATE_FEATURES = ("score", "lead", "asks", "across", "topic", "mass")
MARGIN_CAP = 5.0  # a lead this large (or no second match) is as sure as a lead gets
# A runner-up's confidence falls with its ranking odds against the best to this root: on
# questions the ranking was not fitted on, a close runner-up is right more often than its
# odds say (cross-validated in bench/fit_confidence.py: with 2 rather than plain odds, 1 %
# more questions see the right article, 3 % more of those across languages, for 0.05 more
# wrong articles per question).
RUNNER_UP_SPREAD = 2.0


@dataclass(frozen=True)
class Evidence:
    """Why an article matches a query; every value is between 0 and 1."""

    head: float  # IDF-weighted share of the query found in title, symptoms, keywords, codes
    body: float  # share found only in the article body
    field: float  # best share of one title or symptom that the query mentions
    fuzzy: float  # best rapidfuzz token_set_ratio against title, symptoms, codes, / 100
    code: float  # 1 when an error code of the article is in the query
    mass: float  # matched rare-word evidence in absolute terms (short generic queries are weak)
    missing: float  # IDF of the most telling query word the article lacks, / the highest IDF
    category: float  # 1 when the article is in the category the user chose
    topic: float  # 1 when the article is in the topic the user chose (or none was chosen)
    semantic: float = 0.0  # cosine of query and article embeddings (knowledge.semantic)
    closest: float = 0.0  # 1 when no other candidate's cosine with the query is higher
    # mass when the query is in another language than the article and its translations,
    # else 0: evidence found across languages counts for more (less of it can be found),
    # but none found is no evidence at all
    across: float = 0.0
    # 1 when the query begins like a question about what the product can do ("can we"):
    # the same for every article, so it weighs in the gate, not the ranking.
    asks: float = 0.0

    def vector(self) -> tuple[float, ...]:
        """The ranking features in FEATURES order."""
        values: tuple[float, ...] = _IN_ORDER(self)
        return values


@dataclass(frozen=True)
class Weights:
    """The ranking model: logit = sum(weight * evidence), fitted so that the right article
    of each labelled query wins the softmax over its candidates (bench/fit_confidence.py).
    Only differences between logits matter, so there is no bias. The labelled queries name
    no category, so the category weight is set by hand as a modest boost."""

    head: float = 1.99
    body: float = 0.25
    field: float = 1.69
    fuzzy: float = 1.00
    code: float = 0.38
    mass: float = 2.87
    missing: float = -0.59
    category: float = 2.00
    topic: float = 2.42
    semantic: float = 0.77
    closest: float = 1.08
    across: float = 1.51

    def vector(self) -> tuple[float, ...]:
        """Weights in FEATURES order."""
        values: tuple[float, ...] = _IN_ORDER(self)
        return values

    @classmethod
    def from_vector(cls, values: Sequence[float]) -> Weights:
        """Weights from values in FEATURES order."""
        assert tuple(f.name for f in fields(cls)) == FEATURES
        return cls(*values)


@dataclass(frozen=True)
class Gate:
    """The chance that the best match answers the query: a logistic model over GATE_FEATURES
    of the best match, fitted on one row per labelled query (bench/fit_confidence.py)."""

    bias: float = -5.99
    score: float = 0.78  # the best match's ranking logit
    # its lead in ranking logit over the second best (at most MARGIN_CAP), times its cosine
    # with the query: a lead won on one stray word by an article far in meaning counts little
    lead: float = 0.49
    asks: float = -3.46
    across: float = 1.27
    topic: float = 1.15
    mass: float = 1.33

    def vector(self) -> tuple[float, ...]:
        """Weights in GATE_FEATURES order."""
        return tuple(getattr(self, name) for name in GATE_FEATURES)


def ranking(evidence: Evidence, weights: Weights) -> float:
    """The ranking logit of one article for the query."""
    return float(sum(map(operator.mul, weights.vector(), evidence.vector())))


def gate_inputs(logits: Sequence[float], best: Evidence) -> tuple[float, ...]:
    """GATE_FEATURES of a query whose matches have these ranking logits, best first; `best`
    is the evidence of the first."""
    top = logits[0]
    margin = min(MARGIN_CAP, top - logits[1]) if len(logits) > 1 else MARGIN_CAP
    return (top, margin * best.semantic, best.asks, best.across, best.topic, best.mass)


def confidences(logits: Sequence[float], best: Evidence, gate: Gate) -> list[float]:
    """Each match's confidence (0-100) from the ranking logits of all the query's matches,
    best first:
    the best one's is the gate's estimate, and each other's is that times the square root
    of its odds against the best in the ranking (RUNNER_UP_SPREAD), so a sure best match
    does not carry weak ones along (a gap of 2 in ranking logit takes 63 % off)."""
    if not logits:
        return []
    inputs = gate_inputs(logits, best)
    top = inputs[0]
    sure = _percent(gate.bias + sum(map(operator.mul, gate.vector(), inputs)))
    return [sure * math.exp((z - top) / RUNNER_UP_SPREAD) for z in logits]


def _percent(z: float) -> float:
    return 100.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
