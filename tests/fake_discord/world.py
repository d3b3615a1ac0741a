"""What the fake Discord knows: users, guilds, roles, members, channels, threads, messages."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from . import payloads as p
from .payloads import Json


@dataclass
class MemberState:
    user_id: int
    roles: list[int]
    nick: str | None
    joined_at: str


@dataclass
class GuildState:
    id: int
    name: str
    owner_id: int
    preferred_locale: str
    features: list[str]
    joined_at: str
    roles: dict[int, Json] = field(default_factory=dict)
    members: dict[int, MemberState] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    extra_member_count: int = 0

    @property
    def member_count(self) -> int:
        return len(self.members) + self.extra_member_count


@dataclass(frozen=True)
class DefaultGuild:
    """Ids of the guild every FakeDiscord starts with (unless ``default_guild=False``)."""

    id: int
    name: str
    everyone_role_id: int
    staff_role_id: int
    bot_role_id: int
    category_id: int
    text_channel_id: int
    forum_channel_id: int
    forum_tag_ids: dict[str, int]
    thread_id: int
    owner_id: int
    member_id: int
    staff_member_id: int


class World:
    def __init__(self, next_id: p.SnowflakeFactory, bot_user: Json) -> None:
        self.next_id = next_id
        self.bot_user = bot_user
        self.bot_id = int(bot_user["id"])
        self.users: dict[int, Json] = {self.bot_id: bot_user}
        self.guilds: dict[int, GuildState] = {}
        self.channels: dict[int, Json] = {}
        self.thread_members: dict[int, set[int]] = {}
        self.dm_channels: dict[int, int] = {}
        self.messages: dict[int, Json] = {}
        self.channel_messages: dict[int, list[int]] = {}
        self.deleted_messages: set[int] = set()
        self.cdn: dict[str, tuple[bytes, str]] = {}

    # users, guilds, members -----------------------------------------------------------

    def add_user(self, username: str, *, global_name: str | None = None, bot: bool = False) -> int:
        user_id = self.next_id()
        self.users[user_id] = p.user_payload(user_id, username, global_name=global_name, bot=bot)
        return user_id

    def user(self, user_id: int) -> Json:
        return self.users[user_id]

    def add_guild(
        self,
        name: str,
        *,
        owner_id: int,
        preferred_locale: str = "en-US",
        features: Sequence[str] = (),
        extra_member_count: int = 0,
    ) -> int:
        guild_id = self.next_id()
        guild = GuildState(
            id=guild_id,
            name=name,
            owner_id=owner_id,
            preferred_locale=preferred_locale,
            features=list(features),
            joined_at=p.now_iso(),
            extra_member_count=extra_member_count,
        )
        # The @everyone role shares the guild's id.
        guild.roles[guild_id] = p.role_payload(
            guild_id, "@everyone", permissions=p.EVERYONE_PERMISSIONS, position=0
        )
        self.guilds[guild_id] = guild
        bot_role = self.add_role(
            guild_id, self.bot_user["username"], permissions=p.BOT_PERMISSIONS, managed=True
        )
        guild.roles[bot_role]["tags"] = {"bot_id": str(self.bot_id)}
        self.add_member(guild_id, self.bot_id, roles=[bot_role])
        if owner_id != self.bot_id:
            self.add_member(guild_id, owner_id)
        return guild_id

    def add_role(
        self,
        guild_id: int,
        name: str,
        *,
        permissions: int = 0,
        color: int = 0,
        hoist: bool = False,
        mentionable: bool = False,
        managed: bool = False,
    ) -> int:
        guild = self.guilds[guild_id]
        role_id = self.next_id()
        guild.roles[role_id] = p.role_payload(
            role_id,
            name,
            permissions=permissions,
            position=len(guild.roles),
            color=color,
            hoist=hoist,
            mentionable=mentionable,
            managed=managed,
        )
        return role_id

    def add_member(
        self,
        guild_id: int,
        user_id: int,
        *,
        roles: Iterable[int] = (),
        nick: str | None = None,
    ) -> None:
        self.guilds[guild_id].members[user_id] = MemberState(
            user_id=user_id, roles=list(roles), nick=nick, joined_at=p.now_iso()
        )

    def permissions(self, guild_id: int, user_id: int) -> int:
        guild = self.guilds[guild_id]
        if user_id == guild.owner_id:
            return p.P_ALL
        member = guild.members.get(user_id)
        value = int(guild.roles[guild_id]["permissions"])
        for role_id in member.roles if member else []:
            value |= int(guild.roles[role_id]["permissions"])
        if value & 8:  # administrator
            return p.P_ALL
        return value

    def member(
        self,
        guild_id: int,
        user_id: int,
        *,
        with_user: bool = True,
        with_permissions: bool = False,
    ) -> Json:
        state = self.guilds[guild_id].members[user_id]
        return p.member_payload(
            self.users[user_id],
            roles=state.roles,
            joined_at=state.joined_at,
            nick=state.nick,
            permissions=self.permissions(guild_id, user_id) if with_permissions else None,
            with_user=with_user,
        )

    # channels ---------------------------------------------------------------------------

    def _add_channel(self, guild_id: int, data: Json) -> int:
        channel_id = int(data["id"])
        self.channels[channel_id] = data
        self.guilds[guild_id].channel_ids.append(channel_id)
        return channel_id

    def _position(self, guild_id: int) -> int:
        return len(self.guilds[guild_id].channel_ids)

    def add_category(self, guild_id: int, name: str) -> int:
        data = p.guild_channel_payload(
            self.next_id(),
            guild_id,
            name,
            channel_type=p.GUILD_CATEGORY,
            position=self._position(guild_id),
        )
        return self._add_channel(guild_id, data)

    def add_text_channel(
        self,
        guild_id: int,
        name: str,
        *,
        parent_id: int | None = None,
        topic: str | None = None,
    ) -> int:
        data = p.guild_channel_payload(
            self.next_id(),
            guild_id,
            name,
            position=self._position(guild_id),
            parent_id=parent_id,
            topic=topic,
        )
        return self._add_channel(guild_id, data)

    def add_forum_channel(
        self,
        guild_id: int,
        name: str,
        *,
        tags: Sequence[str] = (),
        parent_id: int | None = None,
        topic: str | None = None,
    ) -> int:
        tag_payloads = [p.forum_tag_payload(self.next_id(), tag) for tag in tags]
        data = p.forum_channel_payload(
            self.next_id(),
            guild_id,
            name,
            tags=tag_payloads,
            position=self._position(guild_id),
            parent_id=parent_id,
            topic=topic,
        )
        return self._add_channel(guild_id, data)

    def forum_tags(self, forum_id: int) -> dict[str, int]:
        return {t["name"]: int(t["id"]) for t in self.channels[forum_id]["available_tags"]}

    def add_thread(
        self,
        parent_id: int,
        name: str,
        *,
        owner_id: int,
        thread_type: int = p.PUBLIC_THREAD,
        thread_id: int | None = None,
        applied_tags: Sequence[int] = (),
        auto_archive_duration: int = 1440,
        invitable: bool = True,
    ) -> int:
        parent = self.channels[parent_id]
        guild_id = int(parent["guild_id"])
        new_id = thread_id if thread_id is not None else self.next_id()
        data = p.thread_payload(
            new_id,
            guild_id,
            parent_id,
            owner_id,
            name,
            thread_type=thread_type,
            applied_tags=applied_tags,
            auto_archive_duration=auto_archive_duration,
            invitable=invitable,
        )
        self.channels[new_id] = data
        self.thread_members[new_id] = {owner_id}
        data["member_count"] = 1
        return new_id

    def add_thread_member(self, thread_id: int, user_id: int) -> None:
        members = self.thread_members.setdefault(thread_id, set())
        members.add(user_id)
        self.channels[thread_id]["member_count"] = min(len(members), 50)

    def thread_for_bot(self, thread_id: int) -> Json:
        """The thread as the bot sees it: with ``member`` when the bot has joined."""
        data = copy.deepcopy(self.channels[thread_id])
        if self.bot_id in self.thread_members.get(thread_id, set()):
            data["member"] = p.thread_member_payload(thread_id, self.bot_id)
        return data

    def dm_channel(self, user_id: int) -> int:
        """The DM channel id between the bot and ``user_id``, created on first use."""
        if user_id not in self.dm_channels:
            channel_id = self.next_id()
            self.channels[channel_id] = p.dm_channel_payload(channel_id, self.users[user_id])
            self.dm_channels[user_id] = channel_id
        return self.dm_channels[user_id]

    def guild_id_of(self, channel_id: int) -> int | None:
        guild_id = self.channels[channel_id].get("guild_id")
        return None if guild_id is None else int(guild_id)

    def is_thread(self, channel_id: int) -> bool:
        return self.channels.get(channel_id, {}).get("type") in p.THREAD_TYPES

    def is_forum(self, channel_id: int) -> bool:
        return self.channels.get(channel_id, {}).get("type") in p.FORUM_TYPES

    def active_threads(self, guild_id: int) -> list[int]:
        return [
            cid
            for cid, data in self.channels.items()
            if data.get("type") in p.THREAD_TYPES
            and data.get("guild_id") == str(guild_id)
            and not data["thread_metadata"]["archived"]
        ]

    # messages ---------------------------------------------------------------------------

    def store_message(self, message: Json) -> None:
        message_id = int(message["id"])
        channel_id = int(message["channel_id"])
        self.messages[message_id] = message
        self.channel_messages.setdefault(channel_id, []).append(message_id)
        channel = self.channels.get(channel_id)
        if channel is not None:
            channel["last_message_id"] = message["id"]
            if channel.get("type") in p.THREAD_TYPES:
                channel["message_count"] = channel.get("message_count", 0) + 1
                channel["total_message_sent"] = channel.get("total_message_sent", 0) + 1

    def messages_in(self, channel_id: int) -> list[Json]:
        return [
            self.messages[mid]
            for mid in self.channel_messages.get(channel_id, [])
            if mid not in self.deleted_messages
        ]

    def gateway_message(self, message: Json) -> Json:
        """A stored message as MESSAGE_CREATE/UPDATE carry it: plus guild_id and member."""
        data = copy.deepcopy(message)
        channel_id = int(message["channel_id"])
        guild_id = self.guild_id_of(channel_id) if channel_id in self.channels else None
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
            author_id = int(message["author"]["id"])
            if author_id in self.guilds[guild_id].members and "webhook_id" not in message:
                data["member"] = self.member(guild_id, author_id, with_user=False)
            for mention in data["mentions"]:
                mention_id = int(mention["id"])
                if mention_id in self.guilds[guild_id].members:
                    mention["member"] = self.member(guild_id, mention_id, with_user=False)
        else:
            data["channel_type"] = p.DM
        return data

    def mentions_in(self, content: str) -> list[Json]:
        return [
            copy.deepcopy(self.users[uid])
            for uid in p.mentioned_user_ids(content)
            if uid in self.users
        ]

    # guild payloads ---------------------------------------------------------------------

    def guild_create(self, guild_id: int, *, intents: int) -> Json:
        """GUILD_CREATE as Discord sends it for the given IDENTIFY intents.

        Like Discord, the member list holds only the bot unless the presence intent is on;
        with the members intent discord.py asks for the rest (op 8, answered by the fake).
        """
        guild = self.guilds[guild_id]
        all_members = bool(intents & p.INTENT_GUILD_PRESENCES)
        member_ids = list(guild.members) if all_members else [self.bot_id]
        channels = []
        for cid in guild.channel_ids:
            data = copy.deepcopy(self.channels[cid])
            data.pop("guild_id", None)
            channels.append(data)
        return {
            "id": str(guild.id),
            "name": guild.name,
            "icon": None,
            "icon_hash": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(guild.owner_id),
            "region": "deprecated",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "widget_enabled": False,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "nsfw": False,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "preferred_locale": guild.preferred_locale,
            "features": list(guild.features),
            "max_members": 500000,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "application_id": None,
            "hub_type": None,
            "incidents_data": None,
            "latest_onboarding_question_id": None,
            "roles": [copy.deepcopy(r) for r in guild.roles.values()],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": guild.joined_at,
            "large": guild.member_count > 250,
            "lazy": True,
            "unavailable": False,
            "member_count": guild.member_count,
            "voice_states": [],
            "members": [self.member(guild.id, uid) for uid in member_ids],
            "presences": [
                {
                    "user": {"id": str(uid)},
                    "status": "online",
                    "activities": [],
                    "client_status": {"desktop": "online"},
                }
                for uid in member_ids
                if all_members and uid != self.bot_id
            ],
            "channels": channels,
            "threads": [self.thread_for_bot(tid) for tid in self.active_threads(guild.id)],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "embedded_activities": [],
            "activity_instances": [],
            "version": 1,
        }

    def build_default_guild(self) -> DefaultGuild:
        owner = self.add_user("owner", global_name="Guild Owner")
        member = self.add_user("alice", global_name="Alice")
        staff = self.add_user("bob", global_name="Bob (staff)")
        guild_id = self.add_guild("Fake Support Guild", owner_id=owner, features=["COMMUNITY"])
        staff_role = self.add_role(
            guild_id, "Support Staff", permissions=p.STAFF_PERMISSIONS, hoist=True
        )
        bot_role = next(int(r["id"]) for r in self.guilds[guild_id].roles.values() if "tags" in r)
        self.add_member(guild_id, member)
        self.add_member(guild_id, staff, roles=[staff_role], nick="Bob")
        category = self.add_category(guild_id, "Support")
        text = self.add_text_channel(guild_id, "general", parent_id=category, topic="Talk here")
        forum = self.add_forum_channel(
            guild_id, "help-forum", tags=["bug", "question", "billing"], parent_id=category
        )
        thread = self.add_thread(text, "existing-thread", owner_id=member)
        self.add_thread_member(thread, self.bot_id)
        return DefaultGuild(
            id=guild_id,
            name=self.guilds[guild_id].name,
            everyone_role_id=guild_id,
            staff_role_id=staff_role,
            bot_role_id=bot_role,
            category_id=category,
            text_channel_id=text,
            forum_channel_id=forum,
            forum_tag_ids=self.forum_tags(forum),
            thread_id=thread,
            owner_id=owner,
            member_id=member,
            staff_member_id=staff,
        )
