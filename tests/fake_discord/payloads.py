"""Pure builders for Discord API v10 payloads, shaped like what Discord really sends.

Shapes were checked against discord.py 2.7's parsers (``discord/types``, ``state.py``,
``guild.py``, ``channel.py``, ``threads.py``, ``message.py``, ``interactions.py``) and the
public API documentation. Every id leaves this module as a string, as on the wire.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

Json = dict[str, Any]

DISCORD_EPOCH_MS = 1_420_070_400_000

# Channel types.
GUILD_TEXT = 0
DM = 1
GUILD_CATEGORY = 4
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
GUILD_FORUM = 15
GUILD_MEDIA = 16
THREAD_TYPES = frozenset({10, PUBLIC_THREAD, PRIVATE_THREAD})
FORUM_TYPES = frozenset({GUILD_FORUM, GUILD_MEDIA})

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7

# Gateway intents that change what the fake sends.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_GUILD_MEMBERS | INTENT_GUILD_PRESENCES | INTENT_MESSAGE_CONTENT

# Permission bits.
P_ADD_REACTIONS = 1 << 6
P_VIEW_CHANNEL = 1 << 10
P_SEND_MESSAGES = 1 << 11
P_MANAGE_MESSAGES = 1 << 13
P_EMBED_LINKS = 1 << 14
P_ATTACH_FILES = 1 << 15
P_READ_MESSAGE_HISTORY = 1 << 16
P_USE_APPLICATION_COMMANDS = 1 << 31
P_MANAGE_THREADS = 1 << 34
P_CREATE_PUBLIC_THREADS = 1 << 35
P_CREATE_PRIVATE_THREADS = 1 << 36
P_SEND_MESSAGES_IN_THREADS = 1 << 38
P_ALL = (1 << 53) - 1

EVERYONE_PERMISSIONS = (
    P_ADD_REACTIONS
    | P_VIEW_CHANNEL
    | P_SEND_MESSAGES
    | P_EMBED_LINKS
    | P_ATTACH_FILES
    | P_READ_MESSAGE_HISTORY
    | P_USE_APPLICATION_COMMANDS
    | P_CREATE_PUBLIC_THREADS
    | P_CREATE_PRIVATE_THREADS
    | P_SEND_MESSAGES_IN_THREADS
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | P_MANAGE_MESSAGES | P_MANAGE_THREADS
STAFF_PERMISSIONS = EVERYONE_PERMISSIONS | P_MANAGE_MESSAGES | P_MANAGE_THREADS


class SnowflakeFactory:
    """Time-based, strictly increasing snowflakes (so ``snowflake_time`` is meaningful)."""

    def __init__(self, worker: int = 1) -> None:
        self._worker = worker & 0x1F
        self._last = 0
        self._lock = threading.Lock()
        self._increment = itertools.count()

    def __call__(self) -> int:
        with self._lock:
            ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
            candidate = (ms << 22) | (self._worker << 17) | (next(self._increment) & 0xFFF)
            self._last = max(candidate, self._last + 1)
            return self._last


def now_iso() -> str:
    """A timestamp as Discord writes it: ``2026-11-23T09:00:00.123000+00:00``."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def user_payload(
    user_id: int,
    username: str,
    *,
    global_name: str | None = None,
    bot: bool = False,
    avatar: str | None = None,
) -> Json:
    data: Json = {
        "id": str(user_id),
        "username": username,
        "global_name": global_name,
        "discriminator": "0",
        "avatar": avatar,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
    }
    if bot:
        data["bot"] = True
    return data


