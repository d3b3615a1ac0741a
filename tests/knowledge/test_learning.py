"""What the search learns (issue 11, R4): phrasings join their article's symptoms without
taking other articles' questions, and survive a reload of the files; answers to suggestions
nudge an article by a bounded amount, relative to the average article."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from bot.core.learning import Outcomes, Phrasing
from knowledge.base import KnowledgeBase, default_directory
from knowledge.index import SearchIndex
from knowledge.learning import Learned, taught_index
from knowledge.outcomes import MAX_NUDGE, nudges
from knowledge.semantic import DEFAULT, embedder_from

ROOT = Path(__file__).parents[2]
LABELLED = yaml.safe_load((ROOT / "bench" / "queries.yaml").read_text(encoding="utf-8"))
SOLVED = yaml.safe_load((ROOT / "tests/service/solved_cases.yaml").read_text(encoding="utf-8"))
AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def phrasing(number: int, article_id: str, text: str) -> Phrasing:
    return Phrasing(number, article_id, text, number, AT, "dana")


def shown_labelled(kb: KnowledgeBase) -> tuple[list[bool], int]:
    """Per answerable labelled query whether its article is shown (top 3), and how many
    unanswerable ones are shown something."""
    hits: list[bool] = []
    wrongly = 0
    for query in LABELLED:
        found = {
            s.article_id for s in kb.suggest(query["query"], topic=query["topic"], category=None)
        }
        if query["expected"]:
            hits.append(bool(found & set(query["expected"])))
        else:
            wrongly += bool(found)
    return hits, wrongly


def test_phrasings_do_not_take_other_articles_questions() -> None:
    kb = KnowledgeBase.load(default_directory(), reload_interval=float("inf"))
    hits, wrongly = shown_labelled(kb)
    taught = [(article, text) for article, case in SOLVED.items() for text in case["solved"]]
    kb.learn([phrasing(n, a, t) for n, (a, t) in enumerate(taught, start=1)], [])
    learnt_hits, learnt_wrongly = shown_labelled(kb)
    lost = [
        q["query"]
        for q, before, after in zip(
            [q for q in LABELLED if q["expected"]], hits, learnt_hits, strict=True
        )
        if before and not after
    ]
    assert lost == []
    assert sum(learnt_hits) >= sum(hits)
    assert learnt_wrongly <= wrongly


def test_what_was_learnt_survives_a_reload_of_the_files(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    question = "the yubikey blinks but nothing happens"

    def shown() -> list[str]:
        return [s.article_id for s in kb.suggest(question, topic="account", category="login")]

    assert shown() == []
    kb.learn([phrasing(1, "KB-6", "my yubikey blinks and then nothing happens on the page")], [])
    assert shown() == ["KB-6"]
    article = kb_dir / "articles" / "account" / "KB-6.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nMore steps.\n", encoding="utf-8")
    assert kb.refresh(force=True)
    assert shown() == ["KB-6"]
    kb.learn([], [])  # the phrasing was removed
    assert shown() == []


def ranked(index: SearchIndex, queries: list[tuple[str, str | None]]) -> list[object]:
    return [
        [(m.article.id, m.score, m.confident) for m in index.search(text, topic=topic, limit=5)]
        for text, topic in queries
    ]


def test_a_lesson_gives_the_index_a_rebuild_would_and_leaves_the_served_one_be() -> None:
    shipped = KnowledgeBase.load(default_directory(), reload_interval=float("inf")).articles()
    # A copy of the first article: the same phrasing weighs the same in both, and a lesson
    # must order such ties in the postings as a rebuild does.
    copy = replace(shipped[0], id="KB-9999")
    articles = [*shipped, copy]
    embedder = embedder_from(DEFAULT)
    same = "the invoice pdf will not download behind our proxy"
    first = {
        copy.id: (same,),
        "KB-1013": ("the authenticator code is refused every single time",),
        "KB-1006": ("cannot add seats to our subscription",),
    }
    second = {
        # one more phrasing, one replaced, one gone (KB-1006), two articles' first
        copy.id: (same, "rechnung als pdf lässt sich nicht speichern"),
        shipped[0].id: (same,),
        "KB-1013": ("my yubikey blinks and then nothing happens",),  # a word no article has
        "KB-1012": ("locked out after typing the password wrong five times",),
    }
    served = taught_index(articles, Learned(first), embedder)
    lesson = served.taught(second)
    rebuilt = taught_index(articles, Learned(second), embedder)
    assert lesson.idf == rebuilt.idf
    assert lesson.postings == rebuilt.postings
    queries = [(q["query"], q["topic"]) for q in LABELLED] + [
        (text, None) for texts in (*first.values(), *second.values()) for text in texts
    ]
    queries += [("yubikye blinks", "account"), ("authenticatr refused", "account")]  # typos
    assert ranked(lesson, queries) == ranked(rebuilt, queries)
    again = taught_index(articles, Learned(first), embedder)
    assert ranked(served, queries) == ranked(again, queries)
    found = lesson.search("my yubikey blinks", topic="account", limit=1)
    assert found[0].article.id == "KB-1013"


def test_answers_on_a_translation_nudge_its_twin(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=float("inf"))

    def english() -> float:
        return kb.search("invoice pdf blocked", topic="billing")[0].score

    start = english()
    kb.learn([], [Outcomes("KB-2", solved=0, unsolved=8), Outcomes("KB-3", solved=8, unsolved=0)])
    assert english() < start


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"a": (0, 0)}, 0.0),  # nothing answered: nothing moves
        ({"a": (5, 5), "b": (5, 5)}, 0.0),  # as good as the average article
        ({"a": (1000, 0), "b": (0, 1000)}, MAX_NUDGE),  # bounded however many answers
    ],
)
def test_a_nudge_is_relative_to_the_average_and_bounded(
    answers: dict[str, tuple[int, int]], expected: float
) -> None:
    assert nudges(answers)["a"] == pytest.approx(expected)


def test_still_need_help_for_every_article_offered_sinks_only_those_that_help_less() -> None:
    # "Still need help" counts against every article offered together, "this solved it" for
    # the one that helped: articles that help as often as the others do not move.
    alike = {"a": (10, 30), "b": (10, 30), "c": (10, 30)}
    assert nudges(alike) == pytest.approx({"a": 0.0, "b": 0.0, "c": 0.0}, abs=0.02)
    moved = nudges({**alike, "rarely": (2, 38)})
    assert moved["rarely"] < -0.2 < 0 < moved["a"]


def test_a_few_answers_move_an_article_less_than_many() -> None:
    few = nudges({"x": (0, 3), "y": (3, 0)})["x"]
    many = nudges({"x": (0, 12), "y": (12, 0)})["x"]
    assert -MAX_NUDGE == many < few < 0
