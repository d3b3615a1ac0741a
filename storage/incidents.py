"""Incidents kept in the database and the links of cases to incidents (R56)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from bot.core.incidents import IncidentLink, IncidentState
from bot.core.model import Incident
from storage.statements import Statements
from storage.tables import CaseIncidentRow, IncidentRow


class IncidentStatements(Statements):
    """The incident part of SqlUnitOfWork."""

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

    async def stored_incidents(self) -> Sequence[IncidentState]:
        """Every incident kept in the database, oldest first."""
        rows = await self._rows(select(IncidentRow).order_by(IncidentRow.saved_at, IncidentRow.id))
        return [
            IncidentState(
                Incident(row.id, row.title, row.topic, row.url, row.summary),
                row.active,
                row.resolved_at,
            )
            for row in rows
        ]

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
        return [
            IncidentLink(r.case_number, r.incident_id, r.linked_at, r.linked_by, r.told_at)
            for r in await self._rows(stmt)
        ]

    async def mark_told(self, *, case_number: int, incident_id: str, at: datetime) -> None:
        """The case's requester was told that the incident is resolved."""
        mine = (CaseIncidentRow.case_number == case_number) & (
            CaseIncidentRow.incident_id == incident_id
        )
        await self._execute(update(CaseIncidentRow).where(mine).values(told_at=at))
