"""What the support leads' report is computed from (R60): plain facts the storage reads in
a few aggregated statements, for one period and optionally one org."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.core.model import EscalationStep, KnowledgeGap

#: The audit action of a case that closed itself after waiting on the customer (R53), which
#: the report counts.
IDLE_CLOSED = "case.idle_closed"


@dataclass(frozen=True)
class ArticleOutcome:
    """How often an article's suggestion was answered, and how often "this solved it"."""

    article_id: str
    shown: int
    solved: int


@dataclass(frozen=True)
class ResponseFact:
    """A case opened in the period and answered: when, and whether by its due time (R20)."""

    severity: str
    queue: str
    plan: str
    opened_at: datetime
    first_response_at: datetime
    in_time: bool


@dataclass(frozen=True)
class UnansweredCount:
    """How many cases of a severity and queue opened in the period have no first response,
    with their due time passed (overdue) or not."""

    severity: str
    queue: str
    overdue: bool
    count: int


@dataclass(frozen=True)
class EscalationFact:
    """An escalation (R22): where it stands, when it was submitted and resolved."""

    number: int
    step: EscalationStep
    submitted_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True)
class RatingFact:
    """A rating (R17) given in the period."""

    case_number: int
    rating: int
    comment: str
    at: datetime


@dataclass(frozen=True)
class ReportFacts:
    """Everything the report counts, read in one transaction."""

    since: datetime
    until: datetime
    org: str | None
    suggested: int  # intakes whose suggested articles were answered
    deflected: int  # of those, the ones answered "this solved it"
    articles: tuple[ArticleOutcome, ...]
    responses: tuple[ResponseFact, ...]
    unanswered: tuple[UnansweredCount, ...]
    opened_per_day: tuple[tuple[date, int], ...]
    closed_per_day: tuple[tuple[date, int], ...]
    escalations: tuple[EscalationFact, ...]
    ratings: tuple[RatingFact, ...]
    idle_closes: int


@dataclass(frozen=True)
class GapLine:
    """A group of questions no article answered (R4): how often, and one as typed."""

    count: int
    example: str


class GapGroups(Protocol):
    """The knowledge's part of the report: recorded gaps grouped by meaning (R4, R60)."""

    def gap_lines(self, gaps: Sequence[KnowledgeGap], *, limit: int) -> list[GapLine]:
        """The gaps grouped by meaning, most asked first, at most `limit` groups."""
        ...


class ReportPosts(Protocol):
    """Which periods' reports were posted where (R61): a claim per period and destination,
    written in the transaction of the post's outbox row, so it is posted once."""

    async def reports_posted(self, *, period_key: str) -> set[str]:
        """The destinations the report of a period was posted to."""
        ...

    async def claim_report_post(self, *, period_key: str, destination: str, at: datetime) -> bool:
        """Claim posting a period's report to a destination; False when it is claimed already
        (by this or another process)."""
        ...
