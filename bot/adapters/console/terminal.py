"""Typed lines for the console (issue 12.2, 12.10).

Lines are read on a daemon thread and handed to the event loop, so a stop (Ctrl-C, SIGTERM)
never waits for one more Enter. On a terminal, `input()` with the readline module gives line
editing and history (kept in a file between runs when it can be written), and the terminal's
settings are put back at the end, even when the bot stops in the middle of a line.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import readline
import sys
import termios
import threading
from pathlib import Path
from types import TracebackType
from typing import Protocol

HISTORY_FILE = Path("~/.supportbot_history")
HISTORY_LENGTH = 1000


class Stop(Protocol):
    """A stop request the reader gives way to."""

    def is_set(self) -> bool:
        """True once a stop was asked for."""
        ...

    async def wait(self) -> None:
        """Until a stop is asked for."""
        ...


class _Pipe:
    """Lines from a pipe or file by os.read: unlike sys.stdin, no lock is held while waiting,
    which interpreter shutdown would otherwise wait on."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = b""

    def readline(self) -> str | None:
        while b"\n" not in self._buffer:
            chunk = os.read(self._fd, 65536)
            if not chunk:
                break
            self._buffer += chunk
        if not self._buffer:
            return None
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace")


class LineReader:
    """Reads one line per request; the prompt is shown only when the previous line is done."""

    def __init__(self, fd: int, *, history: Path | None = HISTORY_FILE) -> None:
        self._fd = fd
        self._tty = os.isatty(fd)
        self._history = history.expanduser() if history and self._tty else None
        self._saved = termios.tcgetattr(fd) if self._tty else None
        self._pipe = _Pipe(fd)
        self._prompts: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._asked = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LineReader:
        if self._tty:
            readline.set_history_length(HISTORY_LENGTH)
            if self._history is not None and self._history.is_file():
                # An unreadable history only costs the recall of old lines.
                with contextlib.suppress(OSError):
                    readline.read_history_file(self._history)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._saved is None:
            return
        if self._history is not None:
            # A read-only home or a full disk must not break the way out.
            with contextlib.suppress(OSError):
                readline.write_history_file(self._history)
        # Stopped in the middle of a line: readline left the terminal raw and the cursor
        # after the prompt.
        termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
        if self._asked:
            print(file=sys.stdout, flush=True)

    async def read(self, prompt: str, stop: Stop) -> str | None:
        """The next line without its newline; None at the end of input or once `stop` is set."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve, args=(asyncio.get_running_loop(),), daemon=True
            )
            self._thread.start()
        if not self._asked:
            self._prompts.put(prompt)
            self._asked = True
        line = asyncio.ensure_future(self._lines.get())
        stopped = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({line, stopped}, return_when=asyncio.FIRST_COMPLETED)
        line.cancel()
        stopped.cancel()
        if line not in done or stop.is_set():
            return None
        self._asked = False
        return line.result()

    def _serve(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            line = self._next(self._prompts.get())
            try:
                loop.call_soon_threadsafe(self._lines.put_nowait, line)
            except RuntimeError:
                return  # the loop closed: the bot has stopped
            if line is None:
                return

    def _next(self, prompt: str) -> str | None:
        if not self._tty:
            return self._pipe.readline()
        try:
            return input(prompt)  # readline: editing keys, arrows, history
        except EOFError:  # Ctrl-D
            return None
