"""routing.InOrder: a conversation's messages go one at a time in arrival order, others are
not held up, and a message whose turn never comes holds the next one back only briefly."""

from __future__ import annotations

import asyncio

from bot.adapters.routing import InOrder


async def test_messages_go_in_the_order_of_their_tickets() -> None:
    order = InOrder()
    done: list[str] = []
    first, second = order.ticket("D1"), order.ticket("D1")

    async def handle(name: str, ticket: int, delay: float) -> None:
        await asyncio.sleep(delay)  # the second one is ready first
        async with order.turn("D1", ticket):
            done.append(name)

    async def elsewhere() -> None:
        async with order.turn("D2"):
            done.append("other")

    await asyncio.gather(handle("first", first, 0.05), handle("second", second, 0), elsewhere())
    assert done == ["other", "first", "second"]


async def test_a_ticket_that_never_comes_holds_the_next_back_only_for_the_patience() -> None:
    order = InOrder(patience=0.05)
    order.ticket("D1")  # its message was dropped on the way
    async with asyncio.timeout(1):
        async with order.turn("D1"):
            pass
    async with order.turn("D1"):  # and the conversation is free again afterwards
        pass


async def test_a_skipped_ticket_lets_the_next_go_at_once() -> None:
    order = InOrder(patience=10)
    refused = order.ticket("D1")
    await order.skip("D1", refused)  # e.g. answered 503: Slack sends it again later
    async with asyncio.timeout(1), order.turn("D1"):
        pass
