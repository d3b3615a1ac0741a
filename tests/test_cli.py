"""The real `supportbot` command in a subprocess: what a person at a terminal sees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.base import default_directory

# Bots started by tests run side by side: each takes a free ops port, not the default 9090;
# their log lines are read as a person reads them (tests/test_log_lines.py reads the JSON).
ANY_OPS_PORT = {"SUPPORTBOT_OPS_PORT": "0", "SUPPORTBOT_LOG_FORMAT": "text"}


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This process's environment without our settings (and tokens), plus `extra`."""
    names = ("SUPPORTBOT_", "SLACK_", "DISCORD_")
    mine = {k: v for k, v in os.environ.items() if not k.startswith(names)}
    return mine | ANY_OPS_PORT | (extra or {})


def supportbot(
    *args: str, stdin: str = "", cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment(env),
        timeout=120,
        check=False,
    )


def test_console_journey_on_the_embedded_default(tmp_path: Path) -> None:
    script = "\n".join(
        [
            "help",
            "1",  # Billing & invoices
            "Invoices",
            "my invoice pdf download says access denied INV-403",
            "still need help",  # the label picks, whatever the number of articles
            "",  # subject as prefilled
            "",  # description as prefilled
            "",  # no links
            "no",
            "3",
            "",  # no participants
            "/as agent",
            "/thread CS-1",
            "We fixed the permission, please try again.",
            "note: was a role mapping bug",
            "/as user alice",
            "tickets",
            "close CS-1",
            "5",
            "rate CS-1 4",
            "/quit",
        ]
    )
    result = supportbot("run", stdin=script + "\n", cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Billing & invoices" in out
    assert "KB-1001" in out
    assert "Case CS-1 is open. The first response is due by" in out
    assert "[@alice] Dana Diaz (CS-1): We fixed the permission" in out
    assert "was a role mapping bug" not in out.split("Internal note saved")[0].split("[@alice]")[-1]
    assert "Your cases (1)" in out
    assert "Case CS-1 was closed by Alice Adams" in out
    assert "Thank you for rating CS-1!" in out
    assert "already been rated" in out
    assert (tmp_path / "supportbot.db").exists()  # SQLite file in the working directory


def test_kb_check_passes_on_the_sample_and_names_file_and_line(tmp_path: Path) -> None:
    ok = supportbot("kb", "check", cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    broken = tmp_path / "kb"
    shutil.copytree(
        default_directory(), broken, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    article = next((broken / "articles" / "billing").glob("KB-1001.md"))
    article.write_text(article.read_text().replace("topic: billing", "topic: gardening"))
    bad = supportbot("kb", "check", "--knowledge", str(broken), cwd=tmp_path)
    assert bad.returncode == 1
    assert f"{article}:" in bad.stdout or "KB-1001.md:" in bad.stdout
    assert "gardening" in bad.stdout


def test_kb_search_json_ranks_the_article(tmp_path: Path) -> None:
    result = supportbot("kb", "search", "invoice pdf access denied", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    matches = json.loads(result.stdout)
    assert matches[0]["id"] in ("KB-1001", "KB-2001") or matches[0].get("article_id") in (
        "KB-1001",
        "KB-2001",
    )


def test_kb_search_reads_a_question_log_from_stdin(tmp_path: Path) -> None:
    questions = ["invoice pdf access denied", "my card was declined"]
    log = f"{questions[0]}\n\n{questions[1]}\n"  # a blank line is no question
    for args in (("-",), ()):  # `-`, or no question when stdin is a pipe
        result = supportbot("kb", "search", *args, "--limit", "3", stdin=log, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert [row["query"] for row in rows] == questions
        best = rows[0]["matches"][0]
        assert best["id"] in ("KB-1001", "KB-2001")
        assert best["shown"] is True
        assert set(best) == {"id", "title", "language", "score", "shown"}
        assert all(len(row["matches"]) <= 3 for row in rows)


def test_kb_search_at_a_terminal_asks_for_a_question(tmp_path: Path) -> None:
    from tests.terminal import Terminal  # it imports this module: not at the top

    with Terminal("kb", "search", cwd=tmp_path) as terminal:
        terminal.expect("give a question, or - to read one a line from stdin")
        assert terminal.wait(30) == 2


def test_sla_simulate_counts_business_hours(tmp_path: Path) -> None:
    # Friday 16:00 in Berlin, standard plan (business hours 9-17), severity B = 4 h.
    result = supportbot(
        "sla", "simulate", "--plan", "standard", "--severity", "B",
        "--opened", "2026-11-20T15:00:00Z", "--json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    simulated = json.loads(result.stdout)
    assert simulated["first_response_due"] == "2026-11-23T11:00:00+00:00"  # Monday 12:00 Berlin
    assert [r["fraction"] for r in simulated["reminders"]] == [0.5, 0.8]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SUPPORTBOT_DATABASE_URL", "mysql://nope"),
        ("SUPPORTBOT_KNOWLEDGE_DIR", "/does/not/exist"),
        ("SUPPORTBOT_TIMER_INTERVAL_SECONDS", "-1"),
        ("SLACK_BOT_TOKEN", "xoxb-without-signing-secret-or-app-token"),
        ("SLACK_APP_TOKEN", "not-an-app-token"),
    ],
)
def test_bad_setting_stops_start_up_naming_it(tmp_path: Path, variable: str, value: str) -> None:
    result = supportbot("run", cwd=tmp_path, env={variable: value})
    assert result.returncode == 2
    assert variable in result.stderr


def test_toml_file_configures_the_database(tmp_path: Path) -> None:
    config = tmp_path / "bot.toml"
    config.write_text(f'database_url = "sqlite:///{tmp_path}/from-toml.db"\n')
    result = supportbot("db", "upgrade", cwd=tmp_path, env={"SUPPORTBOT_CONFIG": str(config)})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-toml.db").exists()


@pytest.mark.parametrize("severity", ["B", "b", "2", "moderate", "Mittel"])
def test_sla_simulate_takes_a_level_by_code_number_or_name(tmp_path: Path, severity: str) -> None:
    result = supportbot(
        "sla", "simulate", "--plan", "standard", "--severity", severity,
        "--opened", "2026-11-20T15:00:00Z", "--json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["severity"] == "B"


def test_sla_simulate_names_the_levels_of_the_plan_when_none_fits(tmp_path: Path) -> None:
    result = supportbot(
        "sla", "simulate", "--plan", "standard", "--severity", "7",
        "--opened", "2026-11-20T15:00:00Z", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "supportbot: plan standard has no severity '7'; "
        "use A/1/Critical, B/2/Moderate, C/3/Minimal (--severity)\n"
    )
