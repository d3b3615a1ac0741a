"""Incidents beyond R2 (R56): an incident's state wherever it is kept, the links of cases to
incidents, and the ports that read and keep them."""

from __future__ import annotations

import shlex
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.errors import IntakeError
from bot.core.model import Incident

INCIDENT_PREFIX = "INC-"
# Quotes a chat client may put where the person typed plain ones.
_QUOTES = str.maketrans(
    dict.fromkeys("\u201c\u201d\u201e", '"') | dict.fromkeys("\u2018\u2019", "'")
)


@dataclass(frozen=True)
class IncidentState:
    """An incident and whether it is still going on; `resolved_at` once resolved in chat."""

    incident: Incident
    active: bool
    resolved_at: datetime | None = None


@dataclass(frozen=True)
class IncidentLink:
    """A case linked to an incident by an agent; `told_at` once its requester heard that the
    incident is resolved."""

    case_number: int
    incident_id: str
    linked_at: datetime
    linked_by: str
    told_at: datetime | None = None


@dataclass(frozen=True)
class NewIncident:
    """What `incident new "Title" TOPIC [URL] [summary]` asks for."""

    title: str
    topic: str
    url: str
    summary: str


def parse_new(words: Sequence[str]) -> NewIncident:
    """The words after `incident new`; an IntakeError naming the form when they do not fit."""
    try:
        parts = shlex.split(" ".join(words).translate(_QUOTES))
    except ValueError as error:  # an unclosed quote
        raise IntakeError("usage.incident_new") from error
    if len(parts) < 2 or not parts[0].strip():
        raise IntakeError("usage.incident_new")
    title, topic, *rest = parts
    url = rest.pop(0) if rest and rest[0].lower().startswith(("http://", "https://")) else ""
    return NewIncident(title.strip(), topic.lower(), url, " ".join(rest))


def new_incident_id(day: datetime, taken: Sequence[str]) -> str:
    """INC-YYYY-MMDD like the incident files, with -2, -3 ... for another one that day."""
    base = f"{INCIDENT_PREFIX}{day:%Y-%m%d}"
    used = {t.upper() for t in taken}
    number = 1
    while (candidate := base if number == 1 else f"{base}-{number}") in used:
        number += 1
    return candidate


class IncidentFiles(Protocol):
    """Incidents written as files under knowledge/incidents (R40)."""

    def incident(self, incident_id: str) -> IncidentState | None:
        """The file incident with this id (any letter case), active or resolved."""
        ...

    def resolved_incidents(self) -> frozenset[str]:
        """The ids of the file incidents whose status is resolved, after looking for edits
        of the files (it may read them: call it off the event loop)."""
        ...


class IncidentStore(Protocol):
    """Incidents created or resolved in chat, and the links of cases to incidents."""

    async def save_incident(self, state: IncidentState, *, by: str, at: datetime) -> None:
        """Keep an incident (a new one, or one resolved in chat: it outranks its file)."""
        ...

    async def stored_incidents(self, *, recent_enough: bool = False) -> Sequence[IncidentState]:
        """Every incident kept in the database, oldest first; `recent_enough`: a copy read a
        few seconds ago will do (what intake shows)."""
        ...

    async def link_incident(self, link: IncidentLink) -> bool:
        """Link a case to an incident; False when it was linked already."""
        ...

    async def incident_links(
        self, *, case_number: int | None = None, incident_id: str | None = None
    ) -> Sequence[IncidentLink]:
        """The links of a case or of an incident, oldest first."""
        ...

    async def untold_links(self, *, incident_ids: Collection[str]) -> Sequence[IncidentLink]:
        """The links to these incidents whose requesters have not been told yet, oldest
        first."""
        ...

    async def claim_told(self, *, case_number: int, incident_id: str, at: datetime) -> bool:
        """Claim telling the case's requester that the incident is resolved, in the
        transaction that writes what they are told; False when another transaction claimed it
        (on PostgreSQL a second claimer waits for the first one's commit, then finds it)."""
        ...
