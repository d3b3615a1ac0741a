"""report.md (R60): the report's numbers as Markdown, one section per question a lead
asks, each with its chart where one was drawn (the leads' post, R61, and `supportbot report`
draw them; a report asked for in chat has none); in the reader's language (bot/i18n)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import case_ref
from bot.core.text import Decimal, Param, msg
from bot.core.timefmt import duration_text
from bot.i18n import translate
from bot.service.report import AGE_BANDS, RATINGS, Attainment, Report

COMMENTS_SHOWN = 20


@dataclass(frozen=True)
class Chart:
    """A chart drawn for the report (bot/charts.py): its file name and title."""

    file: str
    title: str


def report_markdown(report: Report, charts: Sequence[Chart], locale: str = "en") -> str:
    """The whole report.md, in the locale's language."""
    return _Writer(locale, {chart.file: chart for chart in charts}).markdown(report)


class _Writer:
    """report.md in one language, with the charts that were drawn."""

    def __init__(self, locale: str, images: dict[str, Chart]) -> None:
        self._locale = locale
        self._images = images

    def t(self, key: str, **params: Param) -> str:
        """A text of the report in the reader's language."""
        return translate(self._locale, msg(key, **params))

    def markdown(self, report: Report) -> str:
        t = self.t
        title = t("report.md.title_org", org=report.org) if report.org else t("report.md.title_all")
        lines = [
            f"# {title}",
            "",
            t("report.md.period", since=_when(report.since), until=_when(report.until)),
            *self._section("report.md.ask_deflection", "deflection.png"),
            t(
                "report.md.deflection",
                share=self._share(report.deflection_rate),
                deflected=report.deflected,
                count=report.suggested,
            ),
            "",
            *self._table(
                ("article", "shown", "solved", "solved_rate"),
                (
                    (a.article_id, a.shown, a.solved, self._share(_rate(a.solved, a.shown)))
                    for a in report.articles
                ),
            ),
            *self._section("report.md.ask_gaps", "gaps.png"),
            *self._table(
                ("example", "asked"), ((_quoted(g.example), g.count) for g in report.gaps)
            ),
            *self._section("report.md.ask_sla", "sla_by_severity.png"),
            t("report.md.overall", attained=self._attained(report.overall)),
            "",
            t("report.md.by_severity"),
            "",
            *self._attainment_table("severity", report.by_severity),
            *self._chart("sla_by_queue.png"),
            t("report.md.by_queue"),
            "",
            *self._attainment_table("queue", report.by_queue),
            *self._chart("response_times.png"),
            *self._section("report.md.ask_escalations", "escalations.png"),
            t(
                "report.md.escalations",
                raised=report.escalations_raised,
                resolved=report.escalations_resolved,
            ),
            "",
            *self._table(
                ("stage", "open", *(label for label, _ in AGE_BANDS)),
                ((t(f"step.{s.step.value}"), s.total, *s.by_age) for s in report.escalation_stages),
            ),
            *self._section("report.md.ask_csat", "csat.png"),
            *self._csat(report),
            *self._section("report.md.ask_volume", "volume.png"),
            t("report.md.idle", count=report.idle_closes),
            "",
            *self._table(("day", "opened", "closed"), report.days),
        ]
        # Sections and tables each end in a blank line: one between blocks is enough.
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"

    def _section(self, question: str, chart: str) -> list[str]:
        return ["", f"## {self.t(question)}", "", *self._chart(chart)]

    def _chart(self, file: str) -> list[str]:
        chart = self._images.get(file)
        return [f"![{chart.title}]({chart.file})", ""] if chart else []

    def _table(self, header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
        """A table whose columns are named by message keys (report.md.NAME, or a full key)."""
        body = [_row(row) for row in rows]
        if not body:
            return [self.t("report.md.none"), ""]
        names = [self.t(name if "." in name else f"report.md.{name}") for name in header]
        rule = "|".join(["---", *("---:" for _ in header[1:])])
        return [_row(names), f"|{rule}|", *body, ""]

    def _attainment_table(self, name: str, rows: Sequence[Attainment]) -> list[str]:
        header = (name, "met", "missed", "waiting", "in_time", "median", "p90")
        share, took = self._share, _took
        return self._table(
            header,
            (
                (r.name, r.met, r.missed, r.waiting, share(r.rate), took(r.median), took(r.p90))
                for r in rows
            ),
        )

    def _attained(self, row: Attainment) -> str:
        return self.t(
            "report.md.attained",
            met=row.met,
            missed=row.missed,
            waiting=row.waiting,
            share=self._share(row.rate),
            median=_took(row.median),
            p90=_took(row.p90),
        )

    def _csat(self, report: Report) -> list[str]:
        comments = [r for r in reversed(report.ratings) if r.comment.strip()][:COMMENTS_SHOWN]
        return [
            self.t("report.md.csat", average=Decimal(report.csat, 2), count=len(report.ratings))
            if report.csat is not None
            else self.t("report.md.no_ratings"),
            "",
            *self._table(("rating", "count"), zip(RATINGS, report.rating_counts, strict=True)),
            self.t("report.md.comments" if comments else "report.md.no_comments"),
            "",
            *(f"- {case_ref(r.case_number)} ({r.rating}): {_quoted(r.comment)}" for r in comments),
        ]

    def _share(self, rate: float | None) -> str:
        """'66.7%', '66,7 %'; '-' for no rate."""
        return "-" if rate is None else self.t("report.md.share", value=Decimal(rate * 100))


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |"


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _took(took: timedelta | None) -> str:
    return "-" if took is None else duration_text(took.total_seconds())


def _when(at: datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M} UTC"


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()) + '"'
