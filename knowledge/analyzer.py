"""Turn text into search units: stems plus the concepts and compound parts they stand for."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.lexicon import Lexicon
from knowledge.text import stem, words_as_written

# A unit is one meaningful word of a text: its stem first, then other keys that mean the
# same (concepts, compound parts). A query word matches a document word when they share a key.
Unit = tuple[str, ...]

CONCEPT_WEIGHT = 0.85
PART_WEIGHT = 0.5


@dataclass(frozen=True)
class QueryWord:
    """One meaningful query word and the keys it may match, each with a weight up to 1."""

    word: str
    keys: dict[str, float]


@dataclass(frozen=True)
class Query:
    """An analysed query."""

    text: str
    all_words: tuple[str, ...]
    words: tuple[QueryWord, ...]
    language: str | None
    content: str  # its words without stop words, folded: re-ranked by rapidfuzz, embedded
    asks: bool = False  # begins with a question opener ("can we", "gibt es")


class Analyzer:
    """Applies one lexicon to documents and queries alike, so both sides agree on keys."""

    def __init__(self, lexicon: Lexicon) -> None:
        """Use this lexicon's stop words and concepts."""
        self.lexicon = lexicon
        self._units: dict[str, Unit] = {}
        # Every meaningful word seen in documents, folded, with its stem: typo targets.
        self.surface: dict[str, str] = {}
        # Only the lengths of the phrases a stem begins are looked up there (bodies are long,
        # and most phrase starts begin only one or two phrases).
        sizes: dict[str, set[int]] = {}
        for phrase in lexicon.phrases:
            sizes.setdefault(phrase[0], set()).add(len(phrase))
        self._phrase_sizes = {first: tuple(sorted(each)) for first, each in sizes.items()}

    def _phrase_concepts(self, stems: list[str]) -> dict[int, list[str]]:
        """Concepts of multi-word phrases, attached to each position the phrase covers
        (shorter phrases first, then from left to right)."""
        matched: list[tuple[int, int, tuple[str, ...]]] = []
        phrases, sizes_of, length = self.lexicon.phrases, self._phrase_sizes.get, len(stems)
        for start, word_stem in enumerate(stems):
            for size in sizes_of(word_stem, ()):
                if start + size > length:
                    break
                concepts = phrases.get(tuple(stems[start : start + size]))
                if concepts:
                    matched.append((size, start, concepts))
        found: dict[int, list[str]] = {}
        for size, start, concepts in sorted(matched):
            for position in range(start, start + size):
                found.setdefault(position, []).extend(concepts)
        return found

    def _unit(self, word: str, extra: tuple[str, ...] = ()) -> Unit:
        """The keys of one word; shared between documents to keep 50k articles small."""
        cache_key = word if not extra else word + "\0" + "\0".join(extra)
        cached = self._units.get(cache_key)
        if cached is not None:
            return cached
        word_stem = stem(word)
        self.surface[word] = word_stem
        keys = [word_stem, *self.lexicon.concepts(word_stem), *extra]
        if not self.lexicon.concepts(word_stem):
            for part, concepts in self.lexicon.compound_parts(word):
                keys.extend((part, *concepts))
        unit = tuple(dict.fromkeys(keys))
        self._units[cache_key] = unit
        return unit

    def content(self, text: str) -> str:
        """The text's words without stop words, folded: what it is about. Embedded so, a
        text's filler ("our", "every single time") does not dilute its meaning."""
        return self._content(*words_as_written(text))

    def _content(self, folded: list[str], written: list[str]) -> str:
        is_stop = self.lexicon.is_stop
        pairs = zip(folded, written, strict=True)
        return " ".join(word for word, as_written in pairs if not is_stop(word, as_written))

    def units(self, text: str) -> tuple[Unit, ...]:
        """Units of a document field, in order; stop words only count inside phrases."""
        folded, written = words_as_written(text)
        stems = [stem(w) for w in folded]
        phrase = self._phrase_concepts(stems)
        # The hot loop of indexing (bodies are long): most words are known and in no phrase,
        # and no stop word (a set lookup before is_stop spares the call).
        stopwords, is_stop = self.lexicon.stopwords, self.lexicon.is_stop
        unit_of, known = self._unit, self._units.get
        result: list[Unit] = []
        orphans: list[str] = []
        for position, word in enumerate(folded):
            extra = phrase.get(position)
            if word in stopwords and is_stop(word, written[position]):
                orphans.extend(extra or ())
            elif extra:
                result.append(unit_of(word, tuple(extra)))
            else:
                result.append(known(word) or unit_of(word))
        if orphans:
            # A phrase made only of stop words ("no data") still counts as one unit.
            covered = {key for unit in result for key in unit}
            result.extend((c,) for c in dict.fromkeys(orphans) if c not in covered)
        return tuple(result)

    def query(self, text: str) -> Query:
        """Analyse a user's query."""
        folded, written = words_as_written(text)
        stems = [stem(w) for w in folded]
        phrase = self._phrase_concepts(stems)
        query_words: list[QueryWord] = []
        seen: set[str] = set()
        loose: dict[str, float] = {}
        for position, word in enumerate(folded):
            extra = phrase.get(position, [])
            if self.lexicon.is_stop(word, written[position]):
                for concept in extra:
                    loose[concept] = CONCEPT_WEIGHT
                continue
            word_stem = stems[position]
            if word_stem in seen:
                continue
            seen.add(word_stem)
            keys = {word_stem: 1.0}
            for concept in (*self.lexicon.concepts(word_stem), *extra):
                keys.setdefault(concept, CONCEPT_WEIGHT)
            if len(keys) == 1:
                for part, concepts in self.lexicon.compound_parts(word):
                    keys.setdefault(part, PART_WEIGHT)
                    for concept in concepts:
                        keys.setdefault(concept, PART_WEIGHT)
            query_words.append(QueryWord(word, keys))
        covered = {key for qw in query_words for key in qw.keys}
        for concept, weight in loose.items():
            if concept not in covered:
                query_words.append(QueryWord(concept, {concept: weight}))
        return Query(
            text=text,
            all_words=tuple(folded),
            words=tuple(query_words),
            language=self.lexicon.guess_language(folded, text),
            content=self._content(folded, written),
            asks=self.lexicon.asks(tuple(folded)),
        )
