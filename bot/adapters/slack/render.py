"""Core actions -> Slack Web API calls: one function per action type, deliveries recorded."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.routing import Show, keep_own, not_shown
from bot.adapters.slack.blocks import (
    MESSAGE_BLOCKS_MAX,
    Block,
    button,
    button_rows,
    fit,
    message_text,
    option,
    plain,
    sections,
)
from bot.adapters.slack.inbound import PLATFORM, Channels, actor, conversation_key
from bot.adapters.slack.views import (
    case_form_view,
    case_list_blocks,
    detail_blocks,
    queue_blocks,
    text_input_view,
)
from bot.adapters.slack.workspaces import Workspaces
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
from bot.core.events import Actor, DirectOpened, Event, ThreadBound
from bot.core.model import ConversationKey, Identity
from bot.core.text import Msg, msg
from bot.i18n import translate

log = logging.getLogger(__name__)
SELECT_FROM = 6  # more choices than this become a select instead of buttons


class Service(Protocol):
    """What rendering needs from SupportService."""

    async def receive(self, platform: str, inbound_id: str, payload: Mapping[str, Any]) -> bool:
        """Record a raw event before it is acknowledged; False for a retry."""
        ...

    async def unhandled(self, platform: str) -> Sequence[Mapping[str, Any]]:
        """Recorded events whose handling did not finish in time."""
        ...

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


@dataclass
class Interaction:
    """What the triggering Slack request offers to rendering: a trigger_id, its files' bytes."""

    trigger_id: str | None = None
    files: Mapping[str, bytes] = field(default_factory=dict)
    home_user: str | None = None


