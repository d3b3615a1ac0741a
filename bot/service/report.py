"""The support leads' report (R60) computed from its facts: plain numbers, no I/O, so a
test can hand-compute every one of them."""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.core.model import Catalogue, EscalationStep, KnowledgeGap
from bot.core.ports import Knowledge, UnitOfWork
from bot.core.reporting import ArticleOutcome, GapLine, RatingFact, ReportFacts, ResponseFact
from bot.core.sla import OpenTimeline
from bot.service.turn import calendar_of

#: Ages of open escalations, as a lead asks about them: (label's message key, up to this age).
AGE_BANDS: tuple[tuple[str, timedelta], ...] = (
    ("report.md.age_day", timedelta(days=1)),
    ("report.md.age_3", timedelta(days=3)),
    ("report.md.age_7", timedelta(days=7)),
    ("report.md.age_more", timedelta.max),
)
OPEN_STEPS = tuple(step for step in EscalationStep if step is not EscalationStep.RESOLVED)
RATINGS = (1, 2, 3, 4, 5)
GAPS_LISTED = 10  # groups of unanswered questions a report lists


@dataclass(frozen=True)
class Attainment:
    """First-response SLA of one severity or queue: met / missed, and how fast (R20)."""

    name: str
    met: int
    missed: int
    waiting: int  # no first response yet, not due yet
    median: timedelta | None  # first-response time in the plan's business time
    p90: timedelta | None

    @property
    def rate(self) -> float | None:
        """Share of the decided cases whose first response came in time."""
        decided = self.met + self.missed
        return self.met / decided if decided else None


@dataclass(frozen=True)
class StageAges:
    """Open escalations at one step, by age since they were submitted (R22)."""

    step: EscalationStep
    by_age: tuple[int, ...]  # one count per AGE_BANDS

    @property
    def total(self) -> int:
        """All open escalations at this step."""
        return sum(self.by_age)


@dataclass(frozen=True)
class Report:
    """The numbers of one period's report."""

    since: datetime
    until: datetime
    org: str | None
    suggested: int
    deflected: int
    articles: tuple[ArticleOutcome, ...]  # most shown first
    gaps: tuple[GapLine, ...]
    by_severity: tuple[Attainment, ...]
    by_queue: tuple[Attainment, ...]
    overall: Attainment
    escalation_stages: tuple[StageAges, ...]
    escalations_raised: int
    escalations_resolved: int
    ratings: tuple[RatingFact, ...]
    days: tuple[tuple[date, int, int], ...]  # day, opened, closed
    idle_closes: int

    @property
    def deflection_rate(self) -> float | None:
        """Share of intakes with suggestions that one of them solved."""
        return self.deflected / self.suggested if self.suggested else None

    @property
    def csat(self) -> float | None:
        """Average rating."""
        return statistics.fmean(r.rating for r in self.ratings) if self.ratings else None

    @property
    def rating_counts(self) -> tuple[int, ...]:
        """How many ratings of 1 to 5."""
        counts = Counter(r.rating for r in self.ratings)
        return tuple(counts[value] for value in RATINGS)


async def read_report(
    uow: UnitOfWork, knowledge: Knowledge, *, since: datetime, until: datetime, org: str | None
) -> Report:
    """The report of [since, until), of one org's cases or all, read in the caller's
    transaction; the knowledge groups the questions no article answered."""
    return report_of(await read_facts(uow, since=since, until=until, org=org), knowledge)


async def read_facts(
    uow: UnitOfWork, *, since: datetime, until: datetime, org: str | None
) -> tuple[ReportFacts, list[KnowledgeGap]]:
    """What a report counts and the questions no article answered, read in the caller's
    transaction."""
    facts = await uow.report_facts(since=since, until=until, org=org)
    return facts, await uow.knowledge_gaps(since=since, until=until, org=org)


def report_of(read: tuple[ReportFacts, Sequence[KnowledgeGap]], knowledge: Knowledge) -> Report:
    """The report of facts read: CPU work (100k cases take a second), so a caller outside a
    transaction may run it in a worker thread."""
    facts, recorded = read
    return build_report(
        facts, knowledge.catalogue(), knowledge.gap_lines(recorded, limit=GAPS_LISTED)
    )


