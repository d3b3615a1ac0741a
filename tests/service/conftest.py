"""A whole bot in-process: real storage, the shipped knowledge base, a frozen movable clock."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.adapters.console.chat import ConsoleChat
from bot.core.clock import ShiftedClock
from bot.run import seed
from bot.service import SupportService
from knowledge.base import KnowledgeBase, Snapshot, default_directory, read_directory
from knowledge.directory import load_directory
from storage.db import make_engine
from storage.repository import SqlRepository

# A Monday morning, so business-hours plans are open.
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass
class World:
    """The bot as a user would meet it in the console, plus handles for assertions."""

    service: SupportService
    clock: ShiftedClock
    chat: ConsoleChat
    repository: SqlRepository
    knowledge: KnowledgeBase

    async def say(self, *lines: str) -> list[str]:
        """Type lines into the console; returns everything printed."""
        out: list[str] = []
        for line in lines:
            out.extend(await self.chat.feed(line))
        return out

    def new_chat(self) -> ConsoleChat:
        """A second console (another person's terminal) on the same bot."""
        directory = load_directory(default_directory() / "directory.yaml")
        return ConsoleChat(self.service, self.clock, directory.personas)


@functools.cache
def _shipped_snapshot() -> Snapshot:
    snapshot, problems = read_directory(default_directory())
    assert snapshot is not None and not problems, problems
    return snapshot


def shipped_knowledge() -> KnowledgeBase:
    """The shipped knowledge base, as KnowledgeBase.load gives it. Its files are read and
    indexed once a session (85 ms a test before); each test gets a KnowledgeBase of its
    own on that frozen snapshot, so what one test teaches the search stays in it."""
    return KnowledgeBase(default_directory(), _shipped_snapshot())


async def make_world(url: str, knowledge: KnowledgeBase | None = None) -> tuple[World, object]:
    """Build the bot on a migrated database URL (with the shipped knowledge unless given)."""
    engine = make_engine(url)
    repository = SqlRepository(engine)
    directory = load_directory(default_directory() / "directory.yaml")
    await seed(repository, directory)
    clock = ShiftedClock(T0, frozen=True)
    knowledge = knowledge or shipped_knowledge()
    service = SupportService(
        repository=repository,
        knowledge=knowledge,
        clock=clock,
        wall_clock=clock,  # tests move "real" time too, so retention is tested without waiting
    )
    chat = ConsoleChat(service, clock, directory.personas)
    return World(service, clock, chat, repository, knowledge), engine


@pytest.fixture
async def world(db_url: str) -> AsyncIterator[World]:
    """The bot on SQLite and on PostgreSQL."""
    built, engine = await make_world(db_url)
    yield built
    await engine.dispose()  # type: ignore[attr-defined]
