"""report.md (R60): the report's numbers as Markdown, one section per question a lead
asks, each with its chart where one was drawn (the leads' post, R61, and `supportbot report`
draw them; a report asked for in chat has none)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import case_ref
from bot.core.timefmt import duration_text
from bot.service.report import AGE_BANDS, RATINGS, Attainment, Report

COMMENTS_SHOWN = 20


@dataclass(frozen=True)
class Chart:
    """A chart drawn for the report (bot/charts.py): its file name and title."""

    file: str
    title: str


def report_markdown(report: Report, charts: Sequence[Chart]) -> str:
    """The whole report.md."""
    images = {chart.file: chart for chart in charts}
    scope = f"org {report.org}" if report.org else "all orgs"
    lines = [
        f"# Support report, {scope}",
        "",
        f"From {_when(report.since)} to {_when(report.until)}.",
        *_section("Do the articles solve problems?", "deflection.png", images),
        f"Deflection rate: {_share(report.deflection_rate)} ({report.deflected} of "
        f"{report.suggested} intakes with suggested articles were solved by one).",
        "",
        *_table(
            ("article", "shown", "solved", "solved rate"),
            (
                (a.article_id, a.shown, a.solved, _share(a.solved / a.shown if a.shown else None))
                for a in report.articles
            ),
        ),
        *_section("What do people ask that no article answers?", "gaps.png", images),
        *_table(
            ("question (an example)", "asked"), ((_quoted(g.example), g.count) for g in report.gaps)
        ),
        *_section("Do we answer in time?", "sla_by_severity.png", images),
        f"Overall: {_attained(report.overall)}. First-response times count business hours "
        "where the case's plan does; p90 is the nearest rank.",
        "",
        "By severity:",
        "",
        *_attainment_table("severity", report.by_severity),
        *_chart("sla_by_queue.png", images),
        "By queue:",
        "",
        *_attainment_table("queue", report.by_queue),
        *_chart("response_times.png", images),
        *_section("Which escalations wait, and how long?", "escalations.png", images),
        f"Raised in the period: {report.escalations_raised}; resolved in the period: "
        f"{report.escalations_resolved}. Open escalations by stage and age since submitted:",
        "",
        *_table(
            ("stage", "open", *(label for label, _ in AGE_BANDS)),
            (
                (s.step.value.replace("_", " "), s.total, *s.by_age)
                for s in report.escalation_stages
            ),
        ),
        *_section("Are customers satisfied?", "csat.png", images),
        *_csat(report),
        *_section("How many cases came and went?", "volume.png", images),
        f"Idle cases closed: {report.idle_closes}.",
        "",
        *_table(("day (UTC)", "opened", "closed"), report.days),
    ]
    # Sections and tables each end in a blank line: one between blocks is enough.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"


def _section(question: str, chart: str, images: dict[str, Chart]) -> list[str]:
    return ["", f"## {question}", "", *_chart(chart, images)]


def _chart(file: str, images: dict[str, Chart]) -> list[str]:
    chart = images.get(file)
    return [f"![{chart.title}]({chart.file})", ""] if chart else []


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    body = [_row(row) for row in rows]
    if not body:
        return ["None in this period.", ""]
    rule = "|".join(["---", *("---:" for _ in header[1:])])
    return [_row(header), f"|{rule}|", *body, ""]


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def _attainment_table(name: str, rows: Sequence[Attainment]) -> list[str]:
    header = (name, "met", "missed", "waiting", "in time", "median", "p90")
    return _table(
        header,
        (
            (r.name, r.met, r.missed, r.waiting, _share(r.rate), _took(r.median), _took(r.p90))
            for r in rows
        ),
    )


def _attained(row: Attainment) -> str:
    return (
        f"{row.met} met, {row.missed} missed, {row.waiting} waiting, {_share(row.rate)} in time, "
        f"median {_took(row.median)}, p90 {_took(row.p90)}"
    )


def _csat(report: Report) -> list[str]:
    average = f"{report.csat:.2f} of 5" if report.csat is not None else "-"
    comments = [r for r in reversed(report.ratings) if r.comment.strip()][:COMMENTS_SHOWN]
    return [
        f"Average rating: {average} from {len(report.ratings)} ratings.",
        "",
        *_table(("rating", "count"), zip(RATINGS, report.rating_counts, strict=True)),
        "Comments, newest first:" if comments else "No comments.",
        "",
        *(f"- {case_ref(r.case_number)} ({r.rating}): {_quoted(r.comment)}" for r in comments),
    ]


def _share(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def _took(took: timedelta | None) -> str:
    return "-" if took is None else duration_text(took.total_seconds())


def _when(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()) + '"'
