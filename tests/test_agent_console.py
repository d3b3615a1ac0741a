"""Issue 12 points 11-13 at a real `supportbot run`: an agent finds the open cases, jumps to
one, presses its header's buttons by label or number, and sees when the first response came."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import supportbot


def test_agent_queue_thread_buttons_and_first_response(tmp_path: Path) -> None:
    lines = [
        "queue",  # alice is no agent
        "/as agent",
        "/log phone alice billing/invoices 3 Invoice export broken",
        "/log phone bob account/login 4 Cannot log in",
        "/dm",
        "queue",
        "queue accounts",
        "/thread CS-1",
        "Claim",  # the header's button, or words for alice? asked
        "1",  # press it
        "Hello Alice, the export is fixed.",
        "/quit",
    ]
    result = supportbot("run", stdin="\n".join(lines) + "\n", cwd=tmp_path)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Only agents see the queue view" in out
    assert "Open cases in all queues (2)" in out
    assert "Open cases in accounts-queue (1)" in out
    assert "-> /thread CS-1" in out
    assert "1) Claim  2) in progress" in out  # the header's buttons, numbered
    assert '"Claim" is also the header button "Claim"' in out
    assert "CS-1 is assigned to Dana Diaz." in out
    assert "Dana Diaz (CS-1): Claim" not in out  # never relayed silently
    assert "[@alice] Dana Diaz (CS-1): Hello Alice" in out
    assert "(met) | assignee Dana Diaz" in out
