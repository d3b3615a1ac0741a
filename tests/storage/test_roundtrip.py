"""Every core dataclass goes in and comes back equal, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.core.model import (
    Attachment,
    AuditEntry,
    CallOffer,
    CallStatus,
    CaseStatus,
    ChannelType,
    Conversation,
    ConversationKey,
    Delivery,
    Escalation,
    EscalationStep,
    Feedback,
    Identity,
    IntakeState,
    Message,
    Org,
    Person,
    Role,
    Side,
)
from storage.repository import SqlRepository
from tests.storage.samples import T0, a_case, add_cases


async def test_org_with_partner_round_trips(repository: SqlRepository) -> None:
    partner = Org("partnerco", "PartnerCo", "partner", support_contact="help@partner.example")
    customer = Org(
        "globex",
        "Globex",
        "standard",
        managed_by="partnerco",
        entitlement="C-123",
        region="amer",
    )
    other = Org("initech", "Initech", "standard", managed_by="partnerco")
    async with repository.transaction() as uow:
        for org in (customer, partner, other):  # a customer may be saved before its partner
            await uow.save_org(org)
    async with repository.transaction() as uow:
        assert await uow.org("globex") == customer
        assert await uow.org("partnerco") == partner
        assert await uow.org("nobody") is None
        assert list(await uow.orgs_managed_by("partnerco")) == [customer, other]
        assert list(await uow.orgs_managed_by("globex")) == []
        await uow.save_org(replace(customer, managed_by=None, plan="premier"))
    async with repository.transaction() as uow:
        assert await uow.org("globex") == replace(customer, managed_by=None, plan="premier")
        assert list(await uow.orgs_managed_by("partnerco")) == [other]


async def test_person_with_roles_and_identities_round_trips(repository: SqlRepository) -> None:
    person = Person(
        id="bob",
        name="Bob Builder",
        org_id="acme",
        roles=frozenset({Role.USER, Role.ORG_ADMIN, Role.AGENT}),
        designated_contact=True,
        locale="de",
        timezone="Europe/Berlin",
        login_access_default=True,
        email="bob@acme.example",
    )
    slack = Identity("slack", "T1", "U42")
    discord = Identity("discord", "G7", "99")
    async with repository.transaction() as uow:
        await uow.save_person(person)
        await uow.link_identity(person_id="bob", identity=slack)
        await uow.link_identity(person_id="bob", identity=discord)
        await uow.link_identity(person_id="bob", identity=slack)  # idempotent
    async with repository.transaction() as uow:
        assert await uow.person("bob") == person
        assert await uow.person_by_identity(slack) == person
        assert await uow.person_by_identity(discord) == person
        assert await uow.person_by_identity(Identity("slack", "T2", "U42")) is None
        assert await uow.person("nobody") is None
        demoted = replace(person, roles=frozenset({Role.USER}), designated_contact=False)
        await uow.save_person(demoted)
        # Read back inside the same transaction: the session must not serve stale rows.
        assert await uow.person("bob") == demoted
    async with repository.transaction() as uow:
        assert await uow.person("bob") == demoted
        nobody = Person("carol", "Carol", "acme", roles=frozenset())
        await uow.save_person(nobody)
        await uow.link_identity(person_id="carol", identity=discord)  # relink to someone else
    async with repository.transaction() as uow:
        assert await uow.person("carol") == nobody
        assert await uow.person_by_identity(discord) == nobody


@pytest.mark.parametrize(
    "key",
    [
        ConversationKey("slack", "T1", "D1", user="U1"),
        ConversationKey("slack", "T1", "C1", thread="1700000000.000100"),
        ConversationKey("discord", "G1", "C9", user="U1", thread="T5"),
        ConversationKey("console", "local", "tty"),
    ],
)
async def test_conversation_round_trips(repository: SqlRepository, key: ConversationKey) -> None:
    first = Conversation(key, "alice", IntakeState.DESCRIBING, {"topic": "billing", "ü": "✓"})
    async with repository.transaction() as uow:
        assert await uow.conversation(key) is None
        await uow.save_conversation(first)
    async with repository.transaction() as uow:
        assert await uow.conversation(key) == first
        later = Conversation(key, "alice", IntakeState.FILLING_FORM, {"subject": "x"})
        await uow.save_conversation(later)
        assert await uow.conversation(key) == later
    async with repository.transaction() as uow:
        assert await uow.conversation(key) == later
        # A thread key and a DM key in the same channel are different conversations.
        assert await uow.conversation(replace(key, thread="other")) is None


async def test_case_with_every_optional_field_round_trips(repository: SqlRepository) -> None:
    berlin = timezone(timedelta(hours=1))
    full = a_case(
        7,
        status=CaseStatus.WAITING_ON_CUSTOMER,
        channel_type=ChannelType.DISCORD,
        user_key=ConversationKey("discord", "G1", "C1", user="U1", thread="T1"),
        private=True,
        tier=2,
        login_access=True,
        links=("https://app.example/items/1", "https://app.example/items/2"),
        participants=("dave", "eve@example.com", "dave"),
        shared_links=("https://kb.example/a",),
        assignee_id="agent-1",
        filed_by_id="partner-1",
        partner_contact="Pat <pat@partner.example>",
        first_response_at=T0 + timedelta(minutes=30),
        closed_at=datetime(2026, 11, 24, 10, 0, tzinfo=berlin),
        referenced_case=3,
        queue_thread="1700000000.000200",
        call=CallOffer(T0 + timedelta(days=1), "https://meet.example/x", CallStatus.ACCEPTED),
        escalation_shown=True,
    )
    minimal = a_case(8)
    async with repository.transaction() as uow:
        await uow.add_case(full)
        await uow.add_case(minimal)
    async with repository.transaction() as uow:
        assert await uow.case(7) == full
        assert await uow.case(8) == minimal
        assert await uow.case(9) is None
        loaded = await uow.case(7)
        assert loaded is not None and loaded.closed_at is not None
        assert loaded.closed_at.tzinfo is not None and loaded.closed_at.utcoffset() == timedelta()


async def test_update_case_writes_every_field(repository: SqlRepository) -> None:
    (number,) = await add_cases(repository, 1, participants=("a", "b"))
    async with repository.transaction() as uow:
        case = await uow.case(number)
        assert case is not None
        changed = replace(
            case,
            status=CaseStatus.CLOSED,
            participants=("c",),
            shared_links=("https://kb.example/z",),
            call=CallOffer(T0, "https://meet.example/y"),
            assignee_id="agent-2",
            severity="2",
            queue_thread="thread-1",
        )
        await uow.update_case(changed)
        assert await uow.case(number) == changed
    async with repository.transaction() as uow:
        assert await uow.case(number) == changed
        assert await uow.case_by_thread(queue="billing-queue", thread="thread-1") == changed
        assert await uow.case_by_thread(queue="other-queue", thread="thread-1") is None
        with pytest.raises(LookupError):
            await uow.update_case(a_case(999))


async def test_cases_filter_by_owner_and_org_newest_first(repository: SqlRepository) -> None:
    async with repository.transaction() as uow:
        for number, owner, org, hours in [
            (1, "alice", "acme", 0),
            (2, "bob", "acme", 2),
            (3, "alice", "acme", 1),
            (4, "zed", "globex", 3),
        ]:
            await uow.add_case(
                a_case(number, owner_id=owner, org_id=org, opened_at=T0 + timedelta(hours=hours))
            )
    async with repository.transaction() as uow:
        assert [c.number for c in await uow.cases(owner_id="alice")] == [3, 1]
        assert [c.number for c in await uow.cases(org_id="acme")] == [2, 3, 1]
        assert [c.number for c in await uow.cases(owner_id="alice", org_id="globex")] == []
        assert [c.number for c in await uow.cases()] == [4, 2, 3, 1]


async def test_messages_with_attachments_and_delivery(repository: SqlRepository) -> None:
    (number,) = await add_cases(repository, 1)
    files = (
        Attachment("trace.har", 123_456, "application/json"),
        Attachment("screen.png", 500_000, "image/png"),
    )
    first = Message(number, Side.USER, "alice", "It broke again", T0, attachments=files)
    note = Message(
        number,
        Side.AGENT,
        "agent-1",
        "internal only",
        T0,
        internal=True,
        delivery=Delivery.NOT_RELAYED,
    )
    reply = Message(number, Side.AGENT, "agent-1", "Try this", T0 + timedelta(minutes=5))
    async with repository.transaction() as uow:
        ids = [await uow.add_message(m) for m in (first, note, reply)]
        assert len(set(ids)) == 3
        await uow.set_delivery(message_id=ids[2], delivery=Delivery.FAILED, detail="user left")
        with pytest.raises(LookupError):
            await uow.set_delivery(message_id=10_000, delivery=Delivery.SENT)
    async with repository.transaction() as uow:
        transcript = list(await uow.messages(number))
        assert await uow.messages(number + 1) == []
    assert transcript == [
        replace(first, id=ids[0]),
        replace(note, id=ids[1]),
        replace(reply, id=ids[2], delivery=Delivery.FAILED),
    ]


async def test_escalation_timeline_round_trips(repository: SqlRepository) -> None:
    (number,) = await add_cases(repository, 1)
    async with repository.transaction() as uow:
        cp = await uow.next_escalation_number()
        escalation = Escalation(
            cp,
            number,
            "Nobody answered",
            EscalationStep.SUBMITTED,
            ((EscalationStep.SUBMITTED, T0),),
        )
        await uow.add_escalation(escalation)
        assert await uow.escalation_of(number) == escalation
        assert await uow.escalation_of(number + 1) is None
    steps = (
        (EscalationStep.SUBMITTED, T0),
        (EscalationStep.UNDER_REVIEW, T0 + timedelta(hours=1)),
        (EscalationStep.ENGINEERING, T0 + timedelta(hours=2)),
        (EscalationStep.SOLUTION_REVIEW, T0 + timedelta(hours=3)),
        (EscalationStep.ENGINEERING, T0 + timedelta(hours=4)),
    )
    moved = replace(
        escalation,
        step=EscalationStep.ENGINEERING,
        timeline=steps,
        estimated_resolution=date(2026, 12, 1),
    )
    async with repository.transaction() as uow:
        await uow.update_escalation(moved)
    async with repository.transaction() as uow:
        assert await uow.escalation_of(number) == moved
        with pytest.raises(LookupError):
            await uow.update_escalation(replace(moved, number=cp + 100))


async def test_audit_feedback_and_knowledge_outcomes(repository: SqlRepository) -> None:
    (number,) = await add_cases(repository, 1)
    entries = [
        AuditEntry("alice", "login_access", f"CS-{number}", T0, before="off", after="on"),
        AuditEntry("agent-1", "status", f"CS-{number}", T0, before="new", after="in_progress"),
        AuditEntry("alice", "login_access", f"CS-{number}", T0 - timedelta(minutes=1)),
    ]
    rating = Feedback(number, "alice", 5, "Quick and kind", T0)
    async with repository.transaction() as uow:
        for entry in entries:
            await uow.add_audit(entry)
        assert await uow.feedback(number) is None
        assert await uow.add_feedback(rating) is True
        assert await uow.add_feedback(replace(rating, rating=1, comment="again")) is False
        await uow.record_deflection(
            person_id="alice", query="invoice pdf", article_id="kb-1", solved=True, at=T0
        )
        await uow.record_knowledge_gap(
            person_id="alice", query="quantum", topic="billing", category="invoices", at=T0
        )
    async with repository.transaction() as uow:
        assert list(await uow.audit(f"CS-{number}")) == [entries[2], entries[0], entries[1]]
        assert list(await uow.audit("CS-0")) == []
        assert await uow.feedback(number) == rating
        assert await uow.add_feedback(replace(rating, rating=2)) is False
    async with repository.transaction() as uow:
        assert await uow.feedback(number) == rating


async def test_datetimes_come_back_aware_utc_and_equal(repository: SqlRepository) -> None:
    tokyo = timezone(timedelta(hours=9), "JST")
    opened = datetime(2026, 11, 23, 18, 30, 15, 123456, tzinfo=tokyo)
    case = a_case(5, opened_at=opened, last_activity_at=opened, first_response_due=opened)
    async with repository.transaction() as uow:
        await uow.add_case(case)
    async with repository.transaction() as uow:
        loaded = await uow.case(5)
    assert loaded is not None
    for value in (loaded.opened_at, loaded.first_response_due, loaded.last_activity_at):
        assert value == opened
        assert value.tzinfo is not None and value.utcoffset() == timedelta()
        assert value.isoformat() == "2026-11-23T09:30:15.123456+00:00"


async def test_naive_datetimes_are_rejected(repository: SqlRepository) -> None:
    naive = datetime(2026, 11, 23, 9, 0)
    with pytest.raises(Exception, match="naive datetime"):
        async with repository.transaction() as uow:
            await uow.add_case(a_case(1, opened_at=naive))
    async with repository.transaction() as uow:
        assert await uow.case(1) is None
