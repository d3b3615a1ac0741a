"""Several bot processes on one database: concurrent events on one case never lose a change."""

from __future__ import annotations

import asyncio

from bot.core.events import Actor, CommandInvoked, MessageReceived
from bot.core.model import ConversationKey, Identity
from tests.service.conftest import make_world
from tests.service.test_timers import ALICE_DM, open_case


async def test_agent_reply_and_user_toggle_at_once_both_stick(db_url: str) -> None:
    first, engine1 = await make_world(db_url)
    second, engine2 = await make_world(db_url)
    alice = Actor(Identity("console", "local", "alice"), "alice")
    dana = Actor(Identity("console", "local", "dana"), "dana")
    refs = [await open_case(first) for _ in range(6)]
    async with first.repository.transaction() as uow:
        cases = [await uow.case(int(ref.removeprefix("CS-"))) for ref in refs]
    events = []
    for case in cases:
        assert case is not None
        thread = ConversationKey("console", "local", case.queue, thread=case.ref)
        events.append(second.service.handle(MessageReceived(thread, dana, "Looking at it")))
        access = CommandInvoked(ALICE_DM, alice, "access", (case.ref, "on"))
        events.append(first.service.handle(access))
    await asyncio.gather(*events)
    async with first.repository.transaction() as uow:
        for case in cases:
            assert case is not None
            now = await uow.case(case.number)
            assert now is not None
            assert now.first_response_at is not None, case.ref  # the reply's change
            assert now.login_access is True, case.ref  # the toggle's change
    for engine in (engine1, engine2):
        await engine.dispose()  # type: ignore[attr-defined]
