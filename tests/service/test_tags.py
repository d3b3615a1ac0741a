"""Issue 9, R52 in the console: agents tag cases in the thread (German words too), the header
shows the tags, the queue view filters by one; bad tags and non-agents are told the rule."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import shown
from tests.service.test_queue_view import log_three_cases, rows
from tests.service.test_snippets import refused_to_a_customer


async def test_tags_set_in_the_thread_show_in_the_header_and_filter_the_queue(
    world: World,
) -> None:
    await log_three_cases(world)
    await world.say("/thread CS-1")
    out = await world.say("!tag billing-bug #Refund")
    assert shown(out, "Tags of CS-1: billing-bug, refund.")
    assert shown(out, "Tags: billing-bug, refund")  # the header, updated in place
    assert not shown(out, "[@alice]")  # case work never reaches the customer
    await world.say("/dm")
    out = await world.say("/tag CS-3 refund")  # outside the thread, the case named
    assert shown(out, "Tags of CS-3: refund.")
    assert shown(await world.say("case CS-1"), "Tags: billing-bug, refund")  # details, agents

    assert rows(await world.say("queue tag refund")) == ["CS-1", "CS-3"]
    out = await world.say("queue #billing-bug")
    assert shown(out, "Open cases in all queues, tagged billing-bug (1)")
    assert rows(out) == ["CS-1"]
    assert rows(await world.say("queue unassigned tag nothing-yet")) == []

    await world.say("/thread CS-1")
    out = await world.say("!untag refund")
    assert shown(out, "Tags of CS-1: billing-bug.")
    assert rows(await world.say("/queue tag refund")) == ["CS-3"]
    async with world.repository.transaction() as uow:
        trail = [(e.action, e.before, e.after) for e in await uow.audit("CS-1")]
    assert ("case.tag", "", "billing-bug") in trail
    assert ("case.tag", "", "refund") in trail
    assert ("case.untag", "refund", "") in trail


async def test_german_words_and_the_german_queue_title(world: World) -> None:
    await log_three_cases(world)
    await world.say("/as user erik")
    await world.say("/thread CS-2")
    out = await world.say("!markieren anmeldung rückruf")
    assert shown(out, "Tags of CS-2: anmeldung, rückruf.")  # the thread speaks the agents' language
    out = await world.say("!entmarkieren rückruf")
    assert shown(out, "Tags of CS-2: anmeldung.")
    await world.say("/dm")
    out = await world.say("warteschlange schlagwort anmeldung")
    assert shown(out, "Offene Fälle in allen Queues, mit Tag anmeldung (1)")


async def test_bad_tags_too_many_and_unknown_ones_name_the_rule(world: World) -> None:
    await log_three_cases(world)
    await world.say("/thread CS-1")
    ten = " ".join(f"t{n}" for n in range(10))
    answers = [
        ("!tag billing_bug", 'Tag "billing_bug" is not allowed: a tag is one word of letters'),
        ("!tag " + "x" * 33, "at most 32 characters"),
        ("!tag", "Usage: !tag NAME [NAME ...] or !untag NAME"),
        (f"!tag {ten} t10", "CS-1 would have more than 10 tags"),
        (f"!tag {ten}", "Tags of CS-1: t0, t1, t2, t3, t4, t5, t6, t7, t8, t9."),
        ("!tag one-more", "CS-1 would have more than 10 tags"),
        ("!untag missing", "CS-1 has no tag missing."),
        ("/queue tag", "Name the tag: queue tag NAME."),
    ]
    for typed, answer in answers:
        assert shown(await world.say(typed), answer), typed


async def test_non_agents_may_not_tag_and_the_denial_is_audited(world: World) -> None:
    await log_three_cases(world)
    await world.say("/tag CS-1 vip")
    await refused_to_a_customer(world, "/tag CS-1 other")
    assert not shown(await world.say("case CS-1"), "Tags:")  # the requester never sees them
    async with world.repository.transaction() as uow:
        assert await uow.case_tags() == {1: ("vip",)}
