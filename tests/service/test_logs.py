"""Logs carry event ids and error ids, never message text or personal data (R73, issue 8)."""

from __future__ import annotations

import io
import json
import logging
import sqlite3

import pytest

from bot.core.actions import Reply
from bot.core.events import Actor, MessageReceived
from bot.logs import handler
from tests.service.conftest import World
from tests.service.test_timers import ALICE, ALICE_DM, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
SECRET = "my card 4111 1111 1111 1111, mail alice.adams@example.com"


async def test_a_failing_event_is_logged_by_its_ids_without_its_text(
    world: World, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    await open_case(world)
    # The database refuses the message as a full disk would: the event fails mid-way.
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON messages "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    alice = Actor(ALICE.identity, "Alice Adams")
    caplog.set_level(logging.INFO, logger="bot")
    caplog.set_level(logging.INFO, logger="storage")
    answered = await world.service.handle(
        MessageReceived(ALICE_DM, alice, SECRET, inbound_id="Ev-77")
    )

    [reply] = [a for a in answered if isinstance(a, Reply)]
    assert reply.text.key == "error.unexpected"
    logged = caplog.text  # messages and tracebacks, as an operator reads them
    assert "Ev-77" in logged and str(reply.text.params["id"]) in logged
    assert "MessageReceived" in logged and "database or disk is full" in logged
    for private in ("4111", "alice.adams@example.com", "Alice Adams", "my card"):
        assert private not in logged


async def test_json_lines_name_the_event_and_hold_no_message_text(
    world: World, db_url: str
) -> None:
    """issue 10: a log collector reads one JSON object a line, the event on each line
    written while it was handled."""
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON conversations "
            "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
        )
    stream = io.StringIO()
    lines = handler("json", stream)
    root = logging.getLogger()
    root.addHandler(lines)
    try:
        await world.service.handle(MessageReceived(ALICE_DM, ALICE, SECRET, inbound_id="Ev-78"))
        logging.getLogger("bot").warning("after the event")
    finally:
        root.removeHandler(lines)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    failed, after = records[0], records[-1]
    assert failed["level"] == "ERROR" and failed["event"] == "console:Ev-78"
    assert "database or disk is full" in failed["error"]
    assert after["message"] == "after the event" and "event" not in after
    for private in ("4111", "alice.adams@example.com", "my card"):
        assert private not in stream.getvalue()
