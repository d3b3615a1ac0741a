"""Article search: an inverted index picks candidates, coverage and rapidfuzz re-rank them."""

from __future__ import annotations

import copy
import math
import threading
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from heapq import nlargest
from itertools import chain
from operator import itemgetter, neg
from typing import NamedTuple

from knowledge.analyzer import Analyzer, Query, QueryWord, Unit
from knowledge.confidence import Evidence, Gate, Weights, confidences, ranking
from knowledge.expand import Expander
from knowledge.lexicon import Lexicon, default_lexicon
from knowledge.loader import Article
from knowledge.memory import release_freed_memory
from knowledge.outcomes import nudges
from knowledge.scoring import CODE_PREFIX, Doc, evidence, fuzzy_scores, prepare
from knowledge.semantic import Embedder, SemanticIndex, Vectors
from knowledge.stopping import check as check_stop
from knowledge.text import words

# Field weights: a word in the title or an error code says more than one in the body.
TITLE, SYMPTOM, KEYWORD, CODE, BODY = 3.0, 2.0, 2.0, 3.0, 0.4
# Generic words before a number in an error code ("HTTP 502"): the number alone is an alias.
GENERIC_CODE_WORDS = frozenset({"http", "error", "err", "status", "code", "exit", "fehler"})
BODY_WORDS = 400  # only the start of a long body is indexed; the rest is rarely the symptom
K1 = 1.2
LENGTH_B = 0.3
MAX_POSTINGS = 1000  # impact-ordered, so the docs where a common word matters most come first
COMMON_POSTINGS = 300
CANDIDATES = 40
DEFAULT_THRESHOLD = 38.0
CLOSE_BELOW = 0.05  # cosine behind the nearest candidate at which closeness reaches 0
FALLBACK_LANGUAGE = "en"  # twin shown when a query (an error code alone) has no language
UNKNOWN_IDF = 1.0  # share of the highest IDF given to a query word no article contains


class Terms(NamedTuple):
    """A document's keys and their weighted frequencies (a tuple and an array take a third
    of the memory of a dict of floats: 10k documents, 16 MB, not 55), and its length as
    written: without its learnt phrasings, so learning one changes no other posting."""

    keys: tuple[str, ...]
    freqs: array[float]
    length: float


@dataclass(frozen=True)
class Match:
    """A ranked article with its confidence (0-100) and the evidence behind it."""

    article: Article
    score: float
    confident: bool
    evidence: Evidence


def _code_keys(code: str) -> list[str]:
    """Index keys of one error code: the whole code and, for HTTP 502 and the like, 502."""
    parts = words(code)
    keys = [CODE_PREFIX + "".join(parts)] if parts else []
    if len(parts) == 2 and parts[0] in GENERIC_CODE_WORDS and parts[1].isdigit():
        keys.append(CODE_PREFIX + parts[1])
    return keys


def _count(freqs: dict[str, float], field: Sequence[Unit], weight: float) -> None:
    """Add a field's weight to each of its keys, once per field however often they occur."""
    for key in {key for unit in field for key in unit}:
        freqs[key] = freqs.get(key, 0.0) + weight


def _idf(documents: int, with_key: int) -> float:
    """BM25's inverse document frequency of a key."""
    return math.log(1 + (documents - with_key + 0.5) / (with_key + 0.5))


def _impacts(freqs: Iterable[float], norm: float) -> list[float]:
    """BM25's saturated term frequencies: each key's weight in one document, before its IDF
    (a document at a time: a call per posting cost 5 % of the build)."""
    return [tf * (K1 + 1) / (tf + norm) for tf in freqs]


def _groups(articles: Sequence[Article]) -> list[int]:
    """Twin group per article: translations share a group (union-find over translation_of)."""
    parent = list(range(len(articles)))
    position = {a.id: i for i, a in enumerate(articles)}

    def root(i: int) -> int:
        """Representative of a group, compressing the path on the way."""
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, article in enumerate(articles):
        j = position.get(article.translation_of or "")
        if j is not None:
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(articles))]


