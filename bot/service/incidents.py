"""Incidents reach their people (R56): agents link cases to an incident, create and resolve
incidents in chat; a resolution is told to every linked requester in their own channel and
language. Incidents created in chat are shown before intake beside the files (R2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.actions import Reply
from bot.core.cases import CaseAction
from bot.core.errors import IntakeError, InvalidTransition, PermissionDenied
from bot.core.incidents import (
    IncidentLink,
    IncidentState,
    new_incident_id,
    parse_new,
)
from bot.core.model import Case, Incident, Role
from bot.core.ports import UnitOfWork
from bot.core.text import Listing, msg
from bot.core.timefmt import local_time
from bot.service.caseargs import case_arg
from bot.service.turn import Turn


async def incident(turn: Turn, args: Sequence[str], thread_case: Case | None) -> None:
    """`!incident INC-…` links the thread's case (`incident CS-12 INC-…` elsewhere);
    `incident new "Title" TOPIC [URL] [summary]` and `incident resolve INC-…`: agents only."""
    if not turn.person.has(Role.AGENT):
        raise PermissionDenied("deny.incident")
    verb = args[0].lower() if args else ""
    if verb in ("new", "neu"):
        await _create(turn, args[1:])
    elif verb in ("resolve", "resolved", "beheben", "behoben"):
        if len(args) < 2:
            raise IntakeError("usage.incident")
        await _resolve(turn, args[1])
    else:
        case, rest = await case_arg(turn, args, thread_case, CaseAction.AGENT_WORK)
        if not rest:
            raise IntakeError("usage.incident")
        await _link(turn, case, rest[0])


async def known(turn: Turn, incident_id: str) -> IncidentState:
    """An incident by id: the database's (created or resolved in chat) before its file."""
    wanted = incident_id.upper()
    stored = {s.incident.id.upper(): s for s in await turn.uow.stored_incidents()}
    state = stored.get(wanted) or turn.knowledge.incident(wanted)
    if state is None:
        raise IntakeError("incident.unknown", incident=incident_id)
    return state


async def active_by_topic(turn: Turn) -> dict[str, tuple[Incident, ...]]:
    """R2: the active incidents of each topic, from files and chat, newest first; one resolved
    in chat is no longer shown even while its file still says active."""
    stored = await turn.uow.stored_incidents(recent_enough=True)
    overruled = {s.incident.id.upper() for s in stored}
    shown: dict[str, tuple[Incident, ...]] = {}
    for topic in turn.catalogue.topics:
        chat = [s.incident for s in reversed(stored) if s.active and s.incident.topic == topic.id]
        files = turn.knowledge.active_incidents(topic.id)
        shown[topic.id] = (*chat, *(i for i in files if i.id.upper() not in overruled))
    return shown


async def active_incidents(turn: Turn) -> list[str]:
    """The ids of every active incident, from files and chat, as intake shows them (R2)."""
    shown = await active_by_topic(turn)
    return sorted({i.id for incidents in shown.values() for i in incidents})


async def linked_incidents(uow: UnitOfWork, case: Case, timezone: str) -> Listing | None:
    """The case history's incidents, each with when it was linked (R56); None without any."""
    links = await uow.incident_links(case_number=case.number)
    lines = tuple(
        msg(
            "export.incident_line",
            incident=link.incident_id,
            at=local_time(link.linked_at, timezone),
        )
        for link in links
    )
    return Listing(lines) if lines else None


async def _link(turn: Turn, case: Case, incident_id: str) -> None:
    state = await known(turn, incident_id)
    ref = state.incident.id
    link = IncidentLink(case.number, ref, turn.now, turn.person.id)
    if not await turn.uow.link_incident(link):
        turn.say(msg("incident.linked_already", case=case.ref, incident=ref))
        return
    await turn.audit("case.incident", case.ref, after=ref)
    turn.tell_thread(
        case, msg("incident.linked", case=case.ref, incident=ref, title=state.incident.title)
    )
    if state.active:
        await turn.tell_owner(
            case,
            msg("incident.linked_user", case=case.ref, incident=ref, title=state.incident.title),
        )
        return
    await tell_resolved(turn, link, state)  # linked after the fact: the requester hears now


async def _create(turn: Turn, words: Sequence[str]) -> None:
    asked = parse_new(words)
    if turn.catalogue.topic(asked.topic) is None:
        topics = ", ".join(t.id for t in turn.catalogue.topics)
        raise IntakeError("incident.unknown_topic", topic=asked.topic, topics=topics)
    taken = [s.incident.id for s in await turn.uow.stored_incidents()]
    number = new_incident_id(turn.now, taken)
    while turn.knowledge.incident(number) is not None:  # a file of that day holds the id
        taken.append(number)
        number = new_incident_id(turn.now, taken)
    new = Incident(number, asked.title, asked.topic, asked.url, asked.summary)
    await turn.uow.save_incident(IncidentState(new, True), by=turn.person.id, at=turn.now)
    await turn.audit("incident.created", number, after=asked.title)
    turn.say(msg("incident.created", incident=number, title=asked.title, topic=asked.topic))


async def _resolve(turn: Turn, incident_id: str) -> None:
    """Resolve an active incident; for one already resolved (its file edited meanwhile), tell
    the linked requesters who have not heard yet."""
    state = await known(turn, incident_id)
    ref = state.incident.id
    untold = [link for link in await turn.uow.incident_links(incident_id=ref) if not link.told_at]
    if not state.active and not untold:
        raise InvalidTransition("incident.already_resolved", incident=ref)
    if state.active:
        state = replace(state, active=False, resolved_at=turn.now)
        await turn.uow.save_incident(state, by=turn.person.id, at=turn.now)
        await turn.audit("incident.resolved", ref)
    told = 0
    for link in untold:
        if await tell_resolved(turn, link, state):
            told += 1
    turn.say(msg("incident.resolved", incident=ref, count=told))


async def tell_resolved(turn: Turn, link: IncidentLink, state: IncidentState) -> bool:
    """The requester of a linked case hears that the incident is resolved where they talk to
    the bot, in their language, and the case thread hears it too: once, whichever process or
    way (chat, the incident's file, R56) gets there first claims it; False when one did."""
    ref = state.incident.id
    case = await turn.uow.case(link.case_number)
    claimed = await turn.uow.claim_told(
        case_number=link.case_number, incident_id=link.incident_id, at=turn.now
    )
    if case is None or not claimed:
        return False
    owner_says = msg(
        "incident.resolved_user", case=case.ref, incident=ref, title=state.incident.title
    )
    turn.actions.append(Reply(case.user_key, await turn.owner_locale(case), owner_says))
    turn.tell_thread(case, msg("incident.resolved_thread", case=case.ref, incident=ref))
    await turn.audit("case.incident_told", case.ref, after=ref)
    return True
