"""Log lines for people and for machines: readable on a terminal, JSON lines otherwise (a
container's or systemd's log collector), each naming the event being handled. What is logged
is ids and counts only, never message text or tokens (R73): that is the callers' rule; this
only shapes the lines."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Literal, TextIO

from bot.core.logcontext import current_event

LogFormat = Literal["auto", "json", "text"]


class EventFilter(logging.Filter):
    """Puts the handled event's id on the record (attribute `event`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.event = current_event.get()
        return True


class JsonLines(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, event, error."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        event = getattr(record, "event", "")
        if event:
            line["event"] = event
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class Readable(logging.Formatter):
    """`LEVEL logger: message [event]`, the way a person reads a terminal."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        event = getattr(record, "event", "")
        return f"{text} [{event}]" if event else text


def handler(form: LogFormat, stream: TextIO) -> logging.Handler:
    """Lines to `stream`: JSON lines unless it is a terminal (`auto`), or as asked."""
    json_lines = form == "json" or (form == "auto" and not stream.isatty())
    lines = logging.StreamHandler(stream)
    lines.setFormatter(JsonLines() if json_lines else Readable())
    lines.addFilter(EventFilter())
    return lines


def configure(level: str, form: LogFormat, stream: TextIO = sys.stderr) -> None:
    """Send every log line at `level` or above to `stream`."""
    logging.basicConfig(level=level.upper(), handlers=[handler(form, stream)], force=True)
