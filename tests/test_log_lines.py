"""A real `supportbot run` whose stderr is not a terminal writes JSON lines (issue 10): each
one parses, names its level and logger, and none holds what a user typed; at
SUPPORTBOT_LOG_LEVEL=ERROR the start line is not written at all."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp

from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SignedSlackClient, payloads
from tests.test_stopping import free_port, start, start_slack_bot_logging, stop

SECRET = "my password is hunter2, card 4111 1111 1111 1111"


async def test_a_bot_under_a_collector_writes_json_lines_without_message_text(
    tmp_path: Path,
) -> None:
    env = {"SUPPORTBOT_LOG_FORMAT": "auto", "SUPPORTBOT_LOG_LEVEL": "INFO"}
    async with FakeSlack() as fake:
        process, url, logged = await start_slack_bot_logging(fake, tmp_path, **env)
        async with SignedSlackClient(url) as slack:
            await slack.send_event(payloads.dm_message(SECRET), event_id="Ev1")
        await fake.wait_for("chat.postMessage", timeout=30)
        status, stderr, _ = await stop(process)
    assert status == 0, stderr
    records = [json.loads(line) for line in (logged + stderr).splitlines()]
    assert {"time", "level", "logger", "message"} <= set(records[0])
    messages = [r["message"] for r in records]
    assert any(m.startswith("supportbot runs for slack") for m in messages)
    assert any(m.startswith("stopped on SIGTERM") for m in messages)
    for secret in ("hunter2", "4111"):
        assert secret not in logged + stderr


async def test_at_level_error_the_start_and_stop_lines_are_not_written(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        port = free_port()
        env = {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SUPPORTBOT_SLACK_API_URL": fake.base_url,
            "SUPPORTBOT_LOG_LEVEL": "ERROR",
        }
        process = await start(tmp_path, env, "--slack-port", str(port))
        url = f"http://127.0.0.1:{port}/slack/events"
        async with asyncio.timeout(60):
            while True:  # up once Slack's port answers
                try:
                    async with SignedSlackClient(url) as slack:
                        await slack.send_event(payloads.dm_message("hi"), event_id="Ev1")
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.2)
        await fake.wait_for("chat.postMessage", timeout=30)
        status, stderr, _ = await stop(process)
    assert (status, stderr) == (0, "")
