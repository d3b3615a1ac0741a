"""The general EN/DE support vocabulary (knowledge/vocabulary.yaml, issue 11): its words
join the lexicon's concepts, so a German question finds an English article by them."""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.base import KnowledgeBase
from knowledge.index import SearchIndex
from knowledge.lexicon import LEXICON_FILE, parse_lexicon, with_vocabulary
from knowledge.text import stem
from tests.knowledge.conftest import article

PAYOUT = article(
    "KB-90",
    "Payout missing from the bank account",
    symptoms=("The payout for yesterday's sales has not arrived in our bank account",),
)
# Words of the vocabulary only: lexicon.yaml alone knows neither Auszahlung nor Bankkonto.
QUESTION = "Die Auszahlung ist nicht auf unserem Bankkonto eingegangen"


def test_a_concept_named_in_both_files_keeps_the_terms_of_both() -> None:
    lexicon = parse_lexicon(
        with_vocabulary(
            {"concepts": {"invoice": ["invoice", "rechnung"]}},
            {"concepts": {"invoice": ["kassenbon"], "payout": ["payout", "auszahlung"]}},
        )
    )
    assert [lexicon.concepts(stem(w)) for w in ("rechnung", "kassenbon", "auszahlung")] == [
        ("~invoice",),
        ("~invoice",),
        ("~payout",),
    ]


def test_a_german_question_finds_an_english_article_by_the_vocabulary(kb_dir: Path) -> None:
    (kb_dir / "articles" / "billing" / "KB-90.md").write_text(PAYOUT, encoding="utf-8")
    kb = KnowledgeBase.load(kb_dir, reload_interval=float("inf"))
    found = kb.suggest(QUESTION, topic="billing", category=None)
    assert found and found[0].article_id == "KB-90"
    without = SearchIndex(
        kb.articles(), lexicon=parse_lexicon(yaml.safe_load(LEXICON_FILE.read_text("utf-8")))
    )
    assert "KB-90" not in [m.article.id for m in without.search(QUESTION) if m.confident]
