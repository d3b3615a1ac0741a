"""A real discord.py client (our SupportBot) against the loopback FakeDiscord, on a real bot."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.adapters.discord import DiscordConfig, SupportBot, build_bot
from bot.adapters.discord.inbound import PLATFORM, USERS
from bot.adapters.routing import Show, not_shown
from bot.core.model import Case, Identity
from storage.cursors import SqlCursors
from tests.fake_discord import FakeDiscord, Json, run_bot
from tests.fake_discord import payloads as p
from tests.service.conftest import World, make_world
from tests.waiting import eventually

QUEUES = ("billing-queue", "billing-disputes", "accounts-queue", "integrations-queue")
LOCALES = {"bob": "de"}  # Discord client languages; everyone else uses en-US
PEOPLE = {  # person id -> Discord username, display name
    "alice": ("alice.adams", "Alice Adams"),
    "bob": ("bob.becker", "Bob Becker"),
    "carol": ("carol.chen", "Carol Chen"),
    "dana": ("dana.diaz", "Dana Diaz"),
}


def text_of(message: Json) -> str:
    """Everything a person would read on a message: content, embeds, component labels."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds", []):
        parts += [embed.get("title") or "", embed.get("description") or ""]
    for component in p.walk_components(message.get("components", [])):
        parts.append(str(component.get("label") or ""))
        parts += [
            f"{o.get('label')} {o.get('description') or ''}" for o in component.get("options", [])
        ]
    return "\n".join(parts)


@dataclass
class DiscordWorld:
    """Fake Discord, our bot on it, the service behind it, and handles for assertions."""

    fake: FakeDiscord
    bot: World
    config: DiscordConfig
    users: dict[str, int]
    help_channel: int
    queues: dict[str, int]
    oncall: int
    lead_role: int
    client: SupportBot | None = None
    elsewhere: Show = not_shown  # where actions for other platforms go
    _stack: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def start(self) -> None:
        """Log a fresh client in (setup_hook registers components and syncs commands)."""
        self.client = build_bot(
            self.bot.service,
            self.config,
            cursors=SqlCursors(self.bot.repository),
            elsewhere=self.elsewhere,
            guild_ready_timeout=0.05,
        )
        await self._stack.enter_async_context(run_bot(self.client, self.fake))

    async def stop(self) -> None:
        """Stop the client; Discord keeps what is posted meanwhile (`deliver=False`)."""
        await self._stack.aclose()
        self._stack = AsyncExitStack()
        await self.fake.wait_for(lambda: not self.fake.connected_sessions)

    async def restart(self) -> None:
        """Stop the client and start a new one: nothing of the old one's memory survives."""
        await self.stop()
        await self.start()

    def dm(self, person: str) -> int:
        """The bot's DM channel with a person."""
        return self.fake.dm_channel_id(self.users[person])

    async def say(
        self, person: str, text: str, *, channel: int | None = None, **extra: Any
    ) -> Json:
        """A person writes (in their DM unless a channel or thread is given)."""
        where = self.dm(person) if channel is None else channel
        return await self.fake.user_message(where, text, author_id=self.users[person], **extra)

    async def message(
        self, channel: int, contains: str, *, where: Callable[[Json], bool] | None = None
    ) -> Json:
        """Wait for the bot's message in a channel whose visible text contains something."""

        def match(message: Json) -> bool:
            seen = text_of(message) + json.dumps(message.get("components", []))
            return contains in seen and (where is None or where(message))

        return await self.fake.wait_for_message(channel, match)

    def messages(self, channel: int, contains: str) -> list[Json]:
        """The bot's messages in a channel whose visible text contains something."""
        return [m for m in self.fake.bot_messages_in(channel) if contains in text_of(m)]

    async def click(
        self, person: str, message: Json, value: str, *, locale: str | None = None
    ) -> int:
        """Click the button, or pick the select option, whose id or value is `value`."""
        locale = locale or LOCALES.get(person, "en-US")
        for component in p.walk_components(message.get("components", [])):
            custom_id = str(component.get("custom_id", ""))
            if component.get("type") == 2 and (
                custom_id == value or custom_id.endswith(f":{value}")
            ):
                payload = self.fake.build_button_click(
                    message, custom_id, user_id=self.users[person], locale=locale
                )
                return await self.fake.interact(payload)
            if any(o["value"] == value for o in component.get("options", [])):
                payload = self.fake.build_select(
                    message, custom_id, [value], user_id=self.users[person], locale=locale
                )
                return await self.fake.interact(payload)
        raise AssertionError(f"no control {value!r} in {json.dumps(message['components'])}")

    async def slash(
        self,
        person: str,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        channel: int | None = None,
        subcommand: str | None = None,
        locale: str | None = None,
    ) -> int:
        """A person runs a slash command (in their DM unless a channel is given)."""
        locale = locale or LOCALES.get(person, "en-US")
        payload = self.fake.build_slash_command(
            name,
            options,
            channel_id=self.dm(person) if channel is None else channel,
            user_id=self.users[person],
            subcommand=subcommand,
            locale=locale,
        )
        return await self.fake.interact(payload)

    async def modal(self, interaction: int) -> Json:
        """The modal the bot opened in answer to an interaction."""
        await self.fake.wait_for(lambda: self.fake.interaction(interaction).modal)
        modal = self.fake.interaction(interaction).modal
        assert modal is not None
        return modal

    async def submit(self, interaction: int, values: Mapping[str, str | Sequence[str]]) -> int:
        """Submit the modal opened in answer to an interaction."""
        await self.modal(interaction)
        return await self.fake.interact(self.fake.build_modal_submit_for(interaction, values))

    async def header(self, ref: str, queue: str = "billing-queue") -> Json:
        """The case header in its private queue thread, once the case knows that thread."""

        def find() -> Json | None:
            for channel_id, channel in self.fake.world.channels.items():
                if channel.get("parent_id") != str(self.queues[queue]) or channel["type"] != 12:
                    continue
                for message in self.fake.bot_messages_in(channel_id):
                    if f"{ref}:" in text_of(message):
                        return message
            return None

        found = await self.fake.wait_for(find)

        async def bound() -> bool:  # the thread is bound right after the header is posted
            return (await self.case(ref)).queue_thread == found["channel_id"]

        await eventually(bound)
        return found

    async def case(self, ref: str) -> Case:
        """The case as stored."""
        async with self.bot.repository.transaction() as uow:
            case = await uow.case(int(ref.removeprefix("CS-")))
        assert case is not None
        return case

    async def fire_timers(self) -> None:
        """What the scheduler's tick does: fire due timers and render them."""
        assert self.client is not None
        await self.client.renderer.render(await self.bot.service.fire_due_timers())