def member_payload(
    user: Json,
    *,
    roles: Iterable[int],
    joined_at: str,
    nick: str | None = None,
    permissions: int | None = None,
    with_user: bool = True,
) -> Json:
    """A guild member. ``permissions`` is only present in interaction payloads."""
    data: Json = {
        "roles": [str(r) for r in roles],
        "nick": nick,
        "avatar": None,
        "banner": None,
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
        "unusual_dm_activity_until": None,
        "collectibles": None,
    }
    if with_user:
        data["user"] = user
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def role_payload(
    role_id: int,
    name: str,
    *,
    permissions: int,
    position: int,
    color: int = 0,
    hoist: bool = False,
    mentionable: bool = False,
    managed: bool = False,
    bot_id: int | None = None,
) -> Json:
    data: Json = {
        "id": str(role_id),
        "name": name,
        "description": None,
        "permissions": str(permissions),
        "position": position,
        "color": color,
        "colors": {"primary_color": color, "secondary_color": None, "tertiary_color": None},
        "hoist": hoist,
        "managed": managed,
        "mentionable": mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if bot_id is not None:
        data["tags"] = {"bot_id": str(bot_id)}
    return data


def guild_channel_payload(
    channel_id: int,
    guild_id: int,
    name: str,
    *,
    channel_type: int = GUILD_TEXT,
    position: int = 0,
    parent_id: int | None = None,
    topic: str | None = None,
) -> Json:
    data: Json = {
        "id": str(channel_id),
        "type": channel_type,
        "guild_id": str(guild_id),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": None if parent_id is None else str(parent_id),
        "flags": 0,
    }
    if channel_type != GUILD_CATEGORY:
        data.update(
            {
                "topic": topic,
                "nsfw": False,
                "rate_limit_per_user": 0,
                "last_message_id": None,
                "default_auto_archive_duration": 1440,
                "default_thread_rate_limit_per_user": 0,
            }
        )
    return data


def forum_tag_payload(tag_id: int, name: str, *, moderated: bool = False) -> Json:
    return {
        "id": str(tag_id),
        "name": name,
        "moderated": moderated,
        "emoji_id": None,
        "emoji_name": None,
    }


def forum_channel_payload(
    channel_id: int,
    guild_id: int,
    name: str,
    *,
    tags: Sequence[Json],
    position: int = 0,
    parent_id: int | None = None,
    topic: str | None = None,
) -> Json:
    data = guild_channel_payload(
        channel_id,
        guild_id,
        name,
        channel_type=GUILD_FORUM,
        position=position,
        parent_id=parent_id,
        topic=topic,
    )
    data.update(
        {
            "available_tags": list(tags),
            "default_reaction_emoji": None,
            "default_sort_order": None,
            "default_forum_layout": 0,
            "template": "",
        }
    )
    return data


def thread_payload(
    thread_id: int,
    guild_id: int,
    parent_id: int,
    owner_id: int,
    name: str,
    *,
    thread_type: int = PUBLIC_THREAD,
    auto_archive_duration: int = 1440,
    applied_tags: Sequence[int] = (),
    invitable: bool = True,
    created_at: str | None = None,
) -> Json:
    created = created_at or now_iso()
    metadata: Json = {
        "archived": False,
        "auto_archive_duration": auto_archive_duration,
        "archive_timestamp": created,
        "locked": False,
        "create_timestamp": created,
    }
    if thread_type == PRIVATE_THREAD:
        metadata["invitable"] = invitable
    return {
        "id": str(thread_id),
        "type": thread_type,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "owner_id": str(owner_id),
        "name": name,
        "last_message_id": None,
        "message_count": 0,
        "member_count": 1,
        "total_message_sent": 0,
        "rate_limit_per_user": 0,
        "flags": 0,
        "applied_tags": [str(t) for t in applied_tags],
        "thread_metadata": metadata,
    }


def thread_member_payload(thread_id: int, user_id: int, *, joined_at: str | None = None) -> Json:
    return {
        "id": str(thread_id),
        "user_id": str(user_id),
        "join_timestamp": joined_at or now_iso(),
        "flags": 1,
        "muted": False,
        "mute_config": None,
    }


def dm_channel_payload(channel_id: int, recipient: Json) -> Json:
    return {
        "id": str(channel_id),
        "type": DM,
        "last_message_id": None,
        "flags": 0,
        "recipient_flags": 0,
        "recipients": [recipient],
    }


def attachment_payload(
    attachment_id: int,
    filename: str,
    *,
    size: int,
    url: str,
    content_type: str | None = None,
    description: str | None = None,
    width: int | None = None,
    height: int | None = None,
) -> Json:
    data: Json = {
        "id": str(attachment_id),
        "filename": filename,
        "size": size,
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
        "flags": 0,
    }
    if description is not None:
        data["description"] = description
    if width is not None and height is not None:
        data["width"] = width
        data["height"] = height
    return data


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def mentioned_user_ids(content: str) -> list[int]:
    return [int(m) for m in dict.fromkeys(_USER_MENTION.findall(content))]


def mentioned_role_ids(content: str) -> list[str]:
    return list(dict.fromkeys(_ROLE_MENTION.findall(content)))


def message_payload(
    message_id: int,
    channel_id: int,
    author: Json,
    content: str,
    *,
    timestamp: str | None = None,
    message_type: int = 0,
    attachments: Sequence[Json] = (),
    embeds: Sequence[Json] = (),
    components: Sequence[Json] = (),
    mentions: Sequence[Json] = (),
    mention_roles: Sequence[str] = (),
    flags: int = 0,
    tts: bool = False,
    nonce: str | int | None = None,
    webhook_id: int | None = None,
    application_id: int | None = None,
) -> Json:
    """A message as the REST API returns it (gateway events add guild_id and member)."""
    data: Json = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": message_type,
        "author": author,
        "content": content,
        "timestamp": timestamp or now_iso(),
        "edited_timestamp": None,
        "tts": tts,
        "mention_everyone": "@everyone" in content or "@here" in content,
        "mentions": list(mentions),
        "mention_roles": list(mention_roles),
        "attachments": list(attachments),
        "embeds": [normalise_embed(e) for e in embeds],
        "components": number_components(components),
        "pinned": False,
        "flags": flags,
    }
    if nonce is not None:
        data["nonce"] = nonce
    if webhook_id is not None:
        data["webhook_id"] = str(webhook_id)
    if application_id is not None:
        data["application_id"] = str(application_id)
    return data


def normalise_embed(embed: Mapping[str, Any]) -> Json:
    """Discord adds ``type: rich`` and a content-scan version to stored embeds."""
    data = dict(embed)
    data.setdefault("type", "rich")
    data.setdefault("content_scan_version", 2)
    return data


def number_components(components: Sequence[Json]) -> list[Json]:
    """Copy components, giving every one a numeric ``id`` as Discord does when it stores them."""
    counter = itertools.count(1)
    used: set[int] = set()

    def collect(items: Sequence[Json]) -> None:
        for item in items:
            if isinstance(item.get("id"), int):
                used.add(item["id"])
            collect(_children(item))

    def fill(items: Sequence[Json]) -> list[Json]:
        out: list[Json] = []
        for item in items:
            copy = dict(item)
            if not isinstance(copy.get("id"), int):
                next_id = next(counter)
                while next_id in used:
                    next_id = next(counter)
                copy["id"] = next_id
            if "components" in copy:
                copy["components"] = fill(copy["components"])
            if "component" in copy:
                copy["component"] = fill([copy["component"]])[0]
            if "accessory" in copy:
                copy["accessory"] = fill([copy["accessory"]])[0]
            out.append(copy)
        return out

    collect(components)
    return fill(components)


def _children(item: Mapping[str, Any]) -> list[Json]:
    children: list[Json] = list(item.get("components", []))
    for key in ("component", "accessory"):
        if key in item:
            children.append(item[key])
    return children


def walk_components(components: Sequence[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
    for item in components:
        yield item
        yield from walk_components(_children(item))
