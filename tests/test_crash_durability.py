"""Nothing acknowledged is lost (issue 8, R70, R71): a real `supportbot run` serving Slack is
killed with SIGKILL, or stopped with SIGTERM, at random moments while signed events arrive;
after a restart every event Slack was told we received is answered, and what was refused is
answered after Slack's retry.

A send that reached Slack just before a kill, but was not yet marked sent, is sent again
after the restart ("at least once, never knowingly twice"): duplicates are counted and may
not exceed the number of kills. A SIGTERM is graceful: exit status 0 and no duplicate."""

from __future__ import annotations

import asyncio
import random
import signal
from collections import Counter
from pathlib import Path

import aiohttp
import pytest

from tests.fake_slack import FakeSlack, SignedSlackClient, payloads
from tests.test_stopping import start_slack_bot, stop

# Per database: 30 kills -9 and 16 SIGTERMs across the suite.
STOPS = {signal.SIGKILL: 15, signal.SIGTERM: 8}
EVENTS_PER_ROUND = 12
HELLO = "Describe your problem in a sentence"


def user(n: int) -> str:
    return f"U{n:07d}"


async def send(
    url: str, first: int, count: int, acked: set[int], enough: tuple[int, asyncio.Event]
) -> None:
    """Signed DMs from users first..first+count at about 40 per second; the ones answered
    200 are acknowledged (`enough` = (k, event): the event is set at the k-th), the rest
    (refused, connection lost) Slack would send again."""
    wanted, reached = enough
    async with SignedSlackClient(url) as slack:
        for n in range(first, first + count):
            event = payloads.dm_message("hi", user=user(n), channel=f"D{n:07d}")
            try:
                response = await slack.send_event(event, event_id=f"Ev{n:07d}")
            except (aiohttp.ClientError, OSError):
                return  # the process is gone: the rest were never sent
            if response.status == 200:
                acked.add(n)
                wanted -= 1
                if wanted <= 0:
                    reached.set()
            await asyncio.sleep(0.025)


def answered(fake: FakeSlack) -> Counter[str]:
    return Counter(
        c.params["channel"]
        for c in fake.calls_to("chat.postMessage", ok=True)
        if HELLO in c.params.get("text", "")
    )


@pytest.mark.parametrize("stop_with", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
async def test_stopped_at_random_moments_loses_no_acknowledged_event(
    tmp_path: Path, db_url: str, stop_with: signal.Signals
) -> None:
    rng = random.Random(8)
    env = {"SUPPORTBOT_DATABASE_URL": db_url, "SUPPORTBOT_RECOVERY_LEASE_SECONDS": "2"}
    acked: set[int] = set()
    sent = 0
    async with FakeSlack() as fake:
        for _ in range(STOPS[stop_with]):
            process, url = await start_slack_bot(fake, tmp_path, **env)
            reached = asyncio.Event()
            enough = (rng.randint(2, 8), reached)
            sender = asyncio.create_task(send(url, sent, EVENTS_PER_ROUND, acked, enough))
            # The stop lands while the round's events are being handled: after a random
            # number of them are acknowledged, counted rather than timed (a bot on a busy
            # machine answers later, and a timed stop then caught too few), and a random
            # moment more.
            async with asyncio.timeout(30):
                await reached.wait()
            await asyncio.sleep(rng.uniform(0.0, 0.1))
            process.send_signal(stop_with)  # SIGKILL: no handler runs
            status = await process.wait()
            assert process.stderr is not None
            said = (await process.stderr.read()).decode(errors="replace")[-2000:]
            assert status == (0 if stop_with == signal.SIGTERM else -signal.SIGKILL), said
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
        await fake.wait_until(lambda: everyone <= set(answered(fake)), timeout=90)
        status, stderr, _ = await stop(process)
        assert status == 0, stderr
    counts = answered(fake)
    assert set(counts) == everyone  # every event answered, acknowledged or retried
    duplicates = sum(c - 1 for c in counts.values())
    assert duplicates <= (STOPS[stop_with] if stop_with == signal.SIGKILL else 0), counts
    assert len(acked) > sent // 4  # the kills did land while events were being handled
