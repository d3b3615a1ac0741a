"""Linking one person's accounts on several platforms, so they see one case history."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from bot.core.errors import IntakeError
from bot.core.model import Case
from bot.core.text import msg
from bot.service.turn import Turn

LINK_CODE_LIFETIME = timedelta(minutes=10)


async def link(turn: Turn, args: Sequence[str], _: Case | None) -> None:
    """`link` gives a one-time code; `link CODE` on another platform joins that account."""
    if not args:
        code = f"{secrets.randbelow(10**6):06d}"
        expires = turn.now + LINK_CODE_LIFETIME
        await turn.uow.add_link_code(code=code, person_id=turn.person.id, expires_at=expires)
        minutes = int(LINK_CODE_LIFETIME.total_seconds() // 60)
        turn.say(msg("link.code", code=code, minutes=minutes))
        return
    person_id = await turn.uow.take_link_code(code=args[0], now=turn.now)
    target = await turn.uow.person(person_id) if person_id else None
    if target is None:
        raise IntakeError("link.bad_code")
    # Knowing the code sent to the first account is what authorises the link.
    await turn.uow.link_identity(person_id=target.id, identity=turn.identity)
    await turn.audit("identity.linked", target.id, before=turn.person.id, after=str(turn.identity))
    turn.say(msg("link.done", name=target.name))
