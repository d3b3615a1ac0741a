"""A workspace admin's browser on the Slack port: the install page, Slack's authorize page
(played by the fake, which approves a code), and the redirect back."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qs, urlencode, urlsplit

import aiohttp

from tests.fake_slack import FakeSlack, Workspace

FIRST = Workspace("T0FIRST", "xoxb-first", "First Co", bot_user_id="U0BOT1", bot_id="B0BOT1")
SECOND = Workspace("T0SECOND", "xoxb-second", "Second Co", bot_user_id="U0BOT2", bot_id="B0BOT2")
STATE_COOKIE = "slack-app-oauth-state"


@dataclass(frozen=True)
class Page:
    """What a browser gets from the Slack port."""

    status: int
    text: str
    state_cookie: str | None


@dataclass(frozen=True)
class Browser:
    """Requests to the bot's Slack port (`origin`), as a browser sends them."""

    fake: FakeSlack
    origin: str

    async def page(self, path: str, *, language: str = "en", cookie: str = "") -> Page:
        headers = {"Accept-Language": language, "Cookie": cookie}
        async with (
            aiohttp.ClientSession() as browser,
            browser.get(self.origin + path, headers=headers) as answer,
        ):
            morsel = answer.cookies.get(STATE_COOKIE)
            cookie_value = morsel.value if morsel is not None else None
            return Page(answer.status, await answer.text(), cookie_value)

    async def install(self, workspace: Workspace, code: str) -> Page:
        """An admin of the workspace opens the install page, clicks Add to Slack, allows
        the app on Slack's page, and Slack sends the browser back with a code."""
        offer = await self.page("/slack/install")
        state = parse_qs(add_to_slack(offer.text).query)["state"][0]
        self.fake.approve_install(workspace, code)
        query = urlencode({"code": code, "state": state})
        cookie = f"{STATE_COOKIE}={offer.state_cookie}"
        return await self.page(f"/slack/oauth_redirect?{query}", cookie=cookie)


def add_to_slack(page: str) -> SplitResult:
    """The Add to Slack link of the install page."""
    found = re.search(r'href="([^"]+)"', page)
    assert found, page
    return urlsplit(html.unescape(found.group(1)))
