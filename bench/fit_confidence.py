"""Fit the confidence model (knowledge/confidence.py Weights) on labelled queries.

Run `python bench/fit_confidence.py [--queries bench/queries.yaml]`. It reports k-fold
cross-validated figures first, split by article (the queries about one article are all in
the same fold, so the weights are judged on articles they were not fitted to, as a new
knowledge base would be), then prints weights fitted on all.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import yaml  # noqa: E402

from knowledge.base import KnowledgeBase, default_directory  # noqa: E402
from knowledge.confidence import FEATURES, Evidence, Weights, confidence  # noqa: E402

L2 = 0.001
CANDIDATES = 10
TARGET_UNANSWERED = 0.2


@dataclass(frozen=True)
class Row:
    """One query with the evidence of its candidates and which of them are right."""

    kind: str
    candidates: tuple[tuple[Evidence, bool], ...]
    article: str  # the answer's twin group (its smallest id); "" when unanswerable


def by_article(rows: Sequence[Row], folds: int, seed: int) -> list[list[Row]]:
    """Rows in `folds` groups: every query about one article in the same group; the
    unanswerable queries dealt round."""
    articles = sorted({row.article for row in rows if row.article})
    random.Random(seed).shuffle(articles)
    fold_of = {article: n % folds for n, article in enumerate(articles)}
    groups: list[list[Row]] = [[] for _ in range(folds)]
    unanswerable = [row for row in rows if not row.article]
    random.Random(seed).shuffle(unanswerable)
    for n, row in enumerate(unanswerable):
        groups[n % folds].append(row)
    for row in rows:
        if row.article:
            groups[fold_of[row.article]].append(row)
    return groups


def collect(kb: KnowledgeBase, path: Path) -> list[Row]:
    """Evidence for the top candidates of every labelled query."""
    groups: dict[str, set[str]] = {a.id: {a.id} for a in kb.articles()}
    for article in kb.articles():
        if article.translation_of in groups:
            merged = groups[article.id] | groups[article.translation_of]
            for member in merged:
                groups[member] = merged
    rows = []
    for item in yaml.safe_load(path.read_text(encoding="utf-8")):
        accepted = {twin for e in item.get("expected", []) for twin in groups.get(e, {e})}
        matches = kb.search(str(item["query"]), topic=item.get("topic"), limit=CANDIDATES)
        candidates = tuple((m.evidence, m.article.id in accepted) for m in matches)
        rows.append(Row(str(item["kind"]), candidates, min(accepted, default="")))
    return rows


def fit(rows: Sequence[Row], steps: int = 3000, rate: float = 0.5) -> Weights:
    """L2-regularised logistic regression by gradient descent (pure Python, small data)."""
    data = [(e.vector(), 1.0 if ok else 0.0) for row in rows for e, ok in row.candidates]
    size = len(FEATURES)
    weights = [0.0] * size
    bias = 0.0
    for _ in range(steps):
        grad = [0.0] * size
        grad_bias = 0.0
        for x, y in data:
            z = bias + sum(w * v for w, v in zip(weights, x, strict=True))
            error = 1 / (1 + math.exp(-max(-30.0, min(30.0, z)))) - y
            grad_bias += error
            for i, v in enumerate(x):
                grad[i] += error * v
        bias -= rate * grad_bias / len(data)
        for i in range(size):
            weights[i] -= rate * (grad[i] / len(data) + L2 * weights[i])
    return Weights.from_vector(bias, tuple(weights))


def calibrate(rows: Sequence[Row], ranking: Weights, steps: int = 4000) -> Weights:
    """Platt scaling: rescale the ranking model so its score estimates P(top match is right)."""
    points = []
    for row in rows:
        if not row.candidates:
            continue
        z, ok = max((_logit(e, ranking), ok) for e, ok in row.candidates)
        points.append((z, 1.0 if ok else 0.0))
    scale, shift = 1.0, 0.0
    for _ in range(steps):
        grad_scale = grad_shift = 0.0
        for z, y in points:
            error = 1 / (1 + math.exp(-max(-30.0, min(30.0, scale * z + shift)))) - y
            grad_scale += error * z
            grad_shift += error
        scale -= 0.1 * grad_scale / len(points)
        shift -= 0.1 * grad_shift / len(points)
    values = tuple(scale * w for w in ranking.vector())
    return Weights.from_vector(scale * ranking.bias + shift, values)


def _logit(evidence: Evidence, weights: Weights) -> float:
    """The linear part of the confidence model."""
    return weights.bias + sum(
        w * x for w, x in zip(weights.vector(), evidence.vector(), strict=True)
    )


def evaluate(rows: Sequence[Row], weights: Weights, threshold: float) -> tuple[float, float, float]:
    """Top-1 and top-3 hit rate over shown matches, and share of unanswerable with any."""
    hits1 = hits3 = answerable = confident_unanswerable = unanswerable = 0
    for row in rows:
        scored = sorted(((confidence(e, weights), ok) for e, ok in row.candidates), reverse=True)
        shown = [ok for score, ok in scored[:3] if score >= threshold]
        if row.kind == "unanswerable":
            unanswerable += 1
            confident_unanswerable += bool(shown)
        else:
            answerable += 1
            hits1 += bool(shown) and shown[0]
            hits3 += any(shown)
    return (
        hits1 / max(1, answerable),
        hits3 / max(1, answerable),
        confident_unanswerable / max(1, unanswerable),
    )


def pick_threshold(rows: Sequence[Row], weights: Weights) -> float:
    """The threshold with the best top-3 rate that keeps unanswerable suggestions <= 1 in 5."""
    best = (-1.0, 50.0)
    for threshold in range(5, 96):
        _, top3, unanswered = evaluate(rows, weights, threshold)
        if unanswered <= TARGET_UNANSWERED and top3 >= best[0]:
            best = (top3, float(threshold))
    return best[1]


def main() -> int:
    """Cross-validate, then fit on everything and print the weights to ship."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=Path, default=HERE / "queries.yaml")
    parser.add_argument("--sweep", action="store_true", help="thresholds for shipped weights")
    parser.add_argument("--folds", type=int, default=4, help="folds, split by article")
    parser.add_argument("--repeats", type=int, default=2, help="shuffles of the folds")
    parser.add_argument("--embedder", default="wordllama", help="knowledge.semantic spec")
    args = parser.parse_args()
    kb = KnowledgeBase.load(
        default_directory(), reload_interval=float("inf"), embedder=args.embedder
    )
    rows = collect(kb, args.queries)
    if args.sweep:
        print("shipped weights: threshold -> top1, top3, unanswerable suggested")
        for threshold in range(20, 80, 4):
            top1, top3, unanswered = evaluate(rows, Weights(), threshold)
            print(f"  {threshold}: {top1:.0%} {top3:.0%} {unanswered:.0%}")
        return 0
    print(f"{args.folds}-fold cross-validation split by article, {args.repeats} shuffles:")
    totals = [0.0, 0.0, 0.0]
    for seed in range(args.repeats):
        groups = by_article(rows, args.folds, seed)
        for held_out in range(args.folds):
            test = groups[held_out]
            train = [row for n, group in enumerate(groups) if n != held_out for row in group]
            weights = calibrate(train, fit(train))
            threshold = pick_threshold(train, weights)
            result = evaluate(test, weights, threshold)
            totals = [t + r for t, r in zip(totals, result, strict=True)]
            print(
                f"  seed {seed} fold {held_out}: threshold {threshold:.0f}  top1 {result[0]:.0%}"
                f"  top3 {result[1]:.0%}  unanswerable suggested {result[2]:.0%}"
            )
    runs = args.folds * args.repeats
    print(
        f"  mean: top1 {totals[0] / runs:.0%}  top3 {totals[1] / runs:.0%}  "
        f"unanswerable suggested {totals[2] / runs:.0%}"
    )
    weights = calibrate(rows, fit(rows))
    threshold = pick_threshold(rows, weights)
    top1, top3, unanswered = evaluate(rows, weights, threshold)
    print(f"all: threshold {threshold:.0f}  top1 {top1:.0%}  top3 {top3:.0%}  un {unanswered:.0%}")
    values = ", ".join(f"{n}={getattr(weights, n):.2f}" for n in ("bias", *FEATURES))
    print(f"Weights({values})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
