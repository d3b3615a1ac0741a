"""`supportbot export CS-n` (issue 9, R55): a case's transcript as Markdown or HTML, in the
agents' language and time zone, audited as `admin:<login>`."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TextIO

from bot.core.clock import SystemClock
from bot.core.transcript import Format
from bot.service.export import export_case
from bot.settings import Settings
from bot.store import open_store


def add_export_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The `export` command."""
    export = commands.add_parser(
        "export", parents=[common], help="a case's transcript as a Markdown or HTML file"
    )
    export.add_argument("case", help="the case, e.g. CS-12")
    export.add_argument("--format", choices=[f.value for f in Format], default="md")
    export.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    export.add_argument(
        "--internal", action="store_true", help="include the agents' internal notes"
    )


async def run_export(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """Write the transcript to --out (saying where) or to `out`."""
    engine, repository, _ = await open_store(settings)
    try:
        text = await export_case(
            repository,
            SystemClock(),
            f"admin:{getpass.getuser()}",
            args.case,
            fmt=Format(args.format),
            internal=args.internal,
            locale=settings.agent_locale,
            timezone=settings.agent_timezone,
        )
    finally:
        await engine.dispose()
    if args.out is None:
        out.write(text)
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.case.upper()} written to {args.out}", file=out)
    return 0
