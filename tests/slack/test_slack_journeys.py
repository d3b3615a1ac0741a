"""Slack journeys through the real slack-bolt app, signed HTTP, fake Web API (issue 2/3)."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest

from tests.fake_slack import interactions, payloads
from tests.fake_slack.server import Call
from tests.slack.conftest import ALICE, BOB, DANA, QUEUES, SlackWorld, find_action
from tests.slack.journeys import (
    BILLING,
    FORM,
    NO_USERS,
    intake_to_articles,
    open_case,
    select,
    text_of,
    use_shortcut,
)
from tests.waiting import eventually

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_the_case_form_shows_each_severity_with_its_response_time(slack: SlackWorld) -> None:
    articles = await intake_to_articles(slack)
    await slack.click(ALICE, articles, "more")
    view = json.dumps((await slack.fake.wait_for("views.open", ok=True)).params["view"])
    assert "Open a support case" in view
    assert "3 High: first response within 4 h" in view  # beside each level (R5)
    assert "Allow support to log in to my account" in view


async def test_dm_intake_to_case_with_the_modal(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)
    header = await slack.message(BILLING, ref)
    blocks = json.dumps(header.params["blocks"])
    for shown in ("Severity 3 High", "new", "first response due", "login access granted", "Claim"):
        assert shown in blocks
    participant = await slack.message(slack.dm(BOB), ref)  # multi-user select participant told
    assert "Alice Adams" in participant.params["text"]
    case = await _case(slack, ref)
    assert case.queue_thread == thread  # bound to the Slack thread, by id only


async def test_article_solved_opens_no_case(slack: SlackWorld) -> None:
    articles = await intake_to_articles(slack)
    await slack.click(ALICE, articles, "KB-1001")
    await slack.message(slack.dm(ALICE), "Glad that helped")
    assert slack.fake.calls_to("views.open") == []


async def test_severity_one_gets_the_hotline_and_alerts_on_call(slack: SlackWorld) -> None:
    articles = await intake_to_articles(slack)
    await slack.click(ALICE, articles, "more")
    view = await slack.fake.wait_for("views.open", ok=True)
    await slack.submit(ALICE, view, {**FORM, "severity": select("1")})
    await slack.message(slack.dm(ALICE), "call our hotline now")
    await slack.message(QUEUES["oncall"], "Severity 1 reported by Alice Adams")


async def test_agent_reply_and_user_reply_are_relayed_notes_are_not(slack: SlackWorld) -> None:
    _ref, thread = await open_case(slack)
    await slack.post(DANA, "We are on it, Alice.", channel=BILLING, thread_ts=thread)
    relayed = await slack.message(slack.dm(ALICE), "We are on it, Alice.")
    assert "Dana Diaz" in relayed.params["text"]
    await slack.post(DANA, "note: customer has legacy role", channel=BILLING, thread_ts=thread)
    await slack.message(BILLING, "Internal note saved", thread_ts=thread)
    await slack.say(ALICE, "Thanks, waiting for the fix")
    await slack.message(BILLING, "Thanks, waiting for the fix", thread_ts=thread)
    texts = [c.params.get("text", "") for c in slack.fake.calls_to("chat.postMessage")]
    assert not any("legacy role" in t for t in texts if "Internal note" not in t)
    # The first public reply moved the case to in progress; the header shows it.
    await slack.fake.wait_for(
        "chat.update", lambda c: "in progress" in json.dumps(c.params["blocks"])
    )


async def test_reminders_then_escalate_for_designated_contacts_only(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack, {**FORM, "participant_users": NO_USERS})
    await eventually(lambda: _bound(slack, ref))  # reminders go to the thread once it is bound
    slack.bot.clock.advance(timedelta(hours=2))
    await slack.fire_timers()
    await slack.message(BILLING, "50%", thread_ts=thread)
    slack.bot.clock.advance(timedelta(hours=2))
    await slack.fire_timers()
    await slack.message(BILLING, f"SLA breached on {ref}", thread_ts=thread)
    lead = await slack.message(BILLING, "Queue lead")
    assert f"<@{DANA}>" in lead.params["text"]  # the lead is mentioned by Slack id
    offer = await slack.message(slack.dm(ALICE), "designated contact can escalate")

    # bob is no designated contact; alice, a participant of his case, is one: the button of
    # bob's case goes to alice's DM and to nobody else (R21, issue 8).
    alice_joins = {**FORM, "participant_users": {**NO_USERS, "selected_users": [ALICE]}}
    bob_ref, bob_thread = await open_case(slack, alice_joins, user=BOB)
    await eventually(lambda: _bound(slack, bob_ref))
    slack.bot.clock.advance(timedelta(hours=5))
    await slack.fire_timers()
    bob_offer = await slack.message(slack.dm(ALICE), f"first-response time of {bob_ref}")
    to_bob = [
        c for c in slack.fake.calls_to("chat.postMessage") if c.params["channel"] == slack.dm(BOB)
    ]
    assert not any("choice|escalate" in json.dumps(c.params.get("blocks", [])) for c in to_bob)
    await slack.say(BOB, f"escalate {bob_ref} no answer")  # typed: refused, the rule named
    await slack.message(slack.dm(BOB), "Nur benannte Ansprechpartner")  # bob's locale is de-DE

    seen = len(slack.fake.calls_to("views.open"))
    await slack.click(ALICE, bob_offer, offer_value(bob_offer))
    ask = (await slack.fake.wait_for_count("views.open", seen + 1))[-1]
    assert ask.params["view"]["callback_id"] == "text_input"
    await slack.submit(ALICE, ask, {"text": text_of("Bob's invoices blocked for two days")})
    await slack.message(slack.dm(ALICE), f"Escalation CP-1 for {bob_ref}")
    await slack.message(BILLING, "Escalation CP-1 submitted", thread_ts=bob_thread)

    seen = len(slack.fake.calls_to("views.open"))
    await slack.click(ALICE, offer, offer_value(offer))
    ask = (await slack.fake.wait_for_count("views.open", seen + 1))[-1]
    await slack.submit(ALICE, ask, {"text": text_of("No answer for two days, invoices blocked")})
    await slack.message(slack.dm(ALICE), f"Escalation CP-2 for {ref}")
    await slack.message(BILLING, "Escalation CP-2 submitted", thread_ts=thread)


async def _bound(slack: SlackWorld, ref: str) -> bool:
    return (await _case(slack, ref)).queue_thread is not None


def offer_value(call: Call) -> str:
    blocks = call.params["blocks"]
    parsed = json.loads(blocks) if isinstance(blocks, str) else blocks
    return str(parsed[-1]["elements"][0]["value"])


async def rate(slack: SlackWorld, rating: Call, value: str, comment: str) -> None:
    """Alice clicks a rating; the comment modal opens; she submits it (R17)."""
    seen = len(slack.fake.calls_to("views.open"))
    await slack.click(ALICE, rating, value)
    modal = (await slack.fake.wait_for_count("views.open", seen + 1))[-1]
    assert modal.params["view"]["callback_id"] == "rating"
    await slack.submit(ALICE, modal, {"comment": text_of(comment)})


async def test_close_closed_case_reply_and_feedback_once(slack: SlackWorld) -> None:
    ref, _thread = await open_case(slack)
    await slack.say(ALICE, f"close {ref}")
    rating = await slack.message(slack.dm(ALICE), "Rate 1 (poor) to 5 (great)")
    number = ref.removeprefix("CS-")
    await rate(slack, rating, f"{number}:5", "quick and friendly")
    await slack.message(slack.dm(ALICE), f"Thank you for rating {ref}")
    await rate(slack, rating, f"{number}:2", "changed my mind")
    await slack.message(slack.dm(ALICE), "already been rated")
    async with slack.bot.repository.transaction() as uow:
        feedback = await uow.feedback(int(number))
    assert feedback is not None
    assert (feedback.rating, feedback.comment) == (5, "quick and friendly")
    await slack.say(ALICE, "one more question about this")
    offer = await slack.message(slack.dm(ALICE), f"Open a new case referencing {ref}")
    await slack.click(ALICE, offer, number)
    await slack.message(slack.dm(ALICE), "Pick a topic")


async def test_rating_is_kept_when_the_comment_modal_cannot_open(slack: SlackWorld) -> None:
    ref, _thread = await open_case(slack)
    await slack.say(ALICE, f"close {ref}")
    rating = await slack.message(slack.dm(ALICE), "Rate 1 (poor) to 5 (great)")
    slack.fake.fail_next("views.open", "expired_trigger_id")
    await slack.click(ALICE, rating, f"{ref.removeprefix('CS-')}:4")
    await slack.message(slack.dm(ALICE), f"Thank you for rating {ref}")


async def test_bad_signature_and_stale_timestamp_get_401_and_no_call(slack: SlackWorld) -> None:
    before = len(slack.fake.calls)
    bad = await slack.http.send_event(payloads.dm_message("help", user=ALICE), bad_signature=True)
    stale = await slack.http.send_event(payloads.dm_message("help", user=ALICE), stale=True)
    assert (bad.status, stale.status) == (401, 401)
    await asyncio.sleep(0)
    assert len(slack.fake.calls) == before


async def test_event_retried_four_times_has_one_effect(slack: SlackWorld) -> None:
    event = payloads.dm_message("help", user=ALICE, channel=slack.dm(ALICE))
    for retry in (None, 1, 2, 3):
        response = await slack.http.send_event(event, event_id="Ev0SAME", retry_num=retry)
        assert response.status == 200
    await slack.message(slack.dm(ALICE), "Pick a topic")
    await slack.say(ALICE, "tickets")  # a later event, to be sure the retries were all handled
    await slack.message(slack.dm(ALICE), "Your cases")
    topic_questions = [
        c
        for c in slack.fake.calls_to("chat.postMessage")
        if "Pick a topic" in c.params.get("text", "")
    ]
    assert len(topic_questions) == 1


async def test_rate_limit_burst_loses_nothing(slack: SlackWorld) -> None:
    _ref, thread = await open_case(slack)
    slack.fake.rate_limit("chat.postMessage", times=3, retry_after=0)
    for n in range(3):
        await slack.post(DANA, f"update number {n}", channel=BILLING, thread_ts=thread)
    for n in range(3):
        await slack.message(slack.dm(ALICE), f"update number {n}")
    delivered = [
        c.params["text"]
        for c in slack.fake.calls_to("chat.postMessage", ok=True)
        if c.params["channel"] == slack.dm(ALICE) and "update number" in c.params["text"]
    ]
    assert len(delivered) == 3  # each exactly once, none lost
    assert len(slack.fake.calls_to("chat.postMessage", ok=False)) == 3  # the three 429s


async def test_server_errors_and_retry_after_are_waited_out_once(slack: SlackWorld) -> None:
    """Issue 8, R71: 503s are retried, a 429 is not called again before its Retry-After,
    and each message arrives once, in order."""
    _ref, thread = await open_case(slack)
    slack.fake.fail_next("chat.postMessage", "service_unavailable", times=2, status=503)
    await slack.post(DANA, "after the outage", channel=BILLING, thread_ts=thread)
    await slack.message(slack.dm(ALICE), "after the outage")
    slack.fake.rate_limit("chat.postMessage", times=1, retry_after=1)
    await slack.post(DANA, "after the limit", channel=BILLING, thread_ts=thread)
    await slack.message(slack.dm(ALICE), "after the limit")
    calls = slack.fake.calls_to("chat.postMessage")
    limited = next(c for c in calls if c.status == 429)

    async def retried() -> bool:
        done = slack.fake.calls_to("chat.postMessage", ok=True)
        return any(c.params == limited.params for c in done)

    await eventually(retried)
    calls = slack.fake.calls_to("chat.postMessage")
    again = next(c for c in calls if c.at > limited.at and c.params == limited.params)
    assert again.at - limited.at >= 1.0  # not before Retry-After
    sent = [c.params for c in calls if c.status == 200 and "after the" in c.params["text"]]
    to_alice = [p["text"] for p in sent if p["channel"] == slack.dm(ALICE)]
    assert len(to_alice) == 2 and "outage" in to_alice[0] and "limit" in to_alice[1]
    assert len(sent) == len({str(p) for p in sent})  # nothing sent twice


async def _case(slack: SlackWorld, ref: str):  # type: ignore[no-untyped-def]
    async with slack.bot.repository.transaction() as uow:
        return await uow.case(int(ref.removeprefix("CS-")))


async def test_files_follow_r15_allowed_ones_are_relayed(slack: SlackWorld) -> None:
    _ref, thread = await open_case(slack)
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 200
    files = [
        payloads.file_object(
            "F1",
            name="screen.png",
            size=len(png),
            url_private=slack.fake.shared_file("F1", "screen.png", png),
        ),
        payloads.file_object(
            "F2",
            name="tool.exe",
            size=10,
            url_private=slack.fake.shared_file("F2", "tool.exe", b"MZ"),
        ),
    ]
    event = payloads.message_with_files(
        "the screenshot", files, user=ALICE, channel=slack.dm(ALICE)
    )
    assert (await slack.http.send_event(event)).status == 200
    await slack.message(slack.dm(ALICE), "tool.exe was not sent: allowed file types are")
    relayed = await slack.message(BILLING, "the screenshot", thread_ts=thread)
    assert "Alice Adams" in relayed.params["text"]
    upload = await slack.fake.wait_for("files.completeUploadExternal", ok=True)
    assert upload.params["channel_id"] == BILLING
    assert list(slack.fake.uploads.values()) == [png]  # the allowed file, byte for byte


async def test_a_file_slack_cannot_serve_is_refused_by_name_and_the_text_relayed(
    slack: SlackWorld,
) -> None:
    _ref, thread = await open_case(slack)
    url = f"{slack.fake.origin}/files-pri/{slack.fake.team_id}-F9/gone.png"  # answers 404
    gone = payloads.file_object("F9", name="gone.png", size=300, url_private=url)
    event = payloads.message_with_files("see attached", [gone], user=ALICE, channel=slack.dm(ALICE))
    assert (await slack.http.send_event(event)).status == 200
    await slack.message(slack.dm(ALICE), "gone.png was not sent: its content is not a")
    await slack.message(BILLING, "see attached", thread_ts=thread)
    assert slack.fake.uploads == {}


async def test_undeliverable_dm_is_reported_in_the_thread(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)
    slack.fake.fail_next("chat.postMessage", "cannot_dm_user")
    await slack.post(DANA, "Can you try again now?", channel=BILLING, thread_ts=thread)
    notice = await slack.message(BILLING, "could not be delivered to the user", thread_ts=thread)
    assert "cannot_dm_user" in notice.params["text"]
    assert ref in notice.params["text"]


async def test_support_list_and_case_commands(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    listing = interactions.slash_command("/support", "list", user_id=ALICE)
    assert (await slack.http.send_slash_command(listing)).status == 200
    await slack.message(slack.dm(ALICE), "Your cases (1)")
    detail = interactions.slash_command("/support", f"case {ref}", user_id=ALICE)
    assert (await slack.http.send_slash_command(detail)).status == 200
    shown = await slack.fake.wait_for("views.open", lambda c: ref in json.dumps(c.params["view"]))
    assert "Every admin gets access denied" in json.dumps(shown.params["view"])


async def test_a_participant_picked_in_the_form_may_see_and_comment(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)  # R5: bob was picked with the user picker
    detail = interactions.slash_command("/support", f"case {ref}", user_id=BOB)
    await slack.http.send_slash_command(detail)
    shown = await slack.fake.wait_for("views.open", lambda c: ref in json.dumps(c.params["view"]))
    assert "Every admin gets access denied" in json.dumps(shown.params["view"])
    await slack.say(BOB, f"reply {ref} the export fails for me too")
    await slack.message(BILLING, "the export fails for me too", thread_ts=thread)
    async with slack.bot.repository.transaction() as uow:
        case = await uow.case(int(ref.removeprefix("CS-")))
    assert case is not None and case.participants == ("bob",)  # bob of the directory


async def test_the_owner_revokes_login_access_in_the_case_detail_modal(slack: SlackWorld) -> None:
    ref, thread = await open_case(slack)  # R18; login access was granted in the form
    detail = interactions.slash_command("/support", f"case {ref}", user_id=ALICE)
    await slack.http.send_slash_command(detail)
    shown = await slack.fake.wait_for("views.open", lambda c: ref in json.dumps(c.params["view"]))
    revoke = find_action(shown.params["view"]["blocks"], f"access:{ref.removeprefix('CS-')}:off")
    assert revoke["text"]["text"] == "Revoke login access"
    view = {**shown.response["view"], "type": "modal"}
    click = interactions.block_actions([{**revoke, "action_ts": "1.2"}], user_id=ALICE, view=view)
    assert (await slack.http.send_block_actions(click)).status == 200
    await slack.message(slack.dm(ALICE), f"Login access for {ref} is now not granted")
    await slack.message(BILLING, f"The user changed login access for {ref}", thread_ts=thread)


async def test_header_buttons_are_authorised_per_clicker(slack: SlackWorld) -> None:
    ref, _ = await open_case(slack)
    header = await slack.message(BILLING, f"{ref}:")
    await slack.click(ALICE, header, "claim:" + ref.removeprefix("CS-"))  # alice is no agent
    denial = await slack.fake.wait_for("chat.postEphemeral", ok=True)
    assert denial.params["user"] == ALICE
    assert "Only agents may do that" in denial.params["text"]
    await slack.click(DANA, header, "claim:" + ref.removeprefix("CS-"))
    update = await slack.fake.wait_for(
        "chat.update", lambda c: "assignee Dana Diaz" in json.dumps(c.params["blocks"])
    )
    assert update.params["ts"] == header.response["ts"]  # the header is edited in place


async def test_internal_note_shortcut_opens_a_note_box_and_keeps_the_note_internal(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    seen = len(slack.fake.calls_to("views.open"))
    await use_shortcut(slack, "internal_note", thread, "customer is on the legacy plan")
    box = (await slack.fake.wait_for_count("views.open", seen + 1))[-1]
    assert "only agents see it" in json.dumps(box.params["view"])
    await slack.submit(DANA, box, {"text": text_of("customer is on the legacy plan")})
    await slack.message(BILLING, f"Internal note saved on {ref}", thread_ts=thread)
    to_alice = [
        c.params["text"]
        for c in slack.fake.calls_to("chat.postMessage")
        if c.params["channel"] == slack.dm(ALICE)
    ]
    assert not any("legacy plan" in text for text in to_alice)


async def click_header(slack: SlackWorld, ref: str, user: str, control: str) -> None:
    """An agent (or anyone) clicks a control on the case header in the queue channel, as the
    header stands now: its controls follow the case (an escalated one offers the next step)."""
    header = await slack.message(BILLING, f"{ref}:")
    ts = header.response["ts"]
    updates = [c for c in slack.fake.calls_to("chat.update", ok=True) if c.params["ts"] == ts]
    await slack.click(
        user, updates[-1] if updates else header, f"{control}:{ref.removeprefix('CS-')}"
    )


async def test_agent_offers_a_call_from_the_header_and_the_user_accepts(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)  # R19
    seen = len(slack.fake.calls_to("views.open"))
    await click_header(slack, ref, DANA, "call")
    ask = (await slack.fake.wait_for_count("views.open", seen + 1))[-1]
    assert ask.params["view"]["callback_id"] == "text_input"
    when = text_of("2026-11-24T10:00Z https://meet.example/abc")
    await slack.submit(DANA, ask, {"text": when})
    await slack.message(BILLING, f"Call offered on {ref}", thread_ts=thread)
    offer = await slack.message(slack.dm(ALICE), "Support offers a call")
    await slack.click(ALICE, offer, f"{ref.removeprefix('CS-')}:accept")
    await slack.message(slack.dm(ALICE), f"You accepted the call for {ref}")
    await slack.message(BILLING, f"call offer on {ref}: accepted", thread_ts=thread)


async def test_escalation_steps_to_solution_review_and_the_fix_is_confirmed(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)  # R22
    slack.bot.clock.advance(timedelta(hours=5))
    await slack.say(ALICE, f"escalate {ref} invoices blocked for two days")
    await slack.message(BILLING, "Escalation CP-1 submitted", thread_ts=thread)
    for step in ("under review", "engineering in progress", "solution review"):
        await click_header(slack, ref, DANA, "step")
        await slack.message(BILLING, step, thread_ts=thread)
    question = await slack.message(slack.dm(ALICE), "Does the fix work for you?")
    await slack.click(ALICE, question, f"{ref.removeprefix('CS-')}:yes")
    await slack.message(slack.dm(ALICE), "resolved")


async def test_agents_type_case_commands_in_the_thread_and_they_are_not_relayed(
    slack: SlackWorld,
) -> None:
    ref, thread = await open_case(slack)
    await slack.post(
        DANA, "!severity 2 whole finance team blocked", channel=BILLING, thread_ts=thread
    )
    await slack.message(BILLING, f"{ref}: severity 3 -> 2", thread_ts=thread)
    await slack.message(slack.dm(ALICE), f"The severity of {ref} is now 2")
    await slack.post(DANA, "!frobnicate", channel=BILLING, thread_ts=thread)
    unknown = await slack.fake.wait_for("chat.postEphemeral", ok=True)
    assert unknown.params["user"] == DANA and "frobnicate" in unknown.params["text"]
    to_alice = [
        c.params["text"]
        for c in slack.fake.calls_to("chat.postMessage")
        if c.params["channel"] == slack.dm(ALICE)
    ]
    assert not any("!severity" in text or "frobnicate" in text for text in to_alice)


async def test_messages_sent_20_ms_apart_are_relayed_in_their_order(slack: SlackWorld) -> None:
    """Issue 8, R71: a person's messages reach the agents' thread in the order they were
    sent, though Slack delivers each to a listener of its own."""
    _ref, thread = await open_case(slack)
    slack.fake.delay("chat.postMessage", 0.03)  # each relay takes a while, as Slack's do

    # Each is sent once Slack has the one before acknowledged, 20 ms later: they arrive in
    # this order even on a busy machine, and each is still being handled when the next comes.
    for n in range(12):
        await slack.say(ALICE, f"part {n} of my report")
        await asyncio.sleep(0.02)
    await slack.message(BILLING, "part 11 of my report")

    async def all_relayed() -> bool:
        return len(relayed()) == 12

    def relayed() -> list[str]:
        return [
            c.params["text"]
            for c in slack.fake.calls_to("chat.postMessage", ok=True)
            if c.params.get("thread_ts") == thread and "of my report" in c.params["text"]
        ]

    await eventually(all_relayed)
    assert [int(t.split("part ")[1].split()[0]) for t in relayed()] == list(range(12))
