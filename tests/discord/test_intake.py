"""Discord intake journeys: /support with the modal, help forum and channel posts (issue 3/3)."""

from __future__ import annotations

import pytest

from tests.discord.conftest import DiscordWorld, text_of
from tests.discord.journeys import FORM, fill_form, open_case, to_articles

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_slash_support_to_a_case_with_the_modal(discord_world: DiscordWorld) -> None:
    dw = discord_world
    ref, thread = await open_case(dw, values={**FORM, "participant_users": [str(dw.users["bob"])]})
    header = await dw.header(ref)
    shown = text_of(header)
    for part in ("Severity 3 High", "new", "first response due", "login access granted", "Claim"):
        assert part in shown
    assert dw.fake.world.channels[thread]["type"] == 12  # a private thread in the queue channel
    created = await dw.message(dw.dm("alice"), f"Case {ref} is open")
    assert "first response is due" in created["content"]
    notice = await dw.message(dw.dm("bob"), ref)  # the participant picked in the modal
    assert "Alice Adams" in notice["content"]
    assert (await dw.case(ref)).participants == ("bob",)  # the person, so R16 roles apply


async def test_help_forum_post_is_answered_in_its_thread(discord_world: DiscordWorld) -> None:
    dw = discord_world
    forum = dw.fake.guild.forum_channel_id
    thread, _ = await dw.fake.user_forum_post(
        forum, "Invoices broken", "I cannot download invoices", author_id=dw.users["alice"]
    )
    where = int(thread["id"])
    # The post describes the problem: its place is proposed, one click accepts (issue 12).
    proposal = await dw.message(where, "That sounds like Billing & invoices > Invoices")
    await dw.click("alice", proposal, "accept")
    articles = await dw.message(where, "INV-403")
    await fill_form(dw, articles)
    created = await dw.message(where, "is open")  # the case is announced in the forum post
    ref = created["content"].split()[1]
    await dw.header(ref)
    case = await dw.case(ref)
    assert case.user_key.thread == str(where) and case.user_key.channel == str(forum)


async def test_help_channel_post_gets_a_thread(discord_world: DiscordWorld) -> None:
    dw = discord_world
    post = await dw.say("alice", "my invoices do not download", channel=dw.help_channel)
    thread = int(post["id"])  # a thread started from the post shares its id
    await dw.fake.wait_for(lambda: thread in dw.fake.world.channels)
    proposal = await dw.message(thread, "That sounds like Billing & invoices > Invoices")
    await dw.click("alice", proposal, "change")  # choosing another place asks the topic
    topics = await dw.message(thread, "Pick a topic")
    await dw.click("alice", topics, "billing")
    await dw.message(thread, "Which category")
    assert dw.fake.bot_messages_in(dw.help_channel) == []  # nothing in the channel itself


async def test_a_help_post_with_only_a_file_gets_a_thread_named_for_its_author(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    png = dw.fake.attachment("screen.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    post = await dw.say("alice", "", channel=dw.help_channel, attachments=[png])
    thread = int(post["id"])
    await dw.fake.wait_for(lambda: thread in dw.fake.world.channels)
    assert dw.fake.world.channels[thread]["name"] == "Help for Alice Adams"


async def test_a_link_code_asked_in_a_help_thread_is_sent_by_dm(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    post = await dw.say("alice", "my invoices do not download", channel=dw.help_channel)
    thread = int(post["id"])
    await dw.message(thread, "That sounds like")
    await dw.say("alice", "link", channel=thread)
    await dw.message(thread, "sent you the answer in a direct message")
    await dw.message(dw.dm("alice"), "link code is")  # only alice can read (and use) it
    assert dw.messages(thread, "link code") == []


async def test_article_that_solved_it_opens_no_case(discord_world: DiscordWorld) -> None:
    dw = discord_world
    await dw.slash("alice", "support")
    articles = await to_articles(dw)
    await dw.click("alice", articles, "KB-1001")
    await dw.message(dw.dm("alice"), "Glad that helped")
    assert all(r.modal is None for r in dw.fake.interactions.values())
    assert dw.messages(dw.dm("alice"), "Step 1 of 3") == []


async def test_severity_one_gets_the_hotline_and_alerts_on_call(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    await dw.slash("alice", "support")
    await fill_form(dw, await to_articles(dw), severity="1")
    await dw.message(dw.dm("alice"), "call our hotline now")
    alert = await dw.message(dw.oncall, "Severity 1 reported by Alice Adams")
    assert alert["mentions"] == [] and alert["mention_roles"] == []


async def test_form_errors_come_back_with_a_button_to_fix_them(discord_world: DiscordWorld) -> None:
    dw = discord_world
    await dw.slash("alice", "support")
    articles = await to_articles(dw)
    await fill_form(dw, articles, values={**FORM, "links": "not a link"})
    panel = await dw.message(dw.dm("alice"), "links start with http")
    again = await dw.click("alice", panel, "sb:form:3:yes")
    reopened = await dw.modal(again)
    assert reopened["custom_id"] == "sb:caseform:3:yes"  # severity and access are kept
    await dw.submit(again, FORM)
    await dw.message(dw.dm("alice"), "is open")


async def test_german_locale_names_the_commands_and_answers_in_german(
    discord_world: DiscordWorld,
) -> None:
    dw = discord_world
    synced = dw.fake.synced_command("tickets", dw.fake.guild.id)
    assert synced is not None and synced["name_localizations"]["de"] == "fälle"
    await dw.slash("bob", "support", locale="de")
    await dw.message(dw.dm("bob"), "Wählen Sie ein Thema")


async def test_support_in_a_server_channel_continues_in_the_dm(discord_world: DiscordWorld) -> None:
    dw = discord_world
    general = dw.fake.guild.text_channel_id
    asked = await dw.slash("alice", "support", channel=general)
    pointer = await dw.fake.wait_for_interaction_response(asked, count=2)
    assert "sent you a direct message" in pointer.json["content"]
    await dw.message(dw.dm("alice"), "Pick a topic")
    assert dw.fake.bot_messages_in(general) == [dw.fake.message(int(pointer.response["id"]))]

    dw.fake.close_dms(dw.users["carol"])
    refused = await dw.slash("carol", "support", channel=general)
    answer = await dw.fake.wait_for_interaction_response(refused, count=2)
    assert "cannot send you direct messages" in answer.json["content"]
