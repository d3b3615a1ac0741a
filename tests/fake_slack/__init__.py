"""A loopback fake of Slack for tests of a slack-bolt AsyncApp.

- :class:`FakeSlack`: Web API (``base_url`` for ``AsyncWebClient``), file uploads and
  response URLs, recording every request, with failure and rate-limit injection; workspaces
  that install the app (``approve_install``, oauth.v2.access) with a bot token each.
- :class:`SignedSlackClient`: sends correctly (or deliberately badly) signed Events API,
  slash command and interactivity requests to a Bolt endpoint.
- :mod:`.payloads` and :mod:`.interactions`: builders for what Slack sends.
- :func:`serve_bolt_app`: runs an AsyncApp over HTTP on a free port.
"""

from __future__ import annotations

from . import interactions, payloads
from .bolt import serve_bolt_app
from .ids import (
    APP_ID,
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    CHANNEL_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    DM_CHANNEL_ID,
    SIGNING_SECRET,
    TEAM_DOMAIN,
    TEAM_ID,
    USER_ID,
)
from .server import RESPONSE_URL, UPLOAD, Call, FakeSlack
from .signing import STALE_SECONDS, SignedSlackClient, SlackHttpResponse, sign
from .state import Workspace

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_TOKEN",
    "BOT_USER_ID",
    "CHANNEL_ID",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "DM_CHANNEL_ID",
    "RESPONSE_URL",
    "SIGNING_SECRET",
    "STALE_SECONDS",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "UPLOAD",
    "USER_ID",
    "Call",
    "FakeSlack",
    "SignedSlackClient",
    "SlackHttpResponse",
    "Workspace",
    "interactions",
    "payloads",
    "serve_bolt_app",
    "sign",
]
