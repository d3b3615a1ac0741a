"""A problem typed in plain words starts intake (issue 12 point 5, R1, R4): the text is the
description, the likely topic and category are proposed, the articles follow and the form is
prefilled; greetings alone get a short hello."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import shown

CHARGED_TWICE = "I was charged twice on my card, can someone help me?"


async def test_a_problem_in_plain_words_is_placed_and_answered(world: World) -> None:
    out = await world.say(CHARGED_TWICE)
    assert shown(out, "That sounds like Billing & invoices > Billing disputes & refunds"), out
    out = await world.say("yes")  # one tap (or word) accepts
    assert shown(out, "Charged twice for the same billing period"), out
    assert not any("(9" in line for line in out)  # no raw scores for users
    out = await world.say("Still need help")
    assert shown(out, "Open a support case")
    assert shown(out, f"[{CHARGED_TWICE}]"), out  # the words typed are the prefilled subject


async def test_the_proposal_can_be_changed_and_the_description_is_kept(world: World) -> None:
    await world.say(CHARGED_TWICE)
    out = await world.say("No, choose another topic")
    assert shown(out, "What do you need help with? Pick a topic."), out
    await world.say("billing")
    out = await world.say("payments")
    # Not asked to describe it again: the articles for the chosen category come at once.
    assert not shown(out, "Please describe the problem"), out
    assert shown(out, "may solve it") or shown(out, "Open a support case"), out


async def test_greetings_alone_get_a_short_hello(world: World) -> None:
    for greeting in ("Hi!", "hello there", "Guten Morgen"):
        out = await world.say(greeting)
        assert shown(out, "Describe your problem in a sentence"), (greeting, out)
    out = await world.say("tickets")
    assert shown(out, "Your cases (0)")


async def test_a_german_problem_is_proposed_in_german(world: World) -> None:
    await world.say("/as user erik")  # a German speaker of the sample directory
    out = await world.say("Ich kann mich nicht mehr anmelden, SAML-Fehler SSO-1012")
    assert shown(out, "Das klingt nach Konten, Anmeldung & SSO > Single Sign-on"), out
    out = await world.say("ja")
    assert shown(out, "SAML"), out
