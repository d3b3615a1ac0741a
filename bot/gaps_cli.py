"""`supportbot kb gaps` (issue 11, R4): the questions no article answered, grouped by
meaning, for whoever writes the next article."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from bot.core.clock import SystemClock
from bot.core.sla import parse_duration
from bot.settings import Settings
from bot.store import load_knowledge, open_store
from knowledge.gaps import GapGroup, group_gaps


def add_gaps_command(
    kb: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The `kb gaps` subcommand."""
    gaps = kb.add_parser(
        "gaps", parents=[common], help="questions no article answered, grouped by meaning"
    )
    gaps.add_argument("--since", default="30d", help="how far back, e.g. 7d, 12h (default 30d)")
    gaps.add_argument("--limit", type=int, default=20, help="groups shown (default 20)")
    gaps.add_argument("--json", action="store_true", help="one JSON object per group")


async def run_gaps(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """Print the gap groups recorded in the configured database, most asked first."""
    since = SystemClock().now() - parse_duration(args.since)
    engine, repository, _ = await open_store(settings)
    try:
        async with repository.transaction() as uow:
            recorded = await uow.knowledge_gaps(since=since)
    finally:
        await engine.dispose()
    # Reading and indexing the articles takes 12 s at 10k: not to say there is nothing.
    groups = group_gaps(recorded, load_knowledge(settings))[: args.limit] if recorded else []
    if args.json:
        for group in groups:
            print(json.dumps(_as_json(group), ensure_ascii=False), file=out)
        return 0
    if not groups:
        print(f"no knowledge gaps recorded since {since:%Y-%m-%d %H:%M} UTC", file=out)
        return 0
    asked = f"{len(recorded)} question{'s' if len(recorded) != 1 else ''}"
    print(f"{asked} without a good match since {since:%Y-%m-%d}:", file=out)
    for group in groups:
        nearest = (
            f"{group.nearest.article.id} ({group.nearest.score:.0f})" if group.nearest else "none"
        )
        print(
            f"{group.count:>4}x  {group.example!r}  [{', '.join(group.topics) or '-'}]  "
            f"nearest article: {nearest}",
            file=out,
        )
    return 0


def _as_json(group: GapGroup) -> dict[str, Any]:
    nearest = group.nearest
    return {
        "count": group.count,
        "example": group.example,
        "topics": list(group.topics),
        "first_at": group.first_at.isoformat(),
        "last_at": group.last_at.isoformat(),
        "nearest": None
        if nearest is None
        else {"id": nearest.article.id, "title": nearest.article.title, "score": nearest.score},
    }
