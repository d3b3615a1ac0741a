"""Issue 12.2: stopping `supportbot run` as people and service managers do: Ctrl-C at the
console's prompt, SIGTERM to the console, to a Slack bot with an event in flight and to a
Discord bot; and stdin simply ending."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import sys
import termios
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from tests.discord.test_run import start_bot as start_discord_bot
from tests.fake_discord import FakeDiscord
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SignedSlackClient, payloads
from tests.terminal import CTRL_C, Terminal
from tests.test_cli import environment, supportbot

PIPE = asyncio.subprocess.PIPE


def test_ctrl_c_at_the_prompt_ends_the_bot_at_once(tmp_path: Path) -> None:
    with Terminal("run", cwd=tmp_path, env={"HOME": str(tmp_path)}) as terminal:
        terminal.expect("alice> ")
        pressed = time.monotonic()
        terminal.type(CTRL_C)
        assert terminal.wait(timeout=10) == 0  # no Enter needed
        took = time.monotonic() - pressed
        assert took < 3, took
        assert "Traceback" not in terminal.tail(4000)
        assert "stopped on SIGINT" in terminal.tail()
        # readline had the terminal in raw mode; the person's shell gets it back as it was.
        modes = terminal.local_modes()
        assert modes & termios.ECHO and modes & termios.ICANON


def test_stdin_ending_stops_without_a_scheduler_traceback(tmp_path: Path) -> None:
    # The timer job runs at once at start; ending right away used to cancel it mid-query.
    result = supportbot("run", stdin="", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == ""


async def start(cwd: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", *args,
        cwd=cwd, env=environment(env), stdin=PIPE, stdout=PIPE, stderr=PIPE,
    )  # fmt: skip


async def read_until(stream: asyncio.StreamReader | None, text: str, timeout: float = 60) -> str:
    """Lines from the bot's output until one contains `text`."""
    assert stream is not None
    seen = ""
    async with asyncio.timeout(timeout):
        while text not in seen:
            line = await stream.readline()
            assert line, f"the output ended before {text!r}: {seen}"
            seen += line.decode()
    return seen


async def stop(process: asyncio.subprocess.Process, timeout: float = 30) -> tuple[int, str, float]:
    """SIGTERM as a service manager sends it: the exit status, what is left on stderr and how
    long the stop took."""
    sent = time.monotonic()
    process.send_signal(signal.SIGTERM)
    async with asyncio.timeout(timeout):
        _, stderr = await process.communicate()
    assert process.returncode is not None
    return process.returncode, stderr.decode(), time.monotonic() - sent


def stopped(line: str) -> tuple[int, int] | None:
    """(events cut off, the bound in seconds) from the one line a stop logs; how many finished
    varies with the timer job's runs, which count too."""
    said = re.fullmatch(
        r"WARNING supportbot: stopped on SIGTERM: \d+ in flight finished, (\d+) cut off after "
        r"(\d+) s",
        line,
    )
    return (int(said.group(1)), int(said.group(2))) if said else None


async def test_sigterm_stops_the_console_with_one_log_line(tmp_path: Path) -> None:
    process = await start(tmp_path, {})
    assert process.stdin is not None
    process.stdin.write(b"plan\n")  # stdin stays open, as under a service manager
    await read_until(process.stdout, "Your support plan")
    status, stderr, _ = await stop(process)
    assert status == 0
    assert [stopped(line) for line in stderr.splitlines()] == [(0, 10)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_slack_bot(
    fake: FakeSlack, cwd: Path, **extra: str
) -> tuple[asyncio.subprocess.Process, str]:
    """A `supportbot run` for Slack, started; the process and its events URL."""
    process, url, _ = await start_slack_bot_logging(fake, cwd, **extra)
    return process, url


async def start_slack_bot_logging(
    fake: FakeSlack, cwd: Path, **extra: str
) -> tuple[asyncio.subprocess.Process, str, str]:
    """A `supportbot run` for Slack, started; also what it logged up to its start line."""
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SUPPORTBOT_SLACK_API_URL": fake.base_url,
        **extra,
    }
    process = await start(cwd, env, "--slack-port", str(port))
    logged = await read_until(process.stderr, "supportbot runs for slack")
    return process, f"http://127.0.0.1:{port}/slack/events", logged