class SlackRenderer:
    """Renders actions through the client of each action's workspace."""

    def __init__(
        self,
        workspaces: Workspaces,
        channels: Channels,
        service: Service,
        elsewhere: Show = not_shown,
    ) -> None:
        self._workspaces = workspaces
        self._channels = channels
        self._service = service
        self._elsewhere = elsewhere  # actions for other platforms (a linked person's case)
        self._renderers: dict[type[Any], Callable[[Any, Interaction], Awaitable[None]]] = {
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

    async def render(
        self, actions: Sequence[Action], interaction: Interaction | None = None
    ) -> None:
        """Render Slack's actions in order, then hand the others on; an action with no
        renderer is an error, not a drop."""
        context = interaction or Interaction()
        shown: list[Action] = []
        try:
            for action in await keep_own(actions, PLATFORM, self._elsewhere):
                renderer = self._renderers.get(type(action))
                if renderer is None:
                    raise TypeError(f"slack has no renderer for {type(action).__name__}")
                await renderer(action, context)
                shown.append(action)
        finally:
            await self._service.delivered(shown)

    async def _web(self, key: ConversationKey) -> AsyncWebClient:
        """The client with the bot token of the key's workspace."""
        return await self._workspaces.client(key.workspace)

    async def _where(self, key: ConversationKey) -> tuple[str, str | None]:
        if key.user and not key.channel.startswith("D"):
            # A person reached by user id (e.g. a logged phone case's owner): open their DM.
            opened = await (await self._web(key)).conversations_open(users=key.user)
            return str(opened["channel"]["id"]), None
        return self._channels.id_of(key.channel, key.workspace), key.thread

    async def _post(
        self, key: ConversationKey, text: str, blocks: list[Block] | None = None
    ) -> str:
        channel, thread = await self._where(key)
        response = await (await self._web(key)).chat_postMessage(
            channel=channel,
            thread_ts=thread,
            text=message_text(text),
            blocks=fit(blocks or sections(text), MESSAGE_BLOCKS_MAX, "…"),
            unfurl_links=False,
        )
        return str(response["ts"])

    async def _reply(self, action: Reply, _: Interaction) -> None:
        text = translate(action.locale, action.text)
        if action.only_for:
            channel, thread = await self._where(action.to)
            await (await self._web(action.to)).chat_postEphemeral(
                channel=channel, user=action.only_for, thread_ts=thread, text=message_text(text)
            )
            return
        await self._post(action.to, text)

    async def _ask_text(self, action: AskText, interaction: Interaction) -> None:
        t = _translator(action.locale)
        if interaction.trigger_id:
            await (await self._web(action.to)).views_open(
                trigger_id=interaction.trigger_id, view=text_input_view(action, t)
            )
            return
        await self._post(action.to, t(action.text))

    async def _ask_choice(self, action: AskChoice, _: Interaction) -> None:
        t = _translator(action.locale)
        text = t(action.text)
        blocks = sections(text)
        if len(action.choices) >= SELECT_FROM:
            select = {
                "type": "static_select",
                "action_id": f"choice|{action.field}",
                "placeholder": plain(t(msg("control.choose"))),
                "options": [
                    option(t(c.label), c.value, t(c.detail) if c.detail else None)
                    for c in action.choices
                ],
            }
            blocks.append({"type": "actions", "elements": [select]})
        else:
            buttons = [
                button(t(c.label), f"choice|{action.field}|{n}", c.value)
                for n, c in enumerate(action.choices)
            ]
            blocks.extend(button_rows(buttons))
            details = [f"*{t(c.label)}*: {t(c.detail)}" for c in action.choices if c.detail]
            if details:
                blocks.extend(sections("\n".join(details)))
        await self._post(action.to, text, blocks)

    async def _articles(self, action: OfferArticles, _: Interaction) -> None:
        t = _translator(action.locale)
        blocks = sections(t(action.text))
        for n, article in enumerate(action.articles):
            section = sections(f"<{article.url}|{article.title}>")[0]
            solved = button(t(msg("articles.solved")), f"choice|article|{n}", article.article_id)
            section["accessory"] = solved
            blocks.append(section)
        more = button(t(msg("articles.more")), "choice|article|more", "more", style="primary")
        blocks.append({"type": "actions", "elements": [more]})
        await self._post(action.to, t(action.text), blocks)

    async def _form(self, action: OpenCaseForm, interaction: Interaction) -> None:
        t = _translator(action.locale)
        if interaction.trigger_id:
            # The modal needs the trigger_id of the click that led here (it lives 3 s).
            await (await self._web(action.to)).views_open(
                trigger_id=interaction.trigger_id, view=case_form_view(action, t)
            )
            return
        # A submitted form checked after its modal closed: what to fix, and the form to reopen
        # (it keeps what was typed).
        lines = [t(msg("form.fix")), *(f"- {t(text)}" for _, text in action.errors)]
        text = "\n".join(lines) if action.errors else t(action.title)
        opener = button(t(msg("control.open_form")), "choice|form|0", "open", style="primary")
        await self._post(
            action.to, text, [*sections(text), {"type": "actions", "elements": [opener]}]
        )

    async def _header(self, action: CaseHeader, _: Interaction) -> None:
        t = _translator(action.locale)
        lines = [t(line) for line in action.lines]
        blocks: list[Block] = [{"type": "header", "text": plain(lines[0], 150)}]
        blocks.extend(sections("\n".join(lines[1:])))
        controls = [button(t(c.label), f"ctl|{n}", c.value) for n, c in enumerate(action.controls)]
        blocks.extend(button_rows(controls))
        channel, thread = await self._where(action.to)
        if action.new or thread is None:
            ts = await self._post(action.to, lines[0], blocks)
            bot = Actor(Identity(PLATFORM, action.to.workspace, "supportbot"), "supportbot")
            bound = ThreadBound(action.to, bot, action.case_number, ts)
            await self.render(await self._service.handle(bound))
            return
        await (await self._web(action.to)).chat_update(
            channel=channel, ts=thread, text=message_text(lines[0]), blocks=blocks
        )

    async def _relay(self, action: Relay, interaction: Interaction) -> None:
        text = translate(
            action.locale,
            msg(
                "relay.from",
                author=action.author,
                case=f"CS-{action.case_number}",
                text=action.text,
            ),
        )
        channel, thread = await self._where(action.to)
        try:
            if action.text.strip():
                await self._post(action.to, text)
            for name in action.attachments:
                await (await self._web(action.to)).files_upload_v2(
                    channel=channel,
                    thread_ts=thread,
                    content=interaction.files.get(name, b""),
                    filename=name,
                )
        except SlackApiError as error:
            detail = str(error.response.get("error", "error"))
            log.warning("relay of CS-%s failed: %s", action.case_number, detail)
            await self.render(
                await self._service.record_delivery(
                    case_number=action.case_number,
                    message_id=action.message_id,
                    ok=False,
                    detail=detail,
                )
            )
            return
        await self._service.record_delivery(
            case_number=action.case_number, message_id=action.message_id, ok=True
        )

    async def _escalate(self, action: ShowEscalate, _: Interaction) -> None:
        t = _translator(action.locale)
        text = t(action.text)
        escalate = button(
            t(msg("control.escalate")), "choice|escalate|0", str(action.case_number), style="danger"
        )
        await self._post(
            action.to, text, [*sections(text), {"type": "actions", "elements": [escalate]}]
        )

    async def _case_list(self, action: ShowCaseList, interaction: Interaction) -> None:
        t = _translator(action.locale)
        blocks = fit(case_list_blocks(action, t), MESSAGE_BLOCKS_MAX, t(msg("list.more")))
        await self._post(action.to, t(action.title), blocks)

    async def _queue(self, action: ShowQueue, _: Interaction) -> None:
        t = _translator(action.locale)
        blocks = queue_blocks(action, t, await self.thread_links(action))
        await self._post(action.to, t(action.title), fit(blocks, MESSAGE_BLOCKS_MAX, "…"))

    async def thread_links(self, queue: ShowQueue) -> dict[int, str]:
        """Permalinks to the headers of the listed cases whose threads are on Slack (R50)."""
        threads = [
            (r.case_number, r.thread)
            for r in queue.rows
            if r.thread and r.thread.platform == PLATFORM
        ]
        found = await asyncio.gather(*(self._permalink(thread) for _, thread in threads))
        return {number: link for (number, _), link in zip(threads, found, strict=True) if link}

    async def _permalink(self, thread: ConversationKey) -> str | None:
        if thread.thread is None:
            return None
        channel = self._channels.id_of(thread.channel, thread.workspace)
        try:
            answer = await (await self._web(thread)).chat_getPermalink(
                channel=channel, message_ts=thread.thread
            )
        except SlackApiError as error:
            # The case is still listed, only without its link.
            log.warning(
                "no permalink for %s/%s: %s", channel, thread.thread, error.response.get("error")
            )
            return None
        return str(answer["permalink"])

    async def _detail(self, action: ShowCaseDetail, interaction: Interaction) -> None:
        t = _translator(action.locale)
        blocks = detail_blocks(action, t)
        if interaction.trigger_id:
            view = {
                "type": "modal",
                "title": plain(f"CS-{action.case_number}", 24),
                "blocks": blocks,
            }
            await (await self._web(action.to)).views_open(
                trigger_id=interaction.trigger_id, view=view
            )
            return
        await self._post(action.to, t(action.lines[0]), fit(blocks, MESSAGE_BLOCKS_MAX, "…"))

    async def _move(self, action: MoveToDirect, _: Interaction) -> None:
        await self._post(action.to, translate(action.locale, action.text))
        opened = await (await self._web(action.to)).conversations_open(users=action.user)
        team = action.to.workspace
        dm = conversation_key(team, str(opened["channel"]["id"]), action.user, None, self._channels)
        await self.render(await self._service.handle(DirectOpened(dm, actor(action.user, team))))

    async def _alert(self, action: Alert, _: Interaction) -> None:
        if not action.to.user and action.to.channel not in self._channels.of_team(
            action.to.workspace
        ):
            log.warning(
                "no Slack channel is configured for %r; alert not posted", action.to.channel
            )
            return
        mention = f"<@{action.mention}> " if action.mention else ""
        await self._post(action.to, mention + translate(action.locale, action.text))

    async def _file(self, action: SendFile, _: Interaction) -> None:
        """R55: the file shared where the person asked, through files_upload_v2 (files.upload
        is retired): an upload URL, the bytes, then completeUploadExternal with the comment."""
        channel, thread = await self._where(action.to)
        await (await self._web(action.to)).files_upload_v2(
            channel=channel,
            thread_ts=thread,
            filename=action.filename,
            content=action.content,
            initial_comment=message_text(translate(action.locale, action.text)),
        )

    async def _files(self, action: PostFiles, _: Interaction) -> None:
        """R61: the files shared in one message (images show inline) with the text as its
        comment, through files_upload_v2."""
        channel, thread = await self._where(action.to)
        await (await self._web(action.to)).files_upload_v2(
            channel=channel,
            thread_ts=thread,
            file_uploads=[
                {"filename": f.filename, "content": f.content, "title": f.filename}
                for f in action.files
            ],
            initial_comment=message_text(translate(action.locale, action.text)),
        )


def _translator(locale: str) -> Callable[[Msg], str]:
    return lambda message: translate(locale, message)
