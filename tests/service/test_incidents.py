"""R56 in the console: agents create an incident in chat (shown before intake beside the
files, R2), link cases to it, and resolve it; every linked requester is told in their own
channel and language, once; the case history shows the link. An incident file set to
resolved while the bot runs tells them too, once, also with two processes looking."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from sqlalchemy import event

from bot.service.incident_news import IncidentNews
from bot.service.turn import ServiceConfig
from knowledge.base import default_directory
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown
from tests.service.test_export import saved_file

NEW = '/incident new "Invoice e-mails delayed" billing https://status.acme.example/1123 Queued'


async def billing_incidents(world: World, person: str) -> list[str]:
    """What a person sees after choosing the billing topic (R2)."""
    await world.say(f"/as user {person}", "/dm", "cancel")
    await world.say("help")
    return await world.say("1")  # Billing & invoices


async def test_a_chat_incident_is_shown_linked_resolved_and_told_once(world: World) -> None:
    ref = await open_invoice_case(world)  # alice's, in English
    await world.say("/as agent")
    out = await world.say(NEW)
    assert shown(out, "Incident INC-2026-1123 created for billing: Invoice e-mails delayed.")
    out = await billing_incidents(world, "carol")
    assert shown(out, "Invoice e-mails delayed"), out  # beside the files' incidents (R2)

    await world.say("/as agent", f"/thread {ref}")
    out = await world.say("/incident inc-2026-1123")
    assert shown(out, f"[#billing-queue {ref}] {ref} is linked to incident INC-2026-1123")
    assert shown(out, f"[@alice] Your case {ref} is part of a known incident: Invoice e-mails")
    out = await world.say("/incident INC-2026-1123")
    assert shown(out, f"{ref} is linked to INC-2026-1123 already.")
    await world.say("/dm")
    out = await world.say("/log phone bob billing/invoices 3 Rechnungen kommen nicht an")
    bobs = next(line for line in out if "is open" in line).split("Case ")[1].split(" ")[0]
    out = await world.say(f"/incident {bobs} INC-2026-1123")
    assert shown(out, f"[@bob] Ihr Fall {bobs} gehört zu einer bekannten Störung")

    await world.say("/as user alice")
    out = await world.say("/incident resolve INC-2026-1123")
    assert shown(out, "Only agents may link, create or resolve incidents.")
    await world.say("/as agent")
    out = await world.say("/incident resolve INC-2026-1123")
    assert shown(out, "INC-2026-1123 is resolved; the requesters of 2 linked cases were told.")
    assert shown(out, f"[@alice] Good news about your case {ref}: the incident Invoice e-mails")
    assert shown(out, f"[@bob] Gute Nachricht zu Ihrem Fall {bobs}: Die Störung Invoice")
    assert shown(out, f"[#billing-queue {ref}] INC-2026-1123 is resolved; the requester of {ref}")
    out = await world.say("/incident resolve INC-2026-1123")
    assert shown(out, "INC-2026-1123 is resolved already.")
    assert not shown(out, "Good news")

    out = await billing_incidents(world, "carol")
    assert not shown(out, "Invoice e-mails delayed")
    await world.say("/as user alice", "/dm")
    md = saved_file(await world.say(f"export {ref}"), "[@alice]")
    assert "- **Incidents:** INC-2026-1123 (linked Nov 23, 2026, 10:00 CET)" in md
    out = await world.say(f"case {ref}")  # the case's details (R31) show it too
    assert shown(out, "Incidents: INC-2026-1123 (linked Nov 23, 2026, 10:00 CET)")
    async with world.repository.transaction() as uow:
        trail = [(e.action, e.after) for e in await uow.audit(ref)]
    assert ("case.incident", "INC-2026-1123") in trail
    assert ("case.incident_told", "INC-2026-1123") in trail


async def test_file_incidents_link_and_resolve_from_chat(world: World) -> None:
    ref = await open_invoice_case(world)
    await world.say("/as agent", f"/thread {ref}")
    out = await world.say("/incident INC-2026-1103")  # resolved in its file already
    assert shown(out, f"[@alice] Good news about your case {ref}: the incident Invoice PDFs")
    out = await world.say("/incident INC-2099-0001")
    assert shown(out, 'There is no incident "INC-2099-0001"')
    await world.say("/dm")
    out = await world.say("/incident resolve INC-2026-1121")  # active in its file
    assert shown(out, "INC-2026-1121 is resolved; the requesters of 0 linked cases were told.")
    await world.say("/as user carol")
    await world.say("help")
    out = await world.say("Integrations")
    assert not shown(out, "Webhook deliveries delayed")  # the chat resolution outranks it
    await world.say("/as agent")
    out = await world.say('/incident new "No closing quote billing')
    assert shown(out, 'Usage: incident new "Title" TOPIC')
    out = await world.say('/incident new "Printer on fire" printers')
    assert shown(out, '"printers" is not a topic. Topics: ')


async def test_an_incident_resolved_in_its_file_is_told_on_an_agents_word(
    world: World, tmp_path: Path
) -> None:
    edited = editable_knowledge(world, tmp_path)
    ref = await open_invoice_case(world)
    await world.say("/as agent", f"/thread {ref}")
    await world.say("/incident INC-2026-1121")
    resolve_file(edited, "INC-2026-1121")
    world.knowledge.refresh(force=True)
    out = await world.say("/incident resolve INC-2026-1121")
    assert shown(out, "the requester of 1 linked case was told")
    assert shown(out, f"[@alice] Good news about your case {ref}: the incident Webhook")
    out = await world.say("/incident resolve INC-2026-1121")
    assert shown(out, "INC-2026-1121 is resolved already.")


def editable_knowledge(world: World, tmp_path: Path) -> Path:
    """The bot's knowledge directory as a copy a person may edit; edits are looked for at
    every look (no 2 s wait in a test)."""
    edited = tmp_path / "knowledge"
    shutil.copytree(
        default_directory(), edited, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    world.knowledge.directory = edited
    world.knowledge.refresh(force=True)
    world.knowledge.reload_interval = 0
    return edited


def resolve_file(knowledge_dir: Path, incident_id: str) -> None:
    """A person sets the incident's file to resolved."""
    path = knowledge_dir / "incidents" / f"{incident_id}.md"
    path.write_text(path.read_text().replace("status: active", "status: resolved"))


