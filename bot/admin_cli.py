"""`supportbot admin ...` (issue 10): the operator's commands, each audited as
`admin:<login>`; bad input is refused by argparse or AdminError naming the rule."""

from __future__ import annotations

import argparse
import getpass
import json
from typing import TextIO

from bot.core.clock import SystemClock
from bot.core.model import Identity, Org, Role
from bot.service.admin import Admin
from bot.settings import Settings
from bot.store import knowledge_dir, open_store
from knowledge.base import KnowledgeBase

ROLES = [role.value for role in Role]


def add_admin_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """The `admin` command and its subcommands."""
    admin = commands.add_parser(
        "admin", help="administer people and read the records (every change is audited)"
    )
    sub = admin.add_subparsers(dest="admin_command", required=True)
    role = sub.add_parser("role", parents=[common], help="grant or revoke a role")
    role.add_argument("change", choices=["grant", "revoke"])
    role.add_argument("person", help="person id, as in directory.yaml")
    role.add_argument("role", choices=ROLES)
    contact = sub.add_parser(
        "contact", parents=[common], help="make a person a designated contact, or not"
    )
    contact.add_argument("designated", choices=["on", "off"])
    contact.add_argument("person")
    link = sub.add_parser("link", parents=[common], help="link a platform account to a person")
    link.add_argument("person")
    link.add_argument("platform", choices=["slack", "discord", "console"])
    link.add_argument("workspace", help="Slack team id, Discord 'discord', console 'local'")
    link.add_argument("user", help="the platform's user id")
    org = sub.add_parser("org", help="add an org, or set the partner that manages it")
    org_commands = org.add_subparsers(dest="org_command", required=True)
    add = org_commands.add_parser("add", parents=[common], help="a new customer or partner org")
    add.add_argument("org", help="org id, e.g. umbrella")
    add.add_argument("name", help="its name, e.g. 'Umbrella Corp'")
    add.add_argument("--plan", required=True, help="a plan of the catalogue, e.g. standard")
    add.add_argument("--region", default="emea", help="its hotline region (default emea)")
    add.add_argument("--managed-by", help="the partner org that manages it (R8)")
    partner = org_commands.add_parser(
        "partner", parents=[common], help="set the partner org that manages an org (R8)"
    )
    partner.add_argument("org")
    partner.add_argument("partner", help="the partner org's id, or 'none'")
    audit = sub.add_parser("audit", parents=[common], help="the audit trail of a case or person")
    audit.add_argument("subject", help="a case (CS-12), a person id or an org id")
    export = sub.add_parser(
        "export", parents=[common], help="everything kept about a person, as JSON"
    )
    export.add_argument("person")
    erase = sub.add_parser(
        "erase",
        parents=[common],
        help="erase a person on request (R73): records stay, nothing names them",
        description="Erase a person whose cases are all closed: their name, e-mail, roles and "
        "accounts go; the text of their cases' messages and of what they wrote elsewhere is "
        "replaced by a marker, attachments are deleted; case numbers, times, severities and "
        "SLA facts and the audit stay. A later message from one of their accounts starts a "
        "new person. The erasure is audited (counts only) and cannot be undone.",
    )
    erase.add_argument("person", help="person id, as in directory.yaml or `admin audit`")


async def run_admin(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """Run one admin command against the configured database."""
    engine, repository, directory = await open_store(settings)
    operator = f"admin:{getpass.getuser()}"
    admin = Admin(repository, SystemClock(), operator, locale=settings.agent_locale)
    try:
        match args.admin_command:
            case "role":
                role = Role(args.role)
                said = await admin.set_role(args.person, role, granted=args.change == "grant")
            case "contact":
                said = await admin.set_contact(args.person, designated=args.designated == "on")
            case "link":
                identity = Identity(args.platform, args.workspace, args.user)
                said = await admin.link(args.person, identity)
            case "org" if args.org_command == "add":
                plans = KnowledgeBase.load(knowledge_dir(settings)).catalogue().plans
                new = Org(args.org, args.name, args.plan, args.managed_by, region=args.region)
                said = await admin.add_org(new, plans=plans)
            case "org":
                partner = None if args.partner == "none" else args.partner
                said = await admin.set_partner(args.org, partner)
            case "audit":
                said = (
                    "\n".join(
                        f"{e.at.isoformat(timespec='seconds')}  {e.actor_id}  {e.action}  "
                        f"{e.subject}  {e.before} -> {e.after}"
                        for e in await admin.audit_trail(args.subject)
                    )
                    or f"no audit rows for {args.subject}"
                )
            case "erase":
                said = await admin.erase(args.person)
                if any(person.id == args.person for person, _ in directory.people):
                    said += (
                        f"\n{args.person} is still in directory.yaml: delete the entry there "
                        "(their accounts are not linked again either way)"
                    )
            case _:
                said = json.dumps(await admin.export(args.person), indent=2, ensure_ascii=False)
    finally:
        await engine.dispose()
    print(said, file=out)
    return 0
