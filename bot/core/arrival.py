"""The start of every event's transaction (issue 8): its claim in the inbox, and the person
and conversation it needs, read together."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.model import ConversationKey, Identity, Person


class Arrivals(Protocol):
    """How a unit of work takes an event in."""

    async def arrive(
        self,
        *,
        platform: str,
        inbound_id: str,
        at: datetime,
        identity: Identity,
        key: ConversationKey,
    ) -> bool:
        """Mark an event handled in this transaction, recorded or not (False: handled before,
        the deduplication), and read the person of `identity` and the conversation at `key`
        with it, in one statement where the database allows; `person_by_identity` and
        `conversation` then answer from memory."""
        ...

    async def person_by_identity(
        self, identity: Identity, *, conversation_at: ConversationKey | None = None
    ) -> Person | None:
        """The person linked to a platform account; with `conversation_at`, the conversation
        there is read in the same statement and `conversation()` answers from it."""
        ...
