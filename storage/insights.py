"""What support leads and knowledge editors read back (R4, R60): recorded knowledge gaps and
the report's facts, each aggregated in SQL where that saves reading rows one by one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    case,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy import cast as sql_cast

from bot.core.model import CASE_PREFIX, EscalationStep, KnowledgeGap
from bot.core.reporting import (
    IDLE_CLOSED,
    ArticleOutcome,
    EscalationFact,
    RatingFact,
    ReportFacts,
    ResponseFact,
    UnansweredCount,
)
from storage.statements import Statements
from storage.tables import (
    AuditRow,
    CaseRow,
    DeflectionRow,
    EscalationRow,
    EscalationStepRow,
    FeedbackRow,
    KnowledgeGapRow,
    OrgRow,
    PersonRow,
)

_RESOLVED = EscalationStep.RESOLVED.value
_CASES = cast(Table, CaseRow.__table__)
_ORGS = cast(Table, OrgRow.__table__)
_Rows = TypeVar("_Rows", bound=Select[*tuple[Any, ...]])


def _by_person_of(stmt: _Rows, person_id: Any, org: str | None) -> _Rows:
    """Only the rows written by people of an org (deflections, gaps), when one is given."""
    if org is None:
        return stmt
    return stmt.join(PersonRow, PersonRow.id == person_id).where(PersonRow.org_id == org)


def _during(column: Any, since: datetime, until: datetime) -> ColumnElement[bool]:
    return and_(column >= since, column < until)


class InsightStatements(Statements):
    """The read-back part of SqlUnitOfWork."""

    async def knowledge_gaps(
        self, *, since: datetime, until: datetime | None = None, org: str | None = None
    ) -> list[KnowledgeGap]:
        """The queries with no good match recorded since a time (and before another, by
        people of an org), oldest first."""
        stmt = select(KnowledgeGapRow).where(KnowledgeGapRow.at >= since)
        if until is not None:
            stmt = stmt.where(KnowledgeGapRow.at < until)
        rows = await self._rows(
            _by_person_of(stmt, KnowledgeGapRow.person_id, org).order_by(
                KnowledgeGapRow.at, KnowledgeGapRow.id
            )
        )
        return [KnowledgeGap(row.query, row.topic, row.category, row.at) for row in rows]

    async def report_facts(
        self, *, since: datetime, until: datetime, org: str | None = None
    ) -> ReportFacts:
        """What the leads' report counts in [since, until), for one org or all (R60)."""
        suggested, deflected = await self._deflections(since, until, org)
        return ReportFacts(
            since=since,
            until=until,
            org=org,
            suggested=suggested,
            deflected=deflected,
            articles=await self._article_outcomes(since, until, org),
            responses=await self._responses(since, until, org),
            unanswered=await self._unanswered(since, until, org),
            opened_per_day=await self._per_day(_CASES.c.opened_at, since, until, org),
            closed_per_day=await self._per_day(_CASES.c.closed_at, since, until, org),
            escalations=await self._escalations(since, org),
            ratings=await self._ratings(since, until, org),
            idle_closes=await self._idle_closes(since, until, org),
        )

    async def _deflections(self, since: datetime, until: datetime, org: str | None) -> Any:
        # One intake's answer is written as rows sharing its person and time: all offered
        # articles unsolved ("still need help"), or the one that solved it.
        answered = _by_person_of(
            select(func.max(case((DeflectionRow.solved, 1), else_=0)).label("solved"))
            .select_from(DeflectionRow)
            .where(_during(DeflectionRow.at, since, until))
            .group_by(DeflectionRow.person_id, DeflectionRow.at),
            DeflectionRow.person_id,
            org,
        ).subquery()
        totals = select(func.count(), func.coalesce(func.sum(answered.c.solved), 0))
        suggested, deflected = (await self._execute(totals)).one()
        return int(suggested), int(deflected)

    async def _article_outcomes(
        self, since: datetime, until: datetime, org: str | None
    ) -> tuple[ArticleOutcome, ...]:
        solved = func.sum(case((DeflectionRow.solved, 1), else_=0))
        stmt = _by_person_of(
            select(DeflectionRow.article_id, func.count(), solved)
            .where(_during(DeflectionRow.at, since, until))
            .group_by(DeflectionRow.article_id),
            DeflectionRow.person_id,
            org,
        )
        rows = await self._execute(stmt)
        return tuple(ArticleOutcome(article, int(shown), int(yes)) for article, shown, yes in rows)

    async def _responses(
        self, since: datetime, until: datetime, org: str | None
    ) -> tuple[ResponseFact, ...]:
        # On the tables (Core rows), one per answered case: the ORM's loading doubled the
        # time, and each time read costs (100k cases), so the due time is compared here.
        answered = _CASES.c.first_response_at
        stmt = (
            select(
                _CASES.c.severity,
                _CASES.c.queue,
                func.coalesce(_ORGS.c.plan, ""),
                _CASES.c.opened_at,
                answered,
                type_coerce(answered <= _CASES.c.first_response_due, Boolean),
            )
            .select_from(_CASES.outerjoin(_ORGS, _ORGS.c.id == _CASES.c.org_id))
            .where(_during(_CASES.c.opened_at, since, until), answered.is_not(None), *_of_org(org))
        )
        return tuple(ResponseFact(*row) for row in (await self._execute(stmt)).all())

    async def _unanswered(
        self, since: datetime, until: datetime, org: str | None
    ) -> tuple[UnansweredCount, ...]:
        overdue = type_coerce(_CASES.c.first_response_due <= until, Boolean)
        stmt = (
            select(_CASES.c.severity, _CASES.c.queue, overdue, func.count())
            .where(
                _during(_CASES.c.opened_at, since, until),
                _CASES.c.first_response_at.is_(None),
                *_of_org(org),
            )
            .group_by(_CASES.c.severity, _CASES.c.queue, overdue)
        )
        return tuple(
            UnansweredCount(severity, queue, bool(late), int(count))
            for severity, queue, late, count in await self._execute(stmt)
        )

    async def _per_day(
        self, column: Any, since: datetime, until: datetime, org: str | None
    ) -> tuple[tuple[date, int], ...]:
        """How many cases a time column puts on each UTC day of the period."""
        # PostgreSQL's date() would follow the session's time zone.
        day = func.date(func.timezone("UTC", column) if self._postgres else column)
        stmt = (
            select(day, func.count())
            .where(_during(column, since, until), *_of_org(org))
            .group_by(day)
            .order_by(day)
        )
        return tuple(
            (date.fromisoformat(str(when)), int(count)) for when, count in await self._execute(stmt)
        )

    async def _escalations(self, since: datetime, org: str | None) -> tuple[EscalationFact, ...]:
        resolved_at = func.max(
            case((EscalationStepRow.step == _RESOLVED, EscalationStepRow.at), else_=None)
        )
        stmt = (
            select(
                EscalationRow.number,
                EscalationRow.step,
                func.min(EscalationStepRow.at),
                resolved_at,
            )
            .join(EscalationStepRow, EscalationStepRow.escalation_number == EscalationRow.number)
            .join(CaseRow, CaseRow.number == EscalationRow.case_number)
            .where(*_of_org(org))
            .group_by(EscalationRow.number, EscalationRow.step)
            # Still open, or submitted or resolved in the period.
            .having(
                (EscalationRow.step != _RESOLVED)
                | (func.min(EscalationStepRow.at) >= since)
                | (resolved_at >= since)
            )
        )
        return tuple(
            EscalationFact(number, EscalationStep(step), submitted, resolved)
            for number, step, submitted, resolved in await self._execute(stmt)
        )

    async def _ratings(
        self, since: datetime, until: datetime, org: str | None
    ) -> tuple[RatingFact, ...]:
        stmt = (
            select(FeedbackRow.case_number, FeedbackRow.rating, FeedbackRow.comment, FeedbackRow.at)
            .join(CaseRow, CaseRow.number == FeedbackRow.case_number)
            .where(_during(FeedbackRow.at, since, until), *_of_org(org))
            .order_by(FeedbackRow.at, FeedbackRow.case_number)
        )
        return tuple(RatingFact(*row) for row in await self._execute(stmt))

    async def _idle_closes(self, since: datetime, until: datetime, org: str | None) -> int:
        stmt = (
            select(func.count())
            .select_from(AuditRow)
            .where(AuditRow.action == IDLE_CLOSED, _during(AuditRow.at, since, until))
        )
        if org is not None:
            ref = literal(CASE_PREFIX).concat(sql_cast(CaseRow.number, String))
            stmt = stmt.join(CaseRow, AuditRow.subject == ref).where(CaseRow.org_id == org)
        return int((await self._execute(stmt)).scalar_one())


def _of_org(org: str | None) -> tuple[ColumnElement[bool], ...]:
    """The condition that keeps one org's cases, if any."""
    return () if org is None else (CaseRow.org_id == org,)