def _languages(articles: Sequence[Article], groups: Sequence[int]) -> dict[int, frozenset[str]]:
    """The languages each twin group is written in; groups with the same languages share one
    frozenset (most are English only, and a set per article would cost 10 MB at 50k)."""
    found: dict[int, set[str]] = {}
    for article, group in zip(articles, groups, strict=True):
        found.setdefault(group, set()).add(article.language)
    shared: dict[frozenset[str], frozenset[str]] = {}
    languages = {}
    for group, each in found.items():
        key = frozenset(each)
        languages[group] = shared.setdefault(key, key)
    return languages


def _meaning(article: Article) -> str:
    """What an article is about, for its embedding: the words a user's problem resembles.
    Not its learnt phrasings: a user's sentence embeds close to any other user's sentence,
    so they would draw unrelated chatty questions to the article."""
    return ". ".join((article.title, *article.symptoms, ", ".join(article.keywords)))


class SearchIndex:
    """Published articles, searchable by free text in English and German."""

    def __init__(
        self,
        articles: Iterable[Article],
        *,
        lexicon: Lexicon | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        weights: Weights | None = None,
        gate: Gate | None = None,
        embedder: Embedder | None = None,
        stopping: threading.Event | None = None,
    ) -> None:
        """Index the published articles; the others are never suggested. With an embedder,
        sentence similarity finds candidates and weighs in the confidence too. Gives up
        (IndexingStopped) between articles once `stopping` is set."""
        self.analyzer = Analyzer(lexicon or default_lexicon())
        self.threshold = threshold
        self.weights = weights or Weights()
        self.gate = gate or Gate()
        published = [a for a in articles if a.published]
        groups = _groups(published)
        languages = _languages(published, groups)
        self.docs: list[Doc] = []
        terms: list[Terms] = []
        for article, group in zip(published, groups, strict=True):
            check_stop(stopping)
            doc, doc_terms = self._document(article, group, languages[group])
            self.docs.append(doc)
            terms.append(doc_terms)
        del languages  # a dict per group: freed before the build hands its pages back
        check_stop(stopping)
        self._build_postings(terms)
        check_stop(stopping)
        self.semantic = (
            SemanticIndex(
                embedder,
                [self.analyzer.content(_meaning(d.article)) for d in self.docs],
                [d.article.topic for d in self.docs],
            )
            if embedder
            else None
        )
        # Log-odds nudge per twin group from what users answered (knowledge.outcomes).
        self.nudges: dict[int, float] = {}
        # Only twin groups: an article without translations has none to show instead.
        sizes = Counter(doc.group for doc in self.docs)
        self.members: dict[int, list[int]] = {}
        for number, doc in enumerate(self.docs):
            if sizes[doc.group] > 1:
                self.members.setdefault(doc.group, []).append(number)
        self.expander = self._expander()
        self._longest_code = max(
            (len(words(c)) for d in self.docs for c in d.article.error_codes), default=1
        )
        release_freed_memory()

    def __len__(self) -> int:
        """Number of indexed (published) articles."""
        return len(self.docs)

    def _document(
        self, article: Article, group: int, languages: frozenset[str]
    ) -> tuple[Doc, Terms]:
        """The re-rank view of an article and its weighted key frequencies."""
        units = self.analyzer.units
        title = units(article.title)
        symptoms = [units(s) for s in article.symptoms]
        asked = [units(s) for s in article.asked_as]
        keywords = [units(k) for k in article.keywords]
        code_units = [units(c) for c in article.error_codes]
        body = units(" ".join(article.body.split()[:BODY_WORDS]))
        weighted: list[tuple[Sequence[Unit], float]] = [(title, TITLE), (body, BODY)]
        weighted += [(s, SYMPTOM) for s in symptoms]
        weighted += [(k, KEYWORD) for k in keywords]
        weighted += [(c, CODE) for c in code_units]
        codes = tuple(dict.fromkeys(key for c in article.error_codes for key in _code_keys(c)))
        freqs: dict[str, float] = {}
        for field, weight in weighted:
            _count(freqs, field, weight)
        for key in codes:
            freqs[key] = freqs.get(key, 0.0) + CODE * 2
        length = sum(freqs.values())
        for field in asked:
            _count(freqs, field, SYMPTOM)
        texts = (article.title, *article.symptoms, *article.asked_as, *article.error_codes)
        doc = Doc(
            article=article,
            group=group,
            languages=languages,
            fields=(title, *symptoms, *asked),
            fuzzy="\n".join(" ".join(words(t)) for t in texts),
            head=tuple(
                dict.fromkeys(
                    [
                        *(k for f, w in weighted if w > BODY for u in f for k in u),
                        *(k for f in asked for u in f for k in u),
                        *codes,
                    ]
                )
            ),
            body=tuple(dict.fromkeys(k for u in body for k in u)),
            codes=codes,
        )
        return doc, Terms(tuple(freqs), array("d", freqs.values()), length)

    def _build_postings(self, terms: list[Terms]) -> None:
        """IDF per key and impact-ordered postings (BM25-style impacts; a key's IDF is applied
        at search time, so a lesson that changes it need not rewrite the key's postings)."""
        total = len(terms)
        self._average = (sum(t.length for t in terms) / total) if total else 1.0
        doc_freq = Counter(chain.from_iterable(t.keys for t in terms))  # counted in C
        self.idf = {key: _idf(total, df) for key, df in doc_freq.items()}
        self.max_idf = math.log(1 + (total + 0.5) / 1.5) if total else 1.0
        # Numbers and impacts go straight into arrays: a million (impact, number) tuples
        # would double the memory the build peaks at, and the idle process keeps that peak.
        raw: dict[str, tuple[array[int], array[float]]] = {}
        for number, (keys, tfs, length) in enumerate(terms):
            for key, impact in zip(keys, _impacts(tfs, self._norm(length)), strict=True):
                entry = raw.get(key)
                if entry is None:
                    entry = raw[key] = (array("i"), array("f"))
                entry[0].append(number)
                entry[1].append(impact)
        for key, (numbers, impacts) in raw.items():
            # Highest impact first; from the highest number down, so ties keep that order.
            order = sorted(range(len(numbers) - 1, -1, -1), key=impacts.__getitem__, reverse=True)
            raw[key] = (
                array("i", [numbers[i] for i in order]),
                array("f", [impacts[i] for i in order]),
            )
        self.postings: dict[str, tuple[array[int], array[float]]] = raw

    def _norm(self, length: float) -> float:
        """BM25's length normalisation of a document of this length (as written)."""
        return K1 * (1 - LENGTH_B + LENGTH_B * length / self._average)

    def _expander(self) -> Expander:
        """Typo and prefix expansion into the words the articles use."""
        idf = self.idf
        return Expander(
            {word: stem for word, stem in self.analyzer.surface.items() if stem in idf},
            (k for k in idf if not k.startswith(("~", CODE_PREFIX))),
            self.analyzer.lexicon,
        )

    def taught(self, phrasings: Mapping[str, tuple[str, ...]]) -> SearchIndex:
        """This index with each article's "asked as" phrasings as given (none for an article
        not named). Only the postings whose frequencies a changed phrasing moves are
        rewritten, so a lesson takes milliseconds where a rebuild took seconds (7 s at 10k
        articles, holding the GIL the event loop needs); the postings and IDFs are those a
        rebuild gives. This index stays as it was: it serves meanwhile."""
        changed = [
            number
            for number, doc in enumerate(self.docs)
            if doc.article.asked_as != phrasings.get(doc.article.id, ())
        ]
        if not changed:
            return self
        taught = copy.copy(self)
        taught.docs = list(self.docs)
        taught.postings = dict(self.postings)
        taught.idf = dict(self.idf)
        rewritten: set[str] = set()
        for number in changed:
            taught._relearn(number, phrasings.get(self.docs[number].article.id, ()), rewritten)
        for key in rewritten:
            with_key = len(taught.postings[key][0])
            if with_key:
                taught.idf[key] = _idf(len(taught.docs), with_key)
            else:
                del taught.postings[key], taught.idf[key]
        taught.expander = taught._expander()
        return taught

    def _relearn(self, number: int, asked_as: tuple[str, ...], rewritten: set[str]) -> None:
        """Give one document these phrasings, in postings copied before their first change
        (`rewritten` holds the keys copied already)."""
        old = self.docs[number]
        # The build keeps no term frequencies: the old ones are worked out again.
        _, before = self._document(old.article, old.group, old.languages)
        article = replace(old.article, asked_as=asked_as)
        doc, after = self._document(article, old.group, old.languages)
        self.docs[number] = doc
        old_freqs = dict(zip(before.keys, before.freqs, strict=True))
        new_freqs = dict(zip(after.keys, after.freqs, strict=True))
        # The length as written: phrasings leave the normalisation be.
        weights = _impacts(after.freqs, self._norm(after.length))
        impacts_now = dict(zip(after.keys, weights, strict=True))
        for key in old_freqs.keys() | new_freqs.keys():
            tf = new_freqs.get(key)
            if tf == old_freqs.get(key):
                continue
            if key not in rewritten:
                numbers, impacts = self.postings.get(key, (array("i"), array("f")))
                self.postings[key] = (array("i", numbers), array("f", impacts))
                rewritten.add(key)
            numbers, impacts = self.postings[key]
            if key in old_freqs:
                at = numbers.index(number)
                del numbers[at], impacts[at]
            if tf is not None:
                impact = array("f", [impacts_now[key]])[0]  # rounded as stored
                # After the higher impacts, and after the equal ones of higher numbers.
                at = bisect_left(impacts, -impact, key=neg)
                while at < len(numbers) and impacts[at] == impact and numbers[at] > number:
                    at += 1
                numbers.insert(at, number)
                impacts.insert(at, impact)

    def _query_words(self, query: Query) -> list[QueryWord]:
        """Query words with typo/prefix expansions, plus error codes found in the text."""
        result: list[QueryWord] = []
        for qw in query.words:
            if qw.word.isdigit() and len(qw.word) < 3:
                continue  # counts and dates ("10 users", "since 3 days") are not topics
            if not any(key in self.postings for key in qw.keys):
                expanded = self.expander.expand(qw.word, qw.keys)
                result.append(QueryWord(qw.word, expanded))
            else:
                result.append(qw)
        seen_codes: set[str] = set()
        all_words = query.all_words
        for size in range(1, self._longest_code + 1):
            for start in range(len(all_words) - size + 1):
                key = CODE_PREFIX + "".join(all_words[start : start + size])
                if key in self.postings and key not in seen_codes:
                    seen_codes.add(key)
                    result.append(QueryWord(key, {key: 1.0}))
        return result

    def _word_idf(self, qw: QueryWord) -> float:
        """How telling a query word is: its own IDF, or the highest for a word no article uses."""
        own = self.idf.get(next(iter(qw.keys)))
        return own if own is not None else UNKNOWN_IDF * self.max_idf

    def _candidates(self, query_words: list[QueryWord], idfs: list[float]) -> list[int]:
        """Docs with the highest summed impact of the query's keys (common keys truncated)."""
        scores: dict[int, float] = {}
        get = scores.get
        rare_first = sorted(range(len(query_words)), key=lambda i: -idfs[i])
        concepts = self.analyzer.lexicon.concepts
        for position in rare_first:
            keys = query_words[position].keys
            for key, weight in keys.items():
                posting = self.postings.get(key)
                # A stem's documents all carry its concept too: reading both is wasted work.
                if posting is None or any(c in keys for c in concepts(key)):
                    continue
                docs, impacts = posting
                factor = weight * self.idf[key]
                # Rare keys are read whole; a common key only where it weighs most.
                cut = MAX_POSTINGS if len(docs) <= MAX_POSTINGS else COMMON_POSTINGS
                for number, impact in zip(docs[:cut], impacts[:cut], strict=True):
                    scores[number] = get(number, 0.0) + impact * factor
        top = nlargest(CANDIDATES, scores.items(), key=itemgetter(1))
        return [number for number, _ in top]

    def search(
        self,
        text: str,
        *,
        topic: str | None = None,
        category: str | None = None,
        language: str | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """Best matches first, one per twin group, confident or not."""
        query = self.analyzer.query(text)
        query_words = self._query_words(query)
        if not query_words:
            return []
        idfs = [self._word_idf(qw) for qw in query_words]
        probe = prepare(query_words, idfs, query.content, language=query.language, asks=query.asks)
        language = language or query.language or FALLBACK_LANGUAGE
        candidates = self._candidates(query_words, idfs)
        vector: Vectors | None = None
        # A query none of whose words any article uses embeds as noise: no semantic guess.
        if self.semantic is not None and candidates:
            vector = self.semantic.query(query.content)
            nearest = self.semantic.nearest(vector, topic)
            candidates = list(dict.fromkeys([*candidates, *nearest]))
        cosines = {number: self._cosine(vector, number) for number in candidates}
        top_cosine = max(cosines.values(), default=0.0)
        docs = [self.docs[number] for number in candidates]
        fuzzy = fuzzy_scores(probe.fuzzy_text, docs)
        # The best twin of each group, by its ranking logit (nudged by what users answered).
        best: dict[int, tuple[float, Doc, Evidence]] = {}
        for number, doc, ratio in zip(candidates, docs, fuzzy, strict=True):
            found = evidence(
                doc,
                probe,
                self.idf,
                self.max_idf,
                topic=topic,
                category=category,
                fuzzy=ratio,
                semantic=(cosines[number], self._closeness(cosines[number], top_cosine)),
            )
            logit = ranking(found, self.weights) + self.nudges.get(doc.group, 0.0)
            previous = best.get(doc.group)
            if previous is None or logit > previous[0]:
                best[doc.group] = (logit, doc, found)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        if not ranked:
            return []
        scores = confidences([logit for _, (logit, _, _) in ranked], ranked[0][1][2], self.gate)
        return [
            self._in_language(group, self._match(doc, found, score), language)
            for (group, (_, doc, found)), score in zip(ranked[:limit], scores, strict=False)
        ]

    def weighed(self, answers: Mapping[str, tuple[int, int]]) -> SearchIndex:
        """This index with each article's confidence nudged by what users answered to it and
        to its translations: (this solved it, still need help) per article id."""
        pooled: dict[int, tuple[int, int]] = {}
        for doc in self.docs:
            solved, unsolved = answers.get(doc.article.id, (0, 0))
            before = pooled.get(doc.group, (0, 0))
            pooled[doc.group] = (before[0] + solved, before[1] + unsolved)
        weighed = copy.copy(self)  # the articles' index is shared, not rebuilt
        weighed.nudges = nudges(pooled)
        return weighed

    @staticmethod
    def _closeness(cosine: float, top: float) -> float:
        """1 for the candidate nearest in meaning, less for those just behind it, 0 from
        CLOSE_BELOW behind: a near tie is no evidence for either, and one phrasing learnt
        for another article must not take the whole bonus away."""
        return max(0.0, 1.0 - (top - cosine) / CLOSE_BELOW) if top > 0 else 0.0

    def _cosine(self, vector: Vectors | None, number: int) -> float:
        """The semantic evidence for one article (0 without an embedder)."""
        if vector is None or self.semantic is None:
            return 0.0
        return self.semantic.cosine(vector, number)

    def _in_language(self, group: int, match: Match, language: str | None) -> Match:
        """The twin in the user's language, carrying the score of the best twin."""
        if language is None or match.article.language == language:
            return match
        for number in self.members.get(group, ()):
            twin = self.docs[number].article
            if twin.language == language:
                return replace(match, article=twin)
        return match

    def suggest(
        self,
        text: str,
        *,
        topic: str | None = None,
        category: str | None = None,
        language: str | None = None,
        limit: int = 3,
    ) -> list[Match]:
        """Only the confident matches, best first."""
        matches = self.search(text, topic=topic, category=category, language=language, limit=limit)
        return [m for m in matches if m.confident]

    def _match(self, doc: Doc, found: Evidence, score: float) -> Match:
        """A match with its confidence, rounded as users see it."""
        shown = round(score, 1)
        return Match(doc.article, shown, shown >= self.threshold, found)


__all__ = ["DEFAULT_THRESHOLD", "Evidence", "Gate", "Match", "SearchIndex", "Weights"]
