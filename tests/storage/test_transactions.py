"""A unit of work commits everything on success and nothing on error."""

from __future__ import annotations

import pytest

from bot.core.model import (
    AuditEntry,
    Conversation,
    IntakeState,
    Message,
    Side,
    Timer,
    TimerKind,
)
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.storage.samples import ACME, ALICE, KEY, T0, a_case


class Boom(Exception):
    """Raised on purpose inside a transaction."""


async def test_rollback_on_exception_leaves_nothing(repository: SqlRepository) -> None:
    with pytest.raises(Boom):
        async with repository.transaction() as uow:
            assert await uow.claim_inbound(platform="slack", inbound_id="Ev9", at=T0)
            await uow.save_org(ACME)
            await uow.save_person(ALICE)
            await uow.save_conversation(Conversation(KEY, "alice", IntakeState.IN_CASE))
            number = await uow.next_case_number()
            await uow.add_case(a_case(number))
            await uow.add_message(Message(number, Side.USER, "alice", "hello", T0))
            await uow.add_timer(Timer(number, TimerKind.BREACH, T0))
            await uow.add_audit(AuditEntry("alice", "opened", f"CS-{number}", T0))
            raise Boom
    async with repository.transaction() as uow:
        assert await uow.org("acme") is None
        assert await uow.person("alice") is None
        assert await uow.conversation(KEY) is None
        assert await uow.case(number) is None
        assert await uow.messages(number) == []
        assert await uow.claim_due_timers(now=T0) == ()
        assert await uow.audit(f"CS-{number}") == []
        # The platform's retry of the failed event is handled again, with the same number.
        assert await uow.claim_inbound(platform="slack", inbound_id="Ev9", at=T0) is True
        assert await uow.next_case_number() == number


async def test_commit_is_visible_to_another_engine(repository: SqlRepository, db_url: str) -> None:
    async with repository.transaction() as uow:
        await uow.save_org(ACME)
        await uow.add_case(a_case(1))
    other = make_engine(db_url)
    try:
        async with SqlRepository(other).transaction() as uow:
            assert await uow.org("acme") == ACME
            assert await uow.case(1) == a_case(1)
    finally:
        await other.dispose()
