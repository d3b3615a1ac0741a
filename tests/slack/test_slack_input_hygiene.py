"""Input hygiene on Slack (issue 8): typed mass mentions never ping (R72), malformed requests
get 400 or are skipped, zip bombs are refused (R15), NUL is dropped, all through slack-bolt
and really signed requests against the fake Web API."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from storage.tables import Base
from tests.fake_slack import payloads
from tests.slack.conftest import ALICE, DANA, SlackWorld
from tests.slack.journeys import BILLING, FORM, open_case, text_of

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
SPECIAL = ("<!channel", "<!here", "<!everyone", "<!subteam", "<!group")


def _posted(slack: SlackWorld) -> list[str]:
    """The text and blocks of every message the bot posted or updated, as sent."""
    calls = [*slack.fake.calls_to("chat.postMessage"), *slack.fake.calls_to("chat.update")]
    return [c.params.get("text", "") + json.dumps(c.params.get("blocks", [])) for c in calls]


async def _rows(slack: SlackWorld) -> dict[str, int]:
    async with slack.bot.repository.engine.connect() as db:
        return {
            t.name: (await db.execute(select(func.count()).select_from(t))).scalar_one()
            for t in Base.metadata.sorted_tables
        }


def _calls(slack: SlackWorld) -> list[str]:
    """Web API calls an event caused (Bolt's one-off auth.test is not one)."""
    return [c.method for c in slack.fake.calls if c.method != "auth.test"]


@SQLITE
async def test_typed_special_mentions_arrive_as_plain_words(slack: SlackWorld) -> None:
    subject = "<!everyone> Invoice PDF download fails"
    ref, thread = await open_case(slack, {**FORM, "subject": text_of(subject)})
    agent = "<!channel> we are on it, <!subteam^S0LEADS|@billing-leads> <!subteam^S0OPS> too"
    await slack.post(DANA, agent, channel=BILLING, thread_ts=thread)
    relayed = await slack.message(slack.dm(ALICE), "we are on it")
    assert "@channel we are on it, @billing-leads @group too" in relayed.params["text"]
    await slack.say(ALICE, "<!here|here> still broken")
    await slack.message(BILLING, "@here still broken", thread_ts=thread)
    header = await slack.message(BILLING, f"{ref}:")
    assert "@everyone Invoice PDF download fails" in header.params["text"]

    sent = _posted(slack)
    assert not [text for text in sent if any(mention in text for mention in SPECIAL)]


@SQLITE
async def test_malformed_bodies_answer_400_and_touch_nothing(slack: SlackWorld) -> None:
    rows, calls = await _rows(slack), _calls(slack)
    envelope = payloads.event_envelope(payloads.dm_message("help", user=ALICE))
    without_event = {k: v for k, v in envelope.items() if k != "event"}
    form = "application/x-www-form-urlencoded"
    malformed = [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        (urlencode({"payload": '{"type": "block_actions", '}), form),
        ("just some words", "text/plain"),
        ("", "application/json"),
        (json.dumps(without_event), "application/json"),
        (json.dumps({**envelope, "event": "help"}), "application/json"),
    ]
    for body, content_type in malformed:
        assert (await slack.http.post(body, content_type)).status == 400, body
        assert (await slack.http.post(body, content_type, bad_signature=True)).status == 401
    assert (await _rows(slack), _calls(slack)) == (rows, calls)


@SQLITE
async def test_events_missing_fields_are_skipped_with_one_log_line(
    slack: SlackWorld, caplog: pytest.LogCaptureFixture
) -> None:
    rows, calls = await _rows(slack), _calls(slack)
    dm = payloads.dm_message("help", user=ALICE, channel=slack.dm(ALICE))
    mention = payloads.app_mention("help", user=ALICE)
    incomplete = {
        "Ev0NOUSER": {k: v for k, v in dm.items() if k != "user"},
        "Ev0NOCHANNEL": {k: v for k, v in dm.items() if k != "channel"},
        "Ev0NOTS": {k: v for k, v in dm.items() if k != "ts"},
        "Ev0MENTION": {k: v for k, v in mention.items() if k != "user"},
    }
    caplog.set_level(logging.DEBUG, logger="slack_bolt")
    for event_id, event in incomplete.items():
        assert (await slack.http.send_event(event, event_id=event_id)).status == 200
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage().split()[2] for r in lines] == list(incomplete)
    assert "help" not in caplog.text  # ids only, never the text
    assert (await _rows(slack), _calls(slack)) == (rows, calls)


def _docx(body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


@SQLITE
async def test_a_zip_bomb_named_docx_is_refused_and_the_rest_relayed(slack: SlackWorld) -> None:
    _ref, thread = await open_case(slack)
    bomb = _docx(b"\0" * (60 * 1024 * 1024))  # 60 MB of zeros in about 60 KB
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 200
    shared = {"F1": ("report.docx", bomb), "F2": ("screen.png", png)}
    files = [
        payloads.file_object(
            file_id,
            name=name,
            size=len(content),
            url_private=slack.fake.shared_file(file_id, name, content),
        )
        for file_id, (name, content) in shared.items()
    ]
    event = payloads.message_with_files("see both", files, user=ALICE, channel=slack.dm(ALICE))
    assert (await slack.http.send_event(event)).status == 200
    refusal = await slack.message(slack.dm(ALICE), "report.docx was not sent")
    assert "unpack to 60 MB" in refusal.params["text"]
    assert "at most 50 MB and 100 times their size" in refusal.params["text"]
    await slack.message(BILLING, "see both", thread_ts=thread)
    await slack.fake.wait_for("files.completeUploadExternal", ok=True)
    assert list(slack.fake.uploads.values()) == [png]  # the bomb never reaches the agents


async def test_a_message_holding_nul_is_stored_and_relayed(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)
    await slack.say(ALICE, "still\x00 broken")
    relayed = await slack.message(BILLING, "still broken", thread_ts=thread)
    assert "\x00" not in json.dumps(relayed.params)
    async with slack.bot.repository.transaction() as uow:
        transcript = await uow.messages(int(ref.removeprefix("CS-")))
    assert transcript[-1].text == "still broken"
