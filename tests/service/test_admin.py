"""`supportbot admin` (issue 10) on SQLite and PostgreSQL: roles, designated contacts and
linked accounts change what a person may do, survive a restart's seeding, and are audited
under the operator's name; the audit trail of a case or a person; a person's data export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core.events import Actor, MessageReceived
from bot.core.model import ConversationKey, Identity, Org, Role
from bot.run import seed
from bot.service.admin import Admin, AdminError
from knowledge.base import default_directory
from knowledge.directory import load_directory
from tests.service.conftest import World
from tests.service.test_timers import open_case
from tests.test_cli import supportbot

BOB_DM = ConversationKey("console", "local", "dm", user="bob")
BOB = Actor(Identity("console", "local", "bob"), "bob")


def admin(world: World) -> Admin:
    return Admin(world.repository, world.clock, operator="admin:test")


async def queue_answer(world: World) -> str:
    """What bob's `queue` (agents only, R50) is answered with."""
    [answer] = await world.service.handle(MessageReceived(BOB_DM, BOB, "queue"))
    return type(answer).__name__ + ":" + getattr(getattr(answer, "text", None), "key", "")


async def test_a_granted_role_takes_effect_survives_a_restart_and_is_audited(
    world: World,
) -> None:
    assert await queue_answer(world) == "Reply:deny.queue"
    said = await admin(world).set_role("bob", Role.AGENT, granted=True)
    assert said == "bob: roles agent,user"
    assert (await queue_answer(world)).startswith("ShowQueue")  # an agent gets the queue
    # A restart seeds the directory again: the database keeps the grant.
    await seed(world.repository, load_directory(default_directory() / "directory.yaml"))
    async with world.repository.transaction() as uow:
        bob = await uow.person("bob")
        [entry] = [e for e in await uow.audit_involving("bob") if e.actor_id == "admin:test"]
    assert bob is not None and bob.has(Role.AGENT)
    assert (entry.actor_id, entry.action, entry.before, entry.after) == (
        "admin:test",
        "role.granted",
        "user",
        "agent,user",
    )
    assert "nothing changed" in await admin(world).set_role("bob", Role.AGENT, granted=True)
    assert await admin(world).set_role("bob", Role.AGENT, granted=False) == "bob: roles user"
    assert await queue_answer(world) == "Reply:deny.queue"


async def test_bad_requests_are_refused_naming_the_rule(world: World) -> None:
    with pytest.raises(AdminError, match="everyone keeps the user role"):
        await admin(world).set_role("bob", Role.USER, granted=False)
    with pytest.raises(AdminError, match="no person 'nobody'"):
        await admin(world).set_contact("nobody", designated=True)
    alice_console = Identity("console", "local", "alice")
    with pytest.raises(AdminError, match="console:local:alice is linked to alice already"):
        await admin(world).link("bob", alice_console)


async def test_a_linked_account_brings_its_person(world: World) -> None:
    discord = Identity("discord", "discord", "4242")
    assert await admin(world).link("bob", discord) == "discord:discord:4242 linked to bob"
    async with world.repository.transaction() as uow:
        linked = await uow.person_by_identity(discord)
    assert linked is not None and linked.id == "bob"
    assert await admin(world).set_contact("bob", designated=True) == "bob: designated contact yes"
    trail = [(e.action, e.after) for e in await admin(world).audit_trail("bob")]
    assert trail == [("identity.linked", "discord:discord:4242"), ("contact.designated", "yes")]


async def test_the_audit_trail_of_a_case_and_the_export_of_its_owner(world: World) -> None:
    ref = await open_case(world)
    assert "case.opened" in [e.action for e in await admin(world).audit_trail(ref.lower())]
    exported = json.loads(json.dumps(await admin(world).export("alice")))  # JSON as written
    assert exported["person"]["email"] == "alice@acme.example"
    assert "console:local:alice" in exported["accounts"]
    [case] = exported["cases"]
    assert case["case"]["subject"] and case["messages"]
    assert any(e["action"] == "case.opened" for e in exported["audit"])
    # The export itself is on the record.
    assert (await admin(world).audit_trail("alice"))[-1].action == "data.exported"


def test_the_command_line_as_an_operator_types_it(tmp_path: Path) -> None:
    granted = supportbot("admin", "role", "grant", "bob", "agent", cwd=tmp_path)
    assert (granted.returncode, granted.stdout) == (0, "bob: roles agent,user\n")
    trail = supportbot("admin", "audit", "bob", cwd=tmp_path)
    assert "role.granted  bob  user -> agent,user" in trail.stdout
    wrong = supportbot("admin", "role", "grant", "bob", "boss", cwd=tmp_path)
    assert wrong.returncode == 2 and "invalid choice: 'boss'" in wrong.stderr
    nobody = supportbot("admin", "export", "nobody", cwd=tmp_path)
    assert nobody.returncode == 2 and nobody.stderr.startswith("supportbot: no person 'nobody'")


async def test_orgs_are_added_on_a_known_plan_and_given_a_partner(world: World) -> None:
    plans = {"standard", "premier"}
    umbrella = Org("umbrella", "Umbrella Corp", "standard")
    with pytest.raises(AdminError, match="no plan 'gold': one of premier, standard"):
        await admin(world).add_org(Org("x", "X", "gold"), plans=plans)
    assert await admin(world).add_org(umbrella, plans=plans) == (
        "umbrella: Umbrella Corp, plan standard"
    )
    with pytest.raises(AdminError, match="exists already"):
        await admin(world).add_org(umbrella, plans=plans)
    assert await admin(world).set_partner("umbrella", "partnerco") == "umbrella: partner partnerco"
    async with world.repository.transaction() as uow:
        managed = {org.id for org in await uow.orgs_managed_by("partnerco")}
    assert "umbrella" in managed  # pat of partnerco now sees umbrella's cases (R8)
    with pytest.raises(AdminError, match="its own partner"):
        await admin(world).set_partner("umbrella", "umbrella")
    await admin(world).set_partner("umbrella", None)
    trail = [(e.action, e.before, e.after) for e in await admin(world).audit_trail("umbrella")]
    assert trail == [
        ("org.added", "", "Umbrella Corp, plan standard"),
        ("org.partner", "none", "partnerco"),
        ("org.partner", "partnerco", "none"),
    ]
