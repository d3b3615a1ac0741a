"""Nothing acknowledged is lost (issue 8, R70, R71): a real `supportbot run` serving Slack is
killed with SIGKILL at random moments while signed events arrive; after a restart every event
Slack was told we received is answered, and what was refused is answered after Slack's retry.

A send that reached Slack just before the kill, but was not yet marked sent, is sent again
after the restart ("at least once, never knowingly twice"): duplicates are counted and may
not exceed the number of kills."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from pathlib import Path

import aiohttp
import pytest

from tests.fake_slack import FakeSlack, SignedSlackClient, payloads
from tests.test_stopping import start_slack_bot, stop

KILLS = 15  # per database: 30 across the suite
EVENTS_PER_ROUND = 12
HELLO = "Describe your problem in a sentence"


def user(n: int) -> str:
    return f"U{n:07d}"


async def send(url: str, first: int, count: int, acked: set[int]) -> None:
    """Signed DMs from users first..first+count at about 40 per second; the ones answered
    200 are acknowledged, the rest (refused, connection lost) Slack would send again."""
    async with SignedSlackClient(url) as slack:
        for n in range(first, first + count):
            event = payloads.dm_message("hi", user=user(n), channel=f"D{n:07d}")
            try:
                response = await slack.send_event(event, event_id=f"Ev{n:07d}")
            except (aiohttp.ClientError, OSError):
                return  # the process is gone: the rest were never sent
            if response.status == 200:
                acked.add(n)
            await asyncio.sleep(0.025)


def answered(fake: FakeSlack) -> Counter[str]:
    return Counter(
        c.params["channel"]
        for c in fake.calls_to("chat.postMessage", ok=True)
        if HELLO in c.params.get("text", "")
    )


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
async def test_kill_9_at_random_moments_loses_no_acknowledged_event(
    tmp_path: Path, db_url: str
) -> None:
    rng = random.Random(8)
    env = {"SUPPORTBOT_DATABASE_URL": db_url, "SUPPORTBOT_RECOVERY_LEASE_SECONDS": "2"}
    acked: set[int] = set()
    sent = 0
    async with FakeSlack() as fake:
        for _ in range(KILLS):
            process, url = await start_slack_bot(fake, tmp_path, **env)
            sender = asyncio.create_task(send(url, sent, EVENTS_PER_ROUND, acked))
            await asyncio.sleep(rng.uniform(0.02, 0.4))
            process.kill()  # SIGKILL: no handler runs
            await process.wait()
            await sender
            sent += EVENTS_PER_ROUND
        # The last start: Slack's retries of what was not acknowledged arrive, and the
        # recovery handles and sends what the kills left behind.
        process, url = await start_slack_bot(fake, tmp_path, **env)
        async with SignedSlackClient(url) as slack:
            for n in sorted(set(range(sent)) - acked):
                event = payloads.dm_message("hi", user=user(n), channel=f"D{n:07d}")
                response = await slack.send_event(event, event_id=f"Ev{n:07d}", retry_num=1)
                assert response.status == 200
        everyone = {f"D{n:07d}" for n in range(sent)}
        async with asyncio.timeout(90):
            while not everyone <= set(answered(fake)):
                await asyncio.sleep(0.2)
        status, stderr, _ = await stop(process)
        assert status == 0, stderr
    counts = answered(fake)
    assert set(counts) == everyone  # every event answered, acknowledged or retried
    duplicates = sum(c - 1 for c in counts.values())
    assert duplicates <= KILLS, counts
    assert len(acked) > sent // 4  # the kills did land while events were being handled
