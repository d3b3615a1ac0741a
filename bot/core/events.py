"""Inbound events: what adapters turn platform payloads into.

Typed text is made storable as an event is built (bot.core.storable), so no adapter, inbox or
handler meets a character the database refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bot.core.attachments import Sample
from bot.core.model import Attachment, ConversationKey, Identity
from bot.core.storable import storable


def _cleaned(event: object, **values: object) -> None:
    """Set fields of a frozen event in its __post_init__."""
    for name, value in values.items():
        object.__setattr__(event, name, value)


@dataclass(frozen=True)
class Actor:
    """Who did it: the platform account, its display name, and the platform's locale and
    time zone (IANA name) if known."""

    identity: Identity
    name: str = ""
    locale: str | None = None
    timezone: str | None = None

    def __post_init__(self) -> None:
        _cleaned(self, name=storable(self.name))


@dataclass(frozen=True)
class MessageReceived:
    """Free text in a conversation or case thread, with attachment metadata and what R15
    reads of each file's content."""

    key: ConversationKey
    actor: Actor
    text: str
    attachments: tuple[Attachment, ...] = ()
    attachment_samples: tuple[Sample, ...] = ()
    inbound_id: str | None = None
    # Spoken to the bot (an @mention, a new help post): it may start intake in a shared
    # thread, where other messages are people talking among themselves.
    addressed: bool = False

    def __post_init__(self) -> None:
        files = tuple(replace(a, name=storable(a.name)) for a in self.attachments)
        _cleaned(self, text=storable(self.text), attachments=files)


@dataclass(frozen=True)
class ChoiceMade:
    """A button or select: `field` names what was chosen, `value` carries only an id."""

    key: ConversationKey
    actor: Actor
    field: str
    value: str
    inbound_id: str | None = None

    def __post_init__(self) -> None:
        _cleaned(self, field=storable(self.field), value=storable(self.value))


@dataclass(frozen=True)
class FormSubmitted:
    """The case form (R5): field name -> raw text value. `partial`: the fields answered so
    far of a form asked one field at a time (the console), kept with the conversation so a
    form shown again (after a restart) has them; nothing is submitted."""

    key: ConversationKey
    actor: Actor
    values: Mapping[str, str] = field(default_factory=dict)
    inbound_id: str | None = None
    partial: bool = False

    def __post_init__(self) -> None:
        _cleaned(self, values={name: storable(v) for name, v in self.values.items()})


@dataclass(frozen=True)
class CommandInvoked:
    """A command such as /support, tickets, close CS-1, or an agent's claim in a thread."""

    key: ConversationKey
    actor: Actor
    name: str
    args: tuple[str, ...] = ()
    inbound_id: str | None = None

    def __post_init__(self) -> None:
        _cleaned(self, name=storable(self.name), args=tuple(storable(a) for a in self.args))


@dataclass(frozen=True)
class ThreadBound:
    """The adapter created the case's queue thread; remember its platform id."""

    key: ConversationKey
    actor: Actor
    case_number: int
    thread: str
    inbound_id: str | None = None


@dataclass(frozen=True)
class DirectOpened:
    """The adapter opened the actor's DM after MoveToDirect; `key` is that DM's real
    conversation key, where the intake goes on (R3)."""

    key: ConversationKey
    actor: Actor
    inbound_id: str | None = None


Event = MessageReceived | ChoiceMade | FormSubmitted | CommandInvoked | ThreadBound | DirectOpened
