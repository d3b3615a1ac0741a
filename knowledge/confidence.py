"""Turn the evidence for one (query, article) pair into a calibrated confidence of 0-100."""

from __future__ import annotations

import math
import operator
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
)
_IN_ORDER = operator.attrgetter(*FEATURES)  # the values in FEATURES order, in one C call


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

    def vector(self) -> tuple[float, ...]:
        """The values in FEATURES order."""
        values: tuple[float, ...] = _IN_ORDER(self)
        return values


@dataclass(frozen=True)
class Weights:
    """A logistic model: confidence = sigmoid(bias + sum(weight * evidence)).

    Fitted by bench/fit_confidence.py (logistic regression, then Platt scaling so the score
    estimates the chance that the top suggestion is right). The labelled queries name no
    category, so the category weight is set by hand as a modest boost.
    """

    bias: float = -5.61
    head: float = 2.53
    body: float = -0.51
    field: float = 2.64
    fuzzy: float = 0.70
    code: float = 1.20
    mass: float = 3.41
    missing: float = -1.66
    category: float = 2.0
    topic: float = 2.01
    semantic: float = 0.03
    closest: float = 1.80

    def vector(self) -> tuple[float, ...]:
        """Weights in FEATURES order."""
        values: tuple[float, ...] = _IN_ORDER(self)
        return values

    @classmethod
    def from_vector(cls, bias: float, values: tuple[float, ...]) -> Weights:
        """Weights from a bias and values in FEATURES order."""
        names = [f.name for f in fields(cls) if f.name != "bias"]
        assert tuple(names) == FEATURES
        return cls(bias, *values)


def confidence(evidence: Evidence, weights: Weights) -> float:
    """Estimated probability (0-100) that the article answers the query."""
    z = weights.bias + sum(map(operator.mul, weights.vector(), evidence.vector()))
    return 100.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
