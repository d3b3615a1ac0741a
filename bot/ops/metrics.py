"""Prometheus metrics of one bot process (issue 10): what the service reports through its
Meter port, the outbox and inbox backlog read at each scrape, and the event loop's lag."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from bot.core.actions import Action
from bot.core.ports import Backlog

# Seconds; an event's answer is due within Slack's 3 s acknowledgement.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


class PrometheusMeter:
    """The service's Meter, kept in a registry of its own (one per bot, so several bots in
    one test process never share counters)."""

    def __init__(self) -> None:
        disable_created_metrics()  # type: ignore[no-untyped-call]  # *_created twins: noise
        self.registry = CollectorRegistry()
        r = self.registry
        self._events = Counter(
            "supportbot_events",
            "Inbound events by platform and outcome (handled, duplicate, unavailable, failed)",
            ["platform", "outcome"],
            registry=r,
        )
        self._latency = Histogram(
            "supportbot_event_seconds",
            "Time to handle an inbound event",
            ["platform"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self._happened = Counter(
            "supportbot_happened",
            "Committed happenings: case.opened, sla.reminder, sla.breached, case.escalated, "
            "case.first_response, deflection.solved, knowledge.gap, denied ...",
            ["what"],
            registry=r,
        )
        self._shown = Counter(
            "supportbot_messages_shown",
            "Messages shown on a platform, by kind (reply, relay, alert, show_escalate ...)",
            ["kind"],
            registry=r,
        )
        self._unsent = Gauge(
            "supportbot_outbox_unsent", "Messages written but not yet sent", registry=r
        )
        self._oldest = Gauge(
            "supportbot_outbox_oldest_unsent_seconds",
            "Age of the oldest message not yet sent",
            registry=r,
        )
        self._unhandled = Gauge(
            "supportbot_inbox_unhandled", "Recorded events not yet handled", registry=r
        )
        self._database_up = Gauge(
            "supportbot_database_up", "1 when the last look at the database worked", registry=r
        )
        self.loop_lag = Gauge(
            "supportbot_event_loop_lag_seconds",
            "How late the event loop ran a 0.5 s sleep, last measured",
            registry=r,
        )

    def handled(self, platform: str, outcome: str, seconds: float) -> None:
        """An inbound event and how it went."""
        self._events.labels(platform, outcome).inc()
        self._latency.labels(platform).observe(seconds)

    def happened(self, things: Sequence[str]) -> None:
        """Committed happenings."""
        for thing in things:
            self._happened.labels(thing).inc()

    def shown(self, actions: Sequence[Action]) -> None:
        """Actions a platform has shown."""
        for action in actions:
            self._shown.labels(_WORD_START.sub("_", type(action).__name__).lower()).inc()

    def backlog(self, backlog: Backlog | None) -> None:
        """The backlog just read, or None when the database could not be read."""
        self._database_up.set(0 if backlog is None else 1)
        if backlog is not None:
            self._unsent.set(backlog.unsent)
            self._oldest.set(backlog.oldest_unsent_seconds)
            self._unhandled.set(backlog.unhandled)

    def exposition(self) -> bytes:
        """Everything, in Prometheus' text format."""
        return generate_latest(self.registry)


async def watch_loop_lag(meter: PrometheusMeter, every: float = 0.5) -> None:
    """Measure, until cancelled, how late the loop wakes from a sleep: a blocked loop delays
    every event and every platform heartbeat."""
    loop = asyncio.get_running_loop()
    while True:
        started = loop.time()
        await asyncio.sleep(every)
        meter.loop_lag.set(max(loop.time() - started - every, 0.0))
