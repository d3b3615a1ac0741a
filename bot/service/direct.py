"""Moving an intake from a shared help thread to the person's DM (R3, private categories).

Only the adapter knows the DM's real conversation key (Slack `D…`, a Discord DM channel id),
so the move takes two events: the category choice parks the intake at the person's direct
key and asks the adapter to open the DM (MoveToDirect); the adapter reports the DM
(DirectOpened) and the parked intake goes on at its real key.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.actions import MoveToDirect
from bot.core.events import ChoiceMade, DirectOpened
from bot.core.model import Conversation, IntakeState
from bot.core.text import msg
from bot.service.turn import Turn, direct_key


async def park(turn: Turn, conversation: Conversation) -> Conversation:
    """Keep the intake at the person's direct key until the adapter opened the DM, and ask
    it to; returns the shared thread's conversation, which is done (idle)."""
    await turn.uow.save_conversation(replace(conversation, key=direct_key(turn.identity)))
    text = msg("intake.moved_private")
    turn.actions.append(MoveToDirect(turn.key, turn.person.locale, text, turn.identity.user_id))
    return Conversation(conversation.key, conversation.person_id)


async def unpark(turn: Turn, event: DirectOpened) -> tuple[Conversation, ChoiceMade] | None:
    """The parked intake at the DM's real key, and the category choice to make there again;
    None when nothing is parked (the DM was reported before)."""
    parked_at = direct_key(turn.identity)
    parked = await turn.uow.conversation(parked_at)
    category = parked.data.get("category") if parked is not None else None
    if parked is None or parked.state is not IntakeState.CHOOSING_CATEGORY or category is None:
        return None
    await turn.uow.save_conversation(Conversation(parked_at, parked.person_id))
    choice = ChoiceMade(event.key, event.actor, "category", category, event.inbound_id)
    return replace(parked, key=event.key), choice
