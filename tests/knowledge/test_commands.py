"""`kb search` output as an editor reads it, and the shipped knowledge base passes `kb check`."""

from __future__ import annotations

import io
import json
from pathlib import Path

from knowledge.base import KnowledgeBase, default_directory
from knowledge.commands import run_check, run_search


def search(directory: Path, text: str, *, as_json: bool = False, topic: str | None = None) -> str:
    out = io.StringIO()
    code = run_search(
        directory, text, topic=topic, category=None, as_json=as_json, limit=5, out=out
    )
    assert code == 0
    return out.getvalue()


def test_search_table_marks_confident_matches(kb_dir: Path) -> None:
    output = search(kb_dir, "invoice pdf download access denied", topic="billing")
    lines = output.splitlines()
    assert lines[0].split()[:2] == ["score", "id"]
    assert "*  KB-1 " in lines[1]
    assert "Invoice PDF download fails" in lines[1]
    assert lines[-1].startswith("* = suggested to users (score >= ")


def test_search_json(kb_dir: Path) -> None:
    rows = json.loads(search(kb_dir, "card declined", as_json=True))
    assert rows[0]["id"] == "KB-3"
    assert rows[0]["confident"] is True
    assert 0 <= rows[0]["score"] <= 100
    assert set(rows[0]["evidence"]) >= {"head", "field", "fuzzy", "code"}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_search_without_match(kb_dir: Path) -> None:
    assert search(kb_dir, "zzzz qqqq").strip() == "no matching articles"
    assert json.loads(search(kb_dir, "zzzz qqqq", as_json=True)) == []


def test_shipped_knowledge_base_is_valid() -> None:
    out = io.StringIO()
    assert run_check(default_directory(), out) == 0, out.getvalue()
    assert out.getvalue().startswith("OK: ")


def test_question_log_marks_what_the_bot_would_show() -> None:
    questions = [
        "invoice pdf access denied",
        "my card was declined",
        "wie ändere ich meine rechnungsadresse",
        "sso login loops back to the start page",
        "export to csv has broken umlauts",
    ]
    out = io.StringIO()
    log = io.StringIO("\n".join([questions[0], "", *questions[1:]]) + "\n")
    code = run_search(
        default_directory(), log, topic=None, category=None, as_json=True, limit=5, out=out
    )
    assert code == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["query"] for row in rows] == questions  # the blank line is no question
    kb = KnowledgeBase.load(default_directory())
    for row in rows:
        assert len(row["matches"]) <= 5
        scores = [m["score"] for m in row["matches"]]
        assert scores == sorted(scores, reverse=True)
        shown = [m["id"] for m in row["matches"] if m["shown"]]
        suggested = kb.suggest(row["query"], topic=None, category=None)
        assert shown == [s.article_id for s in suggested], row["query"]
    assert any(m["shown"] for row in rows for m in row["matches"])