def news(world: World, repository: SqlRepository | None = None) -> IncidentNews:
    """A process's job that tells of incidents resolved in their files."""
    return IncidentNews(
        repository=repository or world.repository,
        knowledge=world.knowledge,
        config=ServiceConfig(),
        clock=world.clock,
        wall_clock=world.clock,
    )


async def test_an_incident_file_set_to_resolved_tells_its_requesters_once(
    world: World, tmp_path: Path, db_url: str
) -> None:
    edited = editable_knowledge(world, tmp_path)
    ref = await open_invoice_case(world)  # alice's, in English
    await world.say("/as agent", f"/thread {ref}", "/incident INC-2026-1121", "/dm")
    out = await world.say("/log phone bob billing/invoices 3 Rechnungen kommen nicht an")
    bobs = next(line for line in out if "is open" in line).split("Case ")[1].split(" ")[0]
    await world.say(f"/incident {bobs} INC-2026-1121")
    engine = make_engine(db_url)  # a second bot process on the same database
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        here, there = news(world), news(world, SqlRepository(engine))
        assert await here.tell_due() == [] and await there.tell_due() == []  # all active
        statements.clear()
        assert await there.tell_due() == []
        assert statements == []  # no file changed: the look costs no statement

        resolve_file(edited, "INC-2026-1121")
        told = await asyncio.gather(here.tell_due(), there.tell_due())
        out = await world.chat.present([action for actions in told for action in actions])
        assert await here.tell_due() == [] and await there.tell_due() == []
    finally:
        await engine.dispose()

    assert sorted(len(actions) for actions in told) in ([0, 4], [2, 2])  # DM and thread each
    assert shown(out, f"[@alice] Good news about your case {ref}: the incident Webhook")
    assert shown(out, f"[@bob] Gute Nachricht zu Ihrem Fall {bobs}: Die Störung Webhook")
    assert shown(out, f"[#billing-queue {ref}] INC-2026-1121 is resolved; the requester of {ref}")
    assert len([line for line in out if "Good news" in line or "Gute Nachricht" in line]) == 2
    await world.say("/as agent")
    out = await world.say("/incident resolve INC-2026-1121")
    assert shown(out, "INC-2026-1121 is resolved already.")
    async with world.repository.transaction() as uow:
        told_by = [(e.actor_id, e.after) for e in await uow.audit(ref) if "told" in e.action]
    assert told_by == [("system", "INC-2026-1121")]
