"""What decides whether an article is shown (issue 11): the best match's lead and evidence,
the kind of question, and chatter that is no question about the product at all."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.base import KnowledgeBase, default_directory
from knowledge.lexicon import default_lexicon
from knowledge.text import words

ROOT = Path(__file__).parents[2]
# Never fitted on (bench/fit_confidence.py fits on bench/sets/chatter.yaml).
HELD_OUT_CHATTER = yaml.safe_load(
    (ROOT / "bench" / "sets" / "chatter-held-out.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return KnowledgeBase.load(default_directory(), reload_interval=float("inf"))


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Can we get invoices in Swiss francs?", True),
        ("is there a dark mode", True),
        ("Können wir die Rechnung per Post bekommen?", True),
        ("Gibt es eine API für Exporte?", True),
        ("is paypal accepted as a payment method", True),
        ("Ist eine Zahlung per Überweisung möglich?", True),
        ("Hi there, can we get the invoice by post?", True),
        ("Hallo zusammen, gibt es einen Dark Mode?", True),
        ("hello, my invoice is wrong", False),
        ("the invoice PDF does not download", False),
        ("Rechnung fehlt", False),
        ("why was I charged twice", False),
        # How-to questions are problems articles answer, not questions about capabilities.
        ("how do I download my invoice as PDF", False),
        ("Wie lade ich die Rechnung herunter?", False),
    ],
)
def test_a_question_about_what_the_product_can_do_is_recognised(text: str, asks: bool) -> None:
    assert default_lexicon().asks(tuple(words(text))) is asks


def test_the_same_problem_asked_as_a_capability_question_is_less_sure(
    shipped: KnowledgeBase,
) -> None:
    problem = shipped.search("invoice pdf download is blocked", topic="billing")[0]
    question = shipped.search("can we download the invoice pdf", topic="billing")[0]
    assert problem.article.id == question.article.id == "KB-1001"
    assert question.score < problem.score


def test_chatter_that_is_no_question_rarely_gets_an_article(shipped: KnowledgeBase) -> None:
    topics = [topic.id for topic in shipped.catalogue().topics]
    shown = [
        (item["query"], topic)
        for item in HELD_OUT_CHATTER
        for topic in topics
        if shipped.suggest(item["query"], topic=topic, category=None)
    ]
    asked = len(HELD_OUT_CHATTER) * len(topics)
    assert len(shown) <= asked // 20, shown


def test_a_sure_answer_does_not_carry_unrelated_articles_along(shipped: KnowledgeBase) -> None:
    # The API article shares "access denied" with the question; it ranks second, far behind.
    found = shipped.suggest("invoice pdf access denied", topic=None, category=None)
    assert [s.article_id for s in found] == ["KB-1001"]
