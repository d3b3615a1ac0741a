"""Core actions -> Discord REST calls: one function per action type, deliveries recorded."""

from __future__ import annotations

import io
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import discord

from bot.adapters.discord.components import clip
from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.inbound import DM, PLATFORM, actor, dm_key
from bot.adapters.discord.views import (
    Out,
    access_out,
    articles_out,
    ask_out,
    case_form_modal,
    choice_out,
    chunks,
    detail_out,
    escalate_out,
    form_panel,
    header_out,
    list_out,
    queue_out,
    text_modal,
)
from bot.adapters.routing import Show, keep_own, not_shown
from bot.core.actions import (
    Action,
    Alert,
    AskChoice,
    AskText,
    CaseHeader,
    MoveToDirect,
    OfferArticles,
    OpenCaseForm,
    PostFiles,
    Relay,
    Reply,
    SendFile,
    ShowCaseDetail,
    ShowCaseList,
    ShowEscalate,
    ShowQueue,
)
from bot.core.events import DirectOpened, Event, ThreadBound
from bot.core.model import ConversationKey
from bot.core.text import Msg, msg
from bot.i18n import translate

log = logging.getLogger(__name__)
DMS_CLOSED = 50007
THREAD_NAME_MAX = 100
JUMP_URL = "https://discord.com/channels"  # + /guild/channel opens it in any client


class Service(Protocol):
    """What rendering needs from SupportService."""

    def begin_event(self) -> None:
        """Count the calling task as handling an event until it ends (a stop waits for it)."""
        ...

    async def handle(self, event: Event) -> list[Action]:
        """Handle one event."""
        ...

    async def delivered(self, actions: Sequence[Action]) -> None:
        """Actions now shown: their outbox rows are not sent again."""
        ...

    async def record_delivery(
        self, *, case_number: int, message_id: int, ok: bool, detail: str = ""
    ) -> list[Action]:
        """Record how a relay went."""
        ...

    def snippet_choices(self, language: str, typed: str) -> list[tuple[str, str]]:
        """Snippets (name, title) that fit what an agent typed so far (R51)."""
        ...


@dataclass
class Origin:
    """The interaction behind a batch of actions, if any, and what it allows."""

    interaction: discord.Interaction[Any] | None = None
    key: ConversationKey | None = None
    private: bool = False  # answers to `key` are ephemeral (/tickets, /case)
    modal_ok: bool = False  # the interaction is unanswered and may still open a modal
    chosen: tuple[str, str] | None = None  # case form: severity and login access picked
    files: dict[str, bytes] = field(default_factory=dict)
    used: bool = False  # something was sent through the interaction itself
    dms_closed: bool = False  # a DM could not be sent (Discord error 50007)

    @property
    def user_id(self) -> str | None:
        """Who interacted."""
        return str(self.interaction.user.id) if self.interaction else None


