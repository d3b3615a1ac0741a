"""Issue 12.4: every `supportbot ...` command the README shows runs as written (a placeholder
such as DIR gets an example), on a fresh SQLite database and the shipped knowledge."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from knowledge.base import default_directory
from tests.test_cli import supportbot

README = Path(__file__).resolve().parents[1] / "README.md"
# What a reader puts in for the README's placeholders.
EXAMPLES = {"DIR": str(default_directory())}


def readme_commands() -> list[str]:
    """`supportbot` lines of code blocks (indented or fenced) and inline code, comments cut."""
    text = README.read_text(encoding="utf-8")
    found: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif (fenced or line.startswith("    ")) and line.strip().startswith("supportbot "):
            found.append(line.strip())
    found += re.findall(r"`(supportbot [^`]+)`", text)
    return list(dict.fromkeys(shlex.join(shlex.split(c, comments=True)) for c in found))


def test_the_readme_shows_commands() -> None:
    shown = readme_commands()
    assert any(c.startswith("supportbot sla simulate") for c in shown), shown
    assert "supportbot run" in shown


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_as_written(command: str, tmp_path: Path) -> None:
    args = [EXAMPLES.get(word, word) for word in shlex.split(command)[1:]]
    env = {"SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'supportbot.db'}"}
    result = supportbot(*args, cwd=tmp_path, env=env)  # stdin is closed: `run` ends
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
