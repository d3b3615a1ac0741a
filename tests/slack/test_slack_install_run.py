"""A real `supportbot run` for the workspaces that install the app (issue 10): the settings
name what is missing, the start says where the install page is, an install through it is
kept in the database, and the installed workspace is answered with its own token."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fake_slack import (
    CLIENT_ID,
    CLIENT_SECRET,
    SIGNING_SECRET,
    FakeSlack,
    SignedSlackClient,
    payloads,
)
from tests.slack.installing import SECOND, Browser
from tests.test_cli import supportbot
from tests.test_stopping import free_port, read_until, start, stop

INSTALLS = {
    "SLACK_CLIENT_ID": CLIENT_ID,
    "SLACK_CLIENT_SECRET": CLIENT_SECRET,
    "SLACK_SIGNING_SECRET": SIGNING_SECRET,
}


async def test_a_running_bot_is_installed_and_answers_with_the_installed_token(
    tmp_path: Path,
) -> None:
    async with FakeSlack(valid_tokens=set()) as fake:
        port = free_port()
        env = {**INSTALLS, "SUPPORTBOT_SLACK_API_URL": fake.base_url}
        process = await start(tmp_path, env, "--slack-port", str(port))
        logged = await read_until(process.stderr, "supportbot runs for slack")
        assert f"install the app at http://127.0.0.1:{port}/slack/install" in logged
        done = await Browser(fake, f"http://127.0.0.1:{port}").install(SECOND, "code-2")
        assert done.status == 200, done.text
        dm = fake.dm_channel_for("U0ZOE")
        async with SignedSlackClient(f"http://127.0.0.1:{port}/slack/events") as slack:
            event = payloads.dm_message("help", user="U0ZOE", channel=dm, team_id=SECOND.team_id)
            assert (await slack.send_event(event, team_id=SECOND.team_id)).status == 200
        answer = await fake.wait_for("chat.postMessage", timeout=30)
        status, stderr, _ = await stop(process)
    assert status == 0, stderr
    assert (answer.params["channel"], answer.token) == (dm, SECOND.bot_token)
    assert "Billing & invoices" in str(answer.params["blocks"])


@pytest.mark.parametrize(
    ("given", "named", "problem"),
    [
        ({"SLACK_CLIENT_ID": CLIENT_ID}, "SLACK_CLIENT_SECRET", "needs the app's client secret"),
        ({"SLACK_CLIENT_SECRET": CLIENT_SECRET}, "SLACK_CLIENT_ID", "needs the app's client id"),
        ({**INSTALLS, "SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_BOT_TOKEN", "not both"),
        ({**INSTALLS, "SLACK_APP_TOKEN": "xapp-1"}, "SLACK_APP_TOKEN", "not Socket Mode"),
        ({**INSTALLS, "SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET", "HTTP mode"),
        ({**INSTALLS, "SLACK_SCOPES": "chat:write, im:history"}, "SLACK_SCOPES", "commas"),
    ],
)
def test_an_incomplete_install_setting_stops_start_up_naming_it(
    tmp_path: Path, given: dict[str, str], named: str, problem: str
) -> None:
    result = supportbot("run", cwd=tmp_path, env=given)
    assert result.returncode == 2
    assert result.stderr.startswith("supportbot: ")
    assert problem in result.stderr
    assert result.stderr.rstrip().endswith(f"({named})")
