"""Issue 12, blocker: a second (and third) `supportbot run` on the same database answers the
person like the first did; a restart must never look like a platform retry."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import supportbot


def test_three_runs_on_one_database_each_answer_tickets_and_plan(tmp_path: Path) -> None:
    for run in range(3):
        # The first run also moves the console clock a month ahead, as `/advance` does.
        lines = ["tickets", "plan", *(["/advance 30d"] if run == 0 else []), "/quit"]
        result = supportbot("run", stdin="\n".join(lines) + "\n", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "Your cases (0)" in result.stdout, f"run {run + 1}: {result.stdout}"
        assert "Your support plan: Premier" in result.stdout, f"run {run + 1}: {result.stdout}"