class DiscordRenderer:
    """Renders actions through one bot client; usable without an interaction (timers)."""

    def __init__(
        self,
        client: discord.Client,
        config: DiscordConfig,
        service: Service,
        elsewhere: Show = not_shown,
    ) -> None:
        self._client = client
        self._config = config
        self._service = service
        self._elsewhere = elsewhere  # actions for other platforms (a linked person's case)
        self._renderers: dict[type[Any], Callable[[Any, Origin], Awaitable[None]]] = {
            Reply: self._reply,
            AskText: self._ask_text,
            AskChoice: self._ask_choice,
            OfferArticles: self._articles,
            OpenCaseForm: self._form,
            CaseHeader: self._header,
            Relay: self._relay,
            ShowEscalate: self._escalate,
            ShowCaseList: self._case_list,
            ShowQueue: self._queue,
            ShowCaseDetail: self._detail,
            MoveToDirect: self._move,
            Alert: self._alert,
            SendFile: self._file,
            PostFiles: self._files,
        }

    async def render(self, actions: Sequence[Action], origin: Origin | None = None) -> None:
        """Render Discord's actions in order, then hand the others on; an action with no
        renderer is an error, not a drop."""
        context = origin or Origin()
        # Shown, or given up for good (DMs closed): either way never sent again.
        done: list[Action] = []
        try:
            for action in await keep_own(actions, PLATFORM, self._elsewhere):
                await self._render_one(action, context)
                done.append(action)
        finally:
            await self._service.delivered(done)

    async def _render_one(self, action: Action, context: Origin) -> None:
        renderer = self._renderers.get(type(action))
        if renderer is None:
            raise TypeError(f"discord has no renderer for {type(action).__name__}")
        try:
            await renderer(action, context)
        except discord.Forbidden as error:
            if error.code != DMS_CLOSED or not action.to.user:
                raise
            # One person blocking DMs must not cost everyone else their messages.
            context.dms_closed = True
            log.warning(
                "%s not delivered: user %s blocks DMs", type(action).__name__, action.to.user
            )

    # -- where things go ------------------------------------------------------------------

    async def _target(self, key: ConversationKey) -> discord.abc.Messageable | None:
        if key.thread:
            return self._client.get_partial_messageable(int(key.thread))
        if key.user and (key.channel == DM or not key.channel.isdigit()):
            # A person reached by user id (participant, lead, logged case): open their DM.
            return await self._client.create_dm(discord.Object(int(key.user)))
        channel_id = self._config.channel_of(key.channel)
        return None if channel_id is None else self._client.get_partial_messageable(channel_id)

    async def _send(
        self,
        key: ConversationKey,
        out: Out,
        *,
        mentions: discord.AllowedMentions | None = None,
        files: Sequence[discord.File] = (),
    ) -> discord.Message | None:
        target = await self._target(key)
        if target is None:
            log.warning("no Discord channel is configured for %r; message not posted", key.channel)
            return None
        # Without `mentions`, the client's default holds: nothing is pinged.
        pings: dict[str, Any] = {} if mentions is None else {"allowed_mentions": mentions}
        parts = chunks(out.content) if out.content else [""]
        for part in parts[:-1]:
            await target.send(part, **pings)
        kwargs: dict[str, Any] = {**pings, "embeds": out.embeds}
        if out.view is not None:
            kwargs["view"] = out.view
        if files:
            kwargs["files"] = list(files)
        return await target.send(parts[-1] or None, **kwargs)

    async def _ephemeral(self, origin: Origin, out: Out) -> None:
        assert origin.interaction is not None
        kwargs: dict[str, Any] = {"ephemeral": True, "embeds": out.embeds, "wait": True}
        if out.view is not None:
            kwargs["view"] = out.view
        await origin.interaction.followup.send(clip(out.content, 2000) or "", **kwargs)
        origin.used = True

    def _private(self, origin: Origin, key: ConversationKey) -> bool:
        return origin.interaction is not None and origin.private and key == origin.key

    # -- one function per action ----------------------------------------------------------

    async def _reply(self, action: Reply, origin: Origin) -> None:
        out = Out(translate(action.locale, action.text))
        if origin.interaction is not None and (
            (action.only_for and action.only_for == origin.user_id)
            or self._private(origin, action.to)
        ):
            await self._ephemeral(origin, out)
            return
        if action.only_for:
            # Nobody to answer privately in the channel: tell the person in their DM.
            key = ConversationKey(action.to.platform, action.to.workspace, DM, user=action.only_for)
            await self._send(key, out)
            return
        await self._send(action.to, out)

    async def _ask_text(self, action: AskText, origin: Origin) -> None:
        t = _translator(action.locale)
        prompt = t(action.text)
        if origin.modal_ok and origin.interaction is not None:
            modal = text_modal(action.command, str(action.case_number), prompt, t)
            await origin.interaction.response.send_modal(modal)
            origin.modal_ok, origin.used = False, True
            return
        await self._send(action.to, ask_out(prompt, action.command, action.case_number, t))

    async def _ask_choice(self, action: AskChoice, _: Origin) -> None:
        await self._send(action.to, choice_out(action, _translator(action.locale)))

    async def _articles(self, action: OfferArticles, _: Origin) -> None:
        await self._send(action.to, articles_out(action, _translator(action.locale)))

    async def _form(self, action: OpenCaseForm, origin: Origin) -> None:
        t = _translator(action.locale)
        chosen = origin.chosen
        if origin.modal_ok and origin.interaction is not None and chosen and not action.errors:
            modal = case_form_modal(action, t, *chosen)
            await origin.interaction.response.send_modal(modal)
            origin.modal_ok, origin.used = False, True
            return
        await self._send(action.to, form_panel(action, t, chosen))

    async def _header(self, action: CaseHeader, _: Origin) -> None:
        out = header_out(action, _translator(action.locale))
        if action.new or action.to.thread is None:
            await self._new_thread(action, out)
            return
        thread = self._client.get_partial_messageable(int(action.to.thread))
        # The header is the thread's first message: found again through the API, not memory.
        async for first in thread.history(limit=1, oldest_first=True):
            if self._client.user is not None and first.author.id == self._client.user.id:
                await thread.get_partial_message(first.id).edit(
                    content=out.content, embeds=out.embeds, view=out.view
                )
                return
        log.warning("CS-%s: no header found in thread %s", action.case_number, action.to.thread)

    async def _new_thread(self, action: CaseHeader, out: Out) -> None:
        queue = await self._text_channel(self._config.channel_of(action.to.channel))
        if queue is None:
            log.warning(
                "no Discord queue channel for %r; CS-%s not posted",
                action.to.channel,
                action.case_number,
            )
            return
        thread = await queue.create_thread(
            name=clip(out.content, THREAD_NAME_MAX),
            type=discord.ChannelType.private_thread,
            invitable=False,
        )
        kwargs: dict[str, Any] = {"embeds": out.embeds}
        if out.view is not None:
            kwargs["view"] = out.view
        await thread.send(out.content, **kwargs)
        me = self._client.user
        bot = actor(me.id if me else 0, me.name if me else "supportbot")
        bound = ThreadBound(action.to, bot, action.case_number, str(thread.id))
        await self.render(await self._service.handle(bound))

    async def _relay(self, action: Relay, origin: Origin) -> None:
        text = translate(
            action.locale,
            msg(
                "relay.from",
                author=action.author,
                case=f"CS-{action.case_number}",
                text=action.text,
            ),
        )
        files = [
            discord.File(io.BytesIO(origin.files[name]), filename=name)
            for name in action.attachments
            if name in origin.files
        ]
        content = text if action.text.strip() else ""
        try:
            await self._send(action.to, Out(content), files=files)
        except discord.Forbidden as error:
            if error.code != DMS_CLOSED or not action.to.user:
                await self._delivered(action, ok=False, detail=_detail(error))
                return
            await self._dms_closed(action, text)
            return
        except discord.HTTPException as error:
            log.warning("relay of CS-%s failed: %s", action.case_number, _detail(error))
            await self._delivered(action, ok=False, detail=_detail(error))
            return
        await self._delivered(action, ok=True)

    async def _dms_closed(self, action: Relay, text: str) -> None:
        """The user blocks DMs: their private case thread in the help channel gets it instead."""
        user = int(action.to.user or 0)
        thread = await self._fallback_thread(action.case_number, user)
        if thread is None:
            await self._delivered(action, ok=False, detail=f"dm_closed ({DMS_CLOSED})")
            return
        ref = f"CS-{action.case_number}"
        notice = translate(action.locale, msg("discord.relay.fallback", case=ref))
        ping = discord.AllowedMentions(users=[discord.Object(user)], roles=False, everyone=False)
        await thread.send(clip(f"<@{user}> {notice}\n{text}", 2000), allowed_mentions=ping)
        # Agents are told through the delivery record, which posts in their thread.
        detail = f"dm_closed ({DMS_CLOSED}); sent in <#{thread.id}> instead"
        await self._delivered(action, ok=False, detail=detail)

    async def _fallback_thread(self, case_number: int, user: int) -> discord.Thread | None:
        ids = self._config.help_channel_ids
        channel = await self._text_channel(ids[0] if ids else None)
        if channel is None:
            return None
        name = f"CS-{case_number}"
        found = next((t for t in channel.threads if t.name == name), None)
        if found is not None:
            return found
        thread = await channel.create_thread(
            name=name, type=discord.ChannelType.private_thread, invitable=False
        )
        await thread.add_user(discord.Object(user))
        return thread

    async def _delivered(self, action: Relay, *, ok: bool, detail: str = "") -> None:
        await self.render(
            await self._service.record_delivery(
                case_number=action.case_number, message_id=action.message_id, ok=ok, detail=detail
            )
        )

    async def _escalate(self, action: ShowEscalate, _: Origin) -> None:
        await self._send(action.to, escalate_out(action, _translator(action.locale)))

    async def _case_list(self, action: ShowCaseList, origin: Origin) -> None:
        out = list_out(action, _translator(action.locale))
        if origin.interaction is not None:
            await self._ephemeral(origin, out)
            return
        await self._send(action.to, out)

    async def _queue(self, action: ShowQueue, origin: Origin) -> None:
        out = queue_out(action, _translator(action.locale), self._jump_links(action))
        if origin.interaction is not None:
            await self._ephemeral(origin, out)
            return
        await self._send(action.to, out)

    def _jump_links(self, queue: ShowQueue) -> dict[int, str]:
        """Links into the private threads of the listed cases that live on Discord (R50); the
        guild is the queue channel's (a case opened in a DM has none of its own)."""
        links: dict[int, str] = {}
        for row in queue.rows:
            thread = row.thread
            if thread is None or thread.platform != PLATFORM or thread.thread is None:
                continue
            channel = self._client.get_channel(self._config.channel_of(thread.channel) or 0)
            if isinstance(channel, discord.abc.GuildChannel):
                links[row.case_number] = f"{JUMP_URL}/{channel.guild.id}/{thread.thread}"
        return links

    async def _detail(self, action: ShowCaseDetail, origin: Origin) -> None:
        out = detail_out(action, _translator(action.locale))
        if origin.interaction is not None:
            await self._ephemeral(origin, out)
            return
        await self._send(action.to, out)

    async def _move(self, action: MoveToDirect, _: Origin) -> None:
        await self._send(action.to, Out(translate(action.locale, action.text)))
        user = int(action.user)
        dm = await self._client.create_dm(discord.Object(user))
        opened = DirectOpened(dm_key(dm.id, user), actor(user, action.user))
        in_dm = Origin()  # answers in the DM, not to the click in the thread
        await self.render(await self._service.handle(opened), in_dm)
        if in_dm.dms_closed:
            # The intake waits in a DM the person cannot read: say so where they are.
            await self._send(action.to, Out(translate(action.locale, msg("discord.dm_closed"))))

    async def _alert(self, action: Alert, _: Origin) -> None:
        text = translate(action.locale, action.text)
        role = self._config.lead_roles.get(action.to.channel) if action.mention else None
        mentions: discord.AllowedMentions | None = None
        if role is not None:
            # The queue lead is a role on Discord; only that role is pinged.
            text = f"<@&{role}> {text}"
            mentions = discord.AllowedMentions(
                roles=[discord.Object(role)], users=False, everyone=False
            )
        elif action.mention and action.mention.isdigit():
            text = f"<@{action.mention}> {text}"
            mentions = discord.AllowedMentions(
                users=[discord.Object(int(action.mention))], roles=False, everyone=False
            )
        await self._send(action.to, Out(text), mentions=mentions)

    async def _file(self, action: SendFile, _: Origin) -> None:
        """R55: the file as an attachment of a message where the person asked."""
        upload = discord.File(io.BytesIO(action.content), filename=action.filename)
        await self._send(action.to, Out(translate(action.locale, action.text)), files=[upload])

    async def _files(self, action: PostFiles, _: Origin) -> None:
        """R61: the files as attachments of one message saying the text (10 at most)."""
        uploads = [discord.File(io.BytesIO(f.content), filename=f.filename) for f in action.files]
        await self._send(action.to, Out(translate(action.locale, action.text)), files=uploads)

    async def _text_channel(self, channel_id: int | None) -> discord.TextChannel | None:
        if channel_id is None:
            return None
        channel = self._client.get_channel(channel_id) or await self._client.fetch_channel(
            channel_id
        )
        return channel if isinstance(channel, discord.TextChannel) else None

    def access_step(self, severity: str, locale: str) -> Out:
        """The form's login-access step for a severity just picked."""
        return access_out(severity, _translator(locale))


def _translator(locale: str) -> Callable[[Msg], str]:
    return lambda message: translate(locale, message)


def _detail(error: discord.HTTPException) -> str:
    return f"{error.status} {error.code} {error.text}".strip()
