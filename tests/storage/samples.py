"""Sample domain values for storage tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.model import Case, ChannelType, ConversationKey, Identity, Org, Person
from bot.core.ports import Repository, UnitOfWork

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
KEY = ConversationKey("slack", "T1", "D1", user="U1")


def a_case(number: int, **changes: Any) -> Case:
    """A minimal case; keyword arguments replace fields."""
    case = Case(
        number=number,
        subject=f"Case {number}",
        description="It broke.",
        topic="billing",
        category="invoices",
        queue="billing-queue",
        severity="3",
        scheme="default",
        owner_id="alice",
        org_id="acme",
        channel_type=ChannelType.SLACK,
        user_key=KEY,
        opened_at=T0,
        first_response_due=T0 + timedelta(hours=4),
        last_activity_at=T0,
    )
    return replace(case, **changes)


async def add_cases(repository: Repository, count: int, **changes: Any) -> list[int]:
    """Insert count cases with fresh numbers in one transaction; returns the numbers."""
    numbers = []
    async with repository.transaction() as uow:
        for _ in range(count):
            number = await uow.next_case_number()
            await uow.add_case(a_case(number, **changes))
            numbers.append(number)
    return numbers


ACME = Org(id="acme", name="Acme", plan="premier")
ALICE = Person(id="alice", name="Alice", org_id="acme")


async def claim(uow: UnitOfWork, *, platform: str, inbound_id: str, at: datetime) -> bool:
    """An event's claim in the inbox, as every event's transaction starts (arrive)."""
    identity = Identity(platform, "T1", "U1")
    return await uow.arrive(
        platform=platform, inbound_id=inbound_id, at=at, identity=identity, key=KEY
    )
