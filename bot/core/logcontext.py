"""The platform event being handled, for every log line written while it is (R73: ids only)."""

from __future__ import annotations

from contextvars import ContextVar

#: "<platform>:<inbound id>" of the event this task handles; "" outside one.
current_event: ContextVar[str] = ContextVar("current_event", default="")
