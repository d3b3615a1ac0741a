"""`supportbot admin erase` (issue 10, R73) on SQLite and PostgreSQL: after an erasure the
database keeps the records (the case, its number, status and SLA facts, who wrote each message
when, the audit) and nothing that names the person or says what they wrote; their accounts
start afresh."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.core.events import Actor, MessageReceived
from bot.core.model import CaseStatus, ConversationKey, Identity, Role
from bot.run import seed
from bot.service.admin import Admin, AdminError
from knowledge.base import default_directory
from knowledge.directory import load_directory
from storage.tables import AuditRow, Base
from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown
from tests.service.test_timers import ALICE, ALICE_DM
from tests.test_cli import supportbot

SECRET = "my direct line is 0151 555 0199"
# What names alice or says what she wrote: in the directory, the intake and the console chat.
HERS = ("Alice Adams", "alice@acme.example", "INV-403", "access denied", "0151 555 0199")
HERS += ("trace.txt", "app.acme.example/invoices")
SLACK = Identity("slack", "T1", "U1")


def admin(world: World) -> Admin:
    return Admin(world.repository, world.clock, operator="admin:test")


def slack_event(event_id: str, user: str, text: str) -> dict[str, Any]:
    """An Events API body as the Slack adapter records it before the ack."""
    message = {"type": "message", "user": user, "text": text, "channel": "D1", "ts": "1.1"}
    return {"type": "event_callback", "team_id": "T1", "event_id": event_id, "event": message}


async def record_slack(world: World, body: dict[str, Any]) -> None:
    """An event recorded whose handling did not finish (a crash, or still under way)."""
    now = world.clock.now()
    async with world.repository.transaction() as uow:
        await uow.record_inbound(
            platform="slack",
            inbound_id=body["event_id"],
            payload=body,
            now=now,
            lease_until=now + timedelta(minutes=1),
        )


async def database_text(world: World) -> str:
    """Every row of every table but the audit (kept as the record), as one text."""
    rows: list[str] = []
    async with world.repository.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name != AuditRow.__tablename__:
                for row in await connection.execute(select(table)):
                    rows.extend(
                        v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)
                        for v in row
                    )
    return "\n".join(rows)


async def test_an_erased_person_leaves_the_records_and_nothing_that_names_her(
    world: World, tmp_path: Path
) -> None:
    ref = await open_invoice_case(world)
    number = int(ref.removeprefix("CS-"))
    await admin(world).link("alice", SLACK)
    trace = tmp_path / "trace.txt"
    trace.write_text("GET /invoices 403\n")
    await world.say(f"/attach {trace}")
    assert shown(await world.say(SECRET), f"[#billing-queue {ref}] Alice Adams")
    await world.say("/as agent", f"/thread {ref}", "Hi Alice, fixed: please try again")
    await world.say("/as user alice", f"close {ref}")
    await record_slack(world, slack_event("Ev-alice", "U1", SECRET))
    await record_slack(world, slack_event("Ev-bob", "U2", "hi <@U1>, are you there?"))
    before = await database_text(world)
    assert all(words in before for words in HERS)
    world.clock.advance(timedelta(days=3))  # a data request comes later

    said = await admin(world).erase("alice")
    assert said.startswith("alice erased: cases anonymised: 1, messages anonymised: ")
    assert "attachments deleted: 1, accounts unlinked: 2, " in said  # console and Slack
    assert said.endswith("inbox events dropped: 1")

    after = await database_text(world)
    assert [words for words in HERS if words in after] == []
    exported = json.loads(json.dumps(await admin(world).export("alice")))
    assert exported["person"]["name"] == "erased person"
    assert (exported["person"]["email"], exported["person"]["roles"]) == ("", [])
    assert exported["accounts"] == []
    [kept] = exported["cases"]
    assert (kept["case"]["number"], kept["case"]["status"]) == (number, "closed")
    assert kept["case"]["severity"] and kept["case"]["first_response_due"]
    assert (kept["case"]["subject"], kept["case"]["description"]) == ("[erased]", "[erased]")
    messages = kept["messages"]
    assert {m["text"] for m in messages} == {"[erased]"}
    assert {m["author_id"] for m in messages} >= {"alice", "dana"}  # who wrote when stays
    assert all(m["attachments"] == [] for m in messages)
    # Bob's Slack event is still handed out; alice's is not, and nothing kept her words.
    async with world.repository.transaction() as uow:
        waiting = await uow.claim_inbox(
            platform="slack", now=world.clock.now(), lease_until=world.clock.now(), limit=10
        )
        case = await uow.case(number)
        assert case is not None and case.status is CaseStatus.CLOSED
        assert case.first_response_at is not None  # SLA facts stay for the reports
    assert [event.inbound_id for event in waiting] == ["Ev-bob"]
    [erasure] = [e for e in await admin(world).audit_trail("alice") if e.action == "person.erased"]
    assert (erasure.actor_id, erasure.subject, erasure.before) == ("admin:test", "alice", "")
    assert erasure.after == said.removeprefix("alice erased: ")  # counts, nothing personal


async def test_her_accounts_start_afresh_and_a_restart_does_not_link_them_back(
    world: World,
) -> None:
    await admin(world).link("alice", SLACK)
    await admin(world).erase("alice")
    # directory.yaml still lists alice with console:local:alice: a restart seeds it again.
    await seed(world.repository, load_directory(default_directory() / "directory.yaml"))
    async with world.repository.transaction() as uow:
        assert await uow.person_by_identity(ALICE.identity) is None
    await world.service.handle(MessageReceived(ALICE_DM, ALICE, "help"))
    slack_dm = ConversationKey("slack", "T1", "D1", user="U1")
    await world.service.handle(MessageReceived(slack_dm, Actor(SLACK, "Alice A."), "help"))
    async with world.repository.transaction() as uow:
        console = await uow.person_by_identity(ALICE.identity)
        slack = await uow.person_by_identity(SLACK)
        erased = await uow.person("alice")
    assert console is not None and console.id == "console:local:alice"
    assert slack is not None and slack.id == "slack:T1:U1"
    assert erased is not None and erased.name == "erased person"
    with pytest.raises(AdminError, match="alice was erased"):
        await admin(world).set_role("alice", Role.AGENT, granted=True)
    with pytest.raises(AdminError, match="alice was erased"):
        await admin(world).link("alice", Identity("discord", "discord", "42"))
    assert await admin(world).erase("alice") == "alice was erased already; nothing changed"


async def test_a_person_the_bot_met_on_slack_comes_back_as_a_new_person(world: World) -> None:
    dm = ConversationKey("slack", "T1", "D9", user="U9")
    sam = Actor(Identity("slack", "T1", "U9"), "Sam Smith")
    await world.service.handle(MessageReceived(dm, sam, "help"))
    assert (await admin(world).erase("slack:T1:U9")).startswith("slack:T1:U9 erased")
    await world.service.handle(MessageReceived(dm, sam, "help"))
    async with world.repository.transaction() as uow:
        again = await uow.person_by_identity(sam.identity)
        erased = await uow.person("slack:T1:U9")
    assert again is not None and again.id == "slack:T1~2:U9"  # the old id stays the erased one's
    assert again.name == "Sam Smith"
    assert erased is not None and erased.name == "erased person"


async def test_an_unknown_person_or_open_cases_are_refused_naming_the_rule(world: World) -> None:
    with pytest.raises(AdminError, match="no person 'nobody'"):
        await admin(world).erase("nobody")
    ref = await open_invoice_case(world)
    with pytest.raises(AdminError, match=rf"alice has cases not closed \({ref}\).*\(R73\)"):
        await admin(world).erase("alice")
    async with world.repository.transaction() as uow:
        alice = await uow.person("alice")
        erasures = [e for e in await uow.audit("alice") if e.action == "person.erased"]
    assert alice is not None and alice.name == "Alice Adams"  # nothing changed
    assert erasures == []


async def test_the_placeholders_are_in_the_agents_language(world: World) -> None:
    german = Admin(world.repository, world.clock, operator="admin:test", locale="de")
    await open_invoice_case(world)
    await world.say("close CS-1")
    await german.erase("alice")
    exported = await german.export("alice")
    assert exported["person"]["name"] == "gelöschte Person"
    assert exported["cases"][0]["case"]["subject"] == "[gelöscht]"


def test_erase_on_the_command_line(tmp_path: Path) -> None:
    helped = supportbot("admin", "erase", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "Erase a person whose cases are all closed" in helped.stdout
    erased = supportbot("admin", "erase", "bob", cwd=tmp_path)
    assert erased.returncode == 0, erased.stderr
    assert erased.stdout.startswith("bob erased: cases anonymised: 0, messages anonymised: 0")
    assert "bob is still in directory.yaml: delete the entry there" in erased.stdout
    exported = json.loads(supportbot("admin", "export", "bob", cwd=tmp_path).stdout)
    assert (exported["person"]["name"], exported["accounts"]) == ("erased person", [])
    nobody = supportbot("admin", "erase", "nobody", cwd=tmp_path)
    assert nobody.returncode == 2 and nobody.stderr.startswith("supportbot: no person 'nobody'")
