"""What people do on the fake Discord: post messages and forum posts, run slash commands,
click buttons, pick from selects and submit modals (payloads built like Discord's)."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import payloads as p
from .payloads import Json

if TYPE_CHECKING:
    from .interactions import InteractionBuilder, InteractionRecord
    from .rest import RestApi
    from .world import DefaultGuild, World


class UserActions:
    """Mixed into FakeDiscord: every user action stores what Discord would and dispatches it."""

    if TYPE_CHECKING:  # provided by FakeDiscord
        world: World
        rest: RestApi
        builder: InteractionBuilder
        interactions: dict[int, InteractionRecord]
        next_id: p.SnowflakeFactory

        @property
        def guild(self) -> DefaultGuild: ...

        async def dispatch(self, event: str, data: Json, *, wait: float = 5.0) -> int: ...

        def _remember_message(self, data: Json) -> None: ...

    def add_user(self, username: str, *, global_name: str | None = None) -> int:
        return self.world.add_user(username, global_name=global_name)

    def dm_channel_id(self, user_id: int) -> int:
        """The bot's DM channel with ``user_id`` (the same id POST /users/@me/channels gives)."""
        return self.world.dm_channel(user_id)

    def attachment(
        self,
        filename: str,
        data: bytes = b"fake file",
        *,
        content_type: str | None = None,
        channel_id: int = 0,
        description: str | None = None,
    ) -> Json:
        """An attachment whose ``url`` is served by the fake (``Attachment.read()`` works)."""
        return self.rest.make_attachment(
            channel_id,
            filename,
            data,
            content_type=content_type or _guess_type(filename),
            description=description,
        )

    # users acting ---------------------------------------------------------------------

    def build_message_create(
        self,
        channel_id: int,
        content: str = "",
        *,
        author_id: int | None = None,
        attachments: Sequence[Json] = (),
        embeds: Sequence[Json] = (),
        components: Sequence[Json] = (),
        reply_to: int | None = None,
        message_id: int | None = None,
    ) -> Json:
        """A MESSAGE_CREATE payload from a user: guild channel, thread or DM by ``channel_id``.

        ``author_id`` defaults to the default guild's member (or, in a DM, its recipient).
        """
        author = self._default_author(channel_id) if author_id is None else author_id
        message = p.message_payload(
            message_id or self.next_id(),
            channel_id,
            self.world.users[author],
            content,
            attachments=attachments,
            embeds=embeds,
            components=components,
            mentions=self.world.mentions_in(content),
            mention_roles=p.mentioned_role_ids(content),
        )
        if reply_to is not None:
            referenced = self.world.messages[reply_to]
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": referenced["channel_id"],
            }
            guild_id = self.world.guild_id_of(channel_id)
            if guild_id is not None:
                message["message_reference"]["guild_id"] = str(guild_id)
            message["referenced_message"] = referenced
        return self.world.gateway_message(message)

    async def user_message(
        self, channel_id: int, content: str = "", *, deliver: bool = True, **fields: Any
    ) -> Json:
        """A user posts in a channel/thread/DM: stores the message and dispatches it
        (``fields`` as for ``build_message_create``). ``deliver=False``: stored only, as
        Discord keeps what is posted while the bot is not connected (GET .../messages
        returns it; the gateway never sends it)."""
        payload = self.build_message_create(channel_id, content, **fields)
        if deliver:
            await self.dispatch("MESSAGE_CREATE", payload)
        else:
            self._remember_message(payload)
        return self.world.messages[int(payload["id"])]

    def build_thread_create(self, thread_id: int, *, newly_created: bool = True) -> Json:
        data = self.world.thread_for_bot(thread_id)
        if newly_created:
            data["newly_created"] = True
        return data

    async def user_forum_post(
        self,
        forum_id: int,
        title: str,
        content: str,
        *,
        author_id: int | None = None,
        tags: Iterable[str | int] = (),
        attachments: Sequence[Json] = (),
        deliver: bool = True,
    ) -> tuple[Json, Json]:
        """A user opens a forum post: THREAD_CREATE, then the starter MESSAGE_CREATE (whose
        id equals the thread id, as on Discord). Returns (thread, message). ``deliver=False``:
        stored only (the thread is among the active ones in the next GUILD_CREATE)."""
        author = self._default_author(forum_id) if author_id is None else author_id
        names = self.world.forum_tags(forum_id)
        tag_ids = [names[t] if isinstance(t, str) else t for t in tags]
        thread_id = self.world.add_thread(forum_id, title, owner_id=author, applied_tags=tag_ids)
        if deliver:
            await self.dispatch("THREAD_CREATE", self.build_thread_create(thread_id))
        message = await self.user_message(
            thread_id,
            content,
            author_id=author,
            attachments=attachments,
            message_id=thread_id,
            deliver=deliver,
        )
        return self.world.channels[thread_id], message

    def _default_author(self, channel_id: int) -> int:
        channel = self.world.channels[channel_id]
        if channel.get("type") == p.DM:
            return int(channel["recipients"][0]["id"])
        return self.guild.member_id

    # interactions ---------------------------------------------------------------------

    def build_slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        subcommand: str | None = None,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 2 for a chat-input command (option types are taken from the
        synced command when the bot has synced it; ``subcommand`` may be "group sub")."""
        return self.builder.slash_command(
            name,
            options or {},
            channel_id=channel_id,
            user_id=user_id,
            subcommand=subcommand,
            locale=locale,
        )

    def build_button_click(
        self,
        message: Json | int,
        custom_id: str,
        *,
        user_id: int | None = None,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 3 for a button on ``message`` (a message dict or id)."""
        return self.builder.component(message, custom_id, 2, None, user_id=user_id, locale=locale)

    def build_select(
        self,
        message: Json | int,
        custom_id: str,
        values: Sequence[str],
        *,
        user_id: int | None = None,
        component_type: int = 3,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 3 for a select menu (3 = string select)."""
        return self.builder.component(
            message, custom_id, component_type, list(values), user_id=user_id, locale=locale
        )

    def build_modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str | Sequence[str]],
        *,
        channel_id: int | None = None,
        user_id: int | None = None,
        layout: Sequence[Json] | None = None,
        message: Json | int | None = None,
        locale: str = "en-US",
    ) -> Json:
        """INTERACTION_CREATE type 5. ``layout`` is the modal's components as the bot sent
        them (default: one action row per text input in ``values``)."""
        return self.builder.modal_submit(
            custom_id,
            values,
            channel_id=channel_id,
            user_id=user_id,
            layout=layout,
            message=message,
            locale=locale,
        )

    def build_modal_submit_for(
        self, interaction_id: int, values: Mapping[str, str | Sequence[str]]
    ) -> Json:
        """The submit of the modal the bot opened in answer to ``interaction_id`` (same user,
        channel, custom_id and layout)."""
        return self.builder.modal_submit_for(interaction_id, values)

    async def interact(self, payload: Json) -> int:
        """Dispatch INTERACTION_CREATE; returns the interaction id (its 3 s clock starts now)."""
        record = self.interactions[int(payload["id"])]
        record.dispatched_at = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload)
        return record.id


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
