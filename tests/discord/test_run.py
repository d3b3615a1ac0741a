"""`supportbot run` with DISCORD_TOKEN: the real command connects to Discord and answers."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import pytest

from tests.discord.conftest import text_of
from tests.fake_discord import FakeDiscord
from tests.test_cli import environment


async def start_bot(fake: FakeDiscord, cwd: Path, **extra: str) -> asyncio.subprocess.Process:
    env = environment()
    env.update(
        DISCORD_TOKEN=fake.token,
        SUPPORTBOT_DISCORD_API_URL=fake.api_base,
        SUPPORTBOT_DISCORD_GATEWAY_URL=fake.gateway_url,
        SUPPORTBOT_DISCORD_GUILD_IDS=json.dumps([fake.guild.id]),
    )
    env.update(extra)
    pipe = asyncio.subprocess.PIPE
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env, stdin=pipe, stdout=pipe, stderr=pipe
    )


async def test_run_connects_and_answers_a_dm(tmp_path: Path) -> None:
    async with FakeDiscord() as fake:
        user = fake.add_user("alice.adams")
        process = await start_bot(fake, tmp_path)
        try:
            await fake.wait_until_connected(timeout=60)
            dm = fake.dm_channel_id(user)
            await fake.user_message(dm, "help", author_id=user)
            topics = await fake.wait_for_message(
                dm, lambda m: "Pick a topic" in text_of(m), timeout=30
            )
            assert "Billing & invoices" in text_of(topics)
        finally:
            process.terminate()
            await process.wait()


@pytest.mark.parametrize("variable", ["SUPPORTBOT_DISCORD_GUILD_IDS"])
async def test_bad_discord_setting_stops_start_up_naming_it(tmp_path: Path, variable: str) -> None:
    async with FakeDiscord() as fake:
        process = await start_bot(fake, tmp_path, **{variable: "not a list"})
        _, stderr = await process.communicate(b"")
        assert process.returncode == 2
        assert variable in stderr.decode()
