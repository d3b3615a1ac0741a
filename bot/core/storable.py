"""Typed text as every database can hold it, cleaned where it enters the core."""

from __future__ import annotations

import re

# PostgreSQL text cannot hold NUL, and no UTF-8 database takes a lone surrogate (platform JSON
# may carry "\ud800"): such characters are dropped so the rest of the message is kept.
_REFUSED = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """The text without the characters a database refuses."""
    return _REFUSED.sub("", text)
