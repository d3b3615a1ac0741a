"""The report's charts (R60) as PNG files: one chart per question a lead asks, trends as
lines, distributions as bars, titled and labelled in the reader's language; each carries its
title in the PNG's Title text chunk, and its axis and legend labels in the Description chunk."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.core.text import msg
from bot.i18n import translate
from bot.service.report import AGE_BANDS, RATINGS, Attainment, Report
from bot.service.report_md import Chart

#: A text in the reader's language, by its message key.
Texts = Callable[[str], str]

ARTICLES_SHOWN = 10
GAPS_SHOWN = 10
_WIDTH = 0.4
_EXAMPLE_CHARS = 36
_TICK_CHARS = 18


def write_charts(report: Report, out: Path, locale: str = "en") -> list[Chart]:
    """Draw every chart of the report into `out`; the charts, in the report's order."""
    drawn = draw_charts(report, locale)
    for chart, png in drawn:
        (out / chart.file).write_bytes(png)
    return [chart for chart, _ in drawn]


def draw_charts(report: Report, locale: str = "en") -> list[tuple[Chart, bytes]]:
    """Every chart of the report as PNG bytes, in the report's order (R60; posted, R61), in
    the locale's language."""

    def t(key: str) -> str:
        return translate(locale, msg(key))

    drawn = []
    for file, draw in _CHARTS:
        title = t(f"report.chart.{file.removesuffix('.png')}")
        # A Figure of its own, not pyplot: no global state and no display, the Agg canvas
        # draws the PNG (headless).
        figure = Figure(figsize=(8, 4.5))
        # Fixed margins: a layout engine measuring every label took half the drawing time.
        figure.subplots_adjust(
            left=0.36 if file in _HORIZONTAL else 0.11, right=0.97, bottom=0.16, top=0.92
        )
        axes = figure.subplots()
        axes.set_title(title)
        draw(axes, report, t)
        # Counts are whole: no 2.5 cases on an axis (hours may be fractions).
        counted = axes.xaxis if file in _HORIZONTAL else axes.yaxis
        if file not in _FRACTIONS:
            counted.set_major_locator(MaxNLocator(integer=True))
        # Counts start at 0, and a period with none still shows 0 to 1, not -0.05 to 0.05.
        limits = axes.set_xlim if file in _HORIZONTAL else axes.set_ylim
        _, high = axes.get_xlim() if file in _HORIZONTAL else axes.get_ylim()
        limits(0, max(1.0, high))
        png = io.BytesIO()
        metadata = {"Title": title, "Description": _labels(axes)}
        figure.savefig(png, format="png", dpi=80, metadata=metadata)
        drawn.append((Chart(file, title), png.getvalue()))
    return drawn


def _labels(axes: Axes) -> str:
    """'x: severity; y: cases; legend: met, missed': what the chart's words say, for a reader
    (and a test) that cannot see the image."""
    legend = axes.get_legend()
    parts = [f"x: {axes.get_xlabel()}", f"y: {axes.get_ylabel()}"]
    if legend is not None:
        parts.append("legend: " + ", ".join(text.get_text() for text in legend.get_texts()))
    return "; ".join(parts)


def _volume(axes: Axes, report: Report, t: Texts) -> None:
    days = [day.strftime("%m-%d") for day, _, _ in report.days]
    opened, closed = t("report.md.opened"), t("report.md.closed")
    axes.plot(days, [count for _, count, _ in report.days], marker="o", label=opened)
    axes.plot(days, [count for _, _, count in report.days], marker="o", label=closed)
    axes.set_ylabel(t("report.chart.cases"))
    axes.legend()
    axes.tick_params(axis="x", labelrotation=45)


