"""`supportbot` on a pseudo terminal, as a person at a keyboard runs it: keys go in, the screen
comes out, Ctrl-C is the terminal's interrupt key (the pty is the bot's controlling terminal)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path
from types import TracebackType

from tests.test_cli import environment

# The bot's process makes the pty its controlling terminal before it becomes `python -m bot`,
# so the terminal turns Ctrl-C into SIGINT for it as a shell would.
_CONTROLLING_TTY = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.executable, [sys.executable, '-m', 'bot', *sys.argv[1:]])"
)
CTRL_C = b"\x03"
CTRL_A = b"\x01"
UP = b"\x1b[A"


class Terminal:
    """A running `supportbot` with a pty for stdin, stdout and stderr."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str] | None = None) -> None:
        self._master, self._slave = os.openpty()
        self.screen = b""
        self._seen = 0
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CONTROLLING_TTY, *args],
            stdin=self._slave,
            stdout=self._slave,
            stderr=self._slave,
            cwd=cwd,
            env={"TERM": "xterm", **environment(env)},
            start_new_session=True,
        )

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        os.close(self._master)
        os.close(self._slave)

    def type(self, keys: bytes) -> None:
        """Press keys (b"\\r" is Enter)."""
        os.write(self._master, keys)

    def expect(self, text: str, timeout: float = 30.0) -> str:
        """Wait until `text` appears after what an earlier expect saw; returns the new screen."""
        wanted = text.encode()
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(wanted, self._seen)) < 0:
            if time.monotonic() > deadline or not self._read(deadline - time.monotonic()):
                raise AssertionError(f"{text!r} not shown; the screen ends with {self.tail()!r}")
        start, self._seen = self._seen, found + len(wanted)
        return self.screen[start : self._seen].decode(errors="replace")

    def wait(self, timeout: float) -> int:
        """The exit status, reading the screen meanwhile (a full pty would block the bot)."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        status = self.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        while self._read(0.05):
            pass
        return status

    def tail(self, size: int = 400) -> str:
        """The end of the screen, for messages."""
        return self.screen[-size:].decode(errors="replace")

    def local_modes(self) -> int:
        """The terminal's local modes (ECHO, ICANON, ...) as the bot left them."""
        return int(termios.tcgetattr(self._slave)[3])

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self._master], [], [], max(timeout, 0))
        if not ready:
            return False
        try:
            chunk = os.read(self._master, 65536)
        except OSError:  # the bot has gone and the pty is closed
            return False
        self.screen += chunk
        return bool(chunk)
