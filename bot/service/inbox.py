"""The inbox (ARCHITECTURE 'durable path', R70): a platform event is recorded before the
platform is told it arrived; handling it marks it handled in the same transaction; what a crash
or a failure left behind is handed out again, a few times at most."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from bot.core.ports import Clock, Repository
from bot.core.storable import storable

log = logging.getLogger(__name__)
# Handed out this often without being handled: the adapter has nothing to do with it (a
# message it ignores) or it keeps failing; it is dropped with a log line, not retried forever.
MAX_ATTEMPTS = 3
BATCH = 100


async def record(
    repository: Repository,
    clock: Clock,
    lease: timedelta,
    platform: str,
    inbound_id: str,
    payload: Mapping[str, Any],
) -> bool:
    """Keep the raw event; False for a retry of one recorded before (waiting or handled).
    Raises StorageUnavailable when it cannot be kept: then it must not be acknowledged."""
    now = clock.now()
    async with repository.transaction() as uow:
        return await uow.record_inbound(
            platform=platform,
            inbound_id=inbound_id,
            payload=_storable(payload),
            now=now,
            lease_until=now + lease,
        )


def _storable(value: Any) -> Any:
    """The raw payload with every string storable: PostgreSQL's JSON refuses NUL."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, Mapping):
        return {storable(str(k)): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


async def unhandled(
    repository: Repository, clock: Clock, lease: timedelta, platform: str
) -> Sequence[Mapping[str, Any]]:
    """Raw events of a platform whose handling did not finish within the lease."""
    now = clock.now()
    async with repository.transaction() as uow:
        claimed = await uow.claim_inbox(
            platform=platform, now=now, lease_until=now + lease, limit=BATCH
        )
        again: list[Mapping[str, Any]] = []
        for event in claimed:
            if event.attempts > MAX_ATTEMPTS:
                log.warning(
                    "%s event %s not handled after %d tries; dropped",
                    platform,
                    event.inbound_id,
                    MAX_ATTEMPTS,
                )
                await uow.drop_inbound(platform=platform, inbound_id=event.inbound_id)
            else:
                again.append(event.payload)
    return again
