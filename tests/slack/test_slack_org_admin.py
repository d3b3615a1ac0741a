"""Slack: an org admin adds attachments to the org's cases (SPEC role table, issue 12 10b)."""

from __future__ import annotations

import pytest

from tests.fake_slack import payloads
from tests.slack.conftest import ALICE, CAROL, SlackWorld
from tests.slack.journeys import BILLING, open_case

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_an_org_admin_adds_a_file_to_an_org_case_but_does_not_talk_in_it(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)  # Alice's case; Carol is her org's admin
    csv = b"date,amount\n2026-11-01,42.00\n"
    export = payloads.file_object(
        "F7",
        name="export.csv",
        size=len(csv),
        mimetype="text/csv",
        user=CAROL,
        url_private=slack.fake.shared_file("F7", "export.csv", csv),
    )
    words = "the export our finance team pulled"
    event = payloads.message_with_files(
        f"reply {ref} {words}", [export], user=CAROL, channel=slack.dm(CAROL)
    )
    assert (await slack.http.send_event(event)).status == 200
    relayed = await slack.message(BILLING, words, thread_ts=thread)
    assert "Carol Chen" in relayed.params["text"]
    upload = await slack.fake.wait_for("files.completeUploadExternal", ok=True)
    assert upload.params["channel_id"] == BILLING
    assert list(slack.fake.uploads.values()) == [csv]  # the file, byte for byte

    # Words alone are not hers to send: refused, naming the rule.
    await slack.say(CAROL, f"reply {ref} any news?")
    await slack.message(slack.dm(CAROL), f"may write in {ref}")
    # Nor with a file R15 refuses: the file's rule is named, and her words stay with her.
    tool = payloads.file_object(
        "F8",
        name="tool.exe",
        size=2,
        user=CAROL,
        url_private=slack.fake.shared_file("F8", "tool.exe", b"MZ"),
    )
    refused = payloads.message_with_files(
        f"reply {ref} any news?", [tool], user=CAROL, channel=slack.dm(CAROL)
    )
    assert (await slack.http.send_event(refused)).status == 200
    await slack.message(slack.dm(CAROL), "tool.exe was not sent")
    # Answers are shown after their transaction: the transcript is final for both.
    async with slack.bot.repository.transaction() as uow:
        case = await uow.case(int(ref.removeprefix("CS-")))
        assert case is not None
        transcript = [m.text for m in await uow.messages(case.number)]
    assert not any("any news" in text for text in transcript)
    assert f"reply {ref} {words}" not in transcript and words in transcript
    # Adding a file does not make her a contact of the case, and the owner is not told.
    assert "carol" not in case.participants
    posts = slack.fake.calls_to("chat.postMessage")
    in_alices_dm = [c.params["text"] for c in posts if c.params["channel"] == slack.dm(ALICE)]
    assert not any(words in text for text in in_alices_dm)
