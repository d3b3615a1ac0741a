"""INTERACTION_CREATE payloads (slash commands, components, modal submits) and their records."""

from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import payloads as p
from .payloads import Json

if TYPE_CHECKING:
    from .fake import FakeDiscord

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})


@dataclass
class InteractionRecord:
    """What the fake remembers about one interaction it dispatched."""

    id: int
    token: str
    type: int
    payload: Json
    application_id: int
    channel_id: int
    guild_id: int | None
    user: Json
    command_name: str | None = None
    message_id: int | None = None
    dispatched_at: float = field(default_factory=time.monotonic)
    response_type: int | None = None
    response_data: Json | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    modal: Json | None = None

    @property
    def user_id(self) -> int:
        return int(self.user["id"])

    @property
    def owners(self) -> dict[str, str]:
        return dict(self.payload["authorizing_integration_owners"])

    def decorate(self, message: Json) -> None:
        """Mark a message as written in answer to this interaction (webhook + metadata)."""
        message["webhook_id"] = str(self.application_id)
        message["application_id"] = str(self.application_id)
        message["type"] = 20 if self.type == 2 else 0
        metadata: Json = {
            "id": str(self.id),
            "type": self.type,
            "user": copy.deepcopy(self.user),
            "authorizing_integration_owners": self.owners,
        }
        if self.type == 2:
            metadata["name"] = self.command_name
            metadata["command_type"] = 1
            message["interaction"] = {
                "id": str(self.id),
                "type": self.type,
                "name": self.command_name,
                "user": copy.deepcopy(self.user),
            }
        if self.message_id is not None:
            metadata["interacted_message_id"] = str(self.message_id)
        if self.original_message_id is not None:
            metadata["original_response_message_id"] = str(self.original_message_id)
        message["interaction_metadata"] = metadata


