"""`supportbot report` over 100k cases (issue 9, R60): a week of cases (two orgs, a 24x7 and a
business-hours plan, four in five answered, half closed, ratings, escalations, deflections and
knowledge gaps) is written in bulk, then the real command runs as a subprocess; beside it, in
the same run, a plain `SELECT count(*) FROM cases` on a fresh connection. Target: the report in
at most 10 s.

    python bench/report.py [--quick] [--database sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, insert, select, text, update

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/ holds discord.py and slack.py, which would shadow those packages: keep it off the
# path, and put the project root on it.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

from bot.core.model import (  # noqa: E402
    CaseStatus,
    ChannelType,
    ConversationKey,
    Escalation,
    EscalationStep,
    Feedback,
)
from storage import mapping  # noqa: E402
from storage.db import sync_url, upgrade  # noqa: E402
from storage.mapping import Values  # noqa: E402
from storage.tables import (  # noqa: E402
    CASE_COUNTER,
    CaseRow,
    CounterRow,
    DeflectionRow,
    EscalationRow,
    EscalationStepRow,
    FeedbackRow,
    KnowledgeGapRow,
)
from tests.storage.samples import a_case  # noqa: E402

UNTIL = datetime(2026, 11, 30, 9, tzinfo=UTC)
WEEK = timedelta(days=7)
CHUNK = 20_000
# (org, owner, plan's scheme, severities): acme is on premier (24x7), globex on standard
# (Berlin business hours).
OWNERS = (("acme", "alice", "default", ("2", "3", "4")), ("globex", "gary", "abc", ("A", "B", "C")))
QUEUES = ("billing-queue", "tech-queue", "account-queue")
GAPS = (
    "can we pay with paypal",
    "is there a dark theme",
    "how do I export to excel",
    "do you support single sign-on",
)


def populate(url: str, cases: int) -> None:
    """`cases` cases opened over the week before UNTIL, with what the report counts."""
    rng = random.Random(60)
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        rows: list[Values] = []
        feedback: list[Values] = []
        escalations: list[Values] = []
        steps: list[Values] = []
        for number in range(1, cases + 1):
            org, owner, scheme, severities = OWNERS[number % 2]
            opened = UNTIL - timedelta(seconds=rng.randrange(int(WEEK.total_seconds())))
            answered = opened + timedelta(minutes=rng.randrange(10, 600))
            closed = answered + timedelta(hours=rng.randrange(1, 48))
            done = closed < UNTIL and number % 2 == 0
            case = a_case(
                number,
                org_id=org,
                owner_id=owner,
                scheme=scheme,
                severity=severities[number % 3],
                queue=QUEUES[number % 3],
                channel_type=ChannelType.CONSOLE,
                user_key=ConversationKey("console", "local", owner),
                opened_at=opened,
                first_response_due=opened + timedelta(hours=4),
                first_response_at=answered if answered < UNTIL and number % 5 else None,
                status=CaseStatus.CLOSED if done else CaseStatus.IN_PROGRESS,
                closed_at=closed if done else None,
            )
            rows.append(mapping.case_values(case))
            if done and number % 3 == 0:
                rating = Feedback(number, owner, 1 + number % 5, "ok" if number % 7 else "", closed)
                feedback.append(mapping.feedback_values(rating))
            if number % 50 == 0:
                timeline = ((EscalationStep.SUBMITTED, answered),)
                escalation = Escalation(len(escalations) + 1, number, "", timeline[-1][0], timeline)
                escalations.append(mapping.escalation_values(escalation))
                steps.extend(mapping.step_values(escalation))
            if len(rows) == CHUNK:
                connection.execute(insert(CaseRow), rows)
                rows = []
        if rows:
            connection.execute(insert(CaseRow), rows)
        for table, values in (
            (FeedbackRow, feedback),
            (EscalationRow, escalations),
            (EscalationStepRow, steps),
        ):
            for start in range(0, len(values), CHUNK):
                connection.execute(insert(table), values[start : start + CHUNK])
        deflections = [
            {
                "person_id": OWNERS[n % 2][1],
                "query": "charged twice",
                "article_id": f"KB-{n % 40}",
                "solved": n % 3 == 0,
                "at": UNTIL - timedelta(seconds=rng.randrange(int(WEEK.total_seconds()))),
            }
            for n in range(cases // 2)
        ]
        for start in range(0, len(deflections), CHUNK):
            connection.execute(insert(DeflectionRow), deflections[start : start + CHUNK])
        gaps = [
            {
                "person_id": OWNERS[n % 2][1],
                "query": GAPS[n % len(GAPS)],
                "topic": "billing",
                "category": "payments",
                "at": UNTIL - timedelta(hours=1 + n % 100),
            }
            for n in range(500)
        ]
        connection.execute(insert(KnowledgeGapRow), gaps)
        connection.execute(
            update(CounterRow).where(CounterRow.name == CASE_COUNTER).values(value=cases)
        )
    engine.dispose()


def count_cases(url: str) -> tuple[int, float]:
    """A plain SELECT count(*) over the cases on a fresh connection: (count, seconds)."""
    engine = create_engine(sync_url(url))
    started = time.perf_counter()
    with engine.connect() as connection:
        counted = connection.execute(select(func.count()).select_from(CaseRow)).scalar_one()
    took = time.perf_counter() - started
    engine.dispose()
    return int(counted), took


def timed(*args: str) -> tuple[float, float]:
    """`supportbot ARGS` as a subprocess: (wall seconds, CPU seconds of the process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def database(kind: str, folder: Path, cases: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder}/report-{cases}.db"
    import psycopg

    name = f"sb_bench_report_{cases}"
    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as pg:
        pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())
        pg.execute(f"CREATE DATABASE {name}".encode())
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k cases instead of 100k")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    cases = 10_000 if args.quick else 100_000
    with tempfile.TemporaryDirectory() as folder:
        url = database(args.database, Path(folder), cases)
        upgrade(url)
        started = time.perf_counter()
        populate(url, cases)
        print(f"{cases:,} cases written in {time.perf_counter() - started:.1f} s ({args.database})")
        if args.database == "postgresql":
            with create_engine(sync_url(url)).connect() as connection:
                connection.execute(text("ANALYZE"))
        counted, count_took = count_cases(url)
        out = str(Path(folder) / "report")
        took, cpu = timed("report", "--database", url, "--out", out, "--until", UNTIL.isoformat())
        start_up, start_up_cpu = timed("--version")
        print(f"SELECT count(*) FROM cases: {counted:,} in {count_took * 1000:.1f} ms")
        print(f"supportbot report: {took:.2f} s ({cpu:.2f} s CPU), target <= 10 s")
        print(f"  of which the start-up: {start_up:.2f} s ({start_up_cpu:.2f} s CPU)")
        print(f"ratio report / count(*): {took / count_took:,.0f}x")
        print(f"load average while it ran: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