async def test_sigterm_lets_a_slack_event_in_flight_finish(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.delay("chat.postMessage", 2.0)  # the answer is still on its way at the SIGTERM
        process, url = await start_slack_bot(fake, tmp_path)
        async with SignedSlackClient(url) as slack:
            assert (await slack.send_event(payloads.dm_message("help"))).status == 200
        await fake.wait_for("users.info", timeout=30)  # the bot is working on it
        status, stderr, took = await stop(process)
        assert status == 0
        assert "Traceback" not in stderr
        assert stopped(stderr.splitlines()[-1]) == (0, 10)
        answer = fake.calls_to("chat.postMessage", ok=True)
        assert answer and "Billing & invoices" in str(answer[0].params), answer
        assert 1.0 < took < 10, took  # it waited for the answer, not for the bound


async def refused(url: str) -> None:
    """Return once the bot's port refuses a new connection (a stop closed it)."""
    where = urlsplit(url)
    async with asyncio.timeout(10):
        while True:
            try:
                _, writer = await asyncio.open_connection(where.hostname, where.port)
            except OSError:
                return
            writer.close()
            await writer.wait_closed()
            await asyncio.sleep(0.01)  # not closed yet: look again


async def test_a_stopping_slack_bot_takes_no_request_on_a_kept_alive_connection(
    tmp_path: Path,
) -> None:
    """Issue 8: after a SIGTERM nothing more is acknowledged, not even on a connection Slack
    keeps open: a request served there after the drain had its reply sent but never marked
    sent, and the reply went out again after the restart. Unacknowledged, Slack retries it."""
    async with FakeSlack() as fake:
        fake.delay("chat.postMessage", 2.0)  # the drain lasts while the first answer is sent
        process, url = await start_slack_bot(fake, tmp_path)
        async with SignedSlackClient(url) as slack:  # one session: the connection is reused
            assert (await slack.send_event(payloads.dm_message("help"))).status == 200
            await fake.wait_for("users.info", timeout=30)
            process.send_signal(signal.SIGTERM)
            await refused(url)  # the stop has begun; it drains until the answer is sent
            late = payloads.dm_message("help", user="U0000LATE", channel="D0000LATE")
            try:
                status = (await slack.send_event(late, event_id="EvLate")).status
            except aiohttp.ClientError:
                status = None  # the connection was closed: Slack sends it again later
            assert status != 200
        status, stderr, _ = await stop(process)
        assert status == 0, stderr
        answered = [c.params["channel"] for c in fake.calls_to("chat.postMessage", ok=True)]
        assert "D0000LATE" not in answered


async def test_a_stop_cuts_off_what_is_still_running_after_the_bound(tmp_path: Path) -> None:
    async with FakeSlack() as fake:
        fake.delay("chat.postMessage", 60.0)  # Slack never answers in time
        process, url = await start_slack_bot(fake, tmp_path, SUPPORTBOT_STOP_TIMEOUT_SECONDS="1")
        async with SignedSlackClient(url) as slack:
            assert (await slack.send_event(payloads.dm_message("help"))).status == 200
        await fake.wait_for("users.info", timeout=30)
        status, stderr, took = await stop(process)
        assert status == 0
        assert "Traceback" not in stderr
        assert stopped(stderr.splitlines()[-1]) == (1, 1)
        assert took < 5, took


async def test_sigterm_stops_a_discord_bot_cleanly(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        user = fake.add_user("alice.adams")
        process = await start_discord_bot(fake, tmp_path)
        await fake.wait_until_connected(timeout=60)
        await fake.user_message(fake.dm_channel_id(user), "help", author_id=user)
        await fake.wait_for_message(fake.dm_channel_id(user), timeout=30)
        status, stderr, took = await stop(process)
        assert status == 0
        assert "Traceback" not in stderr
        *_, started, last = stderr.splitlines()  # after discord.py's own notes on voice
        assert re.search(
            r"supportbot runs for discord; health and metrics at http://127\.0\.0\.1:\d+; "
            r"stop it with Ctrl-C or SIGTERM",
            started,
        )
        assert stopped(last) == (0, 10)
        assert took < 5, took
