"""SqlRepository: the Repository port on SQLAlchemy async, for SQLite and PostgreSQL."""

from __future__ import annotations

import os
import socket
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime

from sqlalchemy import (
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import sessionmaker

from bot.core.errors import StorageUnavailable
from bot.core.model import (
    AuditEntry,
    Delivery,
    Escalation,
    Feedback,
    Identity,
    Message,
    Timer,
    TimerKind,
)
from bot.core.ports import Repository, UnitOfWork
from storage import mapping
from storage.cases import CaseStatements
from storage.cursors import CursorStatements
from storage.db import inline_engine
from storage.erasure import ErasureStatements
from storage.inbox import InboxStatements
from storage.incidents import IncidentMemory, IncidentStatements
from storage.insights import InsightStatements
from storage.outbox import OutboxStatements
from storage.people import PeopleStatements
from storage.phrasings import PhrasingStatements
from storage.report_posts import ReportPostStatements
from storage.sessions import InlineSession, writer_turn
from storage.tables import (
    CASE_COUNTER,
    ESCALATION_COUNTER,
    AttachmentRow,
    AuditRow,
    CaseRow,
    CounterRow,
    DeflectionRow,
    EscalationRow,
    EscalationStepRow,
    FeedbackRow,
    IdentityRow,
    KnowledgeGapRow,
    MessageRow,
    TimerRow,
)
from storage.tags import TagStatements

# Taken by every case opened: built once.
_BUMP = (
    update(CounterRow)
    .where(CounterRow.name == bindparam("counter"))
    .values(value=CounterRow.value + 1)
    .returning(CounterRow.value)
)


class SqlUnitOfWork(
    CaseStatements,
    CursorStatements,
    ErasureStatements,
    InboxStatements,
    IncidentStatements,
    InsightStatements,
    OutboxStatements,
    PeopleStatements,
    PhrasingStatements,
    ReportPostStatements,
    TagStatements,
    UnitOfWork,
):
    """One transaction on one AsyncSession; every method returns core dataclasses."""

    def __init__(
        self,
        session: AsyncSession | InlineSession,
        *,
        dialect: str,
        owner: str,
        incident_memory: IncidentMemory,
    ) -> None:
        super().__init__(session, postgres=dialect == "postgresql")
        self._owner = owner
        self._incident_memory = incident_memory
        self._timed_cases: set[int] = set()  # cases this transaction added timers to

    # -- numbers -----------------------------------------------------------------------

    async def _bump(self, name: str) -> int:
        # The row lock (PostgreSQL) or the write lock (SQLite) is held until commit, so
        # concurrent transactions get distinct numbers in commit order.
        value: int | None = (await self._execute(_BUMP, {"counter": name})).scalar_one_or_none()
        if value is not None:
            return value
        await self._insert_new(CounterRow, {"name": name, "value": 0}, ["name"])
        return await self._bump(name)

    async def next_case_number(self) -> int:
        """A fresh, unique case number (R10)."""
        return await self._bump(CASE_COUNTER)

    async def next_escalation_number(self) -> int:
        """A fresh, unique escalation number (R10)."""
        return await self._bump(ESCALATION_COUNTER)

    # -- transcript --------------------------------------------------------------------

    async def add_message(self, message: Message) -> int:
        """Append a transcript message; returns its id."""
        (message_id,) = await self._insert_returning(
            MessageRow, [mapping.message_values(message)], "id"
        )
        attachments = mapping.attachment_values(message_id, message.attachments)
        await self._insert_many(AttachmentRow, attachments)
        return int(message_id)

    async def set_delivery(self, *, message_id: int, delivery: Delivery, detail: str = "") -> None:
        """Record how a relay went (sent, failed and why)."""
        stmt = (
            update(MessageRow)
            .where(MessageRow.id == message_id)
            .values(delivery=delivery.value, delivery_detail=detail)
            .returning(MessageRow.id)
        )
        await self._update_one(stmt, f"message {message_id}")

    async def messages(self, case_number: int) -> Sequence[Message]:
        """The transcript of a case, oldest first."""
        stmt = (
            select(MessageRow)
            .where(MessageRow.case_number == case_number)
            .order_by(MessageRow.at, MessageRow.id)
        )
        rows = await self._rows(stmt)
        files: defaultdict[int, list[AttachmentRow]] = defaultdict(list)
        if rows:
            query = (
                select(AttachmentRow)
                .where(AttachmentRow.message_id.in_([row.id for row in rows]))
                .order_by(AttachmentRow.message_id, AttachmentRow.position)
            )
            for attachment in await self._rows(query):
                files[attachment.message_id].append(attachment)
        return [mapping.message_from_row(row, files[row.id]) for row in rows]

    # -- escalations -------------------------------------------------------------------

    async def add_escalation(self, escalation: Escalation) -> None:
        """Insert an escalation with its timeline."""
        await self._execute(insert(EscalationRow).values(mapping.escalation_values(escalation)))
        await self._insert_many(EscalationStepRow, mapping.step_values(escalation))

    async def update_escalation(self, escalation: Escalation) -> None:
        """Write step, timeline and estimate of an escalation."""
        values = mapping.escalation_values(escalation)
        del values["number"]
        stmt = update(EscalationRow).where(EscalationRow.number == escalation.number)
        await self._update_one(stmt.values(values).returning(EscalationRow.number), escalation.ref)
        await self._execute(
            delete(EscalationStepRow).where(
                EscalationStepRow.escalation_number == escalation.number
            )
        )
        await self._insert_many(EscalationStepRow, mapping.step_values(escalation))

    async def escalation_of(self, case_number: int) -> Escalation | None:
        """The escalation of a case, if any (the latest one)."""
        stmt = (
            select(EscalationRow)
            .where(EscalationRow.case_number == case_number)
            .order_by(EscalationRow.number.desc())
        )
        row = await self._row(stmt)
        if row is None:
            return None
        steps = await self._rows(
            select(EscalationStepRow)
            .where(EscalationStepRow.escalation_number == row.number)
            .order_by(EscalationStepRow.position)
        )
        return mapping.escalation_from_row(row, steps)

    # -- timers ------------------------------------------------------------------------

    async def add_timer(self, timer: Timer) -> None:
        """Insert a timer row."""
        self._insert_later(TimerRow, mapping.timer_values(timer))
        self._timed_cases.add(timer.case_number)

    async def cancel_timers(self, *, case_number: int, kinds: Sequence[TimerKind]) -> None:
        """Delete unfired timers of these kinds for a case."""
        if not kinds or (case_number in self._new_cases and case_number not in self._timed_cases):
            return  # a case opened in this transaction has no timers but the ones it added
        stmt = delete(TimerRow).where(
            TimerRow.case_number == case_number,
            TimerRow.kind.in_([kind.value for kind in kinds]),
            TimerRow.fired_at.is_(None),
        )
        await self._execute(stmt)

    async def claim_due_timers(self, *, now: datetime, limit: int = 100) -> Sequence[Timer]:
        """Mark due, unfired timers fired and return them, their cases locked for this
        transaction; a timer held elsewhere, or whose case is, waits for the next claim."""
        if limit <= 0:
            return ()
        stmt = (
            select(TimerRow)
            .where(
                TimerRow.fired_at.is_(None),
                TimerRow.due_at <= now,
                or_(TimerRow.lease_until.is_(None), TimerRow.lease_until <= now),
            )
            .order_by(TimerRow.due_at, TimerRow.id)
            .limit(limit)
        )
        if self._postgres:
            # Timers and their cases are locked together, skipping what another transaction
            # holds: an event locks a case and then its timers, so a claim that waited for a
            # case while holding its timers could deadlock with it.
            stmt = stmt.join(CaseRow, CaseRow.number == TimerRow.case_number).with_for_update(
                skip_locked=True, of=[TimerRow, CaseRow]
            )
        # On SQLite the transaction began IMMEDIATE (storage.db): no other writer runs
        # between this SELECT and the UPDATE below, in this process or any other.
        rows = await self._rows(stmt)
        if not rows:
            return ()
        await self._execute(
            update(TimerRow)
            .where(TimerRow.id.in_([row.id for row in rows]))
            .values(fired_at=now, lease_owner=self._owner, lease_until=None)
        )
        # Their cases in one statement (already locked on PostgreSQL by the claim above).
        await self._lock_cases(sorted({row.case_number for row in rows}))
        return tuple(replace(mapping.timer_from_row(row), fired_at=now) for row in rows)

    async def retry_timer(self, timer: Timer, *, at: datetime) -> None:
        """A claimed timer whose firing failed: due again, but not claimed before `at`."""
        await self._execute(
            update(TimerRow).where(TimerRow.id == timer.id).values(fired_at=None, lease_until=at)
        )

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A nested transaction: what fails inside rolls back alone."""
        await self._write_held()  # not the savepoint's to undo
        async with self._session.begin_nested():
            try:
                yield
                await self._write_held()  # fails inside, if it fails
            except BaseException:
                self._later.take()  # undone with the savepoint
                raise

    # -- audit, feedback, knowledge outcomes -------------------------------------------

    async def add_audit(self, entry: AuditEntry) -> None:
        """Append an audit row."""
        self._insert_later(AuditRow, mapping.audit_values(entry))

    async def audit(self, subject: str) -> Sequence[AuditEntry]:
        """Audit rows of a subject, oldest first."""
        stmt = (
            select(AuditRow).where(AuditRow.subject == subject).order_by(AuditRow.at, AuditRow.id)
        )
        return [mapping.audit_from_row(row) for row in await self._rows(stmt)]

    async def audit_involving(self, person_id: str) -> Sequence[AuditEntry]:
        """Audit rows a person acted in or was the subject of, oldest first."""
        stmt = (
            select(AuditRow)
            .where(or_(AuditRow.actor_id == person_id, AuditRow.subject == person_id))
            .order_by(AuditRow.at, AuditRow.id)
        )
        return [mapping.audit_from_row(row) for row in await self._rows(stmt)]

    async def identities(self, person_id: str) -> Sequence[Identity]:
        """Every platform account linked to a person."""
        stmt = (
            select(IdentityRow)
            .where(IdentityRow.person_id == person_id)
            .order_by(IdentityRow.platform, IdentityRow.workspace, IdentityRow.user_id)
        )
        return [Identity(r.platform, r.workspace, r.user_id) for r in await self._rows(stmt)]

    async def add_feedback(self, feedback: Feedback) -> bool:
        """Store the rating; False when the case was already rated (R17)."""
        return await self._insert_new(
            FeedbackRow, mapping.feedback_values(feedback), ["case_number"]
        )

    async def feedback(self, case_number: int) -> Feedback | None:
        """The rating of a case, if any."""
        row = await self._row(select(FeedbackRow).where(FeedbackRow.case_number == case_number))
        return mapping.feedback_from_row(row) if row else None

    async def record_deflection(
        self, *, person_id: str, query: str, article_id: str, solved: bool, at: datetime
    ) -> None:
        """Record the outcome of a suggestion (R4)."""
        values = {
            "person_id": person_id,
            "query": query,
            "article_id": article_id,
            "solved": solved,
            "at": at,
        }
        self._insert_later(DeflectionRow, values)

    async def record_knowledge_gap(
        self, *, person_id: str, query: str, topic: str, category: str, at: datetime
    ) -> None:
        """Record a query with no good match (R4)."""
        values = {
            "person_id": person_id,
            "query": query,
            "topic": topic,
            "category": category,
            "at": at,
        }
        self._insert_later(KnowledgeGapRow, values)


def _owner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SqlRepository(Repository):
    """Opens one SqlUnitOfWork per transaction on an async engine (storage.db.make_engine):
    on SQLite through a sync engine on the same file, inline (storage.sessions)."""

    def __init__(self, engine: AsyncEngine, *, owner: str | None = None) -> None:
        self._engine = engine
        self._sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._dialect = engine.dialect.name
        self._inline = (
            sessionmaker(inline_engine(engine), expire_on_commit=False, autoflush=False)
            if self._dialect == "sqlite"
            else None
        )
        self._database = str(engine.url)
        self._owner = owner or _owner_id()
        self._incident_memory = IncidentMemory()

    @property
    def engine(self) -> AsyncEngine:
        """The engine this repository runs on."""
        return self._engine

    def _unit(self, session: AsyncSession | InlineSession) -> SqlUnitOfWork:
        return SqlUnitOfWork(
            session,
            dialect=self._dialect,
            owner=self._owner,
            incident_memory=self._incident_memory,
        )

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlUnitOfWork]:
        """A unit of work that commits on success and rolls back on error; a database that
        cannot be reached raises StorageUnavailable."""
        try:
            if self._inline is None:
                async with self._sessions() as session, session.begin():
                    unit = self._unit(session)
                    yield unit
                    await unit.settle()
                return
            async with writer_turn(self._database):
                with self._inline() as inline, inline.begin():
                    unit = self._unit(InlineSession(inline))
                    yield unit
                    await unit.settle()
        except (OperationalError, InterfaceError) as error:
            raise StorageUnavailable(type(error.orig or error).__name__) from error
