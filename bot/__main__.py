"""Composition root and CLI: settings, engine, repository, knowledge, service, adapters."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot.admin_cli import add_admin_commands, run_admin
from bot.core.model import SeverityScheme
from bot.core.sla import first_response_due, reminder_times
from bot.core.timefmt import duration_text
from bot.export_cli import add_export_command, run_export
from bot.gaps_cli import add_gaps_command, run_gaps
from bot.logs import configure
from bot.phrasings_cli import add_phrasings_command, run_phrasings
from bot.report_cli import add_report_command, run_report
from bot.service.turn import scheme_of
from bot.settings import Settings, StartupError
from bot.store import knowledge_dir, migrate
from knowledge.base import KnowledgeBase
from knowledge.commands import run_check, run_search

log = logging.getLogger("supportbot")


def load_settings(overrides: dict[str, object]) -> Settings:
    """Settings from arguments, environment and TOML, or a StartupError naming the bad one."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as error:
        # One line for all: "problem (SETTING); problem (SETTING)".
        *others, last = [
            (e["msg"].removeprefix("Value error, "), _setting_name(e["loc"]))
            for e in error.errors()
        ]
        before = "".join(f"{problem} ({name}); " for problem, name in others)
        raise StartupError(before + last[0], last[1]) from error
    except SettingsError as error:
        # A value that is not even JSON (lists, maps): name the field's variable.
        field = re.search(r'field "(\w+)"', str(error))
        name = _setting_name((field.group(1),)) if field else "settings"
        raise StartupError("not valid JSON", name) from error


def _setting_name(location: tuple[int | str, ...]) -> str:
    """SUPPORTBOT_X for our settings; Slack's own names (SLACK_BOT_TOKEN) as they are."""
    name = str(location[0])
    return name if name.isupper() else f"SUPPORTBOT_{name.upper()}"


