"""Evidence that one article answers a prepared query: coverage both ways, rapidfuzz, codes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.analyzer import QueryWord, Unit
from knowledge.confidence import Evidence
from knowledge.loader import Article

CODE_PREFIX = "#"
MISSING_BELOW = 0.5  # a query word matched this weakly counts as absent
MASS_CAP = 3.0  # this many rare words matched is as sure as it gets


@dataclass(frozen=True, slots=True)
class Doc:
    """What the re-ranker needs of one article."""

    article: Article
    group: int
    languages: frozenset[str]  # of the article and its translations
    fields: tuple[tuple[Unit, ...], ...]  # title and each symptom
    # Folded title, symptoms and codes for rapidfuzz, a line each: one string per article
    # takes a fifth of the memory of a tuple of them.
    fuzzy: str
    # Every key of title, symptoms, keywords and codes, and of the body, once each: which
    # query words an article matches depends only on which keys it has, so the query's key
    # set is intersected with them in C (tuples: a set per article cost 4x the memory).
    head: tuple[str, ...]
    body: tuple[str, ...]
    codes: tuple[str, ...]  # a tuple: a set per article costs 216 bytes even when empty


@dataclass(frozen=True)
class Probe:
    """A query prepared once for scoring many articles."""

    words: tuple[QueryWord, ...]
    idfs: tuple[float, ...]
    total: float
    keys: dict[str, float]  # best weight of each key over all query words
    owners: dict[str, tuple[tuple[int, float], ...]]  # key -> (query word index, weight)
    fuzzy_text: str
    codes: frozenset[str]
    known: frozenset[str]  # every key of the query
    language: str | None  # the query's, when its words tell
    asks: bool  # begins with a question opener ("can we")


def prepare(
    words: Sequence[QueryWord],
    idfs: Sequence[float],
    fuzzy_text: str,
    *,
    language: str | None = None,
    asks: bool = False,
) -> Probe:
    """Index the query's keys so an article is scored in one pass over its own keys."""
    keys: dict[str, float] = {}
    owners: dict[str, list[tuple[int, float]]] = {}
    for position, word in enumerate(words):
        for key, weight in word.keys.items():
            keys[key] = max(weight, keys.get(key, 0.0))
            owners.setdefault(key, []).append((position, weight))
    return Probe(
        words=tuple(words),
        idfs=tuple(idfs),
        total=sum(idfs) or 1.0,
        keys=keys,
        owners={key: tuple(value) for key, value in owners.items()},
        fuzzy_text=fuzzy_text,
        codes=frozenset(key for key in keys if key.startswith(CODE_PREFIX)),
        known=frozenset(keys),
        language=language,
        asks=asks,
    )


def _best_per_word(keys: tuple[str, ...], probe: Probe) -> list[float]:
    """For each query word, the best weight with which the keys match it."""
    best = [0.0] * len(probe.words)
    owners = probe.owners
    for key in probe.known.intersection(keys):
        for position, weight in owners[key]:
            if weight > best[position]:
                best[position] = weight
    return best


def _coverage(
    field: tuple[Unit, ...], keys: dict[str, float], idf: Mapping[str, float], top: float
) -> float:
    """IDF-weighted share of a title or symptom that the query mentions."""
    total = matched = 0.0
    mentioned = keys.keys()
    for unit in field:
        weight = idf.get(unit[0], top)
        total += weight
        if mentioned.isdisjoint(unit):  # most units: no key of theirs in the query
            continue
        best = 0.0
        for key in unit:
            value = keys.get(key, 0.0)
            if value > best:
                best = value
        matched += weight * best
    return matched / total if total else 0.0


def fuzzy_scores(text: str, docs: Sequence[Doc]) -> list[float]:
    """Each doc's best rapidfuzz token_set_ratio of `text` against its title, symptoms and
    codes, / 100: one call for all of them (the query is tokenised once)."""
    lines = [doc.fuzzy.split("\n") for doc in docs]
    choices = [choice for each in lines for choice in each]
    if not choices:
        return [0.0] * len(docs)
    ratios = process.cdist([text], choices, scorer=fuzz.token_set_ratio, dtype=np.float64)[0]
    scores, start = [], 0
    for each in lines:
        end = start + len(each)
        scores.append(float(ratios[start:end].max()) / 100)
        start = end
    return scores


def evidence(
    doc: Doc,
    probe: Probe,
    idf: Mapping[str, float],
    max_idf: float,
    *,
    topic: str | None,
    category: str | None,
    fuzzy: float,
    semantic: tuple[float, float] = (0.0, 0.0),
) -> Evidence:
    """Everything the confidence model weighs for one article; `fuzzy` from fuzzy_scores."""
    in_head = _best_per_word(doc.head, probe)
    in_body = _best_per_word(doc.body, probe) if doc.body else in_head
    head = body = missing = 0.0
    for position, word_idf in enumerate(probe.idfs):
        h, b = in_head[position], in_body[position]
        head += h * word_idf
        if b > h:
            body += (b - h) * word_idf
        if h < MISSING_BELOW and b < MISSING_BELOW and word_idf > missing:
            missing = word_idf
    field = max((_coverage(f, probe.keys, idf, max_idf) for f in doc.fields), default=0.0)
    mass = min(1.0, head / (max_idf * MASS_CAP))
    # Only when no translation is in the query's language either: a twin in it gives the
    # group its proper words, and the other twin must not win on this.
    across = mass if probe.language not in (None, *doc.languages) else 0.0
    return Evidence(
        head=head / probe.total,
        body=body / probe.total,
        field=field,
        fuzzy=fuzzy,
        code=0.0 if probe.codes.isdisjoint(doc.codes) else 1.0,
        mass=mass,
        missing=missing / max_idf,
        category=1.0 if category and doc.article.category == category else 0.0,
        # No topic chosen (kb search) is no evidence against an article.
        topic=1.0 if topic is None or doc.article.topic == topic else 0.0,
        semantic=semantic[0],
        closest=semantic[1],
        across=across,
        asks=float(probe.asks),
    )