@pytest.fixture
async def discord_world(db_url: str) -> AsyncIterator[DiscordWorld]:
    """Everything a Discord journey needs; people are linked to their Discord accounts."""
    async with FakeDiscord() as fake:
        world = fake.world
        guild = fake.guild.id
        users = {
            person: world.add_user(name, global_name=shown)
            for person, (name, shown) in PEOPLE.items()
        }
        lead_role = world.add_role(guild, "billing-leads", mentionable=True)
        for person, user in users.items():
            roles = [fake.guild.staff_role_id, lead_role] if person == "dana" else []
            world.add_member(guild, user, roles=roles)
        category = fake.guild.category_id
        help_channel = world.add_text_channel(guild, "help", parent_id=category)
        queues = {q: world.add_text_channel(guild, q, parent_id=category) for q in QUEUES}
        oncall = world.add_text_channel(guild, "oncall", parent_id=category)
        config = DiscordConfig(
            token=fake.token,
            guild_ids=(guild,),
            help_channel_ids=(help_channel,),
            help_forum_ids=(fake.guild.forum_channel_id,),
            queue_channels=queues,
            lead_roles={"billing-queue": lead_role},
            oncall_channel=oncall,
        )
        bot, engine = await make_world(db_url)
        async with bot.repository.transaction() as uow:
            for person, user in users.items():
                await uow.link_identity(
                    person_id=person, identity=Identity(PLATFORM, USERS, str(user))
                )
        state = DiscordWorld(fake, bot, config, users, help_channel, queues, oncall, lead_role)
        await state.start()
        try:
            yield state
        finally:
            await state._stack.aclose()
            await engine.dispose()  # type: ignore[attr-defined]
