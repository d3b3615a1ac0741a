"""KnowledgeBase: the catalogue, incidents and article search, reloaded when files change."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core.incidents import IncidentState
from bot.core.learning import Outcomes, Phrasing
from bot.core.model import Catalogue, Incident, KnowledgeGap, Suggestion
from bot.core.reporting import GapLine
from bot.core.snippets import FALLBACK_LANGUAGE, Snippet
from knowledge.catalogue import CATALOGUE_FILE, load_catalogue
from knowledge.index import Match, SearchIndex
from knowledge.learning import NOTHING_LEARNED, Learned, taught_index
from knowledge.loader import (
    ARTICLES_DIR,
    INCIDENTS_DIR,
    Article,
    IncidentRecord,
    content_languages,
    load_articles,
    load_incidents,
)
from knowledge.problems import KnowledgeError, Problem
from knowledge.semantic import DEFAULT as DEFAULT_EMBEDDER
from knowledge.semantic import embedder_from
from knowledge.snippets import SNIPPETS_DIR, load_snippets
from knowledge.stopping import IndexingStopped

log = logging.getLogger(__name__)
# Questions answered from memory (a few KB each) until the knowledge is reloaded.
SUGGESTIONS_KEPT = 1024
SUGGESTIONS_SHOWN = 3  # confident matches among the first this many are shown to a person

Fingerprint = tuple[int, int, int]


def default_directory() -> Path:
    """The knowledge directory shipped with the package (catalogue, articles, incidents)."""
    return Path(__file__).parent


def fingerprint(directory: Path) -> Fingerprint:
    """File count, newest mtime_ns and total size of the knowledge files: cheap change check."""
    count = newest = size = 0
    paths = [directory / CATALOGUE_FILE]
    stack = [directory / ARTICLES_DIR, directory / INCIDENTS_DIR, directory / SNIPPETS_DIR]
    while stack:
        try:
            with os.scandir(stack.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(Path(entry.path))
                    elif entry.name.endswith(".md"):
                        paths.append(Path(entry.path))
        except OSError:
            continue  # a missing folder is a valid (empty) state, not an error
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        count += 1
        newest = max(newest, stat.st_mtime_ns)
        size += stat.st_size
    return count, newest, size


@dataclass(frozen=True)
class Snapshot:
    """Everything loaded from the directory at one moment."""

    catalogue: Catalogue
    articles: tuple[Article, ...]
    incidents: tuple[IncidentRecord, ...]
    index: SearchIndex
    problems: tuple[Problem, ...]
    fingerprint: Fingerprint
    snippets: tuple[Snippet, ...] = ()  # by name, then language (R51)
    learned: Learned = NOTHING_LEARNED  # what the index was taught


def read_directory(
    directory: Path,
    embedder: str = DEFAULT_EMBEDDER,
    learned: Learned = NOTHING_LEARNED,
    *,
    with_articles: bool = True,
    stopping: threading.Event | None = None,
) -> tuple[Snapshot | None, list[Problem]]:
    """Load and validate the whole directory; None when the catalogue itself is unusable.
    `embedder` names the sentence model beside the lexical index (knowledge.semantic);
    `learned`, what the search learnt from closed cases (knowledge.learning). Without
    articles: everything else, with an empty index (what a start serves while it indexes).
    IndexingStopped once `stopping` is set."""
    stamp = fingerprint(directory)
    catalogue, problems = load_catalogue(directory / CATALOGUE_FILE)
    articles, article_problems = (
        load_articles(directory, catalogue, stopping) if with_articles else ((), [])
    )
    incidents, incident_problems = load_incidents(directory, catalogue)
    snippets, snippet_problems = load_snippets(directory, content_languages(catalogue))
    problems = sorted([*problems, *article_problems, *incident_problems, *snippet_problems])
    if catalogue is None:
        return None, problems
    snapshot = Snapshot(
        catalogue=catalogue,
        articles=articles,
        incidents=incidents,
        index=taught_index(
            articles, learned, embedder_from(embedder) if with_articles else None, stopping
        ),
        problems=tuple(problems),
        fingerprint=stamp,
        snippets=snippets,
        learned=learned,
    )
    return snapshot, problems


class KnowledgeBase:
    """Implements the Knowledge port; edits to the directory are picked up without a restart."""

    def __init__(
        self,
        directory: Path,
        snapshot: Snapshot,
        *,
        reload_interval: float = 2.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Serve `snapshot`, checking the directory for changes every `reload_interval` s."""
        self.directory = directory
        self.reload_interval = reload_interval
        self._snapshot = snapshot
        self._monotonic = monotonic
        self._checked_at = monotonic()
        self._check_pending = False  # a worker thread has a check for edits to run
        self._lock = threading.Lock()
        self._learned = NOTHING_LEARNED  # what a reload teaches its index
        self._learning = threading.Lock()  # one lesson at a time
        self.embedder = DEFAULT_EMBEDDER  # what reloads build their index with
        self._suggestions = functools.lru_cache(maxsize=SUGGESTIONS_KEPT)(self._suggest)
        self._indexed = threading.Event()  # the articles are in the served index
        self._indexed.set()
        self._indexing: asyncio.Future[None] | None = None  # load(index_later=True)'s work
        self._stopping = threading.Event()  # set by stop_indexing

    @classmethod
    def load(
        cls,
        directory: Path,
        *,
        reload_interval: float = 2.0,
        embedder: str = DEFAULT_EMBEDDER,
        index_later: bool = False,
    ) -> KnowledgeBase:
        """Load a directory; KnowledgeError when the catalogue is unusable. `index_later`
        (the bot's start, on its event loop) reads and indexes the articles in a worker
        thread of the loop: 10k of them take seconds, which the catalogue, incidents and
        snippets need not wait for; what searches articles waits until they are in
        (`indexed`). The loop's executor, not a thread of our own: asyncio.run joins its
        threads before the interpreter is torn down (a daemon thread was killed mid-way in
        native code, and the process crashed at exit)."""
        snapshot, problems = read_directory(directory, embedder, with_articles=not index_later)
        if snapshot is None:
            raise KnowledgeError(problems)
        for problem in problems:
            log.warning("knowledge problem (file skipped): %s", problem)
        knowledge = cls(directory, snapshot, reload_interval=reload_interval)
        knowledge.embedder = embedder
        if index_later:
            knowledge._indexed.clear()
            loop = asyncio.get_running_loop()
            knowledge._indexing = loop.run_in_executor(None, knowledge._index)
            # Also if the work never ran (cancelled at a shutdown): nobody waits for ever.
            knowledge._indexing.add_done_callback(lambda _: knowledge._indexed.set())
        return knowledge

    def _index(self) -> None:
        """Read and index the articles, taught what was learnt meanwhile, then serve them
        (the start's thread of `load`)."""
        try:
            with self._lock:
                started_from, learned = self._snapshot, self._learned
            snapshot, problems = read_directory(
                self.directory, self.embedder, learned, stopping=self._stopping
            )
            for problem in problems:
                log.warning("knowledge problem (file skipped): %s", problem)
            while snapshot is not None:
                with self._lock:
                    if self._learned == snapshot.learned:
                        # An edit reloaded everything meanwhile (refresh): that version stays.
                        if self._snapshot is started_from:
                            self._snapshot = snapshot
                            self._suggestions.cache_clear()
                        log.info("knowledge indexed: %d articles", len(snapshot.articles))
                        break
                    learned = self._learned
                snapshot = replace(snapshot, index=self._taught(snapshot, learned), learned=learned)
        except IndexingStopped:
            log.info("article indexing given up: the bot is stopping")
        except Exception:
            log.exception("indexing the articles failed; suggestions stay empty")
        finally:
            self._indexed.set()

    def stop_indexing(self) -> None:
        """At a stop: the indexing under way gives up at its next article, so the
        process can end (asyncio.run waits for the worker thread)."""
        self._stopping.set()

    def is_indexed(self) -> bool:
        """Whether the articles are searchable (always, but in the first seconds of a bot
        with many articles)."""
        return self._indexed.is_set()

    async def indexed(self) -> None:
        """Return once the articles are searchable (at once, but in the first seconds of a
        bot with many articles); the event loop goes on meanwhile."""
        if self._indexing is not None and not self._indexing.done():
            await asyncio.shield(self._indexing)  # a waiter cancelled leaves the indexing be

    def _searchable(self) -> Snapshot:
        """The snapshot to search, once the articles are in it (a wait only at a start)."""
        self._indexed.wait()
        return self._current()

    def refresh(self, *, force: bool = False) -> bool:
        """Reload when the files changed (checked at most every reload_interval, and not
        while a start reads them: each of its 10k stats would wait for the GIL the indexing
        holds, 7 s a scan instead of 0.2, holding up the incident news that asks); True if so.
        An edit made meanwhile is found by the first check after the indexing."""
        now = self._monotonic()
        if not force and (now - self._checked_at < self.reload_interval or not self.is_indexed()):
            return False
        with self._lock:
            self._checked_at = now
            current = self._snapshot
            stamp = fingerprint(self.directory)
            if not force and stamp == current.fingerprint:
                return False
            snapshot, problems = read_directory(self.directory, self.embedder, self._learned)
            # A clean version is never replaced by a broken one; a start with problems can be.
            if snapshot is None or (problems and not current.problems):
                for problem in problems:
                    log.warning(
                        "knowledge edit rejected, serving the last good version: %s", problem
                    )
                # Remember the stamp so the same bad edit is read and logged only once.
                self._snapshot = replace(current, fingerprint=stamp)
                return False
            for problem in problems:
                log.warning("knowledge problem (file skipped): %s", problem)
            self._snapshot = snapshot
            self._suggestions.cache_clear()
            log.info(
                "knowledge reloaded: %d articles, %d incidents",
                len(snapshot.articles),
                len(snapshot.incidents),
            )
            return True

    def learn(self, phrasings: Sequence[Phrasing], outcomes: Sequence[Outcomes]) -> None:
        """Search with these "asked as" phrasings and suggestion outcomes from now on
        (issue 11). New phrasings rewrite their articles' postings in the calling thread (the
        service calls this off the event loop) while the old index serves; new outcomes only
        re-weigh it."""
        self._teach(Learned.of(phrasings, outcomes))

    def _teach(self, learned: Learned) -> None:
        with self._learning:
            with self._lock:
                self._learned = learned
                current = self._snapshot
            if learned == current.learned or not self._indexed.is_set():
                return  # known, or the indexing under way is taught it when done
            self._serve(current, self._taught(current, learned), learned)

    def _serve(self, current: Snapshot, index: SearchIndex, learned: Learned) -> None:
        """Serve `current` with `index`, taught `learned`; unless a reload replaced it
        meanwhile, which was taught the same from self._learned: that version stays."""
        with self._lock:
            if self._snapshot is current:
                self._snapshot = replace(current, index=index, learned=learned)
                self._suggestions.cache_clear()

    def _taught(self, current: Snapshot, learned: Learned) -> SearchIndex:
        """The index of a snapshot taught `learned`: the postings of articles whose phrasings
        changed are rewritten (milliseconds), and the answers re-weigh it."""
        return current.index.taught(learned.phrasings).weighed(learned.answers)

    def answered(self, answers: Sequence[tuple[str, bool]]) -> None:
        """Answers to suggested articles (article id, solved) given in this process just now:
        they re-weigh the search at once, without reading every answer back from the
        database (the next `learn` brings those of other processes)."""
        with self._lock:
            counts = dict(self._learned.answers)
            for article_id, solved in answers:
                yes, no = counts.get(article_id, (0, 0))
                counts[article_id] = (yes + 1, no) if solved else (yes, no + 1)
            learned = replace(self._learned, answers=counts)
            self._learned = learned
            current = self._snapshot
        if learned.phrasings != current.learned.phrasings or not self._indexed.is_set():
            return  # a lesson is on its way; it is taught these answers by the next one
        self._serve(current, current.index.weighed(learned.answers), learned)

    def find_article(self, typed: str) -> str | None:
        """The id of the article an agent names (in any letter case), or None."""
        wanted = typed.strip().casefold()
        return next((a.id for a in self.articles() if a.id.casefold() == wanted), None)

    def _current(self) -> Snapshot:
        """The snapshot to serve. A check for edits that is due runs first, or, when called
        on an event loop, in a worker thread while the last version is served: scanning 10k
        files takes 150 ms and reloading them seconds, which other events must not wait for."""
        if self._monotonic() - self._checked_at >= self.reload_interval:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.refresh()
            else:
                if not self._check_pending:
                    self._check_pending = True
                    loop.run_in_executor(None, self._refresh_in_worker)
        return self._snapshot

    def _refresh_in_worker(self) -> None:
        """refresh() in a worker thread, where nobody but the log would see it fail."""
        try:
            self.refresh()
        except Exception:
            log.exception("knowledge check failed; serving the last version")
        finally:
            self._check_pending = False

    def catalogue(self) -> Catalogue:
        """The current catalogue (reloaded when its files change)."""
        return self._current().catalogue

    def active_incidents(self, topic: str) -> Sequence[Incident]:
        """Incidents with status active for a topic (R2), newest first."""
        return tuple(
            i.incident() for i in self._current().incidents if i.active and i.topic == topic
        )

    def incident(self, incident_id: str) -> IncidentState | None:
        """The file incident with this id (any letter case), active or resolved (R56)."""
        wanted = incident_id.upper()
        return next(
            (
                IncidentState(i.incident(), i.active)
                for i in self._current().incidents
                if i.id.upper() == wanted
            ),
            None,
        )

    def resolved_incidents(self) -> frozenset[str]:
        """The ids of the file incidents whose status is resolved, after looking for edits
        (R56; at most every reload_interval; it reads the files: off the event loop)."""
        self.refresh()
        return frozenset(i.id for i in self._snapshot.incidents if not i.active)

    def suggest(
        self,
        text: str,
        *,
        topic: str | None,
        category: str | None,
        limit: int = SUGGESTIONS_SHOWN,
        language: str | None = None,
    ) -> Sequence[Suggestion]:
        """Confident article matches, best first; empty when nothing matches well (R4).
        The same question asked again (the "more" step of an intake, the form after it) is
        answered from memory until the knowledge is reloaded."""
        # Remembered per index: an answer worked out while a worker thread swaps in a reload
        # is never served from the next version.
        index = self._searchable().index
        return self._suggestions(index, text, topic, category, limit, language)

    def _suggest(
        self,
        index: SearchIndex,
        text: str,
        topic: str | None,
        category: str | None,
        limit: int,
        language: str | None,
    ) -> tuple[Suggestion, ...]:
        matches = index.suggest(
            text, topic=topic, category=category, language=language, limit=limit
        )
        return tuple(
            Suggestion(
                m.article.id,
                m.article.title,
                m.article.url,
                m.score,
                topic=m.article.topic,
                category=m.article.category,
            )
            for m in matches
        )

    def search(
        self,
        text: str,
        *,
        topic: str | None = None,
        category: str | None = None,
        language: str | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """Ranked matches with scores, confident or not (for `kb search`)."""
        return self._searchable().index.search(
            text, topic=topic, category=category, language=language, limit=limit
        )

    @property
    def threshold(self) -> float:
        """Score a match needs to be suggested."""
        return self._searchable().index.threshold

    def articles(self) -> tuple[Article, ...]:
        """All valid articles, drafts and retired ones included."""
        return self._searchable().articles

    def incidents(self) -> tuple[IncidentRecord, ...]:
        """All valid incidents, newest first."""
        return self._current().incidents

    def snippet(self, name: str, language: str) -> Snippet | None:
        """A snippet in the language, else in English; None when there is none of the name
        (R51)."""
        versions = {s.language: s for s in self._current().snippets if s.name == name.lower()}
        return versions.get(language) or versions.get(FALLBACK_LANGUAGE)

    def snippets(self, language: str) -> tuple[Snippet, ...]:
        """Every snippet once, by name, each in the language where it has a translation."""
        names = dict.fromkeys(s.name for s in self._current().snippets)
        return tuple(found for name in names if (found := self.snippet(name, language)))

    def problems(self) -> tuple[Problem, ...]:
        """Problems found when the served version was loaded."""
        return self._current().problems

    def gap_lines(self, gaps: Sequence[KnowledgeGap], *, limit: int) -> list[GapLine]:
        """The gaps grouped by meaning, most asked first, at most `limit` groups (R60)."""
        from knowledge.gaps import group_gaps  # knowledge.gaps builds on this module

        return [GapLine(g.count, g.example) for g in group_gaps(gaps, self)[:limit]]
