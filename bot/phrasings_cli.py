"""`supportbot kb phrasings` (issue 11, R4): the "asked as" phrasings the search learnt from
solved cases, for a knowledge editor to review, and `--remove ID` to take one out (audited)."""

from __future__ import annotations

import argparse
import getpass
import json
from typing import TextIO

from bot.core.clock import SystemClock
from bot.core.learning import Phrasing
from bot.core.model import case_ref
from bot.service.admin import Admin
from bot.settings import Settings
from bot.store import open_store


def add_phrasings_command(
    kb: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The `kb phrasings` subcommand."""
    phrasings = kb.add_parser(
        "phrasings",
        parents=[common],
        help='"asked as" phrasings learnt from solved cases: review, remove',
        description="Each phrasing is the description of a case an agent said an article "
        "solved (`!solved KB-1001` in the case thread); the search treats it as one more "
        "symptom of that article. A running bot stops using a removed one within a minute.",
    )
    phrasings.add_argument("--remove", type=int, metavar="ID", help="remove one (audited)")
    phrasings.add_argument("--article", help="only the phrasings of this article")
    phrasings.add_argument("--json", action="store_true", help="one JSON object per phrasing")


async def run_phrasings(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """List the phrasings of the configured database, or remove one."""
    engine, repository, _ = await open_store(settings)
    admin = Admin(repository, SystemClock(), f"admin:{getpass.getuser()}")
    try:
        if args.remove is not None:
            removed = await admin.remove_phrasing(args.remove)
            print(
                f"removed phrasing {removed.id} of {removed.article_id}: {_line(removed)}", file=out
            )
            return 0
        kept = [p for p in await admin.phrasings() if args.article in (None, p.article_id)]
    finally:
        await engine.dispose()
    if args.json:
        for phrasing in kept:
            print(json.dumps(_as_json(phrasing), ensure_ascii=False), file=out)
        return 0
    if not kept:
        print("no phrasings: agents add them with !solved KB-... in a case thread", file=out)
    for phrasing in kept:
        print(f"{phrasing.id:>5}  {phrasing.article_id:<10} {_line(phrasing)}", file=out)
    return 0


def _line(phrasing: Phrasing) -> str:
    """Case, date and text of a phrasing on one line."""
    return f"{case_ref(phrasing.case_number):<8} {phrasing.created_at:%Y-%m-%d}  {phrasing.text!r}"


def _as_json(phrasing: Phrasing) -> dict[str, object]:
    return {
        "id": phrasing.id,
        "article": phrasing.article_id,
        "case": case_ref(phrasing.case_number),
        "created_at": phrasing.created_at.isoformat(),
        "created_by": phrasing.created_by,
        "text": phrasing.text,
    }
