"""Records of REST calls and the failure-injection rules the fake applies to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

API_PREFIX = "/api/v10"


@dataclass(frozen=True)
class RecordedFile:
    """One uploaded file of a multipart request (field is e.g. ``files[0]``)."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class Call:
    """One REST request as the fake received it.

    ``path`` is relative to ``/api/v10`` (e.g. ``/channels/1/messages``); ``json`` is the
    JSON body, or the ``payload_json`` part of a multipart body; ``at`` is
    ``time.monotonic()`` at arrival. ``status`` is what the fake answered (0 while the
    request is still being handled) and ``unknown`` marks a route the fake lacks.
    """

    method: str
    path: str
    json: Any
    files: list[RecordedFile]
    at: float
    query: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None
    unknown: bool = False

    def __repr__(self) -> str:
        return f"<Call {self.method} {self.path} -> {self.status}>"


def normalise_prefix(path_prefix: str) -> str:
    if path_prefix.startswith(API_PREFIX):
        path_prefix = path_prefix[len(API_PREFIX) :]
    return path_prefix if path_prefix.startswith("/") else "/" + path_prefix


@dataclass
class Injection:
    """Answer matching requests with ``status`` and ``body`` (``times=None``: forever)."""

    path_prefix: str
    method: str | None
    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int | None
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return path.startswith(self.path_prefix)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times


class FakeTimeout(AssertionError):
    """``wait_for`` gave up; the message lists the most recent REST calls."""
