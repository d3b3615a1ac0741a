"""The report's charts (R60) as PNG files: one chart per question a lead asks, trends as
lines, distributions as bars; each carries its title in the PNG's Title text chunk too."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.service.report import AGE_BANDS, RATINGS, Attainment, Report
from bot.service.report_md import Chart

ARTICLES_SHOWN = 10
GAPS_SHOWN = 10
_WIDTH = 0.4
_EXAMPLE_CHARS = 36


def write_charts(report: Report, out: Path) -> list[Chart]:
    """Draw every chart of the report into `out`; the charts, in the report's order."""
    drawn = draw_charts(report)
    for chart, png in drawn:
        (out / chart.file).write_bytes(png)
    return [chart for chart, _ in drawn]


def draw_charts(report: Report) -> list[tuple[Chart, bytes]]:
    """Every chart of the report as PNG bytes, in the report's order (R60; posted, R61)."""
    drawn = []
    for file, title, draw in _CHARTS:
        # A Figure of its own, not pyplot: no global state and no display, the Agg canvas
        # draws the PNG (headless).
        figure = Figure(figsize=(8, 4.5))
        # Fixed margins: a layout engine measuring every label took half the drawing time.
        figure.subplots_adjust(
            left=0.36 if file in _HORIZONTAL else 0.11, right=0.97, bottom=0.16, top=0.92
        )
        axes = figure.subplots()
        axes.set_title(title)
        draw(axes, report)
        # Counts are whole: no 2.5 cases on an axis (hours may be fractions).
        counted = axes.xaxis if file in _HORIZONTAL else axes.yaxis
        if file not in _FRACTIONS:
            counted.set_major_locator(MaxNLocator(integer=True))
        # Counts start at 0, and a period with none still shows 0 to 1, not -0.05 to 0.05.
        limits = axes.set_xlim if file in _HORIZONTAL else axes.set_ylim
        _, high = axes.get_xlim() if file in _HORIZONTAL else axes.get_ylim()
        limits(0, max(1.0, high))
        png = io.BytesIO()
        figure.savefig(png, format="png", dpi=80, metadata={"Title": title})
        drawn.append((Chart(file, title), png.getvalue()))
    return drawn


def _volume(axes: Axes, report: Report) -> None:
    days = [day.strftime("%m-%d") for day, _, _ in report.days]
    axes.plot(days, [opened for _, opened, _ in report.days], marker="o", label="opened")
    axes.plot(days, [closed for _, _, closed in report.days], marker="o", label="closed")
    axes.set_ylabel("cases")
    axes.legend()
    axes.tick_params(axis="x", labelrotation=45)


def _in_time(axes: Axes, rows: Sequence[Attainment], label: str) -> None:
    names = [row.name for row in rows]
    met = [row.met for row in rows]
    axes.bar(names, met, label="met", color="tab:green")
    axes.bar(names, [row.missed for row in rows], bottom=met, label="missed", color="tab:red")
    axes.set_xlabel(label)
    axes.set_ylabel("cases")
    axes.legend()


def _by_severity(axes: Axes, report: Report) -> None:
    _in_time(axes, report.by_severity, "severity")


def _by_queue(axes: Axes, report: Report) -> None:
    _in_time(axes, report.by_queue, "queue")


def _response_times(axes: Axes, report: Report) -> None:
    rows = report.by_severity
    where = range(len(rows))
    hours = [(row.median.total_seconds() / 3600 if row.median else 0.0) for row in rows]
    p90 = [(row.p90.total_seconds() / 3600 if row.p90 else 0.0) for row in rows]
    axes.bar([x - _WIDTH / 2 for x in where], hours, _WIDTH, label="median")
    axes.bar([x + _WIDTH / 2 for x in where], p90, _WIDTH, label="p90")
    axes.set_xticks(list(where), [row.name for row in rows])
    axes.set_xlabel("severity")
    axes.set_ylabel("hours (business time where the plan says so)")
    axes.legend()


def _deflection(axes: Axes, report: Report) -> None:
    rows = report.articles[:ARTICLES_SHOWN]
    where = range(len(rows))
    axes.barh([y - _WIDTH / 2 for y in where], [a.shown for a in rows], _WIDTH, label="shown")
    axes.barh([y + _WIDTH / 2 for y in where], [a.solved for a in rows], _WIDTH, label="solved")
    axes.set_yticks(list(where), [a.article_id for a in rows])
    axes.invert_yaxis()  # most shown on top
    axes.set_xlabel("suggestions answered")
    axes.legend()


def _gaps(axes: Axes, report: Report) -> None:
    rows = report.gaps[:GAPS_SHOWN]
    axes.barh([_short(gap.example) for gap in rows], [gap.count for gap in rows])
    axes.invert_yaxis()
    axes.set_xlabel("times asked")


def _escalations(axes: Axes, report: Report) -> None:
    stages = report.escalation_stages
    names = [stage.step.value.replace("_", " ") for stage in stages]
    bottom = [0] * len(stages)
    for band, (label, _) in enumerate(AGE_BANDS):
        counts = [stage.by_age[band] for stage in stages]
        axes.bar(names, counts, bottom=bottom, label=label)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_ylabel("open escalations")
    axes.legend(title="age")


def _csat(axes: Axes, report: Report) -> None:
    axes.bar([str(value) for value in RATINGS], report.rating_counts, color="tab:blue")
    axes.set_xlabel("rating")
    axes.set_ylabel("ratings")


def _short(text: str) -> str:
    return text if len(text) <= _EXAMPLE_CHARS else text[: _EXAMPLE_CHARS - 1] + "…"


_HORIZONTAL = frozenset({"deflection.png", "gaps.png"})
_FRACTIONS = frozenset({"response_times.png"})
_CHARTS: tuple[tuple[str, str, Callable[[Axes, Report], None]], ...] = (
    ("volume.png", "Cases opened and closed per day", _volume),
    ("sla_by_severity.png", "First responses in time, by severity", _by_severity),
    ("sla_by_queue.png", "First responses in time, by queue", _by_queue),
    ("response_times.png", "First-response time by severity (median, p90)", _response_times),
    ("deflection.png", "Suggested articles: shown and solved", _deflection),
    ("gaps.png", "Questions no article answered", _gaps),
    ("escalations.png", "Open escalations by stage and age", _escalations),
    ("csat.png", "Customer ratings (CSAT)", _csat),
)
