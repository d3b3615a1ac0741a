"""Linking one person's accounts on several platforms, so they see one case history."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from bot.core.errors import IntakeError
from bot.core.events import Event
from bot.core.model import Case, ConversationKey, Identity, Person
from bot.core.ports import UnitOfWork
from bot.core.text import msg
from bot.service.turn import Turn

LINK_CODE_LIFETIME = timedelta(minutes=10)
UNKNOWN_ZONE = "UTC"  # a person's zone until their directory entry or platform tells


async def link(turn: Turn, args: Sequence[str], _: Case | None) -> None:
    """`link` gives a one-time code; `link CODE` on another platform joins that account."""
    if not args:
        code = f"{secrets.randbelow(10**6):06d}"
        expires = turn.now + LINK_CODE_LIFETIME
        await turn.uow.add_link_code(code=code, person_id=turn.person.id, expires_at=expires)
        minutes = int(LINK_CODE_LIFETIME.total_seconds() // 60)
        turn.say(msg("link.code", code=code, minutes=minutes))
        return
    person_id = await turn.uow.take_link_code(code=args[0], now=turn.now)
    target = await turn.uow.person(person_id) if person_id else None
    if target is None:
        raise IntakeError("link.bad_code")
    # Knowing the code sent to the first account is what authorises the link.
    await turn.uow.link_identity(person_id=target.id, identity=turn.identity)
    await turn.audit("identity.linked", target.id, before=turn.person.id, after=str(turn.identity))
    turn.say(msg("link.done", name=target.name))


async def person_of(
    uow: UnitOfWork,
    identity: Identity,
    *,
    name: str,
    org_id: str,
    locale: str,
    timezone: str = UNKNOWN_ZONE,
    conversation_at: ConversationKey | None = None,
) -> Person:
    """The person behind an account; someone new becomes a plain user of `org_id`, known
    from now on by the id `platform:workspace:user` (`platform:workspace~2:user` when an
    erased person of that account keeps the first, R73). `conversation_at` is read along
    (the conversation the event happens in)."""
    person = await uow.person_by_identity(identity, conversation_at=conversation_at)
    if person is None:
        person = Person(
            id=await _free_id(uow, identity),
            name=name or identity.user_id,
            org_id=org_id,
            locale=locale,
            timezone=timezone,
        )
        await uow.save_person(person)
        await uow.link_identity(person_id=person.id, identity=identity)
    return person


async def acting_person(uow: UnitOfWork, event: Event, default_org: str) -> Person:
    """The person an event comes from, read with the conversation it happens in (issue 8);
    someone new joins `default_org`. The platform's language wins (people change it there,
    R33); its time zone fills in an unknown one (UTC), while one from the directory stays
    (R30)."""
    actor = event.actor
    person = await person_of(
        uow,
        actor.identity,
        conversation_at=event.key,
        name=actor.name,
        org_id=default_org,
        locale=_language(actor.locale) or "en",
        timezone=actor.timezone or UNKNOWN_ZONE,
    )
    known = person.timezone != UNKNOWN_ZONE
    settings = replace(
        person,
        locale=_language(actor.locale) or person.locale,
        timezone=person.timezone if known else actor.timezone or UNKNOWN_ZONE,
    )
    if settings != person:
        await uow.save_person(settings)
    return settings


def _language(locale: str | None) -> str | None:
    """'de-DE' or 'de_DE' -> 'de'."""
    return locale.replace("_", "-").split("-")[0].lower() if locale else None


async def _free_id(uow: UnitOfWork, identity: Identity) -> str:
    # The account stays the id's first and last part: Turn.person_key reaches them by it.
    head, workspace, user = identity.platform, identity.workspace, identity.user_id
    candidate, n = f"{head}:{workspace}:{user}", 1
    while await uow.person(candidate) is not None:
        n += 1
        candidate = f"{head}:{workspace}~{n}:{user}"
    return candidate


async def participant_ids(turn: Turn, named: Sequence[str]) -> tuple[str, ...]:
    """Participants as person ids (R5): an account picked on this platform (`slack:U1`,
    `discord:users:42`) becomes its person, so the role table knows them; person ids and
    e-mail addresses stay as they are."""
    platform = turn.key.platform
    found: list[str] = []
    for ref in named:
        parts = ref.split(":")
        if parts[0] != platform or len(parts) not in (2, 3):
            found.append(ref)
            continue
        workspace = parts[1] if len(parts) == 3 else turn.key.workspace
        identity = Identity(platform, workspace, parts[-1])
        person = await person_of(
            turn.uow, identity, name="", org_id=turn.person.org_id, locale=turn.person.locale
        )
        found.append(person.id)
    return tuple(dict.fromkeys(found))  # each person once
