"""A question asked in a bot's first seconds, while its start indexes many articles (issue 11),
waits for them outside its transaction: on SQLite, one writer at a time, an open transaction
would have held every other person's event (and the timers) for those seconds."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench.startup import knowledge_copy
from knowledge.base import KnowledgeBase
from tests.service.conftest import make_world


class Watched(KnowledgeBase):
    """The knowledge base, telling the test when an event begins to wait for the articles."""

    waiting: asyncio.Event

    async def indexed(self) -> None:
        self.waiting.set()
        await super().indexed()


async def test_a_question_waiting_for_the_articles_holds_nobody_else_up(
    db_url: str, tmp_path: Path
) -> None:
    directory = knowledge_copy(tmp_path, 3000)  # seconds of indexing
    knowledge = Watched.load(directory, reload_interval=float("inf"), index_later=True)
    assert isinstance(knowledge, Watched)
    world, engine = await make_world(db_url, knowledge)
    try:
        await world.say("help", "1", "1")  # billing, invoices: no article searched yet
        knowledge.waiting = asyncio.Event()
        asking = asyncio.create_task(world.say("the invoice pdf download fails with INV-403"))
        await asyncio.wait_for(knowledge.waiting.wait(), timeout=60)  # her search waits
        bob = world.new_chat()
        assert not knowledge.is_indexed(), "indexing ended before bob asked: no test"
        answer = await bob.feed("/as user bob") + await bob.feed("help")
        assert not knowledge.is_indexed(), "bob was answered only once the articles were in"
        assert not asking.done()
        assert any("Pick a topic" in line or "Thema" in line for line in answer), answer
        shown = await asking
        assert any("KB-1001" in line for line in shown), shown
    finally:
        await knowledge.indexed()
        await engine.dispose()  # type: ignore[attr-defined]
