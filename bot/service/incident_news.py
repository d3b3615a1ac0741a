"""Incidents resolved in their files reach their people (R56): when a person edits an
incident file under knowledge/incidents to `status: resolved` while the bot runs, every
linked requester who has not heard yet is told, in their own channel and language, exactly
as when an agent resolves it in chat, and once: each link is claimed (case_incidents.told_at)
in the transaction that writes what its requester is told to the outbox, so processes looking
at the same time, and an agent resolving it meanwhile, tell nobody twice. An interval job
calls `tell_due`; a test calls it when it wants."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from bot.core.actions import Action
from bot.core.incidents import IncidentState
from bot.core.ports import Clock, Knowledge, Repository
from bot.service import outbox
from bot.service.incidents import tell_resolved
from bot.service.timers import system_turn
from bot.service.turn import ServiceConfig

log = logging.getLogger(__name__)
# The database is asked again this often even when no file changed: a case linked in one
# process while another noticed the resolution may have been missed by both.
LOOK_AGAIN = timedelta(minutes=1)


class IncidentNews:
    """Tells the requesters of cases linked to incidents resolved in their files."""

    def __init__(
        self,
        *,
        repository: Repository,
        knowledge: Knowledge,
        config: ServiceConfig,
        clock: Clock,
        wall_clock: Clock,
    ) -> None:
        self._repository = repository
        self._knowledge = knowledge
        self._config = config
        self._clock = clock
        self._wall_clock = wall_clock
        self._seen: frozenset[str] | None = None  # resolved file incidents at the last look
        self._looked_at: datetime | None = None

    async def tell_due(self) -> list[Action]:
        """What the requesters of links to resolved incidents not told yet are told, written
        to the outbox and leased to this process, which shows them next; [] when no incident
        file changed since the last look (no statement), unless a minute has passed."""
        # The knowledge base looks for file edits here too (every 2 s at most), off the loop.
        resolved = await asyncio.to_thread(self._knowledge.resolved_incidents)
        wall = self._wall_clock.now()
        if (
            resolved == self._seen
            and self._looked_at is not None
            and wall - self._looked_at < LOOK_AGAIN
        ):
            return []
        at = self._clock.now()
        async with self._repository.transaction() as uow:
            stored = {s.incident.id.upper(): s for s in await uow.stored_incidents()}
            # One resolved or reopened in chat outranks its file (as intake shows it, R2).
            over = {i for i in resolved if i.upper() not in stored}
            over |= {s.incident.id for s in stored.values() if not s.active}
            told: list[Action] = []
            cases = 0
            for link in await uow.untold_links(incident_ids=over):
                state = self._state(stored, link.incident_id)
                turn = system_turn(uow, self._knowledge, self._config, at)
                if state is not None and await tell_resolved(turn, link, state):
                    told.extend(turn.actions)
                    cases += 1
            written = await outbox.write(uow, wall, told, self._config.lease)
        self._seen, self._looked_at = resolved, wall
        if cases:
            log.info("resolved incidents told to the requesters of %d linked case(s)", cases)
        return written

    def _state(self, stored: dict[str, IncidentState], incident_id: str) -> IncidentState | None:
        return stored.get(incident_id.upper()) or self._knowledge.incident(incident_id)
