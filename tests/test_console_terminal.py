"""Issue 12.10: the console on a terminal edits lines and remembers them (readline, history
kept between runs); a file attached before `/as` waits for the persona who attached it."""

from __future__ import annotations

from pathlib import Path

from tests.terminal import CTRL_A, UP, Terminal
from tests.test_cli import supportbot


def test_line_editing_and_history_across_runs(tmp_path: Path) -> None:
    home = {"HOME": str(tmp_path)}
    with Terminal("run", cwd=tmp_path, env=home) as terminal:
        terminal.expect("alice> ")
        terminal.type(b"ickets" + CTRL_A + b"t\r")  # Ctrl-A: back to the start, add the t
        assert "Your cases (0)" in terminal.expect("alice> ")
        terminal.type(b"plan\r")
        terminal.expect("alice> ")
        terminal.type(UP + b"\r")  # the last line again
        assert "Your support plan" in terminal.expect("alice> ")
        terminal.type(b"/quit\r")
        assert terminal.wait(timeout=30) == 0
    history = (tmp_path / ".supportbot_history").read_text().split()
    assert history == ["tickets", "plan", "/quit"]  # a repeated line is kept once
    with Terminal("run", cwd=tmp_path, env=home) as terminal:
        terminal.expect("alice> ")
        terminal.type(UP + UP + b"\r")  # two back: `plan`, typed in the first run
        assert "Your support plan" in terminal.expect("alice> ")
        terminal.type(b"/quit\r")
        assert terminal.wait(timeout=30) == 0


def test_a_history_that_cannot_be_written_is_no_failure(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    with Terminal("run", cwd=tmp_path, env={"HOME": str(tmp_path / "a-file" / "home")}) as tty:
        tty.expect("alice> ")
        tty.type(b"plan\r")
        tty.expect("alice> ")
        tty.type(b"/quit\r")
        assert tty.wait(timeout=30) == 0
        assert "Traceback" not in tty.tail(4000)


def test_an_attached_file_waits_for_the_persona_who_attached_it(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("figures")
    script = [f"/attach {report}", "/as agent", "tickets", "/as user alice", "tickets", "/as agent"]
    out = supportbot("run", stdin="\n".join(script) + "\n", cwd=tmp_path).stdout
    _, dana, alice, dana_again = out.split("(you are now ")
    assert "(kept for alice's next message: report.txt)" in dana
    # dana's message did not take it; alice's next one did.
    assert "(still attached: report.txt; it goes with your next message)" in alice
    assert "report.txt" not in dana_again
