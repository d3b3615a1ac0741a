"""Case rows: reading and writing cases with their participants, and the queue view (R50)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.model import Case, CaseStatus
from storage import mapping
from storage.sessions import InlineSession
from storage.statements import Statements
from storage.tables import CaseRow, MessageRow, ParticipantRow
from storage.tags import tagged


class CaseStatements(Statements):
    """The case part of SqlUnitOfWork; every method returns core dataclasses.

    Cases read or written in the transaction are remembered: every write of a case goes
    through add_case or update_case, so the memory is the row as the transaction left it,
    and reading it again, or rewriting unchanged participants, costs no statement."""

    def __init__(self, session: AsyncSession | InlineSession, *, postgres: bool) -> None:
        super().__init__(session, postgres=postgres)
        self._known_cases: dict[int, Case] = {}
        self._locked_cases: set[int] = set()  # held FOR UPDATE by this transaction
        self._new_cases: set[int] = set()  # added by this transaction

    def _write_participants(self, case: Case) -> None:
        for n, participant in enumerate(case.participants):
            values = {"case_number": case.number, "position": n, "participant": participant}
            self._insert_later(ParticipantRow, values)

    def _remember(self, cases: Sequence[Case], *, locked: bool) -> None:
        for case in cases:
            self._known_cases[case.number] = case
            if locked:
                self._locked_cases.add(case.number)

    async def _cases(self, stmt: Select[CaseRow], *, locked: bool = False) -> list[Case]:
        found = await self._read_cases(stmt)
        self._remember(found, locked=locked)
        return found

    async def _read_cases(self, stmt: Select[CaseRow]) -> list[Case]:
        rows = await self._rows(stmt)
        if not rows:
            return []
        participants: defaultdict[int, list[str]] = defaultdict(list)
        query = (
            select(ParticipantRow.case_number, ParticipantRow.participant)
            .where(ParticipantRow.case_number.in_([row.number for row in rows]))
            .order_by(ParticipantRow.case_number, ParticipantRow.position)
        )
        for number, participant in await self._execute(query):
            participants[number].append(participant)
        return [mapping.case_from_row(row, participants[row.number]) for row in rows]

    async def forget_transcripts(self, *, closed_before: datetime) -> int:
        """Delete the messages (attachments cascade) of cases closed before a time."""
        closed = select(CaseRow.number).where(
            CaseRow.status == CaseStatus.CLOSED.value, CaseRow.closed_at < closed_before
        )
        return await self._delete(delete(MessageRow).where(MessageRow.case_number.in_(closed)))

    async def add_case(self, case: Case) -> None:
        """Insert a new case with its participants."""
        # Held (storage.later): read back from memory until any other statement writes it.
        self._insert_later(CaseRow, mapping.case_values(case))
        self._write_participants(case)
        self._remember([case], locked=True)  # no other transaction sees it before commit
        self._new_cases.add(case.number)

    async def update_case(self, case: Case) -> None:
        """Write every field of an existing case."""
        await self._update_row(CaseRow, "number", mapping.case_values(case), case.ref)
        known = self._known_cases.get(case.number)
        if known is None or known.participants != case.participants:
            await self._execute(
                delete(ParticipantRow).where(ParticipantRow.case_number == case.number)
            )
            self._write_participants(case)
        self._remember([case], locked=False)

    async def case(self, number: int, *, lock: bool = False) -> Case | None:
        """A case by number; `lock` holds its row until commit (PostgreSQL FOR UPDATE)."""
        known = self._known_cases.get(number)
        if known is not None and not (lock and self._postgres and number not in self._locked_cases):
            return known
        stmt = select(CaseRow).where(CaseRow.number == number)
        found = await self._cases(stmt.with_for_update() if lock else stmt, locked=lock)
        return found[0] if found else None

    async def _lock_cases(self, numbers: Sequence[int]) -> None:
        """Read and lock several cases at once (a timer batch's), for `case()` to return."""
        if numbers:
            stmt = select(CaseRow).where(CaseRow.number.in_(numbers))
            await self._cases(stmt.with_for_update() if self._postgres else stmt, locked=True)

    async def case_by_thread(self, *, queue: str, thread: str) -> Case | None:
        """The case whose queue thread this is."""
        stmt = (
            select(CaseRow)
            .where(CaseRow.queue == queue, CaseRow.queue_thread == thread)
            .order_by(CaseRow.number.desc())
            .limit(1)
        )
        found = await self._cases(stmt)
        return found[0] if found else None

    async def cases(
        self, *, owner_id: str | None = None, org_id: str | None = None
    ) -> Sequence[Case]:
        """Cases of one owner or one org, newest first."""
        stmt = select(CaseRow).order_by(CaseRow.opened_at.desc(), CaseRow.number.desc())
        if owner_id is not None:
            stmt = stmt.where(CaseRow.owner_id == owner_id)
        if org_id is not None:
            stmt = stmt.where(CaseRow.org_id == org_id)
        return await self._cases(stmt)

    async def queue_cases(
        self,
        *,
        queues: Sequence[str],
        assignee_id: str | None = None,
        unassigned: bool = False,
        breached_at: datetime | None = None,
        tag: str | None = None,
        limit: int = 50,
    ) -> Sequence[Case]:
        """Cases not closed in these queues, unassigned first, then by first-response due
        (R50); narrowed to one assignee, to nobody's, to those breached at a time, or to
        those with a tag (R52)."""
        stmt = (
            select(CaseRow)
            .where(CaseRow.queue.in_(queues), CaseRow.status != CaseStatus.CLOSED.value)
            .order_by(CaseRow.assignee_id.is_not(None), CaseRow.first_response_due, CaseRow.number)
            .limit(limit)
        )
        if assignee_id is not None:
            stmt = stmt.where(CaseRow.assignee_id == assignee_id)
        if unassigned:
            stmt = stmt.where(CaseRow.assignee_id.is_(None))
        if breached_at is not None:
            # bot.core.queue.breached: no first response by the due time, or a late one.
            missing = and_(
                CaseRow.first_response_at.is_(None), CaseRow.first_response_due < breached_at
            )
            stmt = stmt.where(or_(missing, CaseRow.first_response_at > CaseRow.first_response_due))
        if tag is not None:
            stmt = stmt.where(CaseRow.number.in_(tagged(tag)))
        return await self._cases(stmt)
