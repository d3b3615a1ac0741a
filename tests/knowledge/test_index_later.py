"""A bot's start reads and indexes the articles in a worker thread of its event loop (issue
11: ready after seconds with 10k articles): the catalogue is served at once, and what searches
the articles waits until they are in, then answers exactly as a knowledge base loaded whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.startup import knowledge_copy
from bot.core.learning import Phrasing
from knowledge.base import KnowledgeBase
from knowledge.synthetic import generate_articles, write_articles
from tests.knowledge.conftest import article
from tests.test_stopping import read_until, start, stop

AT = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
QUESTIONS = [
    ("invoice pdf blocked", "billing", "invoices"),
    ("the yubikey blinks but nothing happens", "account", "login"),
    ("api token 401", "account", "api"),
]


def with_many_articles(kb_dir: Path, count: int) -> Path:
    """The directory plus `count` synthetic articles in one of its categories: indexing them
    takes long enough for the tests to act while it runs."""
    synthetic = [replace(a, topic="billing", category="payments") for a in generate_articles(count)]
    write_articles(synthetic, kb_dir / "articles")
    return kb_dir


async def test_the_catalogue_at_once_and_then_the_same_answers_as_a_whole_load(
    kb_dir: Path,
) -> None:
    directory = with_many_articles(kb_dir, 2000)
    whole = KnowledgeBase.load(directory, reload_interval=float("inf"))
    later = KnowledgeBase.load(directory, reload_interval=float("inf"), index_later=True)
    assert later.catalogue() == whole.catalogue()
    await later.indexed()
    assert later.articles() == whole.articles()
    for text, topic, category in QUESTIONS:
        assert later.suggest(text, topic=topic, category=category) == whole.suggest(
            text, topic=topic, category=category
        )


async def test_suggest_waits_for_the_articles_rather_than_answering_nothing(kb_dir: Path) -> None:
    directory = with_many_articles(kb_dir, 2000)
    whole = KnowledgeBase.load(directory, reload_interval=float("inf"))
    later = KnowledgeBase.load(directory, reload_interval=float("inf"), index_later=True)
    found = later.suggest("invoice pdf blocked", topic="billing", category="invoices")
    assert found
    assert found == whole.suggest("invoice pdf blocked", topic="billing", category="invoices")


async def test_what_is_learnt_while_indexing_is_taught_once_indexed(kb_dir: Path) -> None:
    directory = with_many_articles(kb_dir, 2000)
    question = ("the yubikey blinks but nothing happens", "account", "login")
    said = [Phrasing(1, "KB-6", "my yubikey blinks and then nothing happens", 1, AT, "dana")]
    whole = KnowledgeBase.load(directory, reload_interval=float("inf"))
    untaught = shown(whole, *question)
    whole.learn(said, [])
    taught = shown(whole, *question)
    assert "KB-6" in taught and "KB-6" not in untaught
    later = KnowledgeBase.load(directory, reload_interval=float("inf"), index_later=True)
    later.learn(said, [])  # the indexing has only begun
    await later.indexed()
    assert shown(later, *question) == taught


def shown(kb: KnowledgeBase, text: str, topic: str, category: str) -> list[str]:
    return [s.article_id for s in kb.suggest(text, topic=topic, category=category)]


async def test_an_edit_made_while_indexing_is_looked_for_once_the_articles_are_in(
    kb_dir: Path,
) -> None:
    """No check for edits while the start reads the files (beside the indexing each stat
    waits for the GIL: 7 s a check at 10k articles); the first check after finds the edit."""
    directory = with_many_articles(kb_dir, 2000)
    later = KnowledgeBase.load(directory, reload_interval=0, index_later=True)
    new = article(
        "KB-90",
        "Hardware key flashes red at sign-in",
        topic="account",
        category="login",
        symptoms=("the hardware key flashes red and the sign-in page hangs",),
    )
    (directory / "articles" / "account" / "KB-90.md").write_text(new, encoding="utf-8")
    assert not later.refresh()  # the start is reading the files
    assert not later.is_indexed()
    await later.indexed()
    later.refresh()  # a reload unless the indexing read the new file itself
    found = later.suggest("hardware key flashes red", topic="account", category="login")
    assert [s.article_id for s in found][:1] == ["KB-90"]


async def test_a_stop_makes_the_indexing_give_up_rather_than_finish(kb_dir: Path) -> None:
    """A bot stopped while it indexes exits at once, not when 10k articles are in (5 s)."""
    directory = with_many_articles(kb_dir, 2000)
    later = KnowledgeBase.load(directory, reload_interval=float("inf"), index_later=True)
    later.stop_indexing()  # before the worker has read many of the 2,000 files
    await later.indexed()
    assert len(later.articles()) < 2000
    assert later.catalogue() is not None  # what was read at start is still served


async def test_a_bot_answers_while_it_indexes_and_a_stop_then_exits_cleanly(tmp_path: Path) -> None:
    """The bot in a process, 2,000 articles more than the shipped ones: a question typed at
    once is answered with its article once they are in; a SIGTERM while the articles are
    being indexed ends it with status 0 (a daemon thread killed at exit once crashed it)."""
    knowledge = knowledge_copy(tmp_path, 2000)
    asker = await start(tmp_path, {}, "--knowledge", str(knowledge))
    await read_until(asker.stdout, "supportbot console")
    assert asker.stdin is not None
    asker.stdin.write(b"help\n1\n1\nmy invoice pdf download says access denied\n")
    await read_until(asker.stdout, "KB-1001")
    status, stderr, _ = await stop(asker)
    assert status == 0 and "Traceback" not in stderr, stderr

    stopped = await start(tmp_path, {}, "--knowledge", str(knowledge))
    await read_until(stopped.stdout, "supportbot console")
    status, stderr, _ = await stop(stopped)  # the indexing takes seconds: it is under way
    assert status == 0, stderr
    assert "Traceback" not in stderr and "Fatal Python error" not in stderr, stderr
