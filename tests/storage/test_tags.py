"""Case tags in the database (R52): set once, read per case or all at once, taken off, and the
queue view's query narrowed to a tag; on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.core.model import CaseStatus
from storage.repository import SqlRepository
from tests.storage.samples import a_case


async def test_tags_are_kept_per_case_and_filter_the_queue(repository: SqlRepository) -> None:
    async with repository.transaction() as uow:
        for case in (a_case(1), a_case(2), a_case(3, status=CaseStatus.CLOSED)):
            await uow.add_case(case)
        assert await uow.tag_case(case_number=1, tag="refund")
        assert not await uow.tag_case(case_number=1, tag="refund")  # had it already
        await uow.tag_case(case_number=1, tag="billing-bug")
        await uow.tag_case(case_number=3, tag="refund")

    async with repository.transaction() as uow:
        assert await uow.case_tags([1, 2]) == {1: ("billing-bug", "refund")}
        assert await uow.case_tags() == {1: ("billing-bug", "refund"), 3: ("refund",)}
        assert await uow.case_tags([]) == {}
        open_refunds = await uow.queue_cases(queues=("billing-queue",), tag="refund")
        assert [case.number for case in open_refunds] == [1]  # the closed one is not listed
        assert await uow.untag_case(case_number=1, tag="refund")
        assert not await uow.untag_case(case_number=1, tag="refund")

    async with repository.transaction() as uow:
        assert await uow.case_tags([1]) == {1: ("billing-bug",)}
        assert await uow.queue_cases(queues=("billing-queue",), tag="refund") == []
