"""The ops port of a real `supportbot run` (issue 10): its address in the start line, /readyz
unready while the database (a cluster of the test's own) is stopped and ready once it is
back, metrics counting Slack events; a taken port is named and the bot runs on."""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path

from tests.fake_slack import FakeSlack, SignedSlackClient, payloads
from tests.ops import get, sample
from tests.test_cli import supportbot
from tests.test_database_outage import Cluster, cluster  # noqa: F401 (a fixture)
from tests.test_stopping import start_slack_bot_logging, stop

OPS_URL = re.compile(r"health and metrics at (http://[\d.]+:\d+)")


async def ready(url: str) -> tuple[int, str]:
    async with asyncio.timeout(30):
        return await get(f"{url}/readyz")


async def test_readyz_follows_the_database_of_a_running_bot(
    tmp_path: Path,
    cluster: Cluster,  # noqa: F811 (the fixture imported above)
) -> None:
    async with FakeSlack() as fake:
        env = {"SUPPORTBOT_DATABASE_URL": cluster.url}
        process, slack_url, logged = await start_slack_bot_logging(fake, tmp_path, **env)
        try:
            found = OPS_URL.search(logged)
            assert found, f"the start line names the ops address: {logged}"
            url = found.group(1)
            assert await ready(url) == (200, "database: ok\nslack: ok\noutbox: ok\n")
            async with SignedSlackClient(slack_url) as slack:
                await slack.send_event(payloads.dm_message("hi"), event_id="Ev1")
            await fake.wait_for("chat.postMessage", timeout=30)
            _, metrics = await get(f"{url}/metrics")
            assert sample(metrics, "supportbot_events_total", platform="slack", outcome="handled")
            await asyncio.to_thread(cluster.stop)
            try:
                status, text = await ready(url)
                assert status == 503 and "database: unreachable" in text
                _, metrics = await get(f"{url}/metrics")
                assert sample(metrics, "supportbot_database_up") == 0
            finally:
                await asyncio.to_thread(cluster.start)
            async with asyncio.timeout(30):
                while (await ready(url))[0] != 200:
                    await asyncio.sleep(0.2)
        finally:
            status, stderr, _ = await stop(process)
    assert status == 0, stderr


async def test_a_taken_ops_port_is_named_and_the_bot_runs_on(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        async with FakeSlack() as fake:
            env = {"SUPPORTBOT_OPS_PORT": port}
            process, slack_url, logged = await start_slack_bot_logging(fake, tmp_path, **env)
            async with SignedSlackClient(slack_url) as slack:
                await slack.send_event(payloads.dm_message("hi"), event_id="Ev1")
            await fake.wait_for("chat.postMessage", timeout=30)  # it answers all the same
            status, stderr, _ = await stop(process)
    assert f"ops port 127.0.0.1:{port} not served" in logged
    assert "health and metrics" not in logged
    assert status == 0, stderr


def test_a_console_session_says_nothing_of_a_taken_ops_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = supportbot("run", "--ops-port", port, stdin="", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
