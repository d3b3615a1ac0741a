"""Discord payloads -> core events and conversation keys. Pure: no REST calls here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.adapters.discord.config import DiscordConfig
from bot.core.events import Actor, CommandInvoked, FormSubmitted
from bot.core.model import Attachment, ConversationKey, Identity

PLATFORM = "discord"
DM = "dm"
# Discord user ids are global, so one identity serves a user in every guild and in DMs.
USERS = "users"


def actor(user_id: int, name: str, locale: str | None = None) -> Actor:
    """The Discord account behind an event."""
    return Actor(Identity(PLATFORM, USERS, str(user_id)), name or str(user_id), locale)


def participant_ref(user_id: str) -> str:
    """A Discord user picked as participant, in the form the core accepts (platform:ws:id)."""
    return f"{PLATFORM}:{USERS}:{user_id}"


def conversation_key(
    config: DiscordConfig,
    *,
    guild_id: int | None,
    channel_id: int,
    parent_id: int | None,
    user_id: int,
) -> ConversationKey:
    """DMs per user; help threads per thread; queue threads by queue name and thread id."""
    if guild_id is None:
        return ConversationKey(PLATFORM, DM, str(channel_id), user=str(user_id))
    workspace = str(guild_id)
    if parent_id is not None:
        queue = config.queue_of(parent_id)
        channel = queue if queue is not None else str(parent_id)
        return ConversationKey(PLATFORM, workspace, channel, thread=str(channel_id))
    queue = config.queue_of(channel_id)
    if queue is not None:
        return ConversationKey(PLATFORM, workspace, queue)
    return ConversationKey(PLATFORM, workspace, str(channel_id), user=str(user_id))


def dm_key(dm_channel_id: int, user_id: int) -> ConversationKey:
    """The user's DM with the bot."""
    return ConversationKey(PLATFORM, DM, str(dm_channel_id), user=str(user_id))


def attachment_meta(files: Iterable[tuple[str, int, str | None]]) -> tuple[Attachment, ...]:
    """(filename, size, content type) -> the core's attachment metadata (R15 is the core's)."""
    return tuple(Attachment(name, size, content_type or "") for name, size, content_type in files)


def submitted_values(components: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """A modal submit's component tree -> custom_id -> values (text inputs give one value)."""
    found: dict[str, list[str]] = {}
    for component in components:
        children = [*component.get("components", [])]
        if "component" in component:
            children.append(component["component"])
        found.update(submitted_values(children))
        custom_id = component.get("custom_id")
        if custom_id is None:
            continue
        if "values" in component:
            found[str(custom_id)] = [str(v) for v in component["values"]]
        else:
            found[str(custom_id)] = [str(component.get("value") or "")]
    return found


def form_event(
    key: ConversationKey,
    who: Actor,
    values: Mapping[str, list[str]],
    *,
    severity: str,
    access: str,
    inbound_id: str,
) -> FormSubmitted:
    """The case form: modal texts plus severity and login access chosen on components (R5)."""
    fields = {name: " ".join(v) for name, v in values.items() if name != "participant_users"}
    picked = " ".join(participant_ref(u) for u in values.get("participant_users", []))
    if picked:
        fields["participants"] = f"{fields.get('participants', '')} {picked}".strip()
    fields["severity"] = severity
    fields["login_access"] = access
    return FormSubmitted(key, who, fields, inbound_id)


def control_event(
    key: ConversationKey,
    who: Actor,
    command: str,
    case: str,
    arg: str | None,
    inbound_id: str,
    words: Sequence[str] = (),
) -> CommandInvoked:
    """A case control (`command:case[:arg]`) or a text the command asked for."""
    args = (f"CS-{case}", *((arg,) if arg else ()), *words)
    return CommandInvoked(key, who, command, args, inbound_id)
