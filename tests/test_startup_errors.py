"""Issue 12.3: a mistake found at start-up is one line `supportbot: <what is wrong>
(<setting>)` and exit status 2, never a traceback; `supportbot --version` answers."""

from __future__ import annotations

import asyncio
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.discord.test_run import start_bot as start_discord_bot
from tests.fake_discord import FakeDiscord
from tests.fake_slack import SIGNING_SECRET, FakeSlack
from tests.test_cli import environment, supportbot


def one_line_naming(stderr: str, setting: str) -> str:
    """The problem in the one line; fails unless stderr is exactly that line."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("supportbot: "), lines[0]
    assert lines[0].endswith(f" ({setting})"), lines[0]
    return lines[0].removeprefix("supportbot: ").removesuffix(f" ({setting})")


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        (
            "SUPPORTBOT_DATABASE_URL",
            "postgresql+psycopg://nobody@127.0.0.1:1/x",
            "cannot open the database postgresql+psycopg://nobody@127.0.0.1:1/x",
        ),
        (
            "SUPPORTBOT_DATABASE_URL",
            "sqlite:////no/such/folder/supportbot.db",
            "the folder /no/such/folder of the SQLite file does not exist",
        ),
        (
            "SUPPORTBOT_CONFIG",
            "/no/such/supportbot.toml",
            "/no/such/supportbot.toml does not exist",
        ),
        ("SUPPORTBOT_TIMER_INTERVAL_SECONDS", "-1", "greater than 0"),
        ("SUPPORTBOT_LOG_LEVEL", "LOUD", "'DEBUG', 'INFO', 'WARNING' or 'ERROR'"),
        ("SUPPORTBOT_LOG_FORMAT", "xml", "'auto', 'json' or 'text'"),
        (  # issue 11: a model that is not there stops the start, not every suggestion
            "SUPPORTBOT_EMBEDDER",
            "wordllama:/no/such/model",
            "/no/such/model/weights/l2_supercat_256.safetensors and",
        ),
        (  # R61: where the leads' report goes
            "SUPPORTBOT_REPORT_CHANNELS",
            '{"teams": "leads"}',
            "'teams': name slack, slack:TEAM_ID, discord or console, each with a channel id",
        ),
    ],
)
def test_start_up_mistake_is_one_line_naming_the_setting(
    tmp_path: Path, variable: str, value: str, problem: str
) -> None:
    for command in (("run",), ("db", "upgrade")):
        result = supportbot(*command, cwd=tmp_path, env={variable: value})
        assert result.returncode == 2, result.stderr
        assert problem in one_line_naming(result.stderr, variable)
        assert result.stdout == ""  # it stopped before the console began


def test_r61_a_leads_channel_on_a_platform_that_does_not_run_is_named(tmp_path: Path) -> None:
    channels = {"SUPPORTBOT_REPORT_CHANNELS": '{"discord": "1234567890"}'}
    result = supportbot("run", cwd=tmp_path, env=channels)
    assert result.returncode == 2, result.stderr
    problem = one_line_naming(result.stderr, "SUPPORTBOT_REPORT_CHANNELS")
    assert problem == "the leads' report goes to discord, which is not configured"


def test_a_config_file_that_is_not_toml_is_named(tmp_path: Path) -> None:
    config = tmp_path / "supportbot.toml"
    config.write_text("database_url = \n")
    result = supportbot("run", cwd=tmp_path, env={"SUPPORTBOT_CONFIG": str(config)})
    assert result.returncode == 2
    assert "is not valid TOML" in one_line_naming(result.stderr, "SUPPORTBOT_CONFIG")


def test_version(tmp_path: Path) -> None:
    result = supportbot("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"supportbot {version('supportbot')}\n"


async def run_until_it_exits(cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--slack-port", "0",
        cwd=cwd, env=environment(env),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    async with asyncio.timeout(60):
        _, stderr = await process.communicate()
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_slack_token_that_auth_test_refuses(tmp_path: Path) -> None:
    async with FakeSlack(valid_tokens={"xoxb-the-real-one"}) as fake:
        env = {
            "SLACK_BOT_TOKEN": "xoxb-revoked",
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SUPPORTBOT_SLACK_API_URL": fake.base_url,
        }
        status, stderr = await run_until_it_exits(tmp_path, env)
        assert fake.calls_to("auth.test")  # asked Slack, as the real one would be
    assert status == 2
    problem = one_line_naming(stderr, "SLACK_BOT_TOKEN")
    assert problem == "Slack refused the bot token: invalid_auth"


async def test_discord_token_that_discord_refuses(tmp_path: Path) -> None:
    async with FakeDiscord(token="the-real-one") as fake:
        process = await start_discord_bot(fake, tmp_path, DISCORD_TOKEN="a-revoked-one")
        async with asyncio.timeout(60):
            _, stderr = await process.communicate()
        assert fake.calls_to("GET", "/users/@me")  # the login Discord answered with 401
    assert process.returncode == 2
    # discord.py's notes on voice come first; they are not ours to silence.
    ours = [line for line in stderr.decode().splitlines() if "voice will NOT" not in line]
    problem = one_line_naming("\n".join(ours), "DISCORD_TOKEN")
    assert problem.startswith("Discord refused the token")
