"""The search lexicon (lexicon.yaml): stop words, language markers, question openers and
EN<->DE concepts, with the general support vocabulary of vocabulary.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.text import stem, words, words_as_written
from knowledge.yamlcheck import FAST_LOADER

LEXICON_FILE = Path(__file__).with_name("lexicon.yaml")
VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
CONCEPT_PREFIX = "~"
# Compound parts shorter than this match too much by accident (e.g. "abo" in "labor").
MIN_PART = 4


@dataclass(frozen=True)
class Lexicon:
    """Stop words, language markers, and concept terms keyed by stem or stem phrase."""

    stopwords: frozenset[str]
    markers: Mapping[str, frozenset[str]]
    single: Mapping[str, tuple[str, ...]]
    phrases: Mapping[tuple[str, ...], tuple[str, ...]]
    longest_phrase: int
    surface: Mapping[str, str]
    # The stop words as written: a word written with marks is a stop word only when written
    # so here ("für" is one, "ändere" is not, though both fold onto one: "fur", "andere").
    written_stopwords: frozenset[str] = frozenset()
    openers: frozenset[tuple[str, ...]] = frozenset()  # folded words a question begins with
    # Skipped before the openers, longest first: "hi there" before "hi".
    greetings: tuple[tuple[str, ...], ...] = ()

    def asks(self, folded_words: tuple[str, ...]) -> bool:
        """Whether the words begin, after any greetings, with a question opener ("hi
        there, can we", "gibt es")."""
        rest = folded_words
        while greeting := next((g for g in self.greetings if rest[: len(g)] == g), None):
            rest = rest[len(greeting) :]
        return any(rest[: len(opener)] == opener for opener in self.openers)

    def is_stop(self, word: str, written: str) -> bool:
        """Whether a folded word, written so, is a stop word."""
        return word in self.stopwords and (written == word or written in self.written_stopwords)

    def concepts(self, word_stem: str) -> tuple[str, ...]:
        """Concept terms (~name) of a single stem."""
        return self.single.get(word_stem, ())

    def compound_parts(self, word: str) -> list[tuple[str, tuple[str, ...]]]:
        """Known stems at the start or end of a long word, e.g. rechnungsadresse -> rechnung."""
        found: list[tuple[str, tuple[str, ...]]] = []
        if len(word) < 2 * MIN_PART:
            return found
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            # German compounds often join with an s: rechnungs|adresse.
            bare = head[:-1] if head.endswith("s") else head
            head_concepts = self.single.get(stem(head)) or self.single.get(stem(bare))
            tail_concepts = self.single.get(stem(tail))
            # A short head only counts when the rest is a word too: not date|nexport.
            if head_concepts and (len(head) >= 6 or tail_concepts or tail in self.surface):
                part = stem(head) if stem(head) in self.single else stem(bare)
                if (part, head_concepts) not in found:
                    found.append((part, head_concepts))
            if tail_concepts and (stem(tail), tail_concepts) not in found:
                found.append((stem(tail), tail_concepts))
        return found

    def guess_language(self, folded_words: list[str], original: str) -> str | None:
        """The language whose marker words occur most; umlauts count for German."""
        counts = {
            lang: sum(w in marks for w in folded_words) for lang, marks in self.markers.items()
        }
        if "de" in counts and any(ch in original for ch in "äöüÄÖÜß"):
            counts["de"] += 2
        if not counts:
            return None
        best = max(counts, key=lambda lang: counts[lang])
        ranked = sorted(counts.values(), reverse=True)
        if ranked[0] == 0 or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return None
        return best


def parse_lexicon(data: object) -> Lexicon:
    """Build a Lexicon from the parsed YAML mapping."""
    if not isinstance(data, dict):
        raise ValueError("lexicon: top level must be a mapping")
    stop: set[str] = set()
    written_stop: set[str] = set()
    for item in (item for ws in data.get("stopwords", {}).values() for item in ws):
        folded, written = words_as_written(str(item))
        stop.update(folded)
        written_stop.update(written)
    markers = {
        str(lang): frozenset(w for item in ws for w in words(str(item)))
        for lang, ws in data.get("markers", {}).items()
    }
    openers, greetings = (
        {tuple(words(str(item))) for ws in data.get(key, {}).values() for item in ws}
        for key in ("question_openers", "greetings")
    )
    single: dict[str, list[str]] = {}
    surface: dict[str, str] = {}
    phrases: dict[tuple[str, ...], list[str]] = {}
    for name, entries in data.get("concepts", {}).items():
        concept = CONCEPT_PREFIX + str(name)
        for entry in entries:
            entry_words = words(str(entry))
            parts = tuple(stem(w) for w in entry_words)
            if not parts:
                continue
            if len(parts) == 1:
                surface[entry_words[0]] = parts[0]
            target = (
                single.setdefault(parts[0], [])
                if len(parts) == 1
                else phrases.setdefault(parts, [])
            )
            if concept not in target:
                target.append(concept)
    return Lexicon(
        stopwords=frozenset(stop),
        written_stopwords=frozenset(written_stop),
        markers=markers,
        single={k: tuple(v) for k, v in single.items()},
        phrases={k: tuple(v) for k, v in phrases.items()},
        longest_phrase=max((len(p) for p in phrases), default=1),
        surface=surface,
        openers=frozenset(openers),
        greetings=tuple(sorted(greetings, key=len, reverse=True)),
    )


def with_vocabulary(lexicon: dict[str, object], vocabulary: object) -> dict[str, object]:
    """The lexicon's mapping with the vocabulary's concepts added; a concept named in both
    gets the terms of both."""
    extra = vocabulary.get("concepts", {}) if isinstance(vocabulary, dict) else {}
    own = lexicon.get("concepts", {})
    concepts = {**own} if isinstance(own, dict) else {}
    for name, entries in extra.items():
        concepts[name] = [*concepts.get(name, ()), *entries]
    return {**lexicon, "concepts": concepts}


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon and vocabulary, read once."""
    lexicon, vocabulary = (
        yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
        for path in (LEXICON_FILE, VOCABULARY_FILE)
    )
    return parse_lexicon(with_vocabulary(lexicon, vocabulary))
