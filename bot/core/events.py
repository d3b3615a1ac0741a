"""Inbound events: what adapters turn platform payloads into."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.model import Attachment, ConversationKey, Identity


@dataclass(frozen=True)
class Actor:
    """Who did it: the platform account, its display name, and the platform's locale and
    time zone (IANA name) if known."""

    identity: Identity
    name: str = ""
    locale: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class MessageReceived:
    """Free text in a conversation or case thread, with attachment metadata (R15)."""

    key: ConversationKey
    actor: Actor
    text: str
    attachments: tuple[Attachment, ...] = ()
    attachment_heads: tuple[bytes, ...] = ()
    inbound_id: str | None = None
    # Spoken to the bot (an @mention, a new help post): it may start intake in a shared
    # thread, where other messages are people talking among themselves.
    addressed: bool = False


@dataclass(frozen=True)
class ChoiceMade:
    """A button or select: `field` names what was chosen, `value` carries only an id."""

    key: ConversationKey
    actor: Actor
    field: str
    value: str
    inbound_id: str | None = None


@dataclass(frozen=True)
class FormSubmitted:
    """The case form (R5): field name -> raw text value."""

    key: ConversationKey
    actor: Actor
    values: Mapping[str, str] = field(default_factory=dict)
    inbound_id: str | None = None


@dataclass(frozen=True)
class CommandInvoked:
    """A command such as /support, tickets, close CS-1, or an agent's claim in a thread."""

    key: ConversationKey
    actor: Actor
    name: str
    args: tuple[str, ...] = ()
    inbound_id: str | None = None


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
