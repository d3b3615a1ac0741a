"""R61 in the console: an org admin asks for their org's report in chat and gets the summary
with report.md of their org's cases only (R60's numbers, hand-computed in test_report.py);
queue leads get all orgs' or one org's; anyone else, and an org admin naming another org, is
refused naming the rule, and the refusal is audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.service.conftest import World
from tests.service.test_console_journey import shown
from tests.service.test_report import DARK, PAYPAL, seed


def saved_report(lines: list[str], where: str, saved: str = "Saved as ") -> str:
    """The report.md the console says it saved for the person at `where`."""
    line = next(line for line in lines if line.startswith(where) and saved in line)
    return Path(line.split(saved)[1]).read_text(encoding="utf-8")


async def seeded(world: World, db_url: str) -> None:
    """The week of test_report.py's known facts, up to Monday 30 Nov 2026 09:00 UTC."""
    await seed(db_url)
    world.clock.advance(timedelta(days=7))


ACME_SUMMARY = (
    "[@carol] Support report for Acme Corp, Nov 23, 2026, 09:00 GMT to Nov 30, 2026, 09:00 GMT\n"
    "Cases: 5 opened, 3 closed; 1 idle case closed itself.\n"
    "First responses in time: 2 of 4 (50%), median 1 h 30 min, p90 6 h; 1 not due yet.\n"
    "Suggested articles solved 2 of 3 questions (67%).\n"
    "Ratings: 3.7 of 5 on average, from 3 ratings.\n"
    "Escalations: 1 raised, 1 resolved, 1 open.\n"
    f'Most asked with no article to answer it: "{PAYPAL[0]}" (2 times).\n'
    "The full report is attached as report.md. Saved as "
)


async def test_r61_an_org_admin_gets_her_orgs_report_only(world: World, db_url: str) -> None:
    await seeded(world, db_url)
    await world.say("/as admin")  # carol, Acme's org admin, in London
    out = await world.say("report")
    assert shown(out, ACME_SUMMARY)
    md = saved_report(out, "[@carol]")
    assert md.startswith("# Support report, org acme\n\nFrom 2026-11-23 09:00 UTC to 2026-11-30")
    assert "Overall: 2 met, 2 missed, 1 waiting, 50.0% in time, median 1 h 30 min, p90 6 h." in md
    assert DARK not in md and "| B |" not in md  # Globex's question and severity
    assert "![" not in md  # no charts in chat: they come with the leads' post

    out = await world.say("report month")
    assert shown(out, "Support report for Acme Corp, Oct 31, 2026, 09:00 GMT to Nov 30")
    out = await world.say("report week globex")
    assert shown(out, "As an org admin you get the report of Acme Corp only.")
    out = await world.say("report a bug in the invoice export")  # words, not the command
    assert not shown(out, "Support report")


async def test_r61_leads_get_every_org_and_others_are_refused(world: World, db_url: str) -> None:
    await seeded(world, db_url)
    await world.say("/as agent")  # dana, lead of the billing and integrations queues
    out = await world.say("report")
    assert shown(out, "[@dana] Support report, all organisations, Nov 23, 2026, 09:00 UTC to")
    assert shown(out, "First responses in time: 4 of 6 (67%), median 1 h 30 min, p90 6 h;")
    out = await world.say("report week globex")
    assert shown(out, "[@dana] Support report for Globex, Nov 23")
    assert DARK in saved_report(out, "[@dana]")
    out = await world.say("report week umbrella")
    assert shown(out, 'There is no organisation "umbrella".')

    await world.say("/as user alice")
    out = await world.say("report")
    assert shown(
        out,
        "Only an org admin (for their organisation), a queue lead or a global admin may ask "
        "for the support report.",
    )
    await world.say("/as user bob")
    out = await world.say("bericht monat")
    assert shown(out, "Nur ein Org-Admin (für seine Organisation), ein Queue-Lead oder ein")
    async with world.repository.transaction() as uow:
        denied = [e.actor_id for e in await uow.audit("deny.report")]
        sent = [(e.actor_id, e.subject) for e in await uow.audit_involving("dana")]
    assert denied == ["alice", "bob"]
    assert ("dana", "all orgs") in sent and ("dana", "globex") in sent


async def test_r61_a_lead_reading_german_gets_the_report_in_german(
    world: World, db_url: str
) -> None:
    await seeded(world, db_url)
    await world.say("/as user erik")  # a queue lead who reads German
    out = await world.say("bericht woche globex")
    assert shown(
        out,
        "[@erik] Support-Bericht für Globex, 23.11.2026, 10:00 MEZ bis 30.11.2026, 10:00 MEZ\n"
        "Fälle: 2 eröffnet, 0 geschlossen; 0 inaktive Fälle haben sich selbst geschlossen.",
    )
    md = saved_report(out, "[@erik]", "Gespeichert als ")
    assert md.startswith(
        "# Support-Bericht, Organisation globex\n\nVon 2026-11-23 09:00 UTC bis 2026-11-30"
    )
    assert "Lösungsquote: 100,0 % (1 von 1 Anfrage mit vorgeschlagenen Artikeln" in md
    assert "Insgesamt: 2 eingehalten, 0 verfehlt, 0 wartend, 100,0 % rechtzeitig" in md
    assert "Keine Bewertungen in diesem Zeitraum." in md
