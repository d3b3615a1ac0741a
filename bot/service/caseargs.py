"""Which case a command is about: the CS-n it names, or the case thread it was typed in."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.cases import CaseAction
from bot.core.errors import IntakeError
from bot.core.model import Case
from bot.service.turn import Turn


async def case_arg(
    turn: Turn, args: Sequence[str], thread_case: Case | None, action: CaseAction
) -> tuple[Case, Sequence[str]]:
    """The case a command names (CS-n first argument) or the thread it was typed in, with
    the arguments after it; authorised for `action`."""
    explicit = bool(args) and (
        args[0].upper().startswith("CS-") or (thread_case is None and args[0].isdigit())
    )
    if explicit:
        return await turn.case_for(args[0], action), args[1:]
    if thread_case is None:
        raise IntakeError("command.needs_case")
    await turn.case_for(thread_case.ref, action)
    return thread_case, args
