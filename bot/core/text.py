"""Localisable text: a message key with parameters, rendered by bot.i18n."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Union

# A parameter is plain text, a number, another message, or a name per language.
Param = Union[str, int, "Msg", Mapping[str, str]]


@dataclass(frozen=True)
class Msg:
    """A user-visible text, not yet in any language."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


def msg(key: str, **params: Param) -> Msg:
    """Shorthand for Msg(key, params)."""
    return Msg(key, params)
