"""A real discord.py ``commands.Bot`` against FakeDiscord: gateway, REST, interactions."""

from __future__ import annotations

import io
import re
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fake_discord import EPHEMERAL, FakeDiscord, run_bot

CLOSE_ID = "support:close"
TOPIC_ID = "support:topic"


class SupportPanel(discord.ui.View):
    """A persistent view: timeout=None and a custom_id on every item."""

    def __init__(self) -> None:
        super().__init__(timeout=None)
        self.topics: list[str] = []

    @discord.ui.button(label="Close", custom_id=CLOSE_ID, style=discord.ButtonStyle.danger)
    async def close(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message(f"closed by {interaction.user.id}", ephemeral=True)

    @discord.ui.select(
        custom_id=TOPIC_ID,
        options=[discord.SelectOption(label=t, value=t) for t in ("billing", "bug", "other")],
    )
    async def topic(self, interaction: discord.Interaction, select: discord.ui.Select[Any]) -> None:
        self.topics.extend(select.values)
        await interaction.response.defer()


class TicketButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"ticket:claim:(?P<number>\d+)"
):
    def __init__(self, number: int) -> None:
        super().__init__(discord.ui.Button(label="Claim", custom_id=f"ticket:claim:{number}"))
        self.number = number

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
    ) -> TicketButton:
        return cls(int(match["number"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=f"ticket {self.number} claimed", view=None)


class ReportModal(discord.ui.Modal, title="Report a problem"):
    summary: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Summary", custom_id="summary")
    details: discord.ui.TextInput[Any] = discord.ui.TextInput(
        label="Details", custom_id="details", style=discord.TextStyle.paragraph, required=False
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"report: {self.summary.value} / {self.details.value}", ephemeral=True
        )


class SupportBot(commands.Bot):
    def __init__(self, guild_id: int) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, guild_ready_timeout=0.05)
        self.guild_id = guild_id
        self.panel = SupportPanel()
        self.forum_threads: list[discord.Thread] = []

    async def setup_hook(self) -> None:
        self.add_view(self.panel)
        self.add_dynamic_items(TicketButton)
        guild = discord.Object(id=self.guild_id)

        @app_commands.command(name="ticket", description="Open a ticket")
        @app_commands.describe(title="What is wrong", urgent="Is it urgent")
        async def ticket(
            interaction: discord.Interaction, title: str, urgent: bool = False
        ) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            locale = interaction.locale.value
            await interaction.followup.send(f"opened {title!r} urgent={urgent} locale={locale}")

        @app_commands.command(name="report", description="Report a problem")
        async def report(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(ReportModal())

        self.tree.add_command(ticket, guild=guild)
        self.tree.add_command(report, guild=guild)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        if message.content == "ping":
            await message.channel.send("pong")
        elif message.content == "files?":
            sizes = [len(await a.read()) for a in message.attachments]
            await message.reply(f"got {[a.filename for a in message.attachments]} {sizes}")

    async def on_thread_create(self, thread: discord.Thread) -> None:
        self.forum_threads.append(thread)


def make_bot(fake: FakeDiscord) -> SupportBot:
    return SupportBot(fake.guild.id)


async def test_connects_and_builds_the_guild(fake: FakeDiscord) -> None:
    bot = make_bot(fake)
    async with run_bot(bot, fake):
        guild = bot.get_guild(fake.guild.id)
        assert guild is not None and not guild.unavailable
        assert guild.member_count == 4
        assert guild.me is not None and guild.me.id == fake.bot_id
        assert guild.get_role(fake.guild.staff_role_id) is not None
        forum = guild.get_channel(fake.guild.forum_channel_id)
        assert isinstance(forum, discord.ForumChannel)
        assert {t.name for t in forum.available_tags} == {"bug", "question", "billing"}
        assert isinstance(guild.get_channel(fake.guild.text_channel_id), discord.TextChannel)
        thread = guild.get_thread(fake.guild.thread_id)
        assert thread is not None and thread.me is not None
        assert bot.application_id == fake.application_id
        await fake.wait_for(lambda: bot.latency != float("inf"))  # heartbeat was ACKed
    identify = fake.identifies[0]
    assert identify["intents"] & (1 << 15)  # message_content
    assert [c.path for c in fake.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]


async def test_message_create_reaches_on_message_and_reply_lands(fake: FakeDiscord) -> None:
    channel_id = fake.guild.text_channel_id
    async with run_bot(make_bot(fake), fake):
        await fake.user_message(channel_id, "ping")
        reply = await fake.wait_for_message(channel_id)
        assert reply["content"] == "pong"
        assert reply["author"]["id"] == str(fake.bot_id)

        # Thread and DM messages use the same builder.
        await fake.user_message(fake.guild.thread_id, "ping")
        assert (await fake.wait_for_message(fake.guild.thread_id))["content"] == "pong"
        dm = fake.dm_channel_id(fake.guild.member_id)
        await fake.user_message(dm, "ping")
        assert (await fake.wait_for_message(dm))["content"] == "pong"

        # Attachments are served by the fake, so Attachment.read() works.
        report = fake.attachment("log.txt", b"12345")
        question = await fake.user_message(channel_id, "files?", attachments=[report])
        answer = await fake.wait_for_message(channel_id, lambda m: m["content"].startswith("got"))
        assert answer["content"] == "got ['log.txt'] [5]"
        assert answer["message_reference"]["message_id"] == question["id"]


async def test_slash_command_defer_and_followup(fake: FakeDiscord) -> None:
    bot = make_bot(fake)
    async with run_bot(bot, fake):
        synced = await bot.tree.sync(guild=discord.Object(id=fake.guild.id))
        assert {c.name for c in synced} == {"ticket", "report"}
        assert fake.synced_command("ticket", fake.guild.id) is not None

        payload = fake.build_slash_command(
            "ticket", {"title": "printer on fire", "urgent": True}, locale="de"
        )
        interaction_id = await fake.interact(payload)
        followup = await fake.wait_for_interaction_response(interaction_id, count=2)

    callback, second = fake.interaction_responses(interaction_id)
    assert callback.json == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert second.method == "POST" and second.path.startswith("/webhooks/")
    assert followup is second
    # The first followup after a defer replaces the "thinking" message.
    record = fake.interaction(interaction_id)
    assert record.original_message_id is not None
    message = fake.message(record.original_message_id)
    assert message["content"] == "opened 'printer on fire' urgent=True locale=de"
    assert message["flags"] & EPHEMERAL


async def test_persistent_view_and_dynamic_item_get_component_interactions(
    fake: FakeDiscord,
) -> None:
    bot = make_bot(fake)
    channel_id = fake.guild.text_channel_id
    async with run_bot(bot, fake):
        channel = bot.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("Need help?", view=bot.panel)
        dynamic = discord.ui.View(timeout=None).add_item(TicketButton(7))
        await channel.send("Ticket 7", view=dynamic)
        panel, ticket = fake.bot_messages_in(channel_id)

        click = await fake.interact(fake.build_button_click(panel, CLOSE_ID))
        call = await fake.wait_for_interaction_response(click)
        assert call.json["type"] == 4
        assert call.json["data"]["content"] == f"closed by {fake.guild.member_id}"
        assert call.json["data"]["flags"] == EPHEMERAL

        choose = await fake.interact(fake.build_select(panel, TOPIC_ID, ["billing"]))
        assert (await fake.wait_for_interaction_response(choose)).json == {"type": 6}
        assert bot.panel.topics == ["billing"]

        claim = await fake.interact(fake.build_button_click(ticket, "ticket:claim:7"))
        update = await fake.wait_for_interaction_response(claim)
        assert update.json["type"] == 7
        edited = fake.message(int(ticket["id"]))
        assert edited["content"] == "ticket 7 claimed"
        assert edited["components"] == []


async def test_modal_submit_reaches_on_submit(fake: FakeDiscord) -> None:
    bot = make_bot(fake)
    async with run_bot(bot, fake):
        await bot.tree.sync(guild=discord.Object(id=fake.guild.id))
        opened = await fake.interact(fake.build_slash_command("report"))
        modal_call = await fake.wait_for_interaction_response(opened)
        assert modal_call.json["type"] == 9
        assert modal_call.json["data"]["title"] == "Report a problem"

        submit = fake.build_modal_submit_for(opened, {"summary": "VPN down", "details": "since 9"})
        submitted = await fake.interact(submit)
        answer = await fake.wait_for_interaction_response(submitted)
    assert answer.json["data"]["content"] == "report: VPN down / since 9"


async def test_rate_limited_send_is_retried_and_lands_once(fake: FakeDiscord) -> None:
    bot = make_bot(fake)
    channel_id = fake.guild.text_channel_id
    async with run_bot(bot, fake):
        fake.rate_limit(f"/channels/{channel_id}/messages", times=1, retry_after=0.05)
        channel = bot.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("after the limit")
    statuses = [c.status for c in fake.calls_to("POST", f"/channels/{channel_id}/messages")]
    assert statuses == [429, 200]
    assert [m["content"] for m in fake.bot_messages_in(channel_id)] == ["after the limit"]
    assert sent.id == int(fake.bot_messages_in(channel_id)[0]["id"])


async def test_dm_to_user_with_closed_dms_is_forbidden(fake: FakeDiscord) -> None:
    bot = make_bot(fake)
    async with run_bot(bot, fake):
        fake.close_dms(fake.guild.member_id)
        user = await bot.fetch_user(fake.guild.member_id)
        with pytest.raises(discord.Forbidden) as caught:
            await user.send("hello")
    assert caught.value.code == 50007
    assert fake.calls_to("POST", "/users/@me/channels")[0].json == {
        "recipient_id": fake.guild.member_id
    }


async def test_forum_posts_and_threads(fake: FakeDiscord) -> None:
    bot = make_bot(fake)
    async with run_bot(bot, fake):
        thread, starter = await fake.user_forum_post(
            fake.guild.forum_channel_id, "Cannot log in", "Help!", tags=["bug"]
        )
        await fake.wait_for(lambda: bot.forum_threads)
        seen = bot.forum_threads[0]
        assert seen.id == int(thread["id"]) == int(starter["id"])
        assert [t.name for t in seen.applied_tags] == ["bug"]

        forum = bot.get_channel(fake.guild.forum_channel_id)
        assert isinstance(forum, discord.ForumChannel)
        tag = next(t for t in forum.available_tags if t.name == "question")
        created = await forum.create_thread(name="FAQ", content="Read me", applied_tags=[tag])
        assert created.thread.name == "FAQ" and created.message.content == "Read me"
        assert created.message.id == created.thread.id

        text = bot.get_channel(fake.guild.text_channel_id)
        assert isinstance(text, discord.TextChannel)
        private = await text.create_thread(name="case-1", type=discord.ChannelType.private_thread)
        assert private.type is discord.ChannelType.private_thread
        member = await bot.fetch_user(fake.guild.staff_member_id)
        await private.add_user(member)
        await private.send("staff joined")
    assert fake.guild.staff_member_id in fake.world.thread_members[private.id]
    assert fake.bot_messages_in(private.id)[0]["content"] == "staff joined"


async def test_bot_restart_against_the_same_fake(fake: FakeDiscord) -> None:
    channel_id = fake.guild.text_channel_id
    async with run_bot(make_bot(fake), fake):
        await fake.user_message(channel_id, "ping")
        await fake.wait_for(lambda: len(fake.bot_messages_in(channel_id)) == 1)
    await fake.wait_for(lambda: not fake.connected_sessions)

    async with run_bot(make_bot(fake), fake) as second:
        assert second.get_guild(fake.guild.id) is not None
        await fake.user_message(channel_id, "ping")
        await fake.wait_for(lambda: len(fake.bot_messages_in(channel_id)) == 2)
    assert len(fake.sessions) == 2


async def test_reconnect_resumes_the_session(fake: FakeDiscord) -> None:
    channel_id = fake.guild.text_channel_id
    async with run_bot(make_bot(fake), fake):
        (session,) = fake.sessions.values()
        await fake.request_reconnect()
        await fake.wait_for(lambda: session.resumes == 1 and session.connected)
        assert fake.connections[-1].path == "/gateway-resume"
        await fake.user_message(channel_id, "ping")
        assert (await fake.wait_for_message(channel_id))["content"] == "pong"
    assert len(fake.identifies) == 1


async def test_rest_answers_like_discord(fake: FakeDiscord) -> None:
    headers = {"Authorization": f"Bot {fake.token}"}
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{fake.api_base}/users/@me", headers=headers) as response:
            assert response.headers["Content-Type"] == "application/json"
            assert (await response.json())["id"] == str(fake.bot_id)
        async with http.get(f"{fake.api_base}/no/such/route", headers=headers) as response:
            assert response.status == 404
            assert response.headers["Content-Type"] == "application/json"
        async with http.get(f"{fake.api_base}/users/@me") as response:
            assert response.status == 401
    assert [c.path for c in fake.unknown_calls] == ["/no/such/route"]


def test_interaction_payloads_carry_what_discord_sends(fake: FakeDiscord) -> None:
    in_guild = fake.build_slash_command("ticket", {"title": "x", "who": fake.guild.staff_member_id})
    required = {
        "id",
        "application_id",
        "type",
        "data",
        "token",
        "version",
        "locale",
        "guild_locale",
        "channel_id",
        "channel",
        "app_permissions",
        "entitlements",
        "authorizing_integration_owners",
        "context",
        "attachment_size_limit",
        "member",
    }
    assert required <= in_guild.keys() and "user" not in in_guild
    assert in_guild["member"]["permissions"]
    dm = fake.dm_channel_id(fake.guild.member_id)
    in_dm = fake.build_slash_command("ticket", {"title": "x"}, channel_id=dm)
    assert "member" not in in_dm and in_dm["user"]["id"] == str(fake.guild.member_id)
    assert in_dm["context"] == 1 and in_dm["channel"]["type"] == 1


async def test_without_message_content_intent_guild_text_is_blank(fake: FakeDiscord) -> None:
    seen: list[str] = []
    bot = commands.Bot("!", intents=discord.Intents.default(), guild_ready_timeout=0.05)

    @bot.event
    async def on_message(message: discord.Message) -> None:
        seen.append(message.content)

    async with run_bot(bot, fake):
        await fake.user_message(fake.guild.text_channel_id, "secret")
        await fake.user_message(fake.guild.text_channel_id, f"<@{fake.bot_id}> hi")
        await fake.user_message(fake.dm_channel_id(fake.guild.member_id), "dm text")
        await fake.wait_for(lambda: len(seen) == 3)
    assert seen == ["", f"<@{fake.bot_id}> hi", "dm text"]


async def test_late_interaction_answer_is_unknown_interaction() -> None:
    async with FakeDiscord(interaction_ack_deadline=0.0) as fake:
        bot = make_bot(fake)
        async with run_bot(bot, fake):
            await bot.tree.sync(guild=discord.Object(id=fake.guild.id))
            late = await fake.interact(fake.build_slash_command("ticket", {"title": "slow"}))
            call = await fake.wait_for_interaction_response(late)
        assert call.status == 404 and call.response["code"] == 10062


async def test_files_are_recorded_and_edits_apply(fake: FakeDiscord) -> None:
    channel_id = fake.guild.text_channel_id
    async with run_bot(make_bot(fake), fake) as bot:
        channel = bot.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        sent = await channel.send("see log", file=discord.File(io.BytesIO(b"abc"), "case.log"))
        assert [a.filename for a in sent.attachments] == ["case.log"]
        assert await sent.attachments[0].read() == b"abc"
        call = fake.calls_to("POST", f"/channels/{channel_id}/messages")[0]
        assert call.json["content"] == "see log"
        assert [(f.field, f.filename, f.data) for f in call.files] == [
            ("files[0]", "case.log", b"abc")
        ]
        edited = await sent.edit(content="log removed", attachments=[])
        assert edited.content == "log removed" and edited.attachments == []
        fetched = await channel.fetch_message(sent.id)
        assert fetched.edited_at is not None
    assert fake.message(sent.id)["attachments"] == []


async def test_messages_posted_while_away_are_kept_and_paged_like_discord(
    fake: FakeDiscord,
) -> None:
    channel_id = fake.guild.text_channel_id
    async with run_bot(make_bot(fake), fake) as bot:
        first = await fake.user_message(channel_id, "seen live")
        posted = [
            int((await fake.user_message(channel_id, f"away {n}", deliver=False))["id"])
            for n in range(230)
        ]
        channel = bot.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        after = discord.Object(id=int(first["id"]))
        read = [m.id async for m in channel.history(limit=None, after=after, oldest_first=True)]
        assert read == posted  # three pages of at most 100, oldest first
        newest = [m.id async for m in channel.history(limit=3)]
        assert newest == posted[:-4:-1]
    pages = fake.calls_to("GET", f"/channels/{channel_id}/messages")
    assert [c.query["limit"] for c in pages[:3]] == ["100", "100", "100"]
    gateway = [f for s in fake.sessions.values() for f in s.sent if f["t"] == "MESSAGE_CREATE"]
    assert len(gateway) == 1  # only the live message went over the gateway
