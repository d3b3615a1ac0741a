"""The leads' report poster (R61) built from the settings, for `supportbot run`."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.adapters.console.chat import WORKSPACE as CONSOLE_WORKSPACE
from bot.core.clock import SystemClock
from bot.core.model import ConversationKey
from bot.core.ports import Clock, Knowledge, Repository
from bot.core.report_schedule import WEEKDAYS, Every, Schedule
from bot.service.report import Report
from bot.service.report_md import Chart
from bot.service.report_posting import Posting, ReportPoster
from bot.service.turn import ServiceConfig
from bot.settings import Settings, StartupError

SETTING = "SUPPORTBOT_REPORT_CHANNELS"


def report_poster(
    settings: Settings,
    *,
    repository: Repository,
    knowledge: Knowledge,
    clock: Clock,
    config: ServiceConfig,
    platforms: Collection[str],
) -> ReportPoster:
    """The poster of the configured schedule to the configured leads' channels; a channel on
    a platform that does not run stops start-up naming the setting."""
    for where in settings.report_channels:
        platform = where.partition(":")[0]
        if platform not in platforms:
            problem = f"the leads' report goes to {platform}, which is not configured"
            raise StartupError(problem, SETTING)
    schedule = Schedule(
        every=Every(settings.report_every),
        weekday=WEEKDAYS.index(settings.report_weekday),
        at=settings.report_time,
        timezone=settings.report_timezone or settings.agent_timezone,
    )
    destinations = tuple(
        leads_channel(where, channel) for where, channel in settings.report_channels.items()
    )
    return ReportPoster(
        repository=repository,
        knowledge=knowledge,
        clock=clock,
        wall_clock=SystemClock(),
        posting=Posting(schedule, destinations, settings.agent_locale),
        draw=draw_charts,
        lease=config.lease,
    )


def leads_channel(where: str, channel: str) -> ConversationKey:
    """The destination of 'slack', 'slack:TEAM', 'discord' or 'console' and a channel id."""
    platform, _, team = where.partition(":")
    return ConversationKey(platform, CONSOLE_WORKSPACE if platform == "console" else team, channel)


def draw_charts(report: Report, locale: str) -> Sequence[tuple[Chart, bytes]]:
    """The report's charts; matplotlib loads with the first post, not at every start."""
    from bot.charts import draw_charts as draw

    return draw(report, locale)
