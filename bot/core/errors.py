"""Typed errors that become friendly, localised text (ARCHITECTURE style rule 8)."""

from __future__ import annotations

from bot.core.text import Msg, Param


class IntakeError(Exception):
    """A rule the user broke; carries the message that names the rule."""

    def __init__(self, key: str, **params: Param) -> None:
        super().__init__(key)
        self.message = Msg(key, params)


class PermissionDenied(IntakeError):
    """The person may not do this (SPEC role table); audited by the service."""


class InvalidTransition(IntakeError):
    """A status or escalation step that does not follow from the current one."""


class NotFound(IntakeError):
    """A case or escalation id that does not exist or is not visible to the person."""


class NotIndexedYet(Exception):
    """A step needs the articles, which a start is still indexing: the event is handled
    again once they are in, and its transaction is not held open while it waits."""


class StorageUnavailable(Exception):
    """The database cannot be reached: an event is not acknowledged as received, so the
    platform retries it (R70)."""
