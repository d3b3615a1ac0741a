"""The local spool (issue 8, R70): during a database outage a Discord or console event, which
nobody sends again, is kept on disk, the person is told it arrived, and it is handled once
the database is back, once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.core.actions import Reply
from bot.core.errors import StorageUnavailable
from bot.core.events import Actor, MessageReceived
from bot.core.model import ConversationKey, Identity
from bot.core.ports import Repository, UnitOfWork
from bot.service import SupportService
from storage.spool import FileSpool
from tests.service.conftest import World, shipped_knowledge

DM = ConversationKey("discord", "dm", "555", user="42")
SAM = Actor(Identity("discord", "users", "42"), "Sam")


class Outage:
    """The real database behind a switch: while it is down, every transaction fails as an
    unreachable server makes it fail."""

    def __init__(self, repository: Repository) -> None:
        self.repository = repository
        self.down = False

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[UnitOfWork]:
        if self.down:
            raise StorageUnavailable("OperationalError")
        async with self.repository.transaction() as uow:
            yield uow


def keys(actions: list[object]) -> list[str]:
    return [a.text.key for a in actions if isinstance(a, Reply)]


async def test_an_event_during_an_outage_is_kept_and_answered_once_it_is_back(
    world: World, tmp_path: Path
) -> None:
    database = Outage(world.repository)
    spool = FileSpool(tmp_path / "spool")
    service = SupportService(
        repository=database,  # type: ignore[arg-type]
        knowledge=shipped_knowledge(),
        clock=world.clock,
        wall_clock=world.clock,
        spool=spool,
    )
    database.down = True
    first = MessageReceived(DM, SAM, "hi", inbound_id="msg:1")
    second = MessageReceived(DM, SAM, "tickets", inbound_id="msg:2")
    assert keys(await service.handle(first)) == ["error.unavailable"]  # "it has arrived"
    await service.handle(second)
    assert len(spool.pending()) == 2  # on disk, in arrival order
    assert await service.replay_spool() == []  # still down: nothing lost, nothing done
    assert len(spool.pending()) == 2
    database.down = False
    answered = await service.replay_spool()
    assert keys(answered)[0] == "intake.hello"  # the first one first
    assert not spool.pending()
    assert await service.handle(first) == []  # and never twice
    # A new process finds nothing left to do either.
    assert not FileSpool(tmp_path / "spool").pending()
