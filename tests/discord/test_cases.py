"""Discord case journeys: relay, notes, SLA timers, Escalate, close, feedback, /tickets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import open_case
from tests.fake_discord import EPHEMERAL

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_agent_and_user_are_relayed_notes_are_not(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    await dw.say("dana", "We are on it, Alice. @everyone look", channel=thread)
    relayed = await dw.message(dw.dm("alice"), "We are on it, Alice.")
    assert "Dana Diaz" in relayed["content"]
    call = next(
        c
        for c in dw.fake.calls_to("POST", f"/channels/{dw.dm('alice')}/messages")
        if "We are on it" in str(c.json)
    )
    assert call.json["allowed_mentions"] == {"parse": []}  # relayed text never pings
    await dw.say("dana", "note: customer has a legacy role", channel=thread)
    await dw.message(thread, "Internal note saved")
    await dw.say("alice", "Thanks, waiting for the fix")
    await dw.message(thread, "Thanks, waiting for the fix")
    assert dw.messages(dw.dm("alice"), "legacy role") == []
    header = dw.fake.message(int((await dw.header(ref))["id"]))
    assert "in progress" in text_of(header)  # the first response moved the header in place
    assert "first response" not in (await dw.case(ref)).status


async def test_reminders_breach_and_escalate_for_designated_contacts_only(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    dw.bot.clock.advance(timedelta(hours=2))
    await dw.fire_timers()
    await dw.message(thread, "50%")
    dw.bot.clock.advance(timedelta(hours=2))
    await dw.fire_timers()
    await dw.message(thread, f"SLA breached on {ref}")
    lead = await dw.message(dw.queues["billing-queue"], "Queue lead")
    assert lead["content"].startswith(f"<@&{dw.lead_role}>")  # the lead role is pinged
    assert lead["mention_roles"] == [str(dw.lead_role)]
    offer = await dw.message(dw.dm("alice"), "designated contact can escalate")

    # bob is no designated contact: his own case offers him no Escalate button, and typing
    # it is refused with the rule named (R21, issue 8).
    bob_ref, bob_thread = await open_case(dw, "bob")
    dw.bot.clock.advance(timedelta(hours=5))
    await dw.fire_timers()
    await dw.message(bob_thread, f"SLA breached on {bob_ref}")  # its timers have fired
    assert dw.messages(dw.dm("bob"), "sb:choice:escalate") == []
    await dw.say("bob", f"escalate {bob_ref} no answer")
    await dw.message(dw.dm("bob"), "Nur benannte Ansprechpartner")

    escalate = await dw.click("alice", offer, offer["components"][0]["components"][0]["custom_id"])
    ask = await dw.modal(escalate)
    assert ask["custom_id"] == f"sb:text:escalate:{ref.removeprefix('CS-')}"
    await dw.submit(escalate, {"text": "No answer for two days, invoices blocked"})
    await dw.message(dw.dm("alice"), "Escalation CP-1")
    await dw.message(thread, "Escalation CP-1 submitted")


async def test_escalate_in_a_shared_thread_is_refused_privately(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    thread, _ = await dw.fake.user_forum_post(
        dw.fake.guild.forum_channel_id, "Invoices", "help", author_id=dw.users["alice"]
    )
    where = int(thread["id"])
    from tests.discord.journeys import fill_form, to_articles

    await fill_form(dw, await to_articles(dw, "alice", channel=where), "alice")
    created = await dw.message(where, "CS-")
    dw.bot.clock.advance(timedelta(hours=5))
    await dw.fire_timers()
    offer = await dw.message(where, "sb:choice:escalate")
    click = await dw.click("carol", offer, offer["components"][0]["components"][0]["custom_id"])
    denial = await dw.fake.wait_for_interaction_response(click, count=2)
    assert denial.json["flags"] & EPHEMERAL  # only carol sees why she may not
    assert "designated contacts" in denial.json["content"]
    assert created["id"]


async def test_close_closed_case_reply_and_feedback_once(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    general = dw.fake.guild.text_channel_id
    await dw.slash("alice", "case", {"case": ref}, channel=general, subcommand="close")
    await dw.message(dw.dm("alice"), f"Case {ref} was closed by Alice Adams")
    rating = await dw.message(dw.dm("alice"), "Rate 1 (poor) to 5 (great)")
    await dw.message(thread, f"Case {ref} was closed by Alice Adams")
    number = ref.removeprefix("CS-")
    first = await dw.click("alice", rating, f"{number}:5")
    await dw.submit(first, {"comment": "quick and friendly"})
    await dw.message(dw.dm("alice"), f"Thank you for rating {ref}")
    second = await dw.click("alice", rating, f"{number}:2")
    await dw.submit(second, {"comment": ""})
    await dw.message(dw.dm("alice"), "already been rated")
    await dw.say("alice", "one more question about this")
    offer = await dw.message(dw.dm("alice"), f"Open a new case referencing {ref}")
    await dw.click("alice", offer, f"new_case:{number}")
    topics = dw.messages(dw.dm("alice"), "Pick a topic")
    await dw.fake.wait_for(lambda: len(dw.messages(dw.dm("alice"), "Pick a topic")) > len(topics))


async def test_tickets_for_a_user_and_for_an_org_admin(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, _ = await open_case(dw)
    general = dw.fake.guild.text_channel_id
    mine = await dw.slash("alice", "tickets", channel=general)
    listing = await dw.fake.wait_for_interaction_response(mine, count=2)
    assert listing.json["flags"] & EPHEMERAL
    shown = dw.fake.message(int(listing.response["id"]))
    assert "Your cases (1)" in text_of(shown) and ref in text_of(shown)
    detail = await dw.click("alice", shown, ref.removeprefix("CS-"))
    opened = await dw.fake.wait_for_interaction_response(detail, count=2)
    assert "Every admin gets access denied" in str(opened.json["embeds"])
    assert opened.json["flags"] & EPHEMERAL

    org = await dw.slash("carol", "tickets", {"org": True}, channel=general)
    answer = await dw.fake.wait_for_interaction_response(org, count=2)
    text = text_of(dw.fake.message(int(answer.response["id"])))
    assert "Your organisation's cases (1)" in text and "Alice Adams" in text and ref in text
    none = await dw.slash("alice", "tickets", {"status": "closed"}, channel=general)
    empty = await dw.fake.wait_for_interaction_response(none, count=2)
    assert "No cases match" in text_of(dw.fake.message(int(empty.response["id"])))
    filtered = await dw.click("alice", shown, "new")  # the list's status filter
    again = await dw.fake.wait_for_interaction_response(filtered, count=2)
    assert ref in text_of(dw.fake.message(int(again.response["id"])))


async def test_agent_changes_severity_with_a_reason_from_the_header(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    ref, thread = await open_case(dw)
    header = await dw.header(ref)
    number = ref.removeprefix("CS-")
    asked = await dw.click("dana", header, f"sb:ctl:severity:{number}")
    assert (await dw.modal(asked))["custom_id"] == f"sb:text:severity:{number}"
    await dw.submit(asked, {"text": "2 whole finance team blocked"})
    await dw.message(thread, f"{ref}: severity 3 -> 2")
    await dw.message(dw.dm("alice"), f"The severity of {ref} is now 2")
    await dw.fake.wait_for(lambda: "Severity 2" in text_of(dw.fake.message(int(header["id"]))))

    refused = await dw.click("alice", header, f"sb:ctl:claim:{number}")  # not an agent
    denial = await dw.fake.wait_for_interaction_response(refused, count=2)
    assert denial.json["flags"] & EPHEMERAL and "Only agents" in denial.json["content"]


async def test_agent_offers_a_call_from_the_header_and_the_user_accepts(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world  # R19
    ref, thread = await open_case(dw)
    number = ref.removeprefix("CS-")
    asked = await dw.click("dana", await dw.header(ref), f"sb:ctl:call:{number}")
    assert (await dw.modal(asked))["custom_id"] == f"sb:text:call:{number}"
    await dw.submit(asked, {"text": "2026-11-24T10:00Z https://meet.example/abc"})
    await dw.message(thread, f"Call offered on {ref}")
    offer = await dw.message(dw.dm("alice"), "Support offers a call")
    assert "https://meet.example/abc" in offer["content"]
    await dw.click("alice", offer, f"{number}:accept")
    await dw.message(dw.dm("alice"), f"You accepted the call for {ref}")
    await dw.message(thread, f"The user answered the call offer on {ref}: accepted")


async def test_the_owner_revokes_login_access_from_the_case_details(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world  # R18
    ref, thread = await open_case(dw)  # login access granted in the form
    general = dw.fake.guild.text_channel_id
    shown = await dw.slash("alice", "case", {"case": ref}, channel=general, subcommand="show")
    answer = await dw.fake.wait_for_interaction_response(shown, count=2)
    detail = dw.fake.message(int(answer.response["id"]))
    assert "Revoke login access" in text_of(detail)
    number = ref.removeprefix("CS-")
    clicked = await dw.click("alice", detail, f"sb:ctl:access:{number}:off")
    answer = await dw.fake.wait_for_interaction_response(clicked, count=2)
    assert answer.json["flags"] & EPHEMERAL  # answered where only alice sees it
    assert f"Login access for {ref} is now not granted" in answer.json["content"]
    public = [m for m in dw.messages(general, "is now not granted") if not m["flags"] & EPHEMERAL]
    assert public == []  # nothing in the public channel
    await dw.message(thread, f"The user changed login access for {ref}: not granted")
    header = int((await dw.header(ref))["id"])
    await dw.fake.wait_for(lambda: "login access not granted" in text_of(dw.fake.message(header)))
    assert not (await dw.case(ref)).login_access


async def test_escalation_steps_to_solution_review_and_the_fix_is_confirmed(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world  # R22
    ref, thread = await open_case(dw)
    dw.bot.clock.advance(timedelta(hours=5))
    await dw.say("alice", f"escalate {ref} invoices blocked for two days")
    await dw.message(thread, "Escalation CP-1 submitted")
    number = ref.removeprefix("CS-")
    for step in ("under review", "engineering in progress", "solution review"):
        await dw.click("dana", await dw.header(ref), f"sb:ctl:step:{number}")
        await dw.message(thread, step)
    question = await dw.message(dw.dm("alice"), "Does the fix work for you?")
    await dw.click("alice", question, f"{number}:yes")
    await dw.message(dw.dm("alice"), "resolved")


async def test_case_option_with_a_bare_number_names_that_case_inside_another_thread(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    first, _ = await open_case(dw)
    second, thread = await open_case(dw, "bob")
    number = first.removeprefix("CS-")
    shown = await dw.slash("dana", "case", {"case": number}, channel=thread, subcommand="show")
    answer = await dw.fake.wait_for_interaction_response(shown, count=2)
    detail = text_of(dw.fake.message(int(answer.response["id"])))
    assert first in detail and second not in detail


async def test_an_org_admin_sets_the_status_from_the_case_details(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world  # R13 for org admins (role table)
    ref, _ = await open_case(dw)
    general = dw.fake.guild.text_channel_id
    shown = await dw.slash("carol", "case", {"case": ref}, channel=general, subcommand="show")
    answer = await dw.fake.wait_for_interaction_response(shown, count=2)
    detail = dw.fake.message(int(answer.response["id"]))
    number = ref.removeprefix("CS-")
    await dw.click("carol", detail, f"sb:ctl:status:{number}:waiting_on_customer")
    header = int((await dw.header(ref))["id"])
    await dw.fake.wait_for(lambda: "| waiting on customer |" in text_of(dw.fake.message(header)))
    assert (await dw.case(ref)).status == "waiting_on_customer"
    plain = await dw.slash("alice", "case", {"case": ref}, channel=general, subcommand="show")
    mine = await dw.fake.wait_for_interaction_response(plain, count=2)
    assert "sb:ctl:status" not in str(dw.fake.message(int(mine.response["id"]))["components"])


async def test_agents_type_case_work_in_the_thread_with_a_bang(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world  # R12: not relayed to the user
    ref, thread = await open_case(dw)
    await dw.say("dana", "!claim", channel=thread)
    await dw.message(thread, f"{ref} is assigned to Dana Diaz")
    header = int((await dw.header(ref))["id"])
    await dw.fake.wait_for(lambda: "assignee Dana Diaz" in text_of(dw.fake.message(header)))
    assert dw.messages(dw.dm("alice"), "!claim") == []
