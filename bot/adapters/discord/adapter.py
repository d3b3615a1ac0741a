"""Inbound Discord traffic: messages and interactions become core events, then rendering."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

import discord

from bot.adapters.discord.catchup import CatchUp, Cursors
from bot.adapters.discord.components import Routes, clip
from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.inbound import (
    actor,
    attachment_meta,
    control_event,
    conversation_key,
    dm_key,
    form_event,
    submitted_values,
)
from bot.adapters.discord.render import DiscordRenderer, Origin, Service
from bot.adapters.discord.views import rating_modal, text_modal
from bot.adapters.routing import InOrder, Show
from bot.core.actions import Action, AskText, OpenCaseForm
from bot.core.attachments import MAX_BYTES, sample
from bot.core.commands import opening_text
from bot.core.events import Actor, ChoiceMade, CommandInvoked, Event, MessageReceived
from bot.core.model import ConversationKey
from bot.core.text import Msg, msg
from bot.i18n import language, translate

log = logging.getLogger(__name__)
Interaction = discord.Interaction[Any]
# Discord allows 3 s for the first answer; a modal cannot follow a defer, so the service gets
# this long to produce one before the interaction is deferred anyway.
MODAL_WINDOW = 2.0
THREAD_EXISTS = 160004
TEXT_MESSAGES = (discord.MessageType.default, discord.MessageType.reply)


class DiscordAdapter:
    """Translates Discord traffic into core events and renders the resulting actions."""

    def __init__(
        self,
        client: discord.Client,
        config: DiscordConfig,
        service: Service,
        elsewhere: Show,
        cursors: Cursors,
    ) -> None:
        self._client = client
        self._config = config
        self._service = service
        self.renderer = DiscordRenderer(client, config, service, elsewhere)
        self.catch_up = CatchUp(client, config, cursors, self.on_message)
        self._in_order = InOrder()

    # -- messages -------------------------------------------------------------------------

    async def on_message(self, message: discord.Message) -> None:
        """DMs, help-channel posts, help-forum posts and threads, agents in queue threads."""
        self._service.begin_event()  # a stop lets this message's answer finish
        if message.author.bot or message.type not in TEXT_MESSAGES:
            return
        async with self._in_order.turn(str(message.channel.id)):
            await self._handle_message(message)

    async def _handle_message(self, message: discord.Message) -> None:
        key, text, opening = await self._message_key(message)
        if key is None:
            return
        files = {a.filename: await self._read(a) for a in message.attachments}
        meta = attachment_meta((a.filename, a.size, a.content_type) for a in message.attachments)
        samples = tuple(sample(files[a.filename]) for a in message.attachments)
        who = actor(message.author.id, message.author.display_name)
        event = MessageReceived(key, who, text, meta, samples, f"msg:{message.id}", opening)
        actions = await self._service.handle(event)
        self.catch_up.seen(message)  # handled: a catch-up after a restart starts after it
        await self.renderer.render(actions, Origin(files=files))

    async def _message_key(
        self, message: discord.Message
    ) -> tuple[ConversationKey | None, str, bool]:
        """Where a message belongs, its text, and whether it opens a help post."""
        channel = message.channel
        if message.guild is None:
            return dm_key(channel.id, message.author.id), message.content, False
        parent = await self._parent_of(channel)
        key = conversation_key(
            self._config,
            guild_id=message.guild.id,
            channel_id=channel.id,
            parent_id=parent,
            user_id=message.author.id,
        )
        if parent is None:
            if channel.id not in self._config.help_channel_ids:
                return None, "", False  # queue channels and other chatter are not ours
            # A post in the help channel: the bot answers in a thread under it.
            await self._thread_for(message)
            key = conversation_key(
                self._config,
                guild_id=message.guild.id,
                channel_id=message.id,
                parent_id=channel.id,
                user_id=message.author.id,
            )
            return key, opening_text(message.content), True
        if self._config.queue_of(parent) is not None:
            return key, message.content, False
        if not self._config.is_help(parent):
            return None, "", False
        # A forum post's starter message has the thread's id: it opens the conversation.
        first = message.id == channel.id
        return key, opening_text(message.content) if first else message.content, first

    async def _thread_for(self, message: discord.Message) -> None:
        name = clip(message.content.splitlines()[0] if message.content else "", 90)
        if not name:  # a post with only files: name the thread after its author
            locale = message.guild.preferred_locale.value if message.guild else None
            name = translate(locale, msg("discord.help_thread", name=message.author.display_name))
        try:
            await message.create_thread(name=clip(name, 90))
        except discord.HTTPException as error:
            if error.code != THREAD_EXISTS:  # a redelivered post already has its thread
                raise

    async def _parent_of(self, channel: Any) -> int | None:
        if isinstance(channel, discord.Thread):
            return channel.parent_id
        if isinstance(channel, discord.abc.GuildChannel):
            return None
        fetched = await self._client.fetch_channel(channel.id)
        return fetched.parent_id if isinstance(fetched, discord.Thread) else None

    async def _read(self, attachment: discord.Attachment) -> bytes:
        """Files the core could accept are read whole: sampled for R15, bytes for the relay."""
        if attachment.size > MAX_BYTES:
            return b""
        try:
            return await attachment.read()
        except discord.HTTPException:
            return b""  # unreadable content fails the content check, with a reply naming it

    # -- slash commands -------------------------------------------------------------------

    async def support(self, interaction: Interaction, request: str | None) -> None:
        """`/support [plan|tickets|case CS-n]`: intake in the DM, or in the help thread used."""

        async def event() -> tuple[Event, Msg | None]:
            key = await self._interaction_key(interaction)
            note = None
            if key.thread is None and key.user is not None and interaction.guild_id is not None:
                dm = await interaction.user.create_dm()
                key, note = dm_key(dm.id, interaction.user.id), msg("discord.see_dm")
            words = tuple((request or "").split())
            return CommandInvoked(
                key, self._actor(interaction), "support", words, _id(interaction)
            ), note

        await self._slash(interaction, event, private=False)

    async def tickets(
        self, interaction: Interaction, status: str | None, search: str | None, org: bool
    ) -> None:
        """`/tickets`: my cases (or the org's) with filter and search, ephemeral (R30, R32)."""
        args = (
            *((f"status:{status}",) if status and status != "all" else ()),
            *(search or "").split(),
            *(("org",) if org else ()),
        )
        await self._command(interaction, "tickets", args)

    async def case_command(self, interaction: Interaction, name: str, args: Sequence[str]) -> None:
        """`/case close|show|rate`: a command about one case, answered privately. The case
        option always names the case, so a bare number is CS-n, even inside a case thread."""
        first, *rest = args
        ref = f"CS-{first.strip()}" if first.strip().isdigit() else first
        await self._command(interaction, name, (ref, *rest))

    async def queue(
        self, interaction: Interaction, only: str | None, queue: str | None, tag: str | None
    ) -> None:
        """`/queue`: the open cases of the agents' queues, ephemeral (R50), with a tag (R52)."""
        args = (
            *((only,) if only and only != "all" else ()),
            *(("queue", queue) if queue else ()),
            *(("tag", tag) if tag else ()),
        )
        await self._command(interaction, "queue", args)

    async def snippet(self, interaction: Interaction, name: str) -> None:
        """`/snippet NAME` in a case thread: a canned reply to the requester (R51)."""
        await self._command(interaction, "snippet", (name,))

    def snippet_choices(self, interaction: Interaction, typed: str) -> list[tuple[str, str]]:
        """The snippets an agent may mean, in their language where translated (autocomplete)."""
        return self._service.snippet_choices(language(interaction.locale.value), typed)

    async def export(
        self, interaction: Interaction, case: str | None, fmt: str | None, internal: bool
    ) -> None:
        """`/export [case] [format] [internal]`: the transcript attached where it was asked
        for (R55), as `export CS-n [html] [internal]` typed: the owner's DM, a case thread."""
        ref = (case or "").strip()
        args = (
            *((f"CS-{ref}" if ref.isdigit() else ref,) if ref else ()),
            *((fmt,) if fmt else ()),
            *(("internal",) if internal else ()),
        )
        await self._command(interaction, "export", args)

    async def _command(self, interaction: Interaction, name: str, args: tuple[str, ...]) -> None:
        async def event() -> tuple[Event, Msg | None]:
            key = await self._interaction_key(interaction)
            return CommandInvoked(key, self._actor(interaction), name, args, _id(interaction)), None

        await self._slash(interaction, event, private=True)

    async def _slash(
        self,
        interaction: Interaction,
        build: Callable[[], Awaitable[tuple[Event, Msg | None]]],
        *,
        private: bool,
    ) -> None:
        self._service.begin_event()  # a stop lets this command's answer finish
        if not await self._defer(interaction):
            return
        origin = Origin(interaction, private=private)
        note: Msg | None = None
        try:
            event, note = await build()
            origin.key = event.key
            await self.renderer.render(await self._service.handle(event), origin)
        except discord.HTTPException as error:
            note = _failed(interaction, error)
            origin.used = False  # the note replaces whatever was half sent
        if origin.dms_closed:
            note = msg("discord.dm_closed")
        await self._finish(origin, note)

    # -- components (Routes) --------------------------------------------------------------

    async def choice(self, interaction: Interaction, field: str, value: str) -> None:
        """An answer button or select; a rating opens its comment modal first (R17)."""
        if field == "rate" and ":" in value:
            case, rating = value.split(":", 1)
            await interaction.response.send_modal(rating_modal(case, rating, self._t(interaction)))
            return
        place = self._place(interaction)  # before any wait: where it arrived
        key = await self._interaction_key(interaction)
        event = ChoiceMade(key, self._actor(interaction), field, value, _id(interaction))
        await self._click(interaction, event, place=place)

    async def control(
        self, interaction: Interaction, command: str, case: str, arg: str | None
    ) -> None:
        """A case control from the queue header or a detail view."""
        place = self._place(interaction)
        key = await self._interaction_key(interaction)
        event = control_event(key, self._actor(interaction), command, case, arg, _id(interaction))
        # A control on a private view (case details) is answered privately too.
        message = interaction.message
        private = bool(message and message.flags.ephemeral)
        await self._click(interaction, event, private=private, place=place)

    async def severity(self, interaction: Interaction, severity: str) -> None:
        """The form's severity was picked: the same message asks for login access."""
        out = self.renderer.access_step(severity, interaction.locale.value)
        await interaction.response.edit_message(content=out.content, view=out.view)

    async def access(self, interaction: Interaction, severity: str, access: str) -> None:
        """Login access was answered: the form modal opens (prefilled by the service)."""
        await self.open_form(interaction, severity, access)

    async def open_form(self, interaction: Interaction, severity: str, access: str) -> None:
        """Ask the service for the form (it prefills it) and open it as a modal."""
        key = await self._interaction_key(interaction)
        event = ChoiceMade(key, self._actor(interaction), "form", "open", _id(interaction))
        await self._click(interaction, event, chosen=(severity, access))

    async def ask(self, interaction: Interaction, command: str, case: str) -> None:
        """The text modal of a command whose question was posted as a message."""
        await interaction.response.send_modal(text_modal(command, case, "", self._t(interaction)))

    async def open_case(self, interaction: Interaction, case: str) -> None:
        """Details of a case picked from a list (R31)."""
        key = await self._interaction_key(interaction)
        event = CommandInvoked(
            key, self._actor(interaction), "case", (f"CS-{case}",), _id(interaction)
        )
        await self._click(interaction, event, private=True)

    async def filter(self, interaction: Interaction, scope: str, status: str) -> None:
        """A case list filtered by status."""
        key = await self._interaction_key(interaction)
        args = (
            *((f"status:{status}",) if status != "all" else ()),
            *(("org",) if scope == "org" else ()),
        )
        event = CommandInvoked(key, self._actor(interaction), "tickets", args, _id(interaction))
        await self._click(interaction, event, private=True)

    # -- modals ---------------------------------------------------------------------------

    async def on_modal(self, interaction: Interaction) -> None:
        """Our modal submits, by custom_id alone (no modal object needs to survive a restart)."""
        data: dict[str, Any] = dict(interaction.data or {})
        kind, *ids = str(data.get("custom_id", "")).split(":")[1:]
        values = submitted_values(data.get("components", []))
        key = await self._interaction_key(interaction)
        who, inbound = self._actor(interaction), _id(interaction)
        event: Event
        chosen = None
        if kind == "caseform" and len(ids) == 2:
            chosen = (ids[0], ids[1])
            event = form_event(key, who, values, severity=ids[0], access=ids[1], inbound_id=inbound)
        elif kind == "text" and len(ids) == 2:
            words = " ".join(values.get("text", [])).split()
            event = control_event(key, who, ids[0], ids[1], None, inbound, words)
        elif kind == "rate" and len(ids) == 2:
            comment = " ".join(values.get("comment", [])).split()
            event = CommandInvoked(key, who, "rate", (f"CS-{ids[0]}", ids[1], *comment), inbound)
        else:
            log.warning("unknown modal %r", data.get("custom_id"))
            return
        await self._click(interaction, event, chosen=chosen, modal=False)

    # -- plumbing -------------------------------------------------------------------------

    def _place(self, interaction: Interaction) -> tuple[str, int]:
        """A click's place in its conversation, beside the messages there (routing.InOrder):
        a description typed right after a category click is read after the click."""
        conversation = str(interaction.channel_id)
        return conversation, self._in_order.ticket(conversation)

    async def _handle_in_turn(self, event: Event, place: tuple[str, int]) -> list[Action]:
        """Handle a click once what arrived before it in its conversation is done; the
        defer or the modal does not wait for it (_click)."""
        async with self._in_order.turn(*place):
            return await self._service.handle(event)

    async def _click(
        self,
        interaction: Interaction,
        event: Event,
        *,
        chosen: tuple[str, str] | None = None,
        private: bool = False,
        modal: bool = True,
        place: tuple[str, int] | None = None,
    ) -> None:
        # Counted here, not only in handle(): the service runs in a task of its own below.
        self._service.begin_event()
        origin = Origin(interaction, event.key, private=private, chosen=chosen)
        task = asyncio.ensure_future(self._handle_in_turn(event, place or self._place(interaction)))
        if modal:
            await asyncio.wait({task}, timeout=MODAL_WINDOW)
            if task.done() and _wants_modal(task.result(), chosen):
                origin.modal_ok = True
                try:
                    await self.renderer.render(task.result(), origin)
                except discord.HTTPException as error:
                    _failed(interaction, error)  # too late for a modal; the user may click again
                return
        if not await self._defer(interaction):
            origin.interaction = None  # a duplicate delivery: the service dedupes it
        try:
            await self.renderer.render(await task, origin)
        except discord.HTTPException as error:
            note = _failed(interaction, error)
            if origin.interaction is not None:
                await interaction.followup.send(self._t(interaction)(note), ephemeral=True)
            return
        await self._finish(origin, None)

    async def _defer(self, interaction: Interaction) -> bool:
        """Acknowledge at once; False when Discord already had an answer (a duplicate)."""
        try:
            if interaction.message is not None:
                await interaction.response.defer()  # no new message; followups may come
            else:
                await interaction.response.defer(ephemeral=True, thinking=True)
        except discord.HTTPException as error:
            log.info("interaction %s not deferred: %s", interaction.id, error)
            return False
        return True

    async def _finish(self, origin: Origin, note: Msg | None) -> None:
        """A 'thinking' answer nobody used is replaced by the note, or removed."""
        interaction = origin.interaction
        if interaction is None or origin.used:
            return
        if (
            interaction.response.type
            is not discord.InteractionResponseType.deferred_channel_message
        ):
            return
        if note is not None:
            await interaction.followup.send(self._t(interaction)(note), ephemeral=True)
        else:
            await interaction.delete_original_response()

    async def _interaction_key(self, interaction: Interaction) -> ConversationKey:
        channel = interaction.channel
        channel_id = interaction.channel_id or 0
        if interaction.guild_id is None:
            return dm_key(channel_id, interaction.user.id)
        parent = await self._parent_of(channel) if channel is not None else None
        return conversation_key(
            self._config,
            guild_id=interaction.guild_id,
            channel_id=channel_id,
            parent_id=parent,
            user_id=interaction.user.id,
        )

    def _actor(self, interaction: Interaction) -> Actor:
        user = interaction.user
        return actor(user.id, user.display_name, interaction.locale.value)

    def _t(self, interaction: Interaction) -> Callable[[Msg], str]:
        locale = interaction.locale.value
        return lambda message: translate(locale, message)


def _id(interaction: Interaction) -> str:
    return f"int:{interaction.id}"


def _wants_modal(actions: Sequence[Action], chosen: tuple[str, str] | None) -> bool:
    """True when the answer is a question best asked in a modal."""
    return any(
        isinstance(a, AskText) or (isinstance(a, OpenCaseForm) and chosen and not a.errors)
        for a in actions
    )


def _failed(interaction: Interaction, error: discord.HTTPException) -> Msg:
    """Discord refused part of the answer: logged with an id the user is shown too."""
    error_id = uuid.uuid4().hex[:8]
    log.error(
        "answering interaction %s failed (error id %s)", interaction.id, error_id, exc_info=error
    )
    return msg("error.unexpected", id=error_id)


if TYPE_CHECKING:
    _ROUTES: type[Routes] = DiscordAdapter  # mypy checks every button has its route here
