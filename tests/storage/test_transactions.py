"""A unit of work commits everything on success and nothing on error."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.actions import Reply
from bot.core.model import (
    AuditEntry,
    Conversation,
    IntakeState,
    Message,
    Side,
    Timer,
    TimerKind,
)
from bot.core.text import msg
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.storage.samples import ACME, ALICE, KEY, T0, a_case, claim


class Boom(Exception):
    """Raised on purpose inside a transaction."""


async def test_rollback_on_exception_leaves_nothing(repository: SqlRepository) -> None:
    with pytest.raises(Boom):
        async with repository.transaction() as uow:
            assert await claim(uow, platform="slack", inbound_id="Ev9", at=T0)
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
        assert await claim(uow, platform="slack", inbound_id="Ev9", at=T0) is True
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


async def test_writes_held_for_the_outbox_statement_are_read_back_and_kept_in_order(
    repository: SqlRepository,
) -> None:
    """Issue 8: the conversation, timers and audit of an event go out with its outbox rows
    (one statement on PostgreSQL); a read in between still sees them, and the outbox rows
    keep the order of the actions, which is the order they are sent in (R71)."""
    replies = [Reply(KEY, "en", msg("plain", text=f"reply {n}")) for n in range(5)]
    async with repository.transaction() as uow:
        await uow.save_person(ALICE)
        number = await uow.next_case_number()
        await uow.add_case(a_case(number))
        await uow.save_conversation(Conversation(KEY, "alice", IntakeState.IN_CASE))
        for kind in (TimerKind.REMINDER, TimerKind.BREACH):
            await uow.add_timer(Timer(number, kind, T0))
        await uow.add_audit(AuditEntry("alice", "opened", f"CS-{number}", T0))
        assert [e.action for e in await uow.audit(f"CS-{number}")] == ["opened"]
        await uow.add_audit(AuditEntry("alice", "told", f"CS-{number}", T0))
        ids = await uow.add_outbox(replies, now=T0, lease_until=T0)
    async with repository.transaction() as uow:
        assert (await uow.conversation(KEY)) == Conversation(KEY, "alice", IntakeState.IN_CASE)
        fired = await uow.claim_due_timers(now=T0)
        assert sorted(t.kind for t in fired) == sorted([TimerKind.REMINDER, TimerKind.BREACH])
        assert [e.action for e in await uow.audit(f"CS-{number}")] == ["opened", "told"]
        claimed = await uow.claim_outbox(now=T0, lease_until=T0 + timedelta(minutes=1), limit=9)
    assert [u.row for u in claimed] == ids == sorted(ids)
    assert [u.action for u in claimed] == replies


async def test_a_failed_savepoint_takes_its_held_writes_with_it(
    repository: SqlRepository,
) -> None:
    """A timer that fails inside its savepoint leaves no audit row of its own behind, while
    what was written before the savepoint stays (issue 8, one failing timer)."""
    async with repository.transaction() as uow:
        await uow.add_audit(AuditEntry("alice", "before", "CS-1", T0))
        with pytest.raises(Boom):
            async with uow.savepoint():
                await uow.add_audit(AuditEntry("alice", "inside", "CS-1", T0))
                raise Boom
        await uow.add_audit(AuditEntry("alice", "after", "CS-1", T0))
    async with repository.transaction() as uow:
        assert [e.action for e in await uow.audit("CS-1")] == ["before", "after"]
