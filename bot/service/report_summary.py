"""The few lines a lead or an org admin reads before opening the report (R61): the period,
volume, first responses in time, deflection, ratings, escalations and the most asked
question no article answered, in the reader's language and zone; report.md holds the rest."""

from __future__ import annotations

from datetime import timedelta

from bot.core.text import Decimal, Msg, Share, msg
from bot.core.timefmt import duration_text, local_time
from bot.service.report import Report


def summary(report: Report, *, org_name: str | None, timezone: str, attached: Msg) -> Msg:
    """The summary of a report of all orgs (org_name None) or of one, ending with what is
    attached."""
    since, until = local_time(report.since, timezone), local_time(report.until, timezone)
    title = (
        msg("report.title_org", org=org_name, since=since, until=until)
        if org_name
        else msg("report.title_all", since=since, until=until)
    )
    return msg(
        "report.summary",
        title=title,
        cases=msg(
            "report.cases",
            opened=sum(opened for _, opened, _ in report.days),
            closed=sum(closed for _, _, closed in report.days),
            count=report.idle_closes,
        ),
        in_time=_in_time(report),
        deflection=_deflection(report),
        ratings=_ratings(report),
        escalations=msg(
            "report.escalations",
            raised=report.escalations_raised,
            resolved=report.escalations_resolved,
            open=sum(stage.total for stage in report.escalation_stages),
        ),
        gap=_top_gap(report),
        attached=attached,
    )


def _in_time(report: Report) -> Msg:
    overall = report.overall
    if overall.rate is None:
        return msg("report.in_time_none", waiting=overall.waiting)
    if overall.median is None:  # none answered: every decided case missed its due time
        return msg(
            "report.in_time_unanswered",
            met=overall.met,
            decided=overall.met + overall.missed,
            share=Share(overall.rate),
            waiting=overall.waiting,
        )
    return msg(
        "report.in_time",
        met=overall.met,
        decided=overall.met + overall.missed,
        share=Share(overall.rate),
        median=_took(overall.median),
        p90=_took(overall.p90),
        waiting=overall.waiting,
    )


def _deflection(report: Report) -> Msg:
    if report.deflection_rate is None:
        return msg("report.deflection_none")
    return msg(
        "report.deflection",
        deflected=report.deflected,
        count=report.suggested,
        share=Share(report.deflection_rate),
    )


def _ratings(report: Report) -> Msg:
    if report.csat is None:
        return msg("report.ratings_none")
    return msg("report.ratings", average=Decimal(report.csat), count=len(report.ratings))


def _top_gap(report: Report) -> Msg:
    if not report.gaps:
        return msg("report.no_gap")
    top = report.gaps[0]
    return msg("report.top_gap", example=" ".join(top.example.split()), count=top.count)


def _took(took: timedelta | None) -> str:
    return "-" if took is None else duration_text(took.total_seconds())
