"""Choices accept what people type in the console (issue 12 point 7): a word of the label picks
it, an ambiguous word is asked about, not guessed."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import shown


async def test_a_word_of_the_label_picks_the_category(world: World) -> None:
    await world.say("help")
    await world.say("billing")  # the topic by a word of its label
    out = await world.say("refunds")
    assert shown(out, "Please describe the problem"), out


async def test_an_ambiguous_answer_is_asked_again_with_the_reason(world: World) -> None:
    await world.say("help")
    await world.say("Billing & invoices")
    out = await world.say("p")  # payments or plans?
    assert shown(out, 'More than one choice fits "p"'), out
    assert shown(out, "Which category fits best?")
    out = await world.say("pay")
    assert shown(out, "Please describe the problem"), out
