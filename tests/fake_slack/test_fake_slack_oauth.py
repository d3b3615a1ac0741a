"""FakeSlack's oauth.v2.access: a code approved for a workspace gives its bot token once,
to the app's own credentials; the token then speaks for that workspace."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.fake_slack import CLIENT_ID, CLIENT_SECRET, TEAM_ID, FakeSlack, Workspace

SECOND = Workspace("T0SECOND", "xoxb-second", team_name="Second Co", bot_user_id="U0BOT2")


async def test_an_approved_code_installs_the_workspace_once() -> None:
    async with FakeSlack(valid_tokens={"xoxb-first"}) as fake:
        fake.approve_install(SECOND, code="c-1")
        app = AsyncWebClient(base_url=fake.base_url)
        granted = await app.oauth_v2_access(
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code="c-1"
        )
        assert granted["access_token"] == "xoxb-second"
        assert granted["team"] == {"id": "T0SECOND", "name": "Second Co"}
        assert granted["bot_user_id"] == "U0BOT2"
        with pytest.raises(SlackApiError, match="invalid_code"):
            await app.oauth_v2_access(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code="c-1")

        second = await AsyncWebClient(token="xoxb-second", base_url=fake.base_url).auth_test()
        first = await AsyncWebClient(token="xoxb-first", base_url=fake.base_url).auth_test()
        assert (second["team_id"], second["user_id"]) == ("T0SECOND", "U0BOT2")
        assert first["team_id"] == TEAM_ID


@pytest.mark.parametrize(
    ("client_id", "secret", "error"),
    [("9.9", CLIENT_SECRET, "invalid_client_id"), (CLIENT_ID, "guess", "bad_client_secret")],
)
async def test_only_the_app_exchanges_codes(client_id: str, secret: str, error: str) -> None:
    async with FakeSlack() as fake:
        fake.approve_install(SECOND, code="c-1")
        app = AsyncWebClient(base_url=fake.base_url)
        with pytest.raises(SlackApiError, match=error):
            await app.oauth_v2_access(client_id=client_id, client_secret=secret, code="c-1")
        assert "xoxb-second" not in fake.installed
