"""R56 with a real `supportbot run`: an incident file set to resolved while the bot runs
reaches the linked requester within seconds, without anyone typing anything (the interval
job of bot/scheduling.py, wired in bot/run.py)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from knowledge.base import default_directory
from tests.test_report_processes import Bot, until

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
TOLD = "[@bob] Gute Nachricht zu Ihrem Fall CS-1: Die Störung Webhook"


def test_an_incident_file_resolved_while_the_bot_runs_is_told(db_url: str, tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(
        default_directory(), knowledge, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    env = {"SUPPORTBOT_DATABASE_URL": db_url, "SUPPORTBOT_KNOWLEDGE_DIR": str(knowledge)}
    bot = Bot(tmp_path / "bot", env)
    try:
        bot.type("/as agent", "/log phone bob billing/invoices 3 Rechnungen kommen nicht an")
        until(lambda: bot.said("CS-1"), [bot])
        bot.type("/incident CS-1 INC-2026-1121")
        until(lambda: bot.said("[@bob] Ihr Fall CS-1 gehört zu einer bekannten Störung"), [bot])
        incident = knowledge / "incidents" / "INC-2026-1121.md"
        incident.write_text(incident.read_text().replace("status: active", "status: resolved"))
        edited = time.monotonic()
        until(lambda: bot.said(TOLD), [bot], timeout=30)
        took = time.monotonic() - edited
    finally:
        bot.quit()
    assert sum(TOLD in line for line in bot.out) == 1
    assert took < 15, took  # the job looks every 5 s, the files are looked at every 2 s
