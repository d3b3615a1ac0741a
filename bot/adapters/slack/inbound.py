"""Slack payloads -> core events. Pure: no Web API calls here."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.attachments import Sample
from bot.core.commands import START, opening_text, parse_control
from bot.core.events import Actor, ChoiceMade, CommandInvoked, Event, MessageReceived
from bot.core.model import Attachment, ConversationKey, Identity

PLATFORM = "slack"
# Where App Home and modal interactions live; they have no channel, so answers go to the
# user's DM (opened by user id when rendering).
VIEW_CHANNEL = "home"
_MENTION = re.compile(r"<@[A-Z0-9]+>")
# Messages people write: plain, with files, or a thread reply also sent to the channel.
_PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")
# What handling an event of a person needs; Slack always sends these.
_NEEDS = {
    "message": ("user", "channel", "ts"),
    "app_mention": ("user", "channel", "ts"),
    "app_home_opened": ("user",),
}
Payload = Mapping[str, Any]


@dataclass(frozen=True)
class Channels:
    """Which Slack channel is which queue (catalogue queue name <-> channel id): `by_name`
    for the one workspace, or any workspace not in `by_team` (the workspaces that installed
    the app, each with its own queue channels)."""

    by_name: Mapping[str, str] = field(default_factory=dict)
    by_team: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def name_of(self, channel_id: str) -> str | None:
        """The queue or alert channel name of a channel id, if it is one (channel ids are
        unique across workspaces)."""
        maps = (self.by_name, *self.by_team.values())
        return next((n for names in maps for n, cid in names.items() if cid == channel_id), None)

    def of_team(self, team: str) -> Mapping[str, str]:
        """A workspace's queue name -> channel id map."""
        return self.by_team.get(team, self.by_name)

    def id_of(self, name: str, team: str) -> str:
        """The channel id of a queue name in a workspace (a name Slack resolves itself when
        unmapped)."""
        return self.of_team(team).get(name, name)


def actor(
    user_id: str,
    team: str,
    *,
    name: str = "",
    locale: str | None = None,
    timezone: str | None = None,
) -> Actor:
    """The Slack account behind an event."""
    return Actor(Identity(PLATFORM, team, user_id), name or user_id, locale, timezone)


def conversation_key(
    team: str, channel: str, user: str, thread: str | None, channels: Channels
) -> ConversationKey:
    """DMs are per user; channel conversations are per thread; queue channels by queue name."""
    queue = channels.name_of(channel)
    if queue is not None:
        return ConversationKey(PLATFORM, team, queue, thread=thread)
    if channel.startswith("D"):
        return ConversationKey(PLATFORM, team, channel, user=user)
    return ConversationKey(PLATFORM, team, channel, thread=thread)


def attachments(event: Payload) -> tuple[Attachment, ...]:
    """File metadata of a message (R15 is applied by the core)."""
    return tuple(
        Attachment(str(f.get("name", "file")), int(f.get("size", 0)), str(f.get("mimetype", "")))
        for f in event.get("files", [])
    )


def from_person(event: Payload) -> bool:
    """A message a person wrote, not a bot's post, an edit or a deletion."""
    return not event.get("bot_id") and event.get("subtype") in _PERSON_SUBTYPES


def missing_fields(event: Payload) -> tuple[str, ...]:
    """What a person's event lacks that handling it needs (a malformed event)."""
    if event.get("type") == "message" and not from_person(event):
        return ()
    needs = _NEEDS.get(str(event.get("type")), ())
    return tuple(name for name in needs if not isinstance(event.get(name), str) or not event[name])


def message_event(
    event: Payload,
    team: str,
    channels: Channels,
    who: Actor,
    samples: tuple[Sample, ...],
    event_id: str,
) -> MessageReceived | None:
    """A DM, a help-thread reply or a queue-thread message; None for what is not ours."""
    if not from_person(event):
        return None
    channel = str(event["channel"])
    thread = event.get("thread_ts")
    is_dm = event.get("channel_type") == "im" or channel.startswith("D")
    if not is_dm and thread is None:
        return None  # top-level channel chatter: only @mentions start something there
    key = conversation_key(team, channel, str(event["user"]), thread, channels)
    return MessageReceived(
        key, who, str(event.get("text", "")), attachments(event), samples, event_id
    )


def handled_as_mention(event: Payload, bot_user_id: str | None) -> bool:
    """A channel message that @mentions the bot also arrives as app_mention, which handles
    it: taking both would answer twice."""
    in_channel = event.get("channel_type") != "im" and not str(event.get("channel", "")).startswith(
        "D"
    )
    return in_channel and bool(bot_user_id) and f"<@{bot_user_id}>" in str(event.get("text", ""))


def mention_event(
    event: Payload, team: str, channels: Channels, who: Actor, event_id: str
) -> Event:
    """An @mention in a help channel: the bot answers in a thread under it."""
    thread = str(event.get("thread_ts") or event["ts"])
    key = conversation_key(team, str(event["channel"]), str(event["user"]), thread, channels)
    typed = _MENTION.sub("", str(event.get("text", ""))).strip()
    # Inside a thread the mention may answer a question ("@bot 2"); at the top it opens one.
    text = (typed or START) if "thread_ts" in event else opening_text(typed)
    return MessageReceived(key, who, text, attachments(event), (), event_id, addressed=True)


def slash_event(command: Payload, dm_channel: str, who: Actor) -> CommandInvoked:
    """`/support`, `/support list`, `/support case CS-n`, `/support plan` (answered in the DM)."""
    words = str(command.get("text", "")).split()
    key = ConversationKey(
        PLATFORM, str(command["team_id"]), dm_channel, user=str(command["user_id"])
    )
    return CommandInvoked(key, who, "support", tuple(words), str(command["trigger_id"]))


def interaction_key(body: Payload, channels: Channels) -> ConversationKey:
    """Where a clicked message lives, as a conversation key."""
    team = str(body["team"]["id"])
    user = str(body["user"]["id"])
    container = body.get("container", {})
    channel = str(container.get("channel_id") or body.get("channel", {}).get("id", ""))
    if not channel:  # a modal or the App Home: answers go to the user's DM
        return ConversationKey(PLATFORM, team, VIEW_CHANNEL, user=user)
    message = body.get("message", {})
    thread = message.get("thread_ts") or message.get("ts") or container.get("message_ts")
    if channel and channels.name_of(channel) is not None:
        return conversation_key(team, channel, user, str(thread), channels)
    return conversation_key(team, channel, user, message.get("thread_ts"), channels)


def choice_event(body: Payload, action: Payload, key: ConversationKey, who: Actor) -> Event:
    """A button or select: `choice|field|n` -> ChoiceMade; `ctl|n` -> a case command."""
    value = str(action.get("value") or action.get("selected_option", {}).get("value", ""))
    kind, _, rest = str(action["action_id"]).partition("|")
    inbound = f"{body.get('trigger_id', '')}:{action.get('action_ts', '')}"
    pressed = parse_control(value) if kind == "ctl" else None
    if pressed is not None:
        return CommandInvoked(key, who, pressed.name, pressed.args, inbound)
    field_name = rest.split("|", 1)[0]
    return ChoiceMade(key, who, field_name, value, inbound)
