"""R3: a private category chosen in a shared help thread continues in the person's DM."""

from __future__ import annotations

from dataclasses import replace

from bot.core.actions import OfferArticles, Reply
from bot.core.decision import ContinuePrivately
from bot.core.events import Actor, ChoiceMade
from bot.core.intake import decide
from bot.core.model import Conversation, ConversationKey, Identity, IntakeState
from tests.core.catalogue_fixture import ARTICLE, context

THREAD = ConversationKey("slack", "T1", "C0HELP", thread="1700000000.000100")
DM = ConversationKey("slack", "T1", "D0ALICE", user="U0ALICE")
ACTOR = Actor(Identity("slack", "T1", "U0ALICE"), "Alice")
TOPIC_CHOSEN = {"org": "acme", "topic": "billing"}


def choose(key: ConversationKey, category: str) -> tuple[Conversation, ChoiceMade]:
    conversation = Conversation(key, "alice", IntakeState.CHOOSING_CATEGORY, TOPIC_CHOSEN)
    return conversation, ChoiceMade(key, ACTOR, "category", category)


def test_private_category_in_a_shared_thread_says_nothing_there_and_moves() -> None:
    decision = decide(*choose(THREAD, "disputes"), context())
    assert decision.actions == ()  # not even the category's rules or the describe prompt
    assert decision.effects == (ContinuePrivately(),)
    # The choice is kept, so it can be made again in the DM.
    assert decision.conversation.state is IntakeState.CHOOSING_CATEGORY
    assert decision.conversation.data == {**TOPIC_CHOSEN, "category": "disputes"}


def test_private_category_in_a_dm_asks_for_the_description_there() -> None:
    decision = decide(*choose(DM, "disputes"), context())
    assert decision.effects == ()
    assert decision.conversation.state is IntakeState.DESCRIBING
    assert [type(a) for a in decision.actions] == [Reply]
    assert all(a.to == DM for a in decision.actions)


def test_other_categories_stay_in_the_shared_thread() -> None:
    decision = decide(*choose(THREAD, "invoices"), context())
    assert decision.effects == ()
    assert decision.conversation.state is IntakeState.DESCRIBING
    assert [a.to for a in decision.actions] == [THREAD]


def test_a_proposed_private_place_accepted_in_a_shared_thread_moves_with_the_description() -> None:
    described = {**TOPIC_CHOSEN, "category": "disputes", "description": "charged twice"}
    proposed = Conversation(THREAD, "alice", IntakeState.PLACE_PROPOSED, described)
    decision = decide(proposed, ChoiceMade(THREAD, ACTOR, "place", "accept"), context())
    assert decision.actions == () and decision.effects == (ContinuePrivately(),)
    moved = decision.conversation
    assert moved.state is IntakeState.CHOOSING_CATEGORY and moved.data == described
    # Made again in the DM, the choice goes straight on to the articles.
    again = decide(
        replace(moved, key=DM),
        ChoiceMade(DM, ACTOR, "category", "disputes"),
        context(suggestions=(ARTICLE,)),
    )
    assert again.conversation.state is IntakeState.REVIEWING_ARTICLES
    assert [type(a) for a in again.actions] == [OfferArticles]
    assert all(a.to == DM for a in again.actions)
