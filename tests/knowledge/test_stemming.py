"""An English word meets its "-ed" and "-ing" forms even where the ending doubled its last
consonant (issue 11): "the sync stopped" is about an article that says "sync stops"."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from knowledge.text import stem
from tests.knowledge.conftest import article


@pytest.mark.parametrize(
    ("forms", "meeting"),
    [
        (("stopped", "stopping", "stops", "stop"), "stop"),
        (("logged", "logging", "log"), "log"),
        (("planned", "planning", "plans", "plan"), "plan"),
        (("committed", "commits", "commit"), "commit"),
        (("running", "run"), "run"),
        (("settings", "setting", "set"), "set"),
    ],
)
def test_forms_with_a_doubled_consonant_meet_their_word(
    forms: tuple[str, ...], meeting: str
) -> None:
    assert {stem(form) for form in forms} == {meeting}


@pytest.mark.parametrize(
    ("word", "kept"),
    [
        ("called", "call"),  # l, s, z and f are doubled in the word itself
        ("passed", "pass"),
        ("buzzing", "buzz"),
        ("staffed", "staff"),
        ("kommen", "komm"),  # German endings are not English ones
        ("added", "added"),  # too short to lose its ending at all, as before
    ],
)
def test_doubles_of_the_word_itself_are_kept(word: str, kept: str) -> None:
    assert stem(word) == kept


def test_the_article_on_a_sync_that_stops_ranks_first_for_one_that_stopped(kb_dir: Path) -> None:
    folder = kb_dir / "articles" / "billing"
    for number, title, symptom in (
        (81, "Bank sync stops", "The bank sync stops halfway"),
        (82, "Bank sync duplicates", "The bank sync duplicates transactions"),
    ):
        text = article(f"KB-{number}", title, symptoms=(symptom,), category="payments")
        (folder / f"KB-{number}.md").write_text(text, "utf-8")
    kb = KnowledgeBase.load(kb_dir, reload_interval=float("inf"))
    found = kb.search("our bank sync stopped", topic="billing")
    assert [m.article.id for m in found][:2] == ["KB-81", "KB-82"]
    assert found[0].evidence.head > found[1].evidence.head
