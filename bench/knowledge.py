"""Knowledge search benchmark: speed at 1k-50k articles, `supportbot run`'s start-up with 10k
articles, and quality on bench/queries.yaml.

Run `python bench/knowledge.py [--quick]`. Every figure has a same-run baseline beside it:
brute-force rapidfuzz for speed; keyword counting and brute-force rapidfuzz for quality; the
start-up's targets for its time to ready and idle memory.
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is called knowledge.py: keep its folder off the path so `knowledge` is the package;
# the project root goes on it for `bench.common`.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

import yaml  # noqa: E402
from rapidfuzz import fuzz, process, utils  # noqa: E402

from bench.common import percentile  # noqa: E402
from bench.startup import startup  # noqa: E402
from knowledge.base import KnowledgeBase, default_directory  # noqa: E402
from knowledge.index import SearchIndex  # noqa: E402
from knowledge.loader import Article  # noqa: E402
from knowledge.semantic import DEFAULT as DEFAULT_EMBEDDER  # noqa: E402
from knowledge.semantic import embedder_from  # noqa: E402
from knowledge.synthetic import generate_articles, generate_queries  # noqa: E402
from knowledge.text import words  # noqa: E402

KINDS = ("paraphrase", "typo", "error_log", "cross_language", "rambling", "short")
Searcher = Callable[[str, str | None], list[str]]


def brute_choices(articles: Sequence[Article]) -> list[str]:
    """What a brute-force matcher compares against: title, symptoms, keywords, codes."""
    return [" ".join((a.title, *a.symptoms, *a.keywords, *a.error_codes)) for a in articles]


# ------------------------------------------------------------------------------ speed
def resident_mb() -> float:
    """This process's resident memory in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def speed(sizes: Sequence[int], queries: int, brute_queries: int) -> None:
    """Latency of our index vs brute-force rapidfuzz on the same synthetic corpus."""
    print("## Speed: suggest() latency on synthetic articles (ms per query)\n")
    print(
        "| articles | build s | index MB | ours median | ours p99 | brute median | brute p99 "
        "| median ratio | ours hit@3 | brute hit@3 |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    embedder = embedder_from(DEFAULT_EMBEDDER)
    if embedder is not None:
        embedder.embed(["load the model before the clock starts"])
    for size in sizes:
        articles = generate_articles(size)
        sample = generate_queries(articles, queries)
        gc.collect()
        resident = resident_mb()
        started = time.perf_counter()
        index = SearchIndex(articles, embedder=embedder)
        build = time.perf_counter() - started
        gc.collect()  # start each measurement without the build's garbage pending
        memory = resident_mb() - resident
        ours: list[float] = []
        ours_hits = 0
        for query in sample:
            started = time.perf_counter()
            found = index.search(query.text, limit=3)
            ours.append((time.perf_counter() - started) * 1000)
            ours_hits += any(m.article.id == query.article_id for m in found)
        choices = brute_choices(articles)
        brute: list[float] = []
        brute_hits = 0
        for query in sample[:brute_queries]:
            started = time.perf_counter()
            result = process.extract(
                query.text,
                choices,
                scorer=fuzz.token_set_ratio,
                processor=utils.default_process,
                limit=3,
            )
            brute.append((time.perf_counter() - started) * 1000)
            brute_hits += any(articles[i].id == query.article_id for _, _, i in result)
        ours_median, brute_median = statistics.median(ours), statistics.median(brute)
        print(
            f"| {size:,} | {build:.1f} | {memory:.0f} | {ours_median:.2f} "
            f"| {percentile(ours, 0.99):.2f} "
            f"| {brute_median:.1f} | {percentile(brute, 0.99):.1f} "
            f"| {brute_median / ours_median:.0f}x | {ours_hits / len(sample):.0%} "
            f"| {brute_hits / len(brute):.0%} |",
            flush=True,
        )
    print(
        "\nTargets at 50k: p99 <= 5 ms, index <= 150 MB (resident memory the build added, "
        f"lexical + {DEFAULT_EMBEDDER} vectors)."
    )
    print(
        f"\nours: {queries} queries per size; brute force (token_set_ratio, default_process, "
        f"title+symptoms+keywords+codes): first {brute_queries} of them.\n"
    )


# ---------------------------------------------------------------------------- quality
@dataclass(frozen=True)
class Labelled:
    """One query of bench/queries.yaml."""

    text: str
    kind: str
    topic: str | None
    expected: frozenset[str]


def load_queries(path: Path, limit: int | None) -> list[Labelled]:
    """The labelled queries; with a limit, an even share of each kind."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    queries = [
        Labelled(str(r["query"]), str(r["kind"]), r.get("topic"), frozenset(r.get("expected", [])))
        for r in rows
    ]
    if limit is None:
        return queries
    kinds = sorted({q.kind for q in queries})
    per_kind = max(1, limit // max(1, len(kinds)))
    return [q for kind in kinds for q in [q for q in queries if q.kind == kind][:per_kind]]


def keyword_baseline(articles: Sequence[Article]) -> Searcher:
    """What simple ticket bots do: count query words found in title and keywords."""
    bags = [set(words(" ".join((a.title, *a.keywords)))) for a in articles]

    def search(text: str, topic: str | None) -> list[str]:
        """Top 3 article ids for a query."""
        query = {w for w in words(text) if len(w) > 2}
        scored = []
        for article, bag in zip(articles, bags, strict=True):
            hits = len(query & bag)
            if hits:
                scored.append((hits + (0.5 if article.topic == topic else 0.0), article.id))
        scored.sort(key=lambda item: -item[0])
        return [article_id for _, article_id in scored[:3]]

    return search


def bm25_baseline(articles: Sequence[Article], k1: float = 1.2, b: float = 0.75) -> Searcher:
    """Okapi BM25 over title, symptoms, keywords, codes and body: the textbook ranking,
    top 3 of every query with any word in common (it has no threshold)."""
    docs = [
        Counter(words(" ".join((a.title, *a.symptoms, *a.keywords, *a.error_codes, a.body))))
        for a in articles
    ]
    lengths = [sum(doc.values()) for doc in docs]
    average = sum(lengths) / max(1, len(docs))
    frequency = Counter(word for doc in docs for word in doc)
    idf = {w: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for w, n in frequency.items()}

    def search(text: str, topic: str | None) -> list[str]:
        """Top 3 article ids for a query."""
        query = [w for w in set(words(text)) if w in idf]
        scored = []
        for article, doc, length in zip(articles, docs, lengths, strict=True):
            norm = k1 * (1 - b + b * length / average)
            score = sum(idf[w] * doc[w] * (k1 + 1) / (doc[w] + norm) for w in query if w in doc)
            if score > 0:
                scored.append((score, article.id))
        scored.sort(key=lambda item: -item[0])
        return [article_id for _, article_id in scored[:3]]

    return search


def fuzzy_baseline(articles: Sequence[Article], scorer: object, cutoff: float) -> Searcher:
    """Brute-force rapidfuzz over every title, symptom, keyword list and code list separately

    (fairer to WRatio than one long string per article); best field per article, top 3 above
    a score cutoff.
    """
    choices: list[str] = []
    owners: list[int] = []
    for number, a in enumerate(articles):
        for text in (a.title, *a.symptoms, " ".join(a.keywords), " ".join(a.error_codes)):
            if text:
                choices.append(text)
                owners.append(number)

    def search(text: str, topic: str | None) -> list[str]:
        """Top 3 article ids for a query."""
        found = process.extract(
            text,
            choices,
            scorer=scorer,
            processor=utils.default_process,
            limit=40,
            score_cutoff=cutoff,
        )
        best: dict[int, float] = {}
        for _, score, i in found:
            number = owners[i]
            bonus = 5.0 if articles[number].topic == topic else 0.0
            best[number] = max(best.get(number, 0.0), score + bonus)
        ranked = sorted(best, key=lambda n: -best[n])
        return [articles[n].id for n in ranked[:3]]

    return search


def twins_of(articles: Sequence[Article]) -> dict[str, set[str]]:
    """Each article id with the ids of its translations (a twin answers as well)."""
    twins: dict[str, set[str]] = {a.id: {a.id} for a in articles}
    for article in articles:
        if article.translation_of in twins:
            group = twins[article.id] | twins[article.translation_of]
            for member in group:
                twins[member] = group
    return twins


def quality(path: Path, limit: int | None, directory: Path) -> None:
    """Top-1/top-3 hit rate per kind and confident answers to unanswerable queries."""
    kb = KnowledgeBase.load(directory, reload_interval=float("inf"))
    published = [a for a in kb.articles() if a.published]
    queries = load_queries(path, limit)
    twins = twins_of(kb.articles())

    def ours(text: str, topic: str | None) -> list[str]:
        """Confident suggestions only, as the bot shows them."""
        return [s.article_id for s in kb.suggest(text, topic=topic, category=None)]

    def ours_ranked(text: str, topic: str | None) -> list[str]:
        """The raw top 3, ignoring the threshold."""
        return [m.article.id for m in kb.search(text, topic=topic, limit=3)]

    systems: dict[str, Searcher] = {
        "ours": ours,
        "ours, no threshold": ours_ranked,
        "keyword count": keyword_baseline(published),
        "BM25": bm25_baseline(published),
        "rapidfuzz WRatio>=70": fuzzy_baseline(published, fuzz.WRatio, 70),
        "rapidfuzz token_set>=60": fuzzy_baseline(published, fuzz.token_set_ratio, 60),
    }
    results: dict[str, dict[str, list[tuple[bool, bool, bool]]]] = {}
    for name, search in systems.items():
        per_kind: dict[str, list[tuple[bool, bool, bool]]] = {}
        for query in queries:
            found = search(query.text, query.topic)
            accepted = {twin for e in query.expected for twin in twins.get(e, {e})}
            top1 = bool(found) and found[0] in accepted
            top3 = any(f in accepted for f in found[:3])
            per_kind.setdefault(query.kind, []).append((top1, top3, bool(found)))
        results[name] = per_kind
    counts = {kind: sum(q.kind == kind for q in queries) for kind in {q.kind for q in queries}}
    print(f"## Quality on {path.name}: {len(queries)} queries, {len(published)} articles\n")
    header = " | ".join(f"{name} top1/top3" for name in systems)
    print(f"| kind | n | {header} |")
    print("|---|---:|" + "---:|" * len(systems))
    answerable = [k for k in (*KINDS, *sorted(counts)) if k in counts and k != "unanswerable"]
    for kind in dict.fromkeys(answerable):
        cells = []
        for name in systems:
            rows = results[name][kind]
            cells.append(f"{_rate(r[0] for r in rows)} / {_rate(r[1] for r in rows)}")
        print(f"| {kind} | {counts[kind]} | {' | '.join(cells)} |")
    cells = []
    for name in systems:
        rows = [r for kind in dict.fromkeys(answerable) for r in results[name][kind]]
        cells.append(f"**{_rate(r[0] for r in rows)} / {_rate(r[1] for r in rows)}**")
    total = sum(counts[k] for k in dict.fromkeys(answerable))
    print(f"| **answerable** | {total} | {' | '.join(cells)} |")
    cells = []
    for name in systems:
        rows = [r for kind in dict.fromkeys(answerable) for r in results[name][kind]]
        cells.append(_rate(not r[2] for r in rows))
    print(f"| answerable, nothing shown | {total} | {' | '.join(cells)} |")
    if "unanswerable" in counts:
        cells = []
        for name in systems:
            rows = results[name]["unanswerable"]
            cells.append(f"{sum(r[2] for r in rows)}/{len(rows)} suggested")
        print(f"| unanswerable | {counts['unanswerable']} | {' | '.join(cells)} |")
    print(
        "\nA hit counts the articles a system actually shows (ours: only confident matches); "
        "'ours, no threshold' is the raw ranking. Unanswerable: how many got any suggestion "
        f"(target <= 1 in 5). Threshold {kb.threshold:.0f}.\n"
    )


def _rate(values: object) -> str:
    """A share of true values as a percentage."""
    items = list(values)  # type: ignore[call-overload]
    return f"{sum(items) / len(items):.0%}" if items else "-"


def main(argv: Sequence[str] | None = None) -> int:
    """Run both parts; --quick keeps it CI-sized."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k/10k only, fewer queries")
    parser.add_argument("--queries", type=Path, default=HERE / "queries.yaml")
    parser.add_argument(
        "--knowledge",
        type=Path,
        default=default_directory(),
        help="the articles the queries ask about (bench/sets/devtools: the independent set)",
    )
    parser.add_argument("--skip-speed", action="store_true", help="no speed, no start-up")
    args = parser.parse_args(argv)
    if not args.skip_speed:
        if args.quick:
            speed((1_000, 10_000), queries=100, brute_queries=20)
        else:
            speed((1_000, 10_000, 50_000), queries=300, brute_queries=60)
        startup(10_000, runs=1 if args.quick else 3)
    if args.queries.exists():
        quality(args.queries, limit=70 if args.quick else None, directory=args.knowledge)
    else:
        print(f"no {args.queries}: quality part skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
