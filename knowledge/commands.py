"""`supportbot kb check` and `supportbot kb search`: what a knowledge editor runs."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TextIO

from knowledge.base import SUGGESTIONS_SHOWN, KnowledgeBase, read_directory
from knowledge.semantic import DEFAULT as DEFAULT_EMBEDDER


def run_check(directory: Path, out: TextIO, today: date | None = None) -> int:
    """Print `path:line: message` per problem and a summary; 1 when anything is wrong. A
    business calendar without a closed day in the coming year is warned of (exit 0)."""
    snapshot, problems = read_directory(directory)
    for problem in problems:
        print(problem, file=out)
    if snapshot is not None:
        coming = (today or date.today()).year + 1
        for calendar in snapshot.catalogue.calendars.values():
            if not calendar.always_open and all(d.year != coming for d in calendar.holidays):
                print(
                    f"warning: calendar {calendar.id} has no holidays in {coming}: add "
                    "public_holidays (e.g. DE-BY) or its closure days",
                    file=out,
                )
    if snapshot is None:
        print(f"{len(problems)} problem(s); the catalogue cannot be loaded", file=out)
        return 1
    published = sum(a.published for a in snapshot.articles)
    active = sum(i.active for i in snapshot.incidents)
    catalogue = snapshot.catalogue
    counts = (
        f"{len(catalogue.topics)} topics, {len(catalogue.categories)} categories, "
        f"{len(snapshot.articles)} articles ({published} published), "
        f"{len(snapshot.incidents)} incidents ({active} active), "
        f"{len({s.name for s in snapshot.snippets})} snippets"
    )
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} problem(s) in {files} file(s); loaded {counts}", file=out)
        return 1
    print(f"OK: {counts}", file=out)
    return 0


def run_search(
    directory: Path,
    question: str | TextIO,
    *,
    topic: str | None,
    category: str | None,
    as_json: bool,
    limit: int,
    out: TextIO,
    embedder: str = DEFAULT_EMBEDDER,
) -> int:
    """Ranked matches with scores for one question (`*` marks those confident enough to be
    suggested), or for each line of a question log, one JSON line each."""
    kb = KnowledgeBase.load(directory, reload_interval=float("inf"), embedder=embedder)
    if not isinstance(question, str):
        return _question_log(kb, question, topic=topic, category=category, limit=limit, out=out)
    matches = kb.search(question, topic=topic, category=category, limit=limit)
    if as_json:
        rows = [
            {
                "id": m.article.id,
                "title": m.article.title,
                "url": m.article.url,
                "language": m.article.language,
                "topic": m.article.topic,
                "category": m.article.category,
                "score": m.score,
                "confident": m.confident,
                "evidence": {k: round(v, 3) for k, v in asdict(m.evidence).items()},
            }
            for m in matches
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=out)
        return 0
    if not matches:
        print("no matching articles", file=out)
        return 0
    print(f"{'score':>6}    {'id':<10} {'lang':<4} {'topic/category':<24} title", file=out)
    for m in matches:
        mark = "*" if m.confident else " "
        where = f"{m.article.topic}/{m.article.category}"
        print(
            f"{m.score:>6.1f} {mark}  {m.article.id:<10} {m.article.language:<4} {where:<24} "
            f"{m.article.title}",
            file=out,
        )
    confident = sum(m.confident for m in matches)
    print(
        f"* = suggested to users (score >= {kb.threshold:.0f});"
        f" {confident} of {len(matches)} shown",
        file=out,
    )
    return 0


def _question_log(
    kb: KnowledgeBase,
    questions: TextIO,
    *,
    topic: str | None,
    category: str | None,
    limit: int,
    out: TextIO,
) -> int:
    """Per question (one a line, blank lines skipped) the ranked matches, their scores and
    which a person would be shown, so a team can score its own question log."""
    for line in questions:
        text = line.strip()
        if not text:
            continue
        matches = kb.search(text, topic=topic, category=category, limit=limit)
        row = {
            "query": text,
            "matches": [
                {
                    "id": m.article.id,
                    "title": m.article.title,
                    "language": m.article.language,
                    "score": m.score,
                    # What the bot's suggestion step shows: confident, and among the first few.
                    "shown": m.confident and rank < SUGGESTIONS_SHOWN,
                }
                for rank, m in enumerate(matches)
            ],
        }
        print(json.dumps(row, ensure_ascii=False), file=out, flush=True)  # a stream, line by line
    return 0
