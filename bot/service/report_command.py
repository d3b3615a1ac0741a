"""`report [week|month]` in chat (R61): an org admin gets the report of their own org's cases
over the last 7 or 30 days; queue leads and global admins get all orgs' (or one org's, named
after the period). The summary comes as a message with report.md attached, where they asked,
or in their DM when they asked in a shared thread; charts come with the leads' weekly post."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.actions import SendFile
from bot.core.errors import IntakeError, NotFound, PermissionDenied
from bot.core.model import Case, Person, Role
from bot.core.report_schedule import PERIOD_WORDS, RECENT, Every
from bot.core.text import msg
from bot.service.report import read_report
from bot.service.report_md import report_markdown
from bot.service.report_summary import summary
from bot.service.turn import Turn, direct_key

MARKDOWN = "text/markdown"


async def report(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """The report of the period up to now for the org the person may read, audited."""
    every, named = _options(args)
    org_id = await _org_allowed(turn, turn.person, named)
    org = await turn.uow.org(org_id) if org_id is not None else None
    if org_id is not None and org is None:
        raise NotFound("report.unknown_org", org=org_id)
    until = turn.now
    since = until - RECENT[every]
    found = await read_report(turn.uow, turn.knowledge, since=since, until=until, org=org_id)
    await turn.audit(
        "report.sent", org_id or "all orgs", after=f"{since.isoformat()}/{until.isoformat()}"
    )
    text = summary(
        found,
        org_name=org.name if org else None,
        timezone=turn.person.timezone,
        attached=msg("report.attached_md"),
    )
    content = report_markdown(found, (), turn.person.locale).encode()
    to = turn.key if turn.key.user or thread_case else direct_key(turn.identity)
    filename = f"report-{org_id or 'all'}-{until:%Y-%m-%d}.md"
    turn.actions.append(SendFile(to, turn.person.locale, text, filename, content, MARKDOWN))
    if to != turn.key:
        turn.say(msg("private.sent_dm"))


def _options(args: Sequence[str]) -> tuple[Every, str | None]:
    """The period (week unless one is named) and an org named after it, if any."""
    every, org = Every.WEEK, None
    for word in args:
        if word.lower() in PERIOD_WORDS:
            every = PERIOD_WORDS[word.lower()]
        elif org is None:
            org = word.lower()
        else:
            raise IntakeError("usage.report", value=word)
    return every, org


async def _org_allowed(turn: Turn, person: Person, named: str | None) -> str | None:
    """The org whose report the person may read (None: all orgs), or PermissionDenied naming
    who may: leads of the support side read any org's or all; an org admin their own."""
    leads = set(turn.catalogue.queue_leads.values())
    if person.has(Role.GLOBAL_ADMIN) or person.id in leads:
        return named
    if person.has(Role.ORG_ADMIN):
        if named is not None and named != person.org_id:
            own = await turn.org_of(person.org_id)
            raise PermissionDenied("deny.report_org", org=own.name)
        return person.org_id
    raise PermissionDenied("deny.report")
