"""Issue 12, point 9: a German person at the real `supportbot run` console reads German:
the plan, the command list and the answer to an unknown command."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_cli import supportbot
from tests.test_i18n import GERMAN_LEFTOVERS


def test_a_german_user_at_the_console_reads_german(tmp_path: Path) -> None:
    lines = ["/as user bob", "plan", "/help", "/foo", "fälle", "/quit"]
    result = supportbot("run", stdin="\n".join(lines) + "\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Unsere Agenten sprechen: Englisch, Deutsch, Spanisch und Japanisch" in out
    assert "Dieser Bot schreibt: Englisch und Deutsch" in out
    assert "Das können Sie hier schreiben:" in out and "  fälle [status:S]" in out
    assert 'Unbekannter Befehl "foo". /help zeigt die Befehle.' in out
    assert "Ihre Fälle (0)" in out
    bobs = [line for line in out.splitlines() if line.startswith("[@bob]")]
    assert [line for line in bobs if any(re.search(p, line) for p in GERMAN_LEFTOVERS)] == []
    assert not re.search(r"\bR\d+\b", out)