def simulate_sla(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """`sla simulate`: first-response due time and reminder times for a severity and plan."""
    catalogue = KnowledgeBase.load(knowledge_dir(settings)).catalogue()
    plan = catalogue.plans.get(args.plan)
    if plan is None:
        plans = ", ".join(catalogue.plans)
        raise StartupError(f"unknown plan {args.plan!r}; use one of {plans}", "--plan")
    scheme = scheme_of(catalogue, plan.id)
    level = scheme.find(args.severity)
    if level is None:
        problem = f"plan {plan.id} has no severity {args.severity!r}; use {_spellings(scheme)}"
        raise StartupError(problem, "--severity")
    try:
        opened = datetime.fromisoformat(args.opened.replace("Z", "+00:00"))
    except ValueError as error:
        raise StartupError(f"{args.opened!r} is not an ISO time", "--opened") from error
    if opened.tzinfo is None:
        raise StartupError(f"{args.opened} needs a time zone (Z or +01:00)", "--opened")
    calendar = catalogue.calendars[plan.calendar]
    due = first_response_due(opened, level.response, calendar)
    reminders = reminder_times(opened, due, catalogue.reminder_fractions, calendar)
    result = {
        "plan": plan.id,
        "severity": level.code,
        "response": duration_text(level.response.total_seconds()),
        "calendar": calendar.id,
        "opened": opened.isoformat(),
        "first_response_due": due.isoformat(),
        "reminders": [{"fraction": f, "at": at.isoformat()} for f, at in reminders],
        "breach": due.isoformat(),
    }
    if args.json:
        print(json.dumps(result, indent=2), file=out)
    else:
        print(
            f"plan {plan.id}, severity {level.code} ({result['response']}), calendar {calendar.id}",
            file=out,
        )
        print(f"opened             {result['opened']}", file=out)
        for fraction, at in reminders:
            print(f"reminder {fraction:>4.0%}      {at.isoformat()}", file=out)
        print(f"first response due {due.isoformat()} (breach after this)", file=out)
    return 0


def search_knowledge(settings: Settings, args: argparse.Namespace) -> int:
    """`kb search`: one question from the command line, or a question log from stdin (`-`,
    or no question when stdin is a pipe or file)."""
    from_stdin = args.text == "-" or (args.text is None and not sys.stdin.isatty())
    if args.text is None and not from_stdin:
        raise StartupError("give a question, or - to read one a line from stdin", "kb search")
    return run_search(
        knowledge_dir(settings),
        sys.stdin if from_stdin else args.text,
        topic=args.topic,
        category=args.category,
        as_json=args.json,
        limit=args.limit,
        out=sys.stdout,
        embedder=settings.embedder,
    )


def _spellings(scheme: SeverityScheme) -> str:
    """Each level as its code, number and English name, e.g. 'A/1/Critical, B/2/Moderate'."""
    return ", ".join(
        "/".join(dict.fromkeys([level.code, str(number), level.names.get("en", level.code)]))
        for number, level in enumerate(scheme.levels, start=1)
    )


def parser() -> argparse.ArgumentParser:
    """The supportbot command line."""
    top = argparse.ArgumentParser(prog="supportbot", description="Support-intake bot")
    top.add_argument("--version", action="version", version=f"%(prog)s {version('supportbot')}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--knowledge", type=Path, help="knowledge directory (default: shipped sample)"
    )
    common.add_argument("--database", help="database URL (default: SQLite file supportbot.db)")
    commands = top.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser(
        "run", parents=[common], help="run the bot (console by default)"
    )
    run_parser.add_argument("--slack-port", type=int, help="HTTP port for Slack (default 3000)")
    run_parser.add_argument(
        "--ops-port", type=int, help="port of /healthz, /readyz and /metrics (default 9090)"
    )
    add_admin_commands(commands, common)
    add_export_command(commands, common)
    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", parents=[common], help="apply migrations")
    kb = commands.add_parser("kb", help="knowledge base").add_subparsers(
        dest="kb_command", required=True
    )
    kb.add_parser("check", parents=[common], help="validate catalogue and articles")
    add_gaps_command(kb, common)
    add_phrasings_command(kb, common)
    search = kb.add_parser("search", parents=[common], help="ranked article matches")
    search.add_argument(
        "text",
        nargs="?",
        help="the question; - (or none, from a pipe or file) reads one a line from standard "
        "input and prints one JSON line each",
    )
    search.add_argument("--topic")
    search.add_argument("--category")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--json", action="store_true")
    add_report_command(commands, common)
    sla = commands.add_parser("sla", help="SLA").add_subparsers(dest="sla_command", required=True)
    simulate = sla.add_parser("simulate", parents=[common], help="due and reminder times")
    simulate.add_argument(
        "--severity", required=True, help="the plan's level by code, number or name (B, 2, high)"
    )
    simulate.add_argument(
        "--opened", required=True, help="ISO time with zone, e.g. 2026-11-20T16:00Z"
    )
    simulate.add_argument("--plan", default="premier")
    simulate.add_argument("--json", action="store_true")
    return top


def dispatch(args: argparse.Namespace) -> int:
    """Run the chosen command."""
    settings = load_settings({"knowledge_dir": args.knowledge, "database_url": args.database})
    configure(settings.log_level, settings.log_format)
    match args.command:
        case "run":
            # The platforms' SDKs are imported for this command only (0.7 s of each start).
            from bot.run import run

            return asyncio.run(
                run(
                    settings,
                    sys.stdin,
                    sys.stdout,
                    slack_port=args.slack_port,
                    ops_port=args.ops_port,
                )
            )
        case "admin":
            return asyncio.run(run_admin(settings, args, sys.stdout))
        case "export":
            return asyncio.run(run_export(settings, args, sys.stdout))
        case "db":
            migrate(settings.database_url)
            print(f"database at {settings.database_url} is up to date")
            return 0
        case "kb" if args.kb_command == "check":
            return run_check(knowledge_dir(settings), sys.stdout)
        case "kb" if args.kb_command == "gaps":
            return asyncio.run(run_gaps(settings, args, sys.stdout))
        case "kb" if args.kb_command == "phrasings":
            return asyncio.run(run_phrasings(settings, args, sys.stdout))
        case "kb":
            return search_knowledge(settings, args)
        case "report":
            return asyncio.run(run_report(settings, args, sys.stdout))
        case _:
            return simulate_sla(settings, args, sys.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `supportbot` command."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = parser().parse_args(argv)
    try:
        return dispatch(args)
    except (StartupError, ValueError) as error:
        print(f"supportbot: {' '.join(str(error).split())}", file=sys.stderr)  # one line
        return 2
    except BrokenPipeError:
        # The reader stopped early (`supportbot admin export bob | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