def build_report(facts: ReportFacts, catalogue: Catalogue, gaps: Sequence[GapLine]) -> Report:
    """The report of the facts' period; first-response times in each case's plan calendar."""
    now = facts.until
    by_severity, by_queue, overall = _attainments(facts, catalogue)
    return Report(
        since=facts.since,
        until=now,
        org=facts.org,
        suggested=facts.suggested,
        deflected=facts.deflected,
        articles=tuple(sorted(facts.articles, key=lambda a: (-a.shown, a.article_id))),
        gaps=tuple(gaps),
        by_severity=by_severity,
        by_queue=by_queue,
        overall=overall,
        escalation_stages=tuple(
            StageAges(
                step, _by_age([e.submitted_at for e in facts.escalations if e.step is step], now)
            )
            for step in OPEN_STEPS
        ),
        escalations_raised=sum(e.submitted_at >= facts.since for e in facts.escalations),
        escalations_resolved=sum(
            e.resolved_at is not None and e.resolved_at >= facts.since for e in facts.escalations
        ),
        ratings=facts.ratings,
        days=_days(facts),
        idle_closes=facts.idle_closes,
    )


@dataclass
class _Tally:
    """Counts of one severity, queue or all, as the cases go by."""

    met: int = 0
    missed: int = 0
    waiting: int = 0
    times: list[timedelta] = field(default_factory=list)

    def attainment(self, name: str) -> Attainment:
        times = sorted(self.times)
        return Attainment(name, self.met, self.missed, self.waiting, _median(times), _p90(times))


def _attainments(
    facts: ReportFacts, catalogue: Catalogue
) -> tuple[tuple[Attainment, ...], tuple[Attainment, ...], Attainment]:
    """Per severity, per queue and overall, in one pass over the cases (100k in a report)."""
    severities: dict[str, _Tally] = defaultdict(_Tally)
    queues: dict[str, _Tally] = defaultdict(_Tally)
    overall = _Tally()
    timelines = _timelines(facts.responses, catalogue)
    for fact in facts.responses:
        took = timelines[fact.plan].between(fact.opened_at, fact.first_response_at)
        for tally in (severities[fact.severity], queues[fact.queue], overall):
            tally.met += fact.in_time
            tally.missed += not fact.in_time
            tally.times.append(took)
    for group in facts.unanswered:
        for tally in (severities[group.severity], queues[group.queue], overall):
            tally.missed += group.count if group.overdue else 0
            tally.waiting += 0 if group.overdue else group.count
    return (
        tuple(severities[name].attainment(name) for name in sorted(severities)),
        tuple(queues[name].attainment(name) for name in sorted(queues)),
        overall.attainment("all"),
    )


def _timelines(responses: Sequence[ResponseFact], catalogue: Catalogue) -> dict[str, OpenTimeline]:
    """The open time of each plan's calendar over the span of the cases' first responses."""
    if not responses:
        return {}
    start = min(fact.opened_at for fact in responses)
    end = max(fact.first_response_at for fact in responses)
    plans = {fact.plan for fact in responses}
    return {plan: OpenTimeline(calendar_of(catalogue, plan), start, end) for plan in plans}


def _median(times: Sequence[timedelta]) -> timedelta | None:
    return statistics.median(times) if times else None  # type: ignore[type-var]


def _p90(times: Sequence[timedelta]) -> timedelta | None:
    """The nearest-rank 90th percentile: 90% of the sorted times are at most this one."""
    return times[math.ceil(0.9 * len(times)) - 1] if times else None


def _by_age(submitted: Sequence[datetime], now: datetime) -> tuple[int, ...]:
    counts = [0] * len(AGE_BANDS)
    for at in submitted:
        age = now - at
        counts[next(i for i, (_, upto) in enumerate(AGE_BANDS) if age < upto)] += 1
    return tuple(counts)


def _days(facts: ReportFacts) -> tuple[tuple[date, int, int], ...]:
    """Every UTC day of the period with the cases opened and closed on it."""
    opened = dict(facts.opened_per_day)
    closed = dict(facts.closed_per_day)
    first, last = facts.since.date(), (facts.until - timedelta(microseconds=1)).date()
    span = range((last - first).days + 1)
    days = [first + timedelta(days=n) for n in span]
    return tuple((day, opened.get(day, 0), closed.get(day, 0)) for day in days)
