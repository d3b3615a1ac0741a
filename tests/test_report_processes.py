"""R61 with real processes: two `supportbot run` on one PostgreSQL database, started after
the week ended (as after a deployment or an outage), each look for the report a few seconds
after they start; the leads' console channel shows it once, from one of them."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from tests.test_cli import environment, supportbot

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
POSTED = "[#leads] Support report, all organisations"
LOOKED = 'Job "run.<locals>.post_reports'  # APScheduler's line after each run of the job
HEARD = threading.Condition()  # notified on every line either bot writes, and at its end


class Bot:
    """A `supportbot run` with the console on pipes, its output collected as it comes."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        cwd.mkdir()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=environment(env),
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=_collect, args=(stream, lines), daemon=True).start()

    def said(self, text: str) -> bool:
        return any(text in line for line in self.out + self.err)

    def type(self, *lines: str) -> None:
        """Lines typed into the console."""
        assert self.process.stdin is not None
        self.process.stdin.write("".join(f"{line}\n" for line in lines))
        self.process.stdin.flush()

    def quit(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("/quit\n")
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0, "".join(self.err)


def _collect(stream: IO[str], lines: list[str]) -> None:
    for line in stream:
        with HEARD:
            lines.append(line)
            HEARD.notify_all()
    with HEARD:  # the process ended
        HEARD.notify_all()


def until(condition: Callable[[], bool], bots: list[Bot], timeout: float = 90.0) -> None:
    """Wait until the condition holds, looking again at every line the bots write."""
    deadline = time.monotonic() + timeout
    with HEARD:
        while not condition():
            failed = [bot for bot in bots if bot.process.poll() is not None]
            assert not failed, "".join(failed[0].err)
            left = deadline - time.monotonic()
            assert left > 0, [bot.out[-5:] + bot.err[-5:] for bot in bots]
            HEARD.wait(left)


def test_r61_two_processes_started_after_the_boundary_post_the_report_once(
    db_url: str, tmp_path: Path
) -> None:
    # The directory is seeded once before, as by an earlier run: the two starts then race
    # only for the report.
    seeded = supportbot("report", "--database", db_url, "--out", str(tmp_path / "r"), cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    env = {
        "SUPPORTBOT_DATABASE_URL": db_url,
        "SUPPORTBOT_REPORT_CHANNELS": '{"console": "leads"}',
        "SUPPORTBOT_LOG_LEVEL": "INFO",
    }
    bots = [Bot(tmp_path / name, env) for name in ("first", "second")]
    try:
        until(lambda: all(bot.said(LOOKED) for bot in bots), bots)
    finally:
        for bot in bots:
            bot.quit()
    assert sorted(sum(POSTED in line for line in bot.out) for bot in bots) == [0, 1]
