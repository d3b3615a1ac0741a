"""The slack-bolt AsyncApp: listeners that acknowledge at once, translate, and render."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from functools import partial, wraps
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.routing import InOrder, Show, not_shown
from bot.adapters.slack.blocks import Block
from bot.adapters.slack.inbound import (
    PLATFORM,
    VIEW_CHANNEL,
    Channels,
    actor,
    choice_event,
    from_person,
    handled_as_mention,
    interaction_key,
    mention_event,
    message_event,
    slash_event,
)
from bot.adapters.slack.inbox import clicked_in, conversation, record_first
from bot.adapters.slack.install import BOLT_LOGGER, Installs, oauth_app
from bot.adapters.slack.malformed import skip_incomplete
from bot.adapters.slack.render import Interaction, Service, SlackRenderer
from bot.adapters.slack.views import (
    CASE_FORM,
    HOME_FILTER,
    HOME_SEARCH,
    RATING,
    TEXT_INPUT,
    HomeQuery,
    form_values,
    home_query,
    home_view,
    queue_blocks,
    rating_view,
)
from bot.adapters.slack.workspaces import OneWorkspace, Workspaces
from bot.core.actions import Action, ShowCaseList, ShowQueue
from bot.core.attachments import MAX_BYTES, sample
from bot.core.events import Actor, ChoiceMade, CommandInvoked, Event, FormSubmitted
from bot.core.form import answer_errors
from bot.core.model import ConversationKey
from bot.i18n import translate

LOCALE_TTL_SECONDS = 3600.0
Listener = Callable[..., Awaitable[None]]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SlackConfig:
    """Tokens, the Web API base URL and which channel is which queue; no bot token when
    workspaces install the app (install.Installs)."""

    bot_token: str
    signing_secret: str
    api_url: str = "https://slack.com/api/"
    channels: Channels = field(default_factory=Channels)


def build_client(
    config: SlackConfig, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """A Web API client that waits out 429s (Retry-After) and retries 500/503 instead of
    losing the message; what still fails stays in the outbox for a later try (R71).

    Give it a session to keep connections alive across calls: without one, slack_sdk opens a
    session (and a TCP connection) per call, about 1.5 ms of CPU each (bench/slack.py).
    """
    client = AsyncWebClient(
        token=config.bot_token or None, base_url=config.api_url, session=session
    )
    client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=5))
    client.retry_handlers.append(AsyncServerErrorRetryHandler(max_retry_count=2))
    return client


def build_app(
    service: Service,
    config: SlackConfig,
    client: AsyncWebClient | None = None,
    *,
    elsewhere: Show = not_shown,
    installs: Installs | None = None,
) -> AsyncApp:
    """The Slack app: every listener acks first, then hands a core event to the service;
    resulting actions for other platforms (linked accounts) go `elsewhere`. With `installs`,
    workspaces install it (the OAuth flow) and each is answered with its own bot token."""
    web = client or build_client(config)
    if installs is None:
        app = AsyncApp(
            name=BOLT_LOGGER,
            client=web,
            signing_secret=config.signing_secret,
            process_before_response=False,
        )
        workspaces: Workspaces = OneWorkspace(web)
    else:
        app = oauth_app(installs, web, config.signing_secret)
        workspaces = installs.workspaces
    app.use(skip_incomplete)
    slack = SlackAdapter(service, workspaces, config.channels, elsewhere)
    app.middleware(record_first(service, slack.in_order))
    count = partial(_counted, service)
    app.event("message")(count(slack.on_message))
    app.event("app_mention")(count(slack.on_mention))
    app.event("app_home_opened")(count(slack.on_home))
    app.command("/support")(count(slack.on_support))
    app.action(re.compile(r"^(choice|ctl)\|"))(count(slack.on_action))
    app.action("case|open")(count(slack.on_open_case))
    app.action(HOME_FILTER)(count(slack.on_home_filter))
    app.action(HOME_SEARCH)(count(slack.on_home_filter))
    app.view(CASE_FORM)(count(slack.on_case_form))
    app.view(TEXT_INPUT)(count(slack.on_text_input))
    app.view(RATING)(count(slack.on_rating))
    app.shortcut("internal_note")(count(slack.on_note_shortcut))
    app.shortcut("send_snippet")(count(slack.on_snippet_shortcut))
    return app


def _counted(service: Service, listener: Listener) -> Listener:
    """The listener, its task counted in flight from its first step, so a stop lets it finish
    (Bolt runs each listener in a task of its own once the request is acknowledged)."""

    @wraps(listener)  # Bolt reads the arguments to pass from the wrapped signature
    async def counted(**kwargs: Any) -> None:
        service.begin_event()
        await listener(**kwargs)

    return counted


class SlackAdapter:
    """Translates Slack requests into core events and renders the resulting actions."""

    def __init__(
        self, service: Service, workspaces: Workspaces, channels: Channels, elsewhere: Show
    ) -> None:
        self._service = service
        self._workspaces = workspaces
        self._channels = channels
        self._render = SlackRenderer(workspaces, channels, service, elsewhere)
        self.in_order = InOrder()
        # users.info is rate limited: remember each user's name, locale and zone for an hour.
        self._people: dict[tuple[str, str], tuple[float, Actor]] = {}

    async def _actor(self, team: str, user_id: str) -> Actor:
        cached = self._people.get((team, user_id))
        if cached is None or cached[0] < time.monotonic():
            web = await self._workspaces.client(team)
            info = await web.users_info(user=user_id, include_locale=True)
            user: Mapping[str, Any] = info.get("user") or {}
            name = str(user.get("real_name") or user.get("name") or user_id)
            who = actor(
                user_id, team, name=name, locale=user.get("locale"), timezone=user.get("tz")
            )
            cached = (time.monotonic() + LOCALE_TTL_SECONDS, who)
            self._people[team, user_id] = cached
        return cached[1]

    async def _run(self, event: Event, interaction: Interaction | None = None) -> list[Action]:
        actions = await self._service.handle(event)
        await self._render.render(actions, interaction)
        return actions

    async def on_message(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """DMs, replies in help threads, agents in queue threads (Events API, acked by Bolt);
        each waits for the messages that arrived before it in its conversation."""
        async with self.in_order.turn(conversation(event), context.get("ticket")):
            if not from_person(event):  # a person's message lacking fields never gets here
                return
            if handled_as_mention(event, context.bot_user_id):
                return
            team = str(body.get("team_id") or event.get("team", ""))
            who = await self._actor(team, str(event["user"]))
            shared = event.get("files", [])
            web = await self._workspaces.client(team)
            files = {str(f.get("name")): await _read(web, f) for f in shared}
            samples = tuple(sample(files[str(f.get("name"))]) for f in shared)
            event_id = str(body["event_id"])
            translated = message_event(event, team, self._channels, who, samples, event_id)
            if translated is not None:
                await self._run(translated, Interaction(files=files))

    async def on_mention(
        self, body: dict[str, Any], event: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        """An @mention in a help channel starts (or continues) intake in its thread."""
        async with self.in_order.turn(conversation(event), context.get("ticket")):
            team = str(body.get("team_id") or event.get("team", ""))
            who = await self._actor(team, str(event["user"]))
            event_id = str(body["event_id"])
            await self._run(mention_event(event, team, self._channels, who, event_id))

    async def on_support(self, ack: AsyncAck, command: dict[str, Any]) -> None:
        """`/support [list|case CS-n|plan]`: answered in the user's DM with the bot."""
        await ack()
        team, user = str(command["team_id"]), str(command["user_id"])
        web = await self._workspaces.client(team)
        opened = await web.conversations_open(users=user)
        who = await self._actor(team, user)
        event = slash_event(command, str(opened["channel"]["id"]), who)
        await self._run(event, Interaction(trigger_id=str(command["trigger_id"])))

    async def on_action(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
    ) -> None:
        """Buttons and selects: choices, case controls, Escalate, ratings, call answers; in a
        conversation, after what arrived there before them."""
        await ack()
        clicked = clicked_in(body)
        if clicked is None:
            await self._action(body, action)
            return
        async with self.in_order.turn(clicked, context.get("ticket")):
            await self._action(body, action)

    async def _action(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        team, user = str(body["team"]["id"]), str(body["user"]["id"])
        key = interaction_key(body, self._channels)
        who = await self._actor(team, user)
        event = choice_event(body, action, key, who)
        trigger = body.get("trigger_id")
        if trigger and await self._asked_comment(event, key, who, str(trigger)):
            return  # a rating: it is sent with its comment from the modal
        await self._run(event, Interaction(trigger_id=trigger))

    async def _asked_comment(
        self, event: Event, key: ConversationKey, who: Actor, trigger: str
    ) -> bool:
        """A rating click opens the comment modal; False for other clicks and when Slack
        refused the modal (the rating is then recorded alone: nothing is lost)."""
        if not isinstance(event, ChoiceMade) or event.field != "rate":
            return False
        case, _, rating = event.value.partition(":")
        view = rating_view(key, case, rating, lambda text: translate(who.locale, text))
        try:
            web = await self._workspaces.client(key.workspace)
            await web.views_open(trigger_id=trigger, view=view)
        except SlackApiError as error:
            log.warning("rating modal not opened: %s", error.response.get("error"))
            return False
        return True

    async def on_rating(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The rating modal: the clicked rating and the comment become one `rate` (R17)."""
        await ack()
        key, meta, who = await self._view_origin(body, view)
        comment = str(view["state"]["values"]["comment"]["value"].get("value") or "").split()
        args = (f"CS-{meta['case']}", meta["rating"], *comment)
        await self._run(CommandInvoked(key, who, "rate", args, f"view:{view['id']}"))

    async def _view_origin(
        self, body: dict[str, Any], view: dict[str, Any]
    ) -> tuple[ConversationKey, dict[str, str], Actor]:
        """Where a submitted modal belongs (its private_metadata) and who submitted it."""
        team, user = str(body["team"]["id"]), str(body["user"]["id"])
        meta = json.loads(view["private_metadata"])
        key = ConversationKey(PLATFORM, team, meta["c"], user=meta.get("u"), thread=meta.get("t"))
        return key, meta, await self._actor(team, user)

    async def on_case_form(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The case form modal, answered before anything is stored (Slack allows 3 s): an
        answer that breaks its own rule goes back next to its field; otherwise the modal
        closes and the case is opened afterwards, its number (or what still needs fixing,
        with the form to reopen) posted to the user."""
        values = form_values(view["state"]["values"])
        errors = answer_errors(values)
        if errors:
            locale = json.loads(view["private_metadata"]).get("lang")
            texts = {name: translate(locale, text)[:2000] for name, text in errors}
            await ack(response_action="errors", errors=texts)
            return
        await ack()
        key, _, who = await self._view_origin(body, view)
        await self._run(
            FormSubmitted(key, who, values, f"view:{view['id']}:{view.get('hash', '')}")
        )

    async def on_text_input(
        self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        """The words a command asked for (AskText): escalation reason, severity, link."""
        await ack()
        key, meta, who = await self._view_origin(body, view)
        words = str(view["state"]["values"]["text"]["value"].get("value") or "").split()
        event = CommandInvoked(
            key,
            who,
            meta["cmd"],
            (f"CS-{meta['case']}", *words),
            f"view:{view['id']}",
        )
        await self._run(event)

    async def on_note_shortcut(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Message shortcut 'Internal note' on a case thread: a box for a note only agents
        see. (A message posted in the thread was relayed already; the note is written here.)"""
        await self._thread_shortcut(ack, body, "note")

    async def on_snippet_shortcut(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Message shortcut 'Send snippet' on a case thread: the snippets to pick from in the
        thread (a select, searchable by typing, once there are several) (R51)."""
        await self._thread_shortcut(ack, body, "snippet")

    async def _thread_shortcut(self, ack: AsyncAck, body: dict[str, Any], command: str) -> None:
        """A message shortcut on a case thread runs a command on the thread's case."""
        await ack()
        team, user = str(body["team"]["id"]), str(body["user"]["id"])
        message = body.get("message", {})
        channel = str(body.get("channel", {}).get("id", ""))
        queue = self._channels.name_of(channel) or channel
        key = ConversationKey(
            PLATFORM, team, queue, thread=message.get("thread_ts") or message.get("ts")
        )
        trigger = str(body.get("trigger_id"))
        event = CommandInvoked(key, await self._actor(team, user), command, (), trigger)
        await self._run(event, Interaction(trigger_id=trigger))

    async def on_open_case(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        """A case row's Open button: the detail view in a modal (R31)."""
        await ack()
        team, user = str(body["team"]["id"]), str(body["user"]["id"])
        key = await self._dm_key(team, user)
        event = CommandInvoked(
            key,
            await self._actor(team, user),
            "case",
            (f"CS-{action['value']}",),
            str(body.get("trigger_id")),
        )
        await self._run(event, Interaction(trigger_id=body.get("trigger_id")))

    async def on_home(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        """App Home: my cases and, for org admins, the org's cases (R30, R32)."""
        if event.get("tab", "home") == "home":
            await self._publish_home(str(body.get("team_id", "")), str(event["user"]), HomeQuery())

    async def on_home_filter(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        """The App Home status filter or search box (Enter): the lists again, narrowed."""
        await ack()
        query = home_query(body, action)
        await self._publish_home(str(body["team"]["id"]), str(body["user"]["id"]), query)

    async def _publish_home(self, team: str, user: str, query: HomeQuery) -> None:
        who = await self._actor(team, user)
        key = ConversationKey(PLATFORM, team, VIEW_CHANNEL, user=user)
        actions = await self._service.handle(CommandInvoked(key, who, "home", query.args))
        lists = [a for a in actions if isinstance(a, ShowCaseList)]
        locale = lists[0].locale if lists else "en"
        t = partial(translate, locale)
        agents: list[Block] = []
        for queue in (a for a in actions if isinstance(a, ShowQueue)):
            agents.extend(queue_blocks(queue, t, await self._render.thread_links(queue)))
        web = await self._workspaces.client(team)
        await web.views_publish(user_id=user, view=home_view(lists, t, query, agents))

    async def _dm_key(self, team: str, user: str) -> ConversationKey:
        web = await self._workspaces.client(team)
        opened = await web.conversations_open(users=user)
        return ConversationKey(PLATFORM, team, str(opened["channel"]["id"]), user=user)


async def _read(web: AsyncWebClient, file: Mapping[str, Any]) -> bytes:
    """A shared file the core could accept, read whole once with the workspace's token:
    sampled for R15's content check, its bytes for the relay (as the Discord adapter does)."""
    if int(file.get("size") or 0) > MAX_BYTES:
        return b""  # too big: the size rule refuses it, no need to fetch it
    url = str(file.get("url_private", ""))
    headers = {"Authorization": f"Bearer {web.token}"}
    try:
        async with AsyncExitStack() as stack:
            # The Web API client's kept-alive session when it has one (supportbot run).
            session = web.session
            if session is None:
                session = await stack.enter_async_context(aiohttp.ClientSession())
            response = await stack.enter_async_context(session.get(url, headers=headers))
            return await response.read() if response.ok else b""
    except aiohttp.ClientError:
        return b""  # unreadable content fails the content check, with a reply naming the rule
