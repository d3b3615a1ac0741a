"""Lists agents work from: the queue view (R50), and the App Home that gathers every list."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.errors import PermissionDenied
from bot.core.model import Case, Role
from bot.core.queue import QueueFilter, parse_queue_filter, queue_names
from bot.service.turn import Turn
from bot.service.views import case_list, queue_view


async def queue(turn: Turn, args: Sequence[str], _: Case | None) -> None:
    """R50: `queue [mine] [unassigned] [breached] [queue NAME] [tag NAME]`, for agents only."""
    if not turn.person.has(Role.AGENT):
        raise PermissionDenied("deny.queue")
    chosen = parse_queue_filter(args, queue_names(turn.catalogue))
    turn.actions.append(await queue_view(turn, chosen))


async def home(turn: Turn, args: Sequence[str], _: Case | None) -> None:
    """Everything a person's home shows (Slack App Home): their cases with `args` as filter
    (R30), the org's for org admins (R32), the queue view for agents (R50)."""
    turn.actions.append(await case_list(turn, args))
    if turn.person.has(Role.ORG_ADMIN):
        turn.actions.append(await case_list(turn, (*args, "org")))
    if turn.person.has(Role.AGENT):
        turn.actions.append(await queue_view(turn, QueueFilter()))
