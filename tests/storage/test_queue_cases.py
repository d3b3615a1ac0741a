"""The queue view's query (R50): open cases of queues, unassigned first, then by due time."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.core.model import CaseStatus
from storage.repository import SqlRepository
from tests.storage.samples import T0, a_case

H = timedelta(hours=1)


async def test_open_cases_of_the_queues_unassigned_first_then_by_due(
    repository: SqlRepository,
) -> None:
    cases = [
        a_case(1, first_response_due=T0 + 3 * H),
        a_case(2, first_response_due=T0 + 1 * H, assignee_id="dana"),
        a_case(3, first_response_due=T0 + 2 * H),
        a_case(4, first_response_due=T0 + 1 * H, queue="accounts-queue"),
        a_case(5, first_response_due=T0, status=CaseStatus.CLOSED),
        a_case(6, first_response_due=T0, queue="data-queue"),
        a_case(7, first_response_due=T0 + 5 * H, status=CaseStatus.ESCALATED),
        # Answered late (breached), and answered in time (not breached).
        a_case(8, first_response_due=T0 + H, first_response_at=T0 + 2 * H, assignee_id="erik"),
        a_case(9, first_response_due=T0 + 6 * H, first_response_at=T0, assignee_id="dana"),
    ]
    async with repository.transaction() as uow:
        for case in cases:
            await uow.add_case(case)

    async def numbers(**narrowed: Any) -> list[int]:
        queues = ("billing-queue", "accounts-queue")
        async with repository.transaction() as uow:
            found = await uow.queue_cases(queues=queues, **narrowed)
        return [case.number for case in found]

    assert await numbers() == [4, 3, 1, 7, 2, 8, 9]
    assert await numbers(limit=2) == [4, 3]
    assert await numbers(assignee_id="dana") == [2, 9]
    assert await numbers(unassigned=True) == [4, 3, 1, 7]
    assert await numbers(breached_at=T0 + 2.5 * H) == [4, 3, 2, 8]
    async with repository.transaction() as uow:
        only_billing = await uow.queue_cases(queues=("billing-queue",), unassigned=True)
    assert [case.number for case in only_billing] == [3, 1, 7]
