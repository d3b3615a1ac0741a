"""`kb search` output as an editor reads it, and the shipped knowledge base passes `kb check`."""

from __future__ import annotations

import io
import json
from pathlib import Path

from knowledge.base import default_directory
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
