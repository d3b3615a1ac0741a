"""`supportbot report` (issue 9, R60): the support leads' report of a period as report.md
and PNG charts in a directory."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.core.clock import SystemClock
from bot.core.sla import parse_duration
from bot.i18n import BOT_LANGUAGES, language
from bot.service.report import read_report
from bot.service.report_md import report_markdown
from bot.settings import Settings
from bot.store import load_knowledge, open_store


def add_report_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The `report` command."""
    report = commands.add_parser(
        "report", parents=[common], help="the support leads' report: report.md and charts"
    )
    report.add_argument("--since", default="7d", help="how far back, e.g. 7d, 12h (default 7d)")
    report.add_argument(
        "--until",
        help="end of the period, ISO time with zone, e.g. 2026-11-30T08:00Z (default now)",
    )
    report.add_argument("--org", help="only this org's cases (default: all orgs)")
    report.add_argument(
        "--out", type=Path, default=Path("report"), help="directory to write (default ./report)"
    )
    report.add_argument(
        "--language",
        help="language of report.md and the charts, e.g. de (default: the agents' language, "
        "SUPPORTBOT_AGENT_LOCALE)",
    )


async def run_report(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """Write report.md and its charts for the period up to now; say where."""
    try:
        period = parse_duration(args.since)
    except ValueError as error:
        raise ValueError(f"--since: {error}") from None
    until = _until(args.until) if args.until else SystemClock().now()
    locale = _language(args.language) if args.language else settings.agent_locale
    since = until - period
    knowledge = load_knowledge(settings)
    engine, repository, _ = await open_store(settings)
    try:
        async with repository.transaction() as uow:
            if args.org is not None and await uow.org(args.org) is None:
                raise ValueError(
                    f"--org: no org {args.org!r}; orgs come from directory.yaml or "
                    "`supportbot admin org add`"
                )
            report = await read_report(uow, knowledge, since=since, until=until, org=args.org)
    finally:
        await engine.dispose()
    # matplotlib loads here, not with the CLI: every other command would pay its 0.5 s.
    from bot.charts import write_charts

    args.out.mkdir(parents=True, exist_ok=True)
    charts = write_charts(report, args.out, locale)
    markdown = report_markdown(report, charts, locale)
    (args.out / "report.md").write_text(markdown, encoding="utf-8")
    print(
        f"report from {since:%Y-%m-%d %H:%M} UTC to {until:%Y-%m-%d %H:%M} UTC written to "
        f"{args.out / 'report.md'} with {len(charts)} charts",
        file=out,
    )
    return 0


def _language(text: str) -> str:
    """The --language asked for, if the bot writes it; ValueError names the languages."""
    if language(text) != text.replace("_", "-").split("-")[0].lower():
        known = ", ".join(BOT_LANGUAGES)
        raise ValueError(f"--language: the report is written in {known}, not {text!r}")
    return text


def _until(text: str) -> datetime:
    """The --until time in UTC; ValueError names the rule."""
    try:
        until = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--until: {text!r} is not an ISO time, e.g. 2026-11-30T08:00Z") from None
    if until.tzinfo is None:
        raise ValueError(f"--until: {text} needs a time zone (Z or +01:00)")
    return until.astimezone(UTC)
