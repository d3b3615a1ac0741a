"""Case tags (R52): what a tag may look like, and the unit of work's part that keeps them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.core.errors import IntakeError

MAX_TAG_LENGTH = 32
MAX_TAGS = 10  # per case: tags narrow lists, and ten already say more than a lead reads
_TAG = re.compile(r"(?:[^\W_]|-)+")  # letters of any language (rückruf), digits and -


def check_tag(typed: str) -> str:
    """The tag as stored (lowercase, a leading # dropped), or an error naming the rule."""
    tag = typed.strip().lstrip("#").lower()
    if not _TAG.fullmatch(tag) or len(tag) > MAX_TAG_LENGTH:
        raise IntakeError("tag.invalid", tag=typed, most=MAX_TAG_LENGTH)
    return tag


class CaseTags(Protocol):
    """The tags of cases in one unit of work (storage/tags.py)."""

    async def tag_case(self, *, case_number: int, tag: str) -> bool:
        """Give a case a tag; False when it had it already."""
        ...

    async def untag_case(self, *, case_number: int, tag: str) -> bool:
        """Take a tag off a case; False when it did not have it."""
        ...

    async def case_tags(
        self, case_numbers: Sequence[int] | None = None
    ) -> Mapping[int, tuple[str, ...]]:
        """The tags of these cases (of every tagged case when None), each sorted; a case
        without tags is not in the mapping."""
        ...
