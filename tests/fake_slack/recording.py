"""What FakeSlack records: one :class:`Call` per request, plus pending failure injections."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]
Predicate = Callable[["Call"], bool]

#: Pseudo-method names under which non-API requests are recorded.
UPLOAD = "upload"
RESPONSE_URL = "response_url"


@dataclass(frozen=True)
class Call:
    """One request the fake received.

    ``params`` merges query string, form or JSON body, with JSON-valued arguments decoded;
    the token is not in ``params`` but in ``token``. For ``upload`` and ``response_url``
    calls, ``target`` is the file id / response id from the URL.
    """

    method: str
    params: dict[str, Any]
    at: float
    token: str | None = None
    http_method: str = "POST"
    content_type: str = ""
    status: int = 200
    response: Any = None
    target: str | None = None
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the fake answered HTTP 200 and (for API calls) ``"ok": true``."""
        if self.status != 200:
            return False
        if isinstance(self.response, dict):
            return bool(self.response.get("ok", True))
        return True

    @property
    def error(self) -> str | None:
        """The Slack error code the fake answered with, if any."""
        if isinstance(self.response, dict):
            err = self.response.get("error")
            return str(err) if err is not None else None
        return None


@dataclass
class _Injection:
    remaining: int
    status: int
    error: str
    retry_after: int | None = None
