"""Incidents kept in the database and the links of cases to incidents (R56)."""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Select, select, update

from bot.core.incidents import IncidentLink, IncidentState
from bot.core.model import Incident
from storage.statements import Statements
from storage.tables import CaseIncidentRow, IncidentRow

# Stored incidents are shown before every intake step and change a few times a day: one
# process reads them at most this often (issue 8: a statement of every event). One saved in
# this process is seen at once, one saved by another within this time, as edits of the
# incident files are (knowledge.base reload_interval).
RECENT_ENOUGH = 2.0


class IncidentMemory:
    """The stored incidents as one process last read them, shared by its transactions."""

    def __init__(self) -> None:
        self._states: Sequence[IncidentState] | None = None
        self._read_at = 0.0

    def recall(self) -> Sequence[IncidentState] | None:
        """What was read less than RECENT_ENOUGH ago, if anything."""
        if self._states is not None and time.monotonic() - self._read_at < RECENT_ENOUGH:
            return self._states
        return None

    def keep(self, states: Sequence[IncidentState]) -> None:
        """Remember what was just read."""
        self._states, self._read_at = states, time.monotonic()

    def forget(self) -> None:
        """An incident was saved: the next read goes to the database."""
        self._states = None


class IncidentStatements(Statements):
    """The incident part of SqlUnitOfWork."""

    _incident_memory: IncidentMemory

    async def save_incident(self, state: IncidentState, *, by: str, at: datetime) -> None:
        """Keep an incident (a new one, or one resolved in chat: it outranks its file)."""
        i = state.incident
        values = {
            "id": i.id,
            "title": i.title,
            "topic": i.topic,
            "url": i.url,
            "summary": i.summary,
            "active": state.active,
            "resolved_at": state.resolved_at,
            "saved_by": by,
            "saved_at": at,
        }
        await self._upsert(IncidentRow, values, ("id",))
        self._incident_memory.forget()

    async def stored_incidents(self, *, recent_enough: bool = False) -> Sequence[IncidentState]:
        """Every incident kept in the database, oldest first; `recent_enough`: as read by
        this process up to RECENT_ENOUGH seconds ago will do."""
        remembered = self._incident_memory.recall() if recent_enough else None
        if remembered is not None:
            return remembered
        rows = await self._rows(select(IncidentRow).order_by(IncidentRow.saved_at, IncidentRow.id))
        states = [
            IncidentState(
                Incident(row.id, row.title, row.topic, row.url, row.summary),
                row.active,
                row.resolved_at,
            )
            for row in rows
        ]
        self._incident_memory.keep(states)
        return states

    async def link_incident(self, link: IncidentLink) -> bool:
        """Link a case to an incident; False when it was linked already."""
        values = {
            "case_number": link.case_number,
            "incident_id": link.incident_id,
            "linked_at": link.linked_at,
            "linked_by": link.linked_by,
            "told_at": link.told_at,
        }
        return await self._insert_new(CaseIncidentRow, values, ("case_number", "incident_id"))

    async def incident_links(
        self, *, case_number: int | None = None, incident_id: str | None = None
    ) -> Sequence[IncidentLink]:
        """The links of a case or of an incident, oldest first."""
        stmt = select(CaseIncidentRow).order_by(
            CaseIncidentRow.linked_at, CaseIncidentRow.case_number
        )
        if case_number is not None:
            stmt = stmt.where(CaseIncidentRow.case_number == case_number)
        if incident_id is not None:
            stmt = stmt.where(CaseIncidentRow.incident_id == incident_id)
        return await self._links(stmt)

    async def untold_links(self, *, incident_ids: Collection[str]) -> Sequence[IncidentLink]:
        """The links to these incidents whose requesters have not been told yet, oldest
        first (by the incident_id index)."""
        if not incident_ids:
            return []
        stmt = (
            select(CaseIncidentRow)
            .where(CaseIncidentRow.incident_id.in_(sorted(incident_ids)))
            .where(CaseIncidentRow.told_at.is_(None))
            .order_by(CaseIncidentRow.linked_at, CaseIncidentRow.case_number)
        )
        return await self._links(stmt)

    async def _links(self, stmt: Select[CaseIncidentRow]) -> list[IncidentLink]:
        return [
            IncidentLink(r.case_number, r.incident_id, r.linked_at, r.linked_by, r.told_at)
            for r in await self._rows(stmt)
        ]

    async def claim_told(self, *, case_number: int, incident_id: str, at: datetime) -> bool:
        """Claim telling the case's requester that the incident is resolved: set told_at
        where it is not set yet; False when another transaction set it."""
        stmt = (
            update(CaseIncidentRow)
            .where(CaseIncidentRow.case_number == case_number)
            .where(CaseIncidentRow.incident_id == incident_id)
            .where(CaseIncidentRow.told_at.is_(None))
            .values(told_at=at)
            .returning(CaseIncidentRow.case_number)
        )
        return (await self._execute(stmt)).first() is not None
