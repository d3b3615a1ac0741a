"""`supportbot report` (issue 9, R60): on a database seeded through the unit of work with
known cases, deflections, gaps, breaches, escalations and ratings, report.md says the
hand-computed numbers and the charts are PNGs with their titles; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.__main__ import main
from bot.core.model import (
    AuditEntry,
    Case,
    CaseStatus,
    ChannelType,
    ConversationKey,
    Escalation,
    EscalationStep,
    Feedback,
    Org,
    Person,
)
from bot.core.reporting import IDLE_CLOSED
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.service.conftest import World
from tests.service.test_idle_cases import audited, waiting_on_alice

# The period: the week up to Monday 30 Nov 2026 09:00 UTC.
UNTIL = "2026-11-30T09:00Z"
U = datetime(2026, 11, 30, 9, tzinfo=UTC)
PAYPAL = ("can we pay with paypal", "do you take paypal")
DARK = "is there a dark theme"
TITLES = {
    "volume.png": "Cases opened and closed per day",
    "sla_by_severity.png": "First responses in time, by severity",
    "sla_by_queue.png": "First responses in time, by queue",
    "response_times.png": "First-response time by severity (median, p90)",
    "deflection.png": "Suggested articles: shown and solved",
    "gaps.png": "Questions no article answered",
    "escalations.png": "Open escalations by stage and age",
    "csat.png": "Customer ratings (CSAT)",
}

TITLES_DE = {
    "volume.png": "Eröffnete und geschlossene Fälle pro Tag",
    "sla_by_severity.png": "Rechtzeitige Erstreaktionen nach Schweregrad",
    "sla_by_queue.png": "Rechtzeitige Erstreaktionen nach Queue",
    "response_times.png": "Erstreaktionszeit nach Schweregrad (Median, p90)",
    "deflection.png": "Vorgeschlagene Artikel: angezeigt und gelöst",
    "gaps.png": "Fragen, die kein Artikel beantwortet hat",
    "escalations.png": "Offene Eskalationen nach Stufe und Alter",
    "csat.png": "Kundenbewertungen (CSAT)",
}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC time in November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def case(
    number: int,
    org: str,
    severity: str,
    queue: str,
    opened: datetime,
    due: datetime,
    answered: datetime | None = None,
    closed: datetime | None = None,
) -> Case:
    owner = "alice" if org == "acme" else "gary"
    return Case(
        number=number,
        subject=f"case {number}",
        description="something broke",
        topic="billing",
        category="payments",
        queue=queue,
        severity=severity,
        scheme="default" if org == "acme" else "abc",
        owner_id=owner,
        org_id=org,
        channel_type=ChannelType.CONSOLE,
        user_key=ConversationKey("console", "local", owner),
        opened_at=opened,
        first_response_due=due,
        last_activity_at=closed or answered or opened,
        status=CaseStatus.CLOSED if closed else CaseStatus.IN_PROGRESS,
        first_response_at=answered,
        closed_at=closed,
    )


# acme is on premier (24x7); globex on standard (Berlin 09-17 Mon-Fri: 08-16 UTC in winter).
CASES = (
    case(1, "acme", "3", "billing-queue", at(24, 10), at(24, 14), at(24, 11), at(25, 12)),  # 1h
    case(2, "acme", "3", "billing-queue", at(24, 12), at(24, 16), at(24, 18), at(25, 15)),  # 6h
    case(3, "acme", "2", "tech-queue", at(26, 8), at(26, 10), at(26, 9, 30)),  # met in 1h30
    case(4, "acme", "2", "tech-queue", at(29, 20), at(29, 22)),  # no answer, breached
    case(5, "acme", "4", "tech-queue", at(30, 8), at(30, 16)),  # not due yet: waiting
    # Fri 15:00 UTC (16:00 Berlin) to Mon 08:30 UTC: 1h on Friday and 30 min on Monday.
    case(6, "globex", "B", "billing-queue", at(27, 15), at(30, 11), at(30, 8, 30)),
    # Tue 07:00 UTC, an hour before opening, answered 10:00 UTC: 2h of business time.
    case(7, "globex", "C", "billing-queue", at(24, 7), at(24, 16), at(24, 10)),
    # Opened before the period, closed in it.
    case(8, "acme", "3", "billing-queue", at(18, 9), at(18, 13), at(18, 10), at(24, 9, 30)),
)


async def seed(url: str) -> None:
    """The known facts, written through the unit of work."""
    engine = make_engine(url)
    try:
        async with SqlRepository(engine).transaction() as uow:
            await uow.save_org(Org("acme", "Acme Corp", "premier"))
            await uow.save_org(Org("globex", "Globex", "standard"))
            await uow.save_person(Person("alice", "Alice Adams", "acme"))
            await uow.save_person(Person("gary", "Gary Green", "globex"))
            for each in CASES:
                await uow.add_case(each)
            for person, when, answers in (
                ("alice", at(24, 10), (("KB-a", False), ("KB-b", False))),  # still need help
                ("alice", at(25, 10), (("KB-a", True),)),
                ("alice", at(27, 10), (("KB-a", True),)),
                ("gary", at(26, 10), (("KB-b", True),)),
                ("gary", at(20, 10), (("KB-a", True),)),  # before the period
            ):
                for article, solved in answers:
                    await uow.record_deflection(
                        person_id=person,
                        query="charged twice",
                        article_id=article,
                        solved=solved,
                        at=when,
                    )
            for person, query, when in (
                ("alice", PAYPAL[0], at(24, 11)),
                ("alice", PAYPAL[1], at(25, 11)),
                ("gary", DARK, at(26, 11)),
                ("gary", DARK, at(20, 11)),  # before the period
            ):
                await uow.record_knowledge_gap(
                    person_id=person, query=query, topic="billing", category="payments", at=when
                )
            await uow.add_escalation(
                Escalation(
                    1,
                    2,
                    "too slow",
                    EscalationStep.UNDER_REVIEW,
                    (
                        (EscalationStep.SUBMITTED, U - timedelta(days=5)),
                        (EscalationStep.UNDER_REVIEW, U - timedelta(days=4)),
                    ),
                )
            )
            await uow.add_escalation(
                Escalation(
                    2,
                    6,
                    "still down",
                    EscalationStep.SUBMITTED,
                    ((EscalationStep.SUBMITTED, U - timedelta(hours=1)),),
                )
            )
            await uow.add_escalation(
                Escalation(
                    3,
                    8,
                    "old one",
                    EscalationStep.RESOLVED,
                    (
                        (EscalationStep.SUBMITTED, at(18, 12)),
                        (EscalationStep.RESOLVED, at(24, 9)),
                    ),
                )
            )
            await uow.add_feedback(Feedback(1, "alice", 5, "quick and kind", at(25, 13)))
            await uow.add_feedback(Feedback(2, "alice", 2, "too slow", at(25, 16)))
            await uow.add_feedback(Feedback(8, "alice", 4, "", at(24, 10)))
            await uow.add_audit(AuditEntry("system", IDLE_CLOSED, "CS-1", at(25, 12)))
    finally:
        await engine.dispose()


def report(url: str, out: Path, *args: str) -> str:
    """`supportbot report` for the week up to U; report.md."""
    return report_until(url, out, UNTIL, *args)


def report_until(url: str, out: Path, until: str, *args: str) -> str:
    """`supportbot report` for the week up to a time; report.md."""
    code = main(["report", "--database", url, "--until", until, "--out", str(out), *args])
    assert code == 0
    return (out / "report.md").read_text(encoding="utf-8")


def test_the_report_says_the_hand_computed_numbers(db_url: str, tmp_path: Path) -> None:
    asyncio.run(seed(db_url))
    text = report(db_url, tmp_path)

    assert "# Support report, all orgs" in text
    assert "From 2026-11-23 09:00 UTC to 2026-11-30 09:00 UTC." in text
    # Four intakes answered in the week, three solved by an article.
    assert "Deflection rate: 75.0% (3 of 4 intakes with suggested articles" in text
    assert "| KB-a | 3 | 2 | 66.7% |" in text
    assert "| KB-b | 2 | 1 | 50.0% |" in text
    assert f'| "{PAYPAL[0]}" | 2 |' in text
    assert f'| "{DARK}" | 1 |' in text
    # Met 1, 3, 6, 7; missed 2 (late) and 4 (unanswered past due); 5 not due yet.
    # Times 1h, 6h, 1h30, 1h30 (business), 2h (business): median 1h30, p90 (rank 5 of 5) 6h.
    assert "Overall: 4 met, 2 missed, 1 waiting, 66.7% in time, median 1 h 30 min, p90 6 h." in (
        text
    )
    assert "| 2 | 1 | 1 | 0 | 50.0% | 1 h 30 min | 1 h 30 min |" in text
    assert "| 3 | 1 | 1 | 0 | 50.0% | 3 h 30 min | 6 h |" in text
    assert "| 4 | 0 | 0 | 1 | - | - | - |" in text
    assert "| B | 1 | 0 | 0 | 100.0% | 1 h 30 min | 1 h 30 min |" in text
    assert "| C | 1 | 0 | 0 | 100.0% | 2 h | 2 h |" in text
    assert "| billing-queue | 3 | 1 | 0 | 75.0% | 1 h 45 min | 6 h |" in text
    assert "| tech-queue | 1 | 1 | 1 | 50.0% | 1 h 30 min | 1 h 30 min |" in text
    # CP-1 (5 days, under review) and CP-2 (an hour, submitted) raised; CP-3 resolved.
    assert "Raised in the period: 2; resolved in the period: 1." in text
    assert "| submitted | 1 | 1 | 0 | 0 | 0 |" in text
    assert "| under review | 1 | 0 | 0 | 1 | 0 |" in text
    assert "| engineering in progress | 0 | 0 | 0 | 0 | 0 |" in text
    # Ratings 5, 2, 4.
    assert "Average rating: 3.67 of 5 from 3 ratings." in text
    assert "| 1 | 0 |\n| 2 | 1 |\n| 3 | 0 |\n| 4 | 1 |\n| 5 | 1 |" in text
    assert 'Comments, newest first:\n\n- CS-2 (2): "too slow"\n- CS-1 (5): "quick and kind"' in (
        text
    )
    assert "Idle cases closed: 1." in text
    assert (
        "| 2026-11-23 | 0 | 0 |\n| 2026-11-24 | 3 | 1 |\n| 2026-11-25 | 0 | 2 |\n"
        "| 2026-11-26 | 1 | 0 |\n| 2026-11-27 | 1 | 0 |\n| 2026-11-28 | 0 | 0 |\n"
        "| 2026-11-29 | 1 | 0 |\n| 2026-11-30 | 1 | 0 |\n"
    ) in text

    for file, title in TITLES.items():
        with Image.open(tmp_path / file) as image:
            assert image.format == "PNG"
            assert image.info["Title"] == title
            image.load()  # the whole image decodes
        assert f"![{title}]({file})" in text


def test_a_german_report_reads_german_to_its_charts(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asyncio.run(seed(db_url))
    text = report(db_url, tmp_path, "--language", "de")

    assert text.startswith(
        "# Support-Bericht, alle Organisationen\n\n"
        "Von 2026-11-23 09:00 UTC bis 2026-11-30 09:00 UTC.\n\n"
        "## Lösen die Artikel Probleme?\n\n"
        f"![{TITLES_DE['deflection.png']}](deflection.png)\n\n"
        "Lösungsquote: 75,0 % (3 von 4 Anfragen mit vorgeschlagenen Artikeln durch einen gelöst)."
        "\n\n| Artikel | angezeigt | gelöst | Lösungsquote |\n|---|---:|---:|---:|\n"
        "| KB-a | 3 | 2 | 66,7 % |\n"
    )
    assert "## Antworten wir rechtzeitig?" in text
    assert "Insgesamt: 4 eingehalten, 2 verfehlt, 1 wartend, 66,7 % rechtzeitig, Median " in text
    assert "| Schweregrad | eingehalten | verfehlt | wartend | rechtzeitig | Median | p90 |" in text
    assert "| Stufe | offen | < 1 Tag | 1-3 Tage | 3-7 Tage | > 7 Tage |" in text
    assert "| in Prüfung | 1 | 0 | 0 | 1 | 0 |" in text
    assert "Durchschnittliche Bewertung: 3,67 von 5 aus 3 Bewertungen." in text
    assert 'Kommentare, neueste zuerst:\n\n- CS-2 (2): "too slow"' in text  # as typed
    assert "Inaktiv geschlossene Fälle: 1.\n\n| Tag (UTC) | eröffnet | geschlossen |" in text
    for english in ("Support report", "Deflection", "By severity", "Average rating", "None in"):
        assert english not in text
    for file, title in TITLES_DE.items():
        with Image.open(tmp_path / file) as image:
            assert image.info["Title"] == title
        assert f"![{title}]({file})" in text
    labels = {}
    for file in ("sla_by_severity.png", "escalations.png", "csat.png", "response_times.png"):
        with Image.open(tmp_path / file) as image:
            labels[file] = image.info["Description"]
    assert labels == {
        "sla_by_severity.png": "x: Schweregrad; y: Fälle; legend: eingehalten, verfehlt",
        "escalations.png": "x: ; y: offene Eskalationen; legend: < 1 Tag, 1-3 Tage, 3-7 Tage, "
        "> 7 Tage",
        "csat.png": "x: Bewertung; y: Bewertungen",
        "response_times.png": "x: Schweregrad; y: Stunden (Geschäftszeit, wo der Plan das "
        "vorsieht); legend: Median, p90",
    }

    # Without --language the report follows the agents' language.
    monkeypatch.setenv("SUPPORTBOT_AGENT_LOCALE", "de")
    assert report(db_url, tmp_path / "agents").startswith("# Support-Bericht, alle")
    monkeypatch.setenv("SUPPORTBOT_AGENT_LOCALE", "en")
    assert report(db_url, tmp_path / "en").startswith("# Support report, all orgs")
    with Image.open(tmp_path / "en" / "sla_by_severity.png") as image:
        assert image.info["Description"] == "x: severity; y: cases; legend: met, missed"


def test_one_org(db_url: str, tmp_path: Path) -> None:
    asyncio.run(seed(db_url))
    text = report(db_url, tmp_path, "--org", "globex")

    assert "# Support report, org globex" in text
    assert "Deflection rate: 100.0% (1 of 1 intake with" in text
    assert "| KB-b | 1 | 1 | 100.0% |" in text
    assert "KB-a" not in text
    assert DARK in text
    assert PAYPAL[0] not in text
    assert "Overall: 2 met, 0 missed, 0 waiting, 100.0% in time, median 1 h 45 min, p90 2 h." in (
        text
    )
    assert "tech-queue" not in text
    assert "Raised in the period: 1; resolved in the period: 0." in text
    assert "No ratings in this period." in text
    assert "Idle cases closed: 0." in text


def test_bad_input_names_the_rule(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--database", db_url, "--since", "last week"]) == 2
    assert "--since: bad duration 'last week': use e.g. 1h, 90m" in capsys.readouterr().err
    assert main(["report", "--database", db_url, "--until", "monday"]) == 2
    assert "--until: 'monday' is not an ISO time" in capsys.readouterr().err
    out = tmp_path / "none"
    assert main(["report", "--database", db_url, "--org", "umbrella", "--out", str(out)]) == 2
    assert "--org: no org 'umbrella'; orgs come from directory.yaml" in capsys.readouterr().err
    assert main(["report", "--database", db_url, "--language", "fr", "--out", str(out)]) == 2
    assert "--language: the report is written in en, de, not 'fr'" in capsys.readouterr().err
    assert not out.exists()


async def test_a_case_that_closed_itself_counts_as_an_idle_close(
    world: World, db_url: str, tmp_path: Path
) -> None:
    # In the console: alice's case waits on her for 5 + 2 days, closes itself (R53), she rates it.
    ref = await waiting_on_alice(world)
    await world.say("/advance 5d", "/advance 2d")
    assert "case.idle_closed" in await audited(world, ref)
    await world.say("4")
    until = (world.clock.now() + timedelta(minutes=1)).isoformat()
    text = await asyncio.to_thread(report_until, db_url, tmp_path, until, "--since", "8d")

    assert "Idle cases closed: 1." in text
    assert "Average rating: 4.00 of 5 from 1 rating." in text
    # Set waiting without a public reply: its first response never came.
    assert "Overall: 0 met, 1 missed, 0 waiting, 0.0% in time" in text
