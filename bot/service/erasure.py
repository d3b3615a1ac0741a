"""Erasing a person on request (R73): what names them and what they wrote goes; the records
stay (their cases with numbers, times, severities and SLA facts, who wrote each message when,
the audit), so reports still count. The erasure itself is audited, with counts only."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.core.model import Identity, Person, TimerKind, destination
from bot.core.ports import UnitOfWork
from bot.core.text import msg
from bot.i18n import translate
from bot.service.turn import direct_key, thread_key

ERASED = "person.erased"


@dataclass(frozen=True)
class Erasure:
    """What an erasure changed: counts only, for the audit and the operator."""

    cases: int
    messages: int
    attachments: int
    accounts: int
    outbox: int
    inbound: int

    def __str__(self) -> str:
        return (
            f"cases anonymised: {self.cases}, messages anonymised: {self.messages}, "
            f"attachments deleted: {self.attachments}, accounts unlinked: {self.accounts}, "
            f"outbox rows dropped: {self.outbox}, inbox events dropped: {self.inbound}"
        )


async def was_erased(uow: UnitOfWork, person_id: str) -> bool:
    """Whether a person was erased: the audit says so, and nothing can undo an audit row."""
    return any(entry.action == ERASED for entry in await uow.audit(person_id))


async def erase(uow: UnitOfWork, person: Person, *, locale: str, now: datetime) -> Erasure:
    """Erase a person whose cases are closed: name, e-mail, roles and settings; accounts,
    conversations and case participations; the words and files of their cases and theirs
    elsewhere; the messages to them and every message sent (they may quote them anywhere);
    the events from them not handled yet. Placeholders are in the agents' `locale`."""
    words = translate(locale, msg("erased.text"))
    accounts = await uow.identities(person.id)
    conversations = await uow.unlink_person(person)
    written = await uow.erase_words(person.id, marker=words)
    cases = await uow.cases(owner_id=person.id)  # read after unlinking: participants changed
    for case in cases:
        anonymised = replace(case, subject=words, description=words, links=(), shared_links=())
        await uow.update_case(anonymised)
        # Their cases are closed: what is left is the reminder to rate (R62), not to be sent.
        await uow.cancel_timers(case_number=case.number, kinds=tuple(TimerKind))
    name = translate(locale, msg("erased.person"))
    # The id stays: their records and the audit point at it. Their org stays, for reports.
    await uow.save_person(Person(person.id, name, person.org_id, roles=frozenset()))
    places = [*conversations, *map(direct_key, accounts)]
    places += [key for case in cases for key in (case.user_key, thread_key(case))]
    # A bare channel (a queue, a help channel) is everyone's: only their DMs and threads go.
    mine = sorted({destination(key) for key in places if key.user or key.thread})
    outbox = await uow.drop_outbox_to(mine)
    # Sent rows are kept only against platform retries (housekeeping forgets them after
    # days); theirs are not told apart from the rest, so all sent so far go now.
    outbox += await uow.forget_sent_outbox(before=now)
    inbound = await _drop_inbound(uow, accounts)
    counts = (written.messages, written.attachments, len(accounts), outbox, inbound)
    return Erasure(len(cases), *counts)


async def _drop_inbound(uow: UnitOfWork, accounts: Sequence[Identity]) -> int:
    """Drop the recorded events from their accounts that are not handled yet: they hold
    their words, and handled after the erasure they would bring those words back."""
    dropped = 0
    for platform in sorted({account.platform for account in accounts}):
        for event in await uow.waiting_inbound(platform=platform):
            fields = set(_fields(event.payload))
            strings = {value for _, value in fields}
            # The sender is a `user` field (Slack: `event.user`, the workspace in `team_id`);
            # someone mentioned is not (`user_id` in blocks, `<@U1>` in the text).
            if any(
                ("user", account.user_id) in fields and account.workspace in strings
                for account in accounts
                if account.platform == platform
            ):
                await uow.drop_inbound(platform=platform, inbound_id=event.inbound_id)
                dropped += 1
    return dropped


def _fields(value: object, name: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a JSON payload, however deep, with the name of the field holding it."""
    if isinstance(value, str):
        yield name, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _fields(item, str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _fields(item, name)
