"""The inbox (issue 8, R70): a Slack event is acknowledged only once it is recorded; one the
database could not keep is refused with 503 and answered once on Slack's retry; one whose
handling was cut short after it was recorded is answered once, later."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from bot.adapters.slack.inbox import replay_unhandled
from bot.service.turn import ServiceConfig
from tests.conftest import _pg_admin
from tests.fake_slack import payloads
from tests.slack.conftest import ALICE, SlackWorld
from tests.waiting import eventually

pytestmark = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
HELLO = "Describe your problem in a sentence"


@contextmanager
def database_down(slack: SlackWorld) -> Iterator[None]:
    """An outage of the bot's database: open connections cut, new ones refused."""
    name = make_url(str(slack.bot.repository.engine.url)).database
    _pg_admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
    _pg_admin(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    try:
        yield
    finally:
        _pg_admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")


def answers(slack: SlackWorld, text: str) -> int:
    return sum(
        text in c.params.get("text", "")
        for c in slack.fake.calls_to("chat.postMessage", ok=True)
        if c.params.get("channel") == slack.dm(ALICE)
    )


async def test_an_event_the_database_cannot_keep_is_refused_then_answered_once(
    slack: SlackWorld,
) -> None:
    event = payloads.dm_message("hi", user=ALICE, channel=slack.dm(ALICE))
    with database_down(slack):
        refused = await slack.http.send_event(event, event_id="Ev-outage")
    assert refused.status == 503  # Slack sends it again
    assert slack.fake.calls_to("chat.postMessage") == []  # nobody was told anything
    retried = await slack.http.send_event(event, event_id="Ev-outage", retry_num=1)
    assert retried.status == 200
    await slack.message(slack.dm(ALICE), HELLO)
    again = await slack.http.send_event(event, event_id="Ev-outage", retry_num=2)
    assert again.status == 200
    assert answers(slack, HELLO) == 1


async def test_an_event_cut_short_after_it_was_kept_is_answered_once_later(
    slack: SlackWorld,
) -> None:
    # Slack answers users.info slowly: the database fails while the event is being handled.
    slack.fake.delay("users.info", 1.0)
    event = payloads.dm_message("hi", user=ALICE, channel=slack.dm(ALICE))
    kept = await slack.http.send_event(event, event_id="Ev-cut")
    assert kept.status == 200  # recorded, then acknowledged
    with database_down(slack):
        await slack.message(slack.dm(ALICE), "cannot answer right now")
    slack.fake.delay("users.info", 0)
    assert await replay_unhandled(slack.app, slack.bot.service) == 0  # still the first one's
    slack.bot.clock.advance(ServiceConfig().lease + timedelta(seconds=1))
    assert await replay_unhandled(slack.app, slack.bot.service) == 1

    async def answered() -> bool:
        return answers(slack, HELLO) == 1

    await eventually(answered)
    slack.bot.clock.advance(ServiceConfig().lease + timedelta(seconds=1))
    assert await replay_unhandled(slack.app, slack.bot.service) == 0  # handled: gone
    assert answers(slack, HELLO) == 1
