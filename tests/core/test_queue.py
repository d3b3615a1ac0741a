"""The queue view's filter words and its breach rule (R50, R20), and control values (R12)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core.commands import TextCommand, parse_control
from bot.core.errors import IntakeError
from bot.core.queue import QueueFilter, breached, parse_queue_filter
from tests.storage.samples import T0, a_case

QUEUES = ("accounts-queue", "billing-disputes", "billing-queue", "data-queue")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", QueueFilter()),
        ("all", QueueFilter()),
        ("mine", QueueFilter(mine=True)),
        ("Unassigned breached", QueueFilter(unassigned=True, breached=True)),
        ("meine überfällig", QueueFilter(mine=True, breached=True)),  # German words too
        ("queue billing-queue", QueueFilter(queue="billing-queue")),
        ("warteschlange data-queue", QueueFilter(queue="data-queue")),
        ("accounts", QueueFilter(queue="accounts-queue")),  # a unique part is enough
        ("mine queue disputes", QueueFilter(mine=True, queue="billing-disputes")),
    ],
)
def test_filter_words(typed: str, expected: QueueFilter) -> None:
    assert parse_queue_filter(typed.split(), QUEUES) == expected


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("billing", "queue.ambiguous"),  # billing-queue and billing-disputes both fit
        ("urgent", "queue.unknown_filter"),
        ("queue", "queue.needs_name"),
    ],
)
def test_filter_mistakes_name_what_works(typed: str, key: str) -> None:
    with pytest.raises(IntakeError) as raised:
        parse_queue_filter(typed.split(), QUEUES)
    assert raised.value.message.key == key
    assert "billing-queue" in str(raised.value.message.params["queues"])


def test_breached_means_no_first_response_by_the_due_time() -> None:
    case = a_case(1)  # due T0 + 4 h
    due = case.first_response_due
    assert not breached(case, due)
    assert breached(case, due + timedelta(minutes=1))
    assert not breached(replace(case, first_response_at=due), due + timedelta(hours=9))
    assert breached(replace(case, first_response_at=due + timedelta(seconds=1)), T0)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("claim:12", TextCommand("claim", ("CS-12",))),
        ("status:3:waiting_on_customer", TextCommand("status", ("CS-3", "waiting_on_customer"))),
        ("12:accept", None),
        ("claim", None),
        ("", None),
    ],
)
def test_control_values(value: str, expected: TextCommand | None) -> None:
    assert parse_control(value) == expected
