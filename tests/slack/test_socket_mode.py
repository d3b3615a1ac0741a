"""Slack Socket Mode through the real slack-sdk client against FakeSlack's websocket (issue
8, R70): an envelope is recorded before it is acknowledged; while the database (a cluster of
the test's own) is down it is not acknowledged, so Slack delivers it again, and the
redelivery once the database is back is acknowledged and answered exactly once."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest

from tests.fake_slack import BOT_TOKEN, FakeSlack, payloads
from tests.test_database_outage import Cluster, cluster  # noqa: F401 (a fixture)
from tests.test_stopping import read_until, start, stop

HELLO = "Describe your problem in a sentence"


def answers(fake: FakeSlack, channel: str) -> int:
    return sum(
        1
        for call in fake.calls_to("chat.postMessage", ok=True)
        if call.params.get("channel") == channel and HELLO in call.params.get("text", "")
    )


async def test_an_envelope_the_database_cannot_keep_is_not_acknowledged_until_it_can(
    tmp_path: Path,
    cluster: Cluster,  # noqa: F811 (the fixture imported above)
) -> None:
    async with FakeSlack() as fake:
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_APP_TOKEN": "xapp-1-A1-fake",
            "SUPPORTBOT_SLACK_API_URL": fake.base_url,
            "SUPPORTBOT_DATABASE_URL": cluster.url,
        }
        process = await start(tmp_path, env)
        try:
            await read_until(process.stderr, "supportbot runs for slack")
            await fake.wait_for_socket()
            # Connected and working: an envelope is acknowledged and answered.
            first = await fake.send_envelope(payloads.event_envelope(payloads.dm_message("hi")))
            await fake.wait_for_ack(first)
            await fake.wait_for("chat.postMessage", timeout=30)

            await asyncio.to_thread(cluster.stop)
            try:
                later = payloads.event_envelope(
                    payloads.dm_message("hi", user="U0000002", channel="D0000002"),
                    event_id="Ev-outage",
                )
                held = await fake.send_envelope(later)
                with pytest.raises(TimeoutError):
                    await fake.wait_for_ack(held, timeout=5)  # not kept: not acknowledged
            finally:
                await asyncio.to_thread(cluster.start)
            async with asyncio.timeout(60):  # Slack redelivers until someone acknowledges
                attempt = 1
                while held not in fake.acks:
                    await fake.send_envelope(later, envelope_id=held, retry_attempt=attempt)
                    attempt += 1
                    with contextlib.suppress(TimeoutError):
                        await fake.wait_for_ack(held, timeout=1)
            await fake.wait_until(lambda: answers(fake, "D0000002") > 0, timeout=30)
            with pytest.raises(TimeoutError):  # a second answer would come within a second
                await fake.wait_until(lambda: answers(fake, "D0000002") > 1, timeout=1)
        finally:
            status, stderr, _ = await stop(process)
    assert status == 0, stderr
