"""Issue 8, escalation correctness (R20-R22), in the console as the people meet it: a severity
change recomputes the due time, the Escalate button and the breach alert; an escalated case
moves with its escalation; the Escalate button goes to the designated contacts."""

from __future__ import annotations

from tests.service.conftest import World
from tests.service.test_console_journey import open_invoice_case, shown

LEAD_ALERT = "[#billing-queue] @dana Queue lead: CS-1 breached"
OFFERED = "[@alice] The first-response time of CS-1 has passed"


async def as_agent_in(world: World, ref: str) -> None:
    await world.say("/as agent", f"/thread {ref}")


async def test_a_downgrade_takes_escalate_back_and_the_lead_hears_of_the_breach_once(
    world: World,
) -> None:
    ref = await open_invoice_case(world)  # severity 3: first response due in 4 h (13:00 UTC)
    out = await world.say("/advance 4h")
    assert shown(out, f"SLA breached on {ref}")
    assert shown(out, LEAD_ALERT)
    assert shown(out, OFFERED)

    await as_agent_in(world, ref)
    out = await world.say("/severity 4 only the export is affected")  # 8 h: due 17:00 UTC
    assert shown(out, "Severity 4 Medium | new | first response due Nov 23, 2026, 17:00 UTC")
    # The Escalate button no longer counts; alice is told from when it does again.
    assert shown(out, f"[@alice] With its new severity the first response to {ref} is due")
    await world.say("/as user alice")
    out = await world.say(f"escalate {ref} nobody answered")
    assert shown(out, f"{ref} can be escalated only after its first-response time has passed")

    out = await world.say("/advance 4h")  # the new due time passes, still no answer
    assert shown(out, f"SLA breached on {ref}: the first response was due Nov 23, 2026, 17:00")
    assert not shown(out, LEAD_ALERT)  # the lead heard of this breach already
    assert shown(out, OFFERED)  # the button is back, once the new time has passed
    out = await world.say(f"escalate {ref} nobody answered")
    assert shown(out, "Escalation CP-1")


async def test_an_upgrade_that_makes_a_case_breach_alerts_the_lead_again(world: World) -> None:
    ref = await open_invoice_case(world)
    await world.say("/advance 3h")
    await as_agent_in(world, ref)
    out = await world.say("/severity 2 the whole finance team is blocked")  # due 11:00: passed
    assert shown(out, "first response due Nov 23, 2026, 11:00 UTC")
    out = await world.say("/advance 1m")
    assert shown(out, f"SLA breached on {ref}")
    assert shown(out, LEAD_ALERT)
    assert shown(out, OFFERED)

    out = await world.say("/severity 1 production is down", "/advance 1m")
    assert not shown(out, "SLA breached")  # already in breach: nothing new for anyone

    await world.say("/severity 4 a workaround exists")  # due 17:00: no longer in breach
    out = await world.say("/severity 2 the workaround failed", "/advance 1m")
    # Breached anew by an upgrade: the rule's one exception, so the lead hears of it.
    assert shown(out, LEAD_ALERT)
    assert shown(out, OFFERED)


async def test_the_new_due_time_counts_business_hours_from_the_opening(world: World) -> None:
    # ivy's plan (standard, Americas) counts 08:00-18:00 New York time on working days.
    await world.say("/as agent", "/advance 11h")  # Monday 20:00 UTC, 15:00 in New York
    out = await world.say("/log phone ivy billing/invoices C Export broken")  # 8 business h
    assert shown(out, "first response due Nov 24, 2026, 18:00 UTC")  # Tue 13:00 New York
    await world.say("/thread CS-1", "/advance 2h")
    out = await world.say("/severity B the export feeds payroll")  # 4 h from the opening
    # 3 h on Monday (15:00-18:00) and 1 h on Tuesday: Tue 09:00 New York, 14:00 UTC.
    assert shown(out, "Severity B Moderate | new | first response due Nov 24, 2026, 14:00 UTC")


async def test_an_escalated_case_moves_with_its_escalation(world: World) -> None:
    ref = await open_invoice_case(world)
    await world.say("/advance 5h")
    out = await world.say(f"escalate {ref} invoices blocked for a day")
    assert shown(out, "Escalation CP-1")
    # The header offers no status moves, but the escalation's next step (R13, R22).
    assert shown(out, "1) Claim  2) Close  3) Change severity  4) Share link  5) Offer a call  ")
    assert shown(out, "6) Escalation: next step")

    await as_agent_in(world, ref)
    out = await world.say("/status in progress")
    assert shown(out, f"{ref} is escalated: it goes back to in progress when CP-1 is resolved")
    out = await world.say("/status waiting on customer")
    assert shown(out, "(CP-1 is now submitted)")

    await world.say("/as user alice")
    out = await world.say(f"escalate {ref} and again")
    assert shown(out, f"{ref} is already escalated as CP-1")
    out = await world.say(f"case {ref}")
    assert shown(out, "Escalation CP-1: submitted")

    await as_agent_in(world, ref)
    await world.say("/step", "/step", "/step")
    await world.say("/as user alice")
    out = await world.say("1")  # yes, the fix works
    assert shown(out, "Escalation CP-1: resolved")
    assert shown(out, "| in progress |")  # the case is back at work
    out = await world.say(f"escalate {ref} broken again a week later")
    assert shown(out, "Escalation CP-2")  # CP-1 is resolved, so a new one may start

    await as_agent_in(world, ref)
    out = await world.say("/close")
    assert shown(out, "[@alice] Escalation CP-2: resolved")  # closing ends the escalation
    out = await world.say("/severity 2 too late")
    assert shown(out, f"Case {ref} is already closed")  # no timers for a closed case
    await world.say("/as user alice")
    out = await world.say(f"case {ref}")
    assert shown(out, "Status: closed")
    assert shown(out, "Escalation CP-2: resolved")


async def test_escalate_goes_to_the_designated_contacts_among_owner_and_participants(
    world: World,
) -> None:
    # carol (no designated contact) opens a case with alice (one) as participant.
    await world.say("/as user carol")
    carols = await open_invoice_case(world, participants="alice")
    await world.say("/as user alice")
    alices = await open_invoice_case(world, participants="bob")  # bob is no designated one
    out = await world.say("/advance 5h")
    for ref in (carols, alices):
        assert shown(out, f"[@alice] The first-response time of {ref} has passed")
    assert not shown(out, "[@carol] The first-response time")
    assert not shown(out, "[@bob] Die Frist für die Erstreaktion")
    out = await world.say(f"escalate {carols} carol's invoices are still blocked")
    assert shown(out, f"Escalation CP-1 for {carols}")