class InteractionBuilder:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world

    def _base(
        self,
        interaction_type: int,
        data: Json,
        *,
        channel_id: int,
        user_id: int | None,
        locale: str,
        message: Json | None = None,
        command_name: str | None = None,
    ) -> Json:
        world = self.world
        if channel_id not in world.channels:
            raise KeyError(f"unknown channel {channel_id}")
        guild_id = world.guild_id_of(channel_id)
        channel = copy.deepcopy(world.channels[channel_id])
        interaction_id = self.fake.next_id()
        payload: Json = {
            "id": str(interaction_id),
            "application_id": str(self.fake.application_id),
            "type": interaction_type,
            "data": data,
            "token": "fake-interaction-" + secrets.token_urlsafe(32),
            "version": 1,
            "locale": locale,
            "channel_id": str(channel_id),
            "channel": channel,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if guild_id is not None:
            guild = world.guilds[guild_id]
            user = self.fake.guild.member_id if user_id is None else user_id
            if user not in guild.members:
                raise ValueError(f"user {user} is not a member of guild {guild_id}")
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild": {
                        "id": str(guild_id),
                        "locale": guild.preferred_locale,
                        "features": list(guild.features),
                    },
                    "guild_locale": guild.preferred_locale,
                    "member": world.member(guild_id, user, with_permissions=True),
                    "app_permissions": str(world.permissions(guild_id, world.bot_id)),
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "context": 0,
                }
            )
            channel["permissions"] = str(world.permissions(guild_id, user))
            user_payload = world.users[user]
        else:
            recipient = int(channel["recipients"][0]["id"])
            user = recipient if user_id is None else user_id
            user_payload = world.users[user]
            payload.update(
                {
                    "user": copy.deepcopy(user_payload),
                    "app_permissions": str(p.EVERYONE_PERMISSIONS),
                    "authorizing_integration_owners": {"0": "0"},
                    "context": 1,
                }
            )
        if message is not None:
            payload["message"] = copy.deepcopy(message)
        record = InteractionRecord(
            id=interaction_id,
            token=payload["token"],
            type=interaction_type,
            payload=payload,
            application_id=self.fake.application_id,
            channel_id=channel_id,
            guild_id=guild_id,
            user=copy.deepcopy(user_payload),
            command_name=command_name,
            message_id=None if message is None else int(message["id"]),
        )
        self.fake.interactions[interaction_id] = record
        return payload

    # application commands -----------------------------------------------------------------

    def slash_command(
        self,
        name: str,
        options: Mapping[str, Any],
        *,
        channel_id: int | None,
        user_id: int | None,
        subcommand: str | None,
        locale: str,
    ) -> Json:
        channel = self.fake.guild.text_channel_id if channel_id is None else channel_id
        guild_id = self.world.guild_id_of(channel)
        command = None
        scoped = False
        if guild_id is not None:
            command = self.fake.commands.get(guild_id, {}).get(name)
            scoped = command is not None
        if command is None:
            command = self.fake.commands.get(None, {}).get(name)
        data: Json = {
            "id": command["id"] if command else str(self.fake.next_id()),
            "name": name,
            "type": 1,
        }
        if scoped:
            data["guild_id"] = str(guild_id)
        definitions: list[Json] = list(command.get("options", [])) if command else []
        parts = subcommand.split() if subcommand else []
        wrappers: list[tuple[str, int]] = []
        for index, part in enumerate(parts):
            found = _find(definitions, part)
            default_type = 2 if index < len(parts) - 1 else 1
            wrappers.append((part, int(found["type"]) if found else default_type))
            definitions = list(found.get("options", [])) if found else []
        resolved: Json = {}
        built = self._options(options, definitions, guild_id, resolved)
        for part, option_type in reversed(wrappers):
            built = [{"name": part, "type": option_type, "options": built}]
        if built:
            data["options"] = built
        if resolved:
            data["resolved"] = resolved
        return self._base(
            2, data, channel_id=channel, user_id=user_id, locale=locale, command_name=name
        )

    def _options(
        self,
        values: Mapping[str, Any],
        definitions: Sequence[Json],
        guild_id: int | None,
        resolved: Json,
    ) -> list[Json]:
        built: list[Json] = []
        for name, value in values.items():
            definition = _find(definitions, name)
            option_type = int(definition["type"]) if definition else _infer_type(value)
            option: Json = {"name": name, "type": option_type}
            if option_type in (6, 7, 8, 9):
                target = int(value["id"]) if isinstance(value, Mapping) else int(value)
                option["value"] = str(target)
                self._resolve(option_type, target, guild_id, resolved)
            elif option_type == 11:
                attachment = dict(value)
                option["value"] = attachment["id"]
                resolved.setdefault("attachments", {})[attachment["id"]] = attachment
            elif option_type == 4:
                option["value"] = int(value)
            elif option_type == 5:
                option["value"] = bool(value)
            elif option_type == 10:
                option["value"] = value if isinstance(value, int | float) else float(value)
            else:
                option["value"] = str(value)
            built.append(option)
        return built

    def _resolve(self, option_type: int, target: int, guild_id: int | None, resolved: Json) -> None:
        world = self.world
        key = str(target)
        is_user = target in world.users
        if option_type == 6 or (option_type == 9 and is_user):
            resolved.setdefault("users", {})[key] = copy.deepcopy(world.users[target])
            if guild_id is not None and target in world.guilds[guild_id].members:
                member = world.member(guild_id, target, with_user=False, with_permissions=True)
                resolved.setdefault("members", {})[key] = member
        elif option_type in (8, 9):
            if guild_id is None:
                raise ValueError("role options need a guild channel")
            role = world.guilds[guild_id].roles[target]
            resolved.setdefault("roles", {})[key] = copy.deepcopy(role)
        elif option_type == 7:
            channel = world.channels[target]
            entry: Json = {
                "id": key,
                "name": channel.get("name"),
                "type": channel["type"],
                "permissions": str(world.permissions(guild_id, world.bot_id) if guild_id else 0),
            }
            for extra in ("parent_id", "thread_metadata", "guild_id"):
                if extra in channel:
                    entry[extra] = copy.deepcopy(channel[extra])
            resolved.setdefault("channels", {})[key] = entry

    # message components -------------------------------------------------------------------

    def component(
        self,
        message: Json | int,
        custom_id: str,
        component_type: int,
        values: list[str] | None,
        *,
        user_id: int | None,
        locale: str,
    ) -> Json:
        if isinstance(message, int):
            message = self.world.messages[message]
        if int(message["id"]) not in self.world.messages:
            self.world.store_message(copy.deepcopy(message))
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        for component in p.walk_components(message.get("components", [])):
            if component.get("custom_id") == custom_id and "id" in component:
                data["id"] = component["id"]
                break
        if values is not None:
            data["values"] = values
        return self._base(
            3,
            data,
            channel_id=int(message["channel_id"]),
            user_id=user_id,
            locale=locale,
            message=message,
        )

    # modals ---------------------------------------------------------------------------------

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str | Sequence[str]],
        *,
        channel_id: int | None,
        user_id: int | None,
        layout: Sequence[Json] | None,
        message: Json | int | None,
        locale: str,
    ) -> Json:
        if isinstance(message, int):
            message = self.world.messages[message]
        if channel_id is None:
            channel_id = int(message["channel_id"]) if message else self.fake.guild.text_channel_id
        if layout is None:
            layout = [
                {"type": 1, "components": [{"type": 4, "custom_id": key, "label": key}]}
                for key in values
            ]
        used: set[str] = set()
        resolved: Json = {}
        components = _submit(p.number_components(list(layout)), values, used, resolved)
        missing = set(values) - used
        if missing:
            raise ValueError(f"modal {custom_id!r} has no inputs named {sorted(missing)}")
        data: Json = {"custom_id": custom_id, "components": components}
        if resolved:
            data["resolved"] = resolved
        return self._base(
            5, data, channel_id=channel_id, user_id=user_id, locale=locale, message=message
        )

    def modal_submit_for(
        self, interaction_id: int, values: Mapping[str, str | Sequence[str]]
    ) -> Json:
        record = self.fake.interactions[interaction_id]
        if record.modal is None:
            raise ValueError(f"interaction {interaction_id} was not answered with a modal")
        message = None if record.message_id is None else self.world.messages[record.message_id]
        return self.modal_submit(
            str(record.modal["custom_id"]),
            values,
            channel_id=record.channel_id,
            user_id=record.user_id,
            layout=record.modal.get("components", []),
            message=message,
            locale=str(record.payload["locale"]),
        )