def _in_time(axes: Axes, rows: Sequence[Attainment], label: str, t: Texts) -> None:
    names = [row.name for row in rows]
    met = [row.met for row in rows]
    axes.bar(names, met, label=t("report.md.met"), color="tab:green")
    missed = [row.missed for row in rows]
    axes.bar(names, missed, bottom=met, label=t("report.md.missed"), color="tab:red")
    axes.set_xlabel(t(f"report.md.{label}"))
    axes.set_ylabel(t("report.chart.cases"))
    axes.legend()


def _by_severity(axes: Axes, report: Report, t: Texts) -> None:
    _in_time(axes, report.by_severity, "severity", t)


def _by_queue(axes: Axes, report: Report, t: Texts) -> None:
    _in_time(axes, report.by_queue, "queue", t)


def _response_times(axes: Axes, report: Report, t: Texts) -> None:
    rows = report.by_severity
    where = range(len(rows))
    hours = [(row.median.total_seconds() / 3600 if row.median else 0.0) for row in rows]
    p90 = [(row.p90.total_seconds() / 3600 if row.p90 else 0.0) for row in rows]
    axes.bar([x - _WIDTH / 2 for x in where], hours, _WIDTH, label=t("report.md.median"))
    axes.bar([x + _WIDTH / 2 for x in where], p90, _WIDTH, label=t("report.md.p90"))
    axes.set_xticks(list(where), [row.name for row in rows])
    axes.set_xlabel(t("report.md.severity"))
    axes.set_ylabel(t("report.chart.hours"))
    axes.legend()


def _deflection(axes: Axes, report: Report, t: Texts) -> None:
    rows = report.articles[:ARTICLES_SHOWN]
    where = range(len(rows))
    shown, solved = [a.shown for a in rows], [a.solved for a in rows]
    axes.barh([y - _WIDTH / 2 for y in where], shown, _WIDTH, label=t("report.md.shown"))
    axes.barh([y + _WIDTH / 2 for y in where], solved, _WIDTH, label=t("report.md.solved"))
    axes.set_yticks(list(where), [a.article_id for a in rows])
    axes.invert_yaxis()  # most shown on top
    axes.set_xlabel(t("report.chart.answered"))
    axes.legend()


def _gaps(axes: Axes, report: Report, t: Texts) -> None:
    rows = report.gaps[:GAPS_SHOWN]
    axes.barh([_short(gap.example) for gap in rows], [gap.count for gap in rows])
    axes.invert_yaxis()
    axes.set_xlabel(t("report.chart.times_asked"))


def _escalations(axes: Axes, report: Report, t: Texts) -> None:
    stages = report.escalation_stages
    # Stage names of several words ("in Bearbeitung durch die Entwicklung") wrap under their bar.
    names = [textwrap.fill(t(f"step.{stage.step.value}"), _TICK_CHARS) for stage in stages]
    bottom = [0] * len(stages)
    for band, (label, _) in enumerate(AGE_BANDS):
        counts = [stage.by_age[band] for stage in stages]
        axes.bar(names, counts, bottom=bottom, label=t(label))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_ylabel(t("report.chart.open_escalations"))
    axes.legend(title=t("report.chart.age"))


def _csat(axes: Axes, report: Report, t: Texts) -> None:
    axes.bar([str(value) for value in RATINGS], report.rating_counts, color="tab:blue")
    axes.set_xlabel(t("report.md.rating"))
    axes.set_ylabel(t("report.chart.ratings"))


def _short(text: str) -> str:
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"


_HORIZONTAL = frozenset({"deflection.png", "gaps.png"})
_FRACTIONS = frozenset({"response_times.png"})
# Each chart's title is the text report.chart.NAME of its file NAME.png.
_CHARTS: tuple[tuple[str, Callable[[Axes, Report, Texts], None]], ...] = (
    ("volume.png", _volume),
    ("sla_by_severity.png", _by_severity),
    ("sla_by_queue.png", _by_queue),
    ("response_times.png", _response_times),
    ("deflection.png", _deflection),
    ("gaps.png", _gaps),
    ("escalations.png", _escalations),
    ("csat.png", _csat),
)
