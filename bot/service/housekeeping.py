"""The hourly housekeeping (R70, issue 10): what is kept only for a while is forgotten."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from bot.core.model import AuditEntry
from bot.core.ports import Clock, Repository
from bot.service.timers import SYSTEM
from bot.service.turn import ServiceConfig

log = logging.getLogger(__name__)
# Platforms redeliver within minutes (Slack retries three times within about five minutes,
# Discord interactions live 15 minutes); ids are kept far longer than any retry could come.
INBOUND_RETENTION = timedelta(days=7)


@dataclass(frozen=True)
class Forgotten:
    """What one housekeeping run deleted."""

    inbound_ids: int
    link_codes: int
    sent_messages: int
    transcript_messages: int = 0


async def housekeep(
    repository: Repository, clock: Clock, wall_clock: Clock, config: ServiceConfig
) -> Forgotten:
    """Forget event ids received longer than INBOUND_RETENTION ago and sent messages as old
    (real time), link codes that expired unused, and the transcripts of cases closed longer
    than the retention setting ago (business time, audited)."""
    received_before = wall_clock.now() - INBOUND_RETENTION
    now = clock.now()
    async with repository.transaction() as uow:
        transcripts = 0
        if config.transcript_retention is not None:
            closed_before = now - config.transcript_retention
            transcripts = await uow.forget_transcripts(closed_before=closed_before)
            if transcripts:
                after = f"{transcripts} messages of cases closed before {closed_before:%Y-%m-%d}"
                entry = AuditEntry(SYSTEM.id, "retention.applied", "transcripts", now, "", after)
                await uow.add_audit(entry)
        forgotten = Forgotten(
            inbound_ids=await uow.forget_inbound(before=received_before),
            link_codes=await uow.drop_expired_link_codes(now=now),
            sent_messages=await uow.forget_sent_outbox(before=received_before),
            transcript_messages=transcripts,
        )
    log.info("housekeeping: %s", forgotten)
    return forgotten