def _find(definitions: Sequence[Json], name: str) -> Json | None:
    return next((d for d in definitions if d.get("name") == name), None)


def _infer_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    if isinstance(value, float):
        return 10
    if isinstance(value, Mapping) and "filename" in value:
        return 11
    return 3


def _submit(
    items: Sequence[Json],
    values: Mapping[str, str | Sequence[str]],
    used: set[str],
    resolved: Json,
) -> list[Json]:
    """Turn a modal's component tree into the tree Discord sends back on submit."""
    out: list[Json] = []
    for item in items:
        kind = item["type"]
        custom_id = str(item.get("custom_id", ""))
        if kind == 1:
            out.append(
                {
                    "type": 1,
                    "id": item["id"],
                    "components": _submit(item["components"], values, used, resolved),
                }
            )
        elif kind == 18:
            inner = _submit([item["component"]], values, used, resolved)
            out.append({"type": 18, "id": item["id"], "component": inner[0]})
        elif kind == 4:
            used.add(custom_id)
            value = values.get(custom_id, item.get("value") or "")
            out.append({"type": 4, "id": item["id"], "custom_id": custom_id, "value": str(value)})
        elif kind in SELECT_TYPES:
            used.add(custom_id)
            chosen = values.get(custom_id, [])
            listed = [chosen] if isinstance(chosen, str) else list(chosen)
            out.append({"type": kind, "id": item["id"], "custom_id": custom_id, "values": listed})
        elif kind == 19:  # file upload: values are attachment payloads
            used.add(custom_id)
            uploads: Sequence[Any] = values.get(custom_id, [])
            ids = []
            for attachment in uploads:
                if isinstance(attachment, Mapping):
                    ids.append(attachment["id"])
                    resolved.setdefault("attachments", {})[attachment["id"]] = dict(attachment)
            out.append({"type": 19, "id": item["id"], "custom_id": custom_id, "values": ids})
        elif kind == 10:
            out.append({"type": 10, "id": item["id"]})
    return out
