"""Numbers and deduplication under concurrent transactions, on one engine and on two."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from bot.core.model import (
    Conversation,
    Escalation,
    EscalationStep,
    Identity,
    IntakeState,
    Person,
    Role,
)
from storage.db import make_engine
from storage.repository import SqlRepository
from tests.storage.samples import ACME, ALICE, KEY, T0, a_case, add_cases, claim


async def _open_case(repository: SqlRepository) -> int:
    async with repository.transaction() as uow:
        number = await uow.next_case_number()
        await asyncio.sleep(0)  # let the others run while this transaction is open
        await uow.add_case(a_case(number))
        return number


async def test_case_numbers_unique_under_20_concurrent_transactions(
    repository: SqlRepository,
) -> None:
    numbers = await asyncio.gather(*(_open_case(repository) for _ in range(20)))
    assert sorted(numbers) == list(range(1, 21))
    assert await add_cases(repository, 3) == [21, 22, 23]  # later cases get larger numbers


async def test_case_numbers_unique_across_two_engines(db_url: str) -> None:
    engines = [make_engine(db_url), make_engine(db_url)]
    try:
        repositories = [SqlRepository(engine) for engine in engines]
        numbers = await asyncio.gather(*(_open_case(repositories[i % 2]) for i in range(30)))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sorted(numbers) == list(range(1, 31))


async def test_escalation_numbers_unique_and_increasing(repository: SqlRepository) -> None:
    (case_number,) = await add_cases(repository, 1)

    async def escalate() -> int:
        async with repository.transaction() as uow:
            number = await uow.next_escalation_number()
            await uow.add_escalation(
                Escalation(
                    number,
                    case_number,
                    "slow",
                    EscalationStep.SUBMITTED,
                    ((EscalationStep.SUBMITTED, T0),),
                )
            )
            return number

    numbers = await asyncio.gather(*(escalate() for _ in range(10)))
    assert sorted(numbers) == list(range(1, 11))
    async with repository.transaction() as uow:
        assert await uow.next_escalation_number() == 11
        assert await uow.next_case_number() == 2  # separate counters


async def test_a_claim_deduplicates(repository: SqlRepository) -> None:
    async with repository.transaction() as uow:
        assert await claim(uow, platform="slack", inbound_id="Ev1", at=T0) is True
        assert await claim(uow, platform="slack", inbound_id="Ev1", at=T0) is False
        # The transaction survives the duplicate and goes on writing.
        assert await claim(uow, platform="discord", inbound_id="Ev1", at=T0) is True
        await uow.add_case(a_case(1))
    async with repository.transaction() as uow:
        assert await claim(uow, platform="slack", inbound_id="Ev1", at=T0) is False
        assert await uow.case(1) is not None


async def test_a_recorded_event_is_handled_once_and_its_retries_are_known(
    repository: SqlRepository,
) -> None:
    """R70: recording, handling and a retry after either are each one row of the inbox."""
    lease = T0 + timedelta(minutes=1)
    arrival = {"platform": "slack", "inbound_id": "Ev7", "now": T0, "lease_until": lease}
    async with repository.transaction() as uow:
        assert await uow.record_inbound(payload={"n": 1}, **arrival) is True
        assert await uow.record_inbound(payload={"n": 1}, **arrival) is False  # retry waiting
        assert await claim(uow, platform="slack", inbound_id="Ev7", at=T0) is True
    async with repository.transaction() as uow:
        assert await uow.record_inbound(payload={"n": 1}, **arrival) is False  # retry handled
        assert await claim(uow, platform="slack", inbound_id="Ev7", at=T0) is False
        # Handled: the recovery never hands it out again, however late.
        later = lease + timedelta(days=1)
        assert not await uow.claim_inbox(platform="slack", now=later, lease_until=later, limit=9)


async def test_concurrent_claims_of_a_retry_run_once(repository: SqlRepository) -> None:
    async def handle() -> bool:
        async with repository.transaction() as uow:
            return await claim(uow, platform="slack", inbound_id="Ev-retry", at=T0)

    results = await asyncio.gather(*(handle() for _ in range(10)))
    assert sorted(results) == [False] * 9 + [True]


async def test_an_arrival_claims_once_and_reads_its_person_and_conversation(
    repository: SqlRepository,
) -> None:
    """Issue 8: an event's claim and the reads it needs are one statement (on SQLite the
    read comes back as JSON in the claim's RETURNING); the person, with every role and flag,
    and the conversation, with its data, come back as stored, and a retry (or a racing
    process) gets no second claim."""
    slack_alice = Identity("slack", "T1", "U1")
    alice = replace(
        ALICE,
        name="Alice Müller",
        roles=frozenset({Role.USER, Role.ORG_ADMIN}),
        designated_contact=True,
        locale="de",
    )
    stored = Conversation(
        KEY,
        ALICE.id,
        IntakeState.CHOOSING_TOPIC,
        data={"topic": "billing", "n": 2, "ok": True, "seen": ["a", "ß"], "none": None},
    )
    async with repository.transaction() as uow:
        await uow.save_org(replace(ACME, managed_by="partner", entitlement="gold"))
        await uow.save_person(alice)
        await uow.link_identity(person_id=ALICE.id, identity=slack_alice)
        await uow.save_conversation(stored)

    async def arrive(identity: Identity) -> tuple[bool, Person | None, Conversation | None]:
        async with repository.transaction() as uow:
            arrival = {"platform": "slack", "inbound_id": "Ev-a", "at": T0, "key": KEY}
            claimed = await uow.arrive(identity=identity, **arrival)
            person = await uow.person_by_identity(identity, conversation_at=KEY)
            return claimed, person, await uow.conversation(KEY)

    results = await asyncio.gather(*(arrive(slack_alice) for _ in range(5)))
    assert sorted(claimed for claimed, _, _ in results) == [False] * 4 + [True]
    claimed, person, conversation = next(r for r in results if r[0])
    assert person == alice
    assert conversation == stored
    async with repository.transaction() as uow:
        await uow.arrive(platform="slack", inbound_id="Ev-c", at=T0, identity=slack_alice, key=KEY)
        org = await uow.org(ACME.id)
    assert org == replace(ACME, managed_by="partner", entitlement="gold")
    async with repository.transaction() as uow:
        stranger = Identity("slack", "T1", "U9")
        claimed = await uow.arrive(
            platform="slack", inbound_id="Ev-b", at=T0, identity=stranger, key=KEY
        )
        assert claimed and await uow.person_by_identity(stranger, conversation_at=KEY) is None


async def test_old_event_ids_are_forgotten_recent_ones_kept(repository: SqlRepository) -> None:
    async with repository.transaction() as uow:
        assert await claim(uow, platform="slack", inbound_id="Ev-old", at=T0)
        later = T0 + timedelta(days=3)
        assert await claim(uow, platform="slack", inbound_id="Ev-new", at=later)
    async with repository.transaction() as uow:
        assert await uow.forget_inbound(before=T0 + timedelta(days=1)) == 1
    async with repository.transaction() as uow:
        assert await claim(uow, platform="slack", inbound_id="Ev-new", at=later) is False
        # Forgotten: a (very late) redelivery would now be handled again.
        assert await claim(uow, platform="slack", inbound_id="Ev-old", at=later) is True


async def test_expired_link_codes_are_dropped_live_ones_kept(repository: SqlRepository) -> None:
    async with repository.transaction() as uow:
        await uow.save_person(ALICE)
        await uow.add_link_code(code="OLD111", person_id=ALICE.id, expires_at=T0)
        await uow.add_link_code(
            code="NEW222", person_id=ALICE.id, expires_at=T0 + timedelta(minutes=10)
        )
    async with repository.transaction() as uow:
        assert await uow.drop_expired_link_codes(now=T0 + timedelta(minutes=1)) == 1
    async with repository.transaction() as uow:
        assert await uow.take_link_code(code="OLD111", now=T0) is None
        assert await uow.take_link_code(code="NEW222", now=T0) == ALICE.id
