"""Expand query words the index does not know: typos, prefixes and inflected forms."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.lexicon import Lexicon
from knowledge.text import stem as stem_of

PREFIX_WEIGHT = 0.75
MAX_PREFIXES = 4
MAX_FUZZY = 3
CONCEPT_FACTOR = 0.85
MIN_FUZZY_LENGTH = 4
MIN_PART = 4
COMPOUND_WEIGHT = 0.7
CACHE_SIZE = 4096


def _cutoff(length: int) -> float:
    """Minimum similarity: one edit in short words (exel ~ excel), about two in long ones."""
    return 0.8 if length <= 6 else 0.74


class Expander:
    """Finds known words close to an unknown query word; remembers recent answers."""

    def __init__(self, surface: Mapping[str, str], stems: Iterable[str], lexicon: Lexicon) -> None:
        """Known words are the documents' and the lexicon's, so German typos find concepts."""
        self.lexicon = lexicon
        known = {w for w in stems if len(w) >= 3} | {w for w in lexicon.single if len(w) >= 3}
        self.sorted = sorted(known)
        self.known = frozenset(known)
        # Typos are judged on whole words (expierd ~ expired), then mapped to their stems.
        self.surface = {**lexicon.surface, **surface}
        # Buckets by length and by first or second letter: a typo seldom hits both of them.
        self.buckets: dict[tuple[int, int, str], list[str]] = {}
        for word in sorted(self.surface):
            if len(word) >= MIN_FUZZY_LENGTH - 1 and word.isalpha():
                self.buckets.setdefault((len(word), 0, word[0]), []).append(word)
                self.buckets.setdefault((len(word), 1, word[1]), []).append(word)
        self._cache: dict[str, dict[str, float]] = {}

    def expand(self, word: str, keys: dict[str, float]) -> dict[str, float]:
        """The query word's keys plus close known stems, each with a weight below 1."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._similar(word, next(iter(keys)))
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[word] = cached
        result = dict(keys)
        for key, weight in cached.items():
            if weight > result.get(key, 0.0):
                result[key] = weight
        return result

    def _similar(self, word: str, stem: str) -> dict[str, float]:
        """Known stems near an unknown word: prefixes, compound parts, typos."""
        found: dict[str, float] = {}
        if len(stem) >= 4:
            # Longer known words that start with the query word: config -> configur.
            start = bisect_left(self.sorted, stem)
            for candidate in self.sorted[start : start + MAX_PREFIXES]:
                if not candidate.startswith(stem):
                    break
                # config -> configur is the same word; work -> workflow is not.
                if len(candidate) - len(stem) <= 0.6 * len(stem):
                    found[candidate] = PREFIX_WEIGHT
            # A known word the query word starts with: exportier -> export.
            for cut in range(len(stem) - 1, 4, -1):
                if stem[:cut] in self.known:
                    found.setdefault(stem[:cut], PREFIX_WEIGHT * cut / len(stem))
                    break
        # A compound of two known words: downloadlink -> download + link.
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = stem_of(word[:cut]), stem_of(word[cut:])
            if tail in self.known and (head in self.known or head[:-1] in self.known):
                for part in (head if head in self.known else head[:-1], tail):
                    found[part] = max(found.get(part, 0.0), COMPOUND_WEIGHT)
                break
        if len(word) >= MIN_FUZZY_LENGTH and word.isalpha():
            pool = list(
                dict.fromkeys(
                    w
                    for size in range(len(word) - 1, len(word) + 3)
                    for key in ((size, 0, word[0]), (size, 1, word[1]))
                    for w in self.buckets.get(key, ())
                )
            )
            for candidate, similarity, _ in process.extract(
                word,
                pool,
                scorer=OSA.normalized_similarity,
                score_cutoff=_cutoff(len(word)),
                limit=MAX_FUZZY,
            ):
                target = self.surface[candidate]
                weight = float(similarity) ** 2
                if weight > found.get(target, 0.0):
                    found[target] = weight
        for candidate, weight in list(found.items()):
            for concept in self.lexicon.concepts(candidate):
                found.setdefault(concept, weight * CONCEPT_FACTOR)
        return found
