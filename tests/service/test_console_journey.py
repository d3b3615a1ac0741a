"""The whole life of a case in the console, asserted on what people see (R1-R33)."""

from __future__ import annotations

from tests.service.conftest import World


def shown(lines: list[str], text: str) -> bool:
    return any(text in line for line in lines)


async def describe_invoice_problem(world: World) -> list[str]:
    out = await world.say("help")
    assert shown(out, "Billing & invoices")
    out = await world.say("Billing & invoices")  # the label picks as well as the number
    assert shown(out, "Which category fits best?")
    out = await world.say("invoices")
    assert shown(out, "Please describe the problem")
    return await world.say("when I download the invoice pdf it says access denied INV-403")


async def test_article_solves_it_without_a_case(world: World) -> None:
    out = await describe_invoice_problem(world)
    assert shown(out, "KB-1001"), out
    assert shown(out, "This solved it")
    number = next(line.split(")")[0].strip() for line in out if "KB-1001" in line)
    out = await world.say(number)
    assert shown(out, "Glad that helped")
    out = await world.say("tickets")
    assert shown(out, "Your cases (0)")


async def open_invoice_case(world: World, participants: str = "bob") -> str:
    out = await describe_invoice_problem(world)
    more = next(line.split(")")[0].strip() for line in out if "Still need help" in line)
    out = await world.say(more)
    assert shown(out, "Open a support case")
    assert shown(out, "Subject")
    out = await world.say("")  # keep the prefilled subject
    out = await world.say("")  # keep the description
    assert shown(out, "Links to the affected items")
    out = await world.say("https://app.acme.example/invoices/2026-11")
    assert shown(out, "Allow support to log in")
    out = await world.say("yes")
    assert shown(out, "first response within 4 h"), out  # each level's time beside it (R5)
    out = await world.say("3")
    out = await world.say(participants)
    created = next(line for line in out if "is open" in line)
    assert "first response is due by" in created
    assert shown(out, "[#billing-queue CS-")  # the queue thread header (R11)
    return created.split("Case ")[1].split(" ")[0]


async def test_whole_case_life(world: World) -> None:
    ref = await open_invoice_case(world)

    # Agent works the case in its thread (R11, R12).
    assert await world.say("/as agent") == ["(you are now dana)"]
    await world.say(f"/thread {ref}")
    out = await world.say("Hi Alice, I am looking at your invoice permissions now.")
    assert shown(out, f"[@alice] Dana Diaz ({ref}): Hi Alice")
    assert shown(out, f"[@bob] {ref}, Dana Diaz: Hi Alice")  # participants are told (R5)
    out = await world.say("note: customer is on the legacy billing role")
    assert shown(out, "Internal note saved")
    assert not shown(out, "[@alice]")
    out = await world.say("/claim")
    assert shown(out, "assignee dana") or shown(out, "assigned to Dana Diaz")
    out = await world.say("/severity 2 all admins blocked")
    assert shown(out, "severity 3 -> 2")
    assert shown(out, f"[@alice] The severity of {ref} is now 2")
    out = await world.say("/share https://help.acme.example/kb/KB-1001")
    assert shown(out, "Support shared a resource")
    out = await world.say("/status waiting_on_customer")
    assert shown(out, "waiting on customer")

    # The user answers; it reaches the thread and the case is back in progress.
    await world.say("/as user alice")
    out = await world.say("Thanks, the role is Billing Viewer.")
    assert shown(out, f"[#billing-queue {ref}] Alice Adams ({ref}): Thanks")

    # Time passes beyond the first-response time: Escalate appears (R21).
    out = await world.say("/advance 5h")
    assert shown(out, "can escalate it")

    # A non-designated user is refused with the rule named; alice escalates (R22).
    await world.say("/as user bob")
    out = await world.say(f"escalate {ref} not happy")
    assert shown(out, "designated") or shown(out, "benannte")
    await world.say("/as user alice")
    out = await world.say(f"escalate {ref} still cannot download invoices after two days")
    assert shown(out, "Escalation CP-1")

    await world.say("/as agent")
    await world.say(f"/thread {ref}")
    await world.say("/step")
    await world.say("/step 2026-12-01")
    out = await world.say("/step")
    assert shown(out, "solution review")
    assert shown(out, "Does the fix work for you?")
    await world.say("/as user alice")
    out = await world.say("1")
    assert shown(out, "resolved")

    # History (R30, R31).
    out = await world.say("tickets")
    assert shown(out, "Your cases (1)")
    assert shown(out, f"{ref} | Invoice") or shown(out, f"{ref} |")
    out = await world.say(f"case {ref}")
    assert shown(out, "Assigned agent: Dana Diaz")
    assert shown(out, "Escalation CP-1")
    assert shown(out, "Shared resources: https://help.acme.example/kb/KB-1001")
    assert shown(out, "Hi Alice")
    assert not shown(out, "legacy billing role")  # internal notes stay internal

    # Org admin view with the user column (R32).
    await world.say("/as admin")
    out = await world.say("tickets org")
    assert shown(out, "id | user | subject")
    assert shown(out, "Alice Adams")

    # Close, rate once, closed-case reply (R16, R17).
    await world.say("/as user alice")
    out = await world.say(f"close {ref}")
    assert shown(out, f"Case {ref} was closed")
    assert shown(out, "Rate 1 (poor) to 5 (great)")
    out = await world.say("5")
    assert shown(out, "Thank you for rating")
    out = await world.say(f"rate {ref} 1 changed my mind")
    assert shown(out, "already been rated")
    out = await world.say(f"reply {ref} one more thing")
    assert shown(out, f"Open a new case and reference {ref}")
    assert shown(out, f"Open a new case referencing {ref}")


async def test_reminders_then_breach_in_the_thread(world: World) -> None:
    ref = await open_invoice_case(world)
    out = await world.say("/advance 2h")
    assert shown(out, f"[#billing-queue {ref}] SLA reminder for {ref}: 50%")
    out = await world.say("/advance 1h")
    assert not shown(out, "SLA")  # 3 h of 4 h: the 80 % reminder is at 3 h 12 min
    out = await world.say("/advance 15m")
    assert shown(out, "80%")
    out = await world.say("/advance 45m")
    assert shown(out, f"SLA breached on {ref}")
    assert shown(out, "[#billing-queue] @")  # the queue lead is alerted


async def test_severity_one_gets_the_hotline(world: World) -> None:
    out = await describe_invoice_problem(world)
    more = next(line.split(")")[0].strip() for line in out if "Still need help" in line)
    await world.say(more, "", "", "", "no")
    out = await world.say("1", "")
    assert shown(out, "call our hotline now")
    assert shown(out, "[#oncall]")
    assert not shown(out, "is open")


async def test_german_user_gets_german_words(world: World) -> None:
    await world.say("/as user bob")
    out = await world.say("Hilfe")
    assert shown(out, "Abrechnung & Rechnungen")
    assert shown(out, "Wobei")


async def test_bad_attachment_is_refused_by_rule_and_message_still_relayed(
    world: World, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    ref = await open_invoice_case(world)
    fake = tmp_path / "invoice.pdf"
    fake.write_bytes(b"MZ not really a pdf")
    good = tmp_path / "screen.png"
    good.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    await world.say(f"/attach {fake}", f"/attach {good}")
    out = await world.say("here are the files")
    assert shown(out, "invoice.pdf was not sent: its content is not a PDF file")
    assert shown(
        out, f"[#billing-queue {ref}] Alice Adams ({ref}): here are the files [files: screen.png]"
    )


async def test_agent_logs_a_phone_case_for_a_user(world: World) -> None:
    await world.say("/as user bob")
    out = await world.say("/log phone alice billing/invoices 4 Invoice address question")
    assert shown(out, "Only agents may log") or shown(out, "Nur Agenten")
    await world.say("/as agent")
    out = await world.say("/log phone alice billing/invoices 4 Invoice address question")
    assert shown(out, "Case CS-1 is open")
    assert shown(out, "via phone")
    await world.say("/as user alice")
    out = await world.say("tickets")
    assert shown(out, "CS-1 | Invoice address question")
    assert shown(out, "| phone |")


async def test_call_offer_and_login_access_toggle(world: World) -> None:
    ref = await open_invoice_case(world)
    out = await world.say(f"access {ref} off")
    assert shown(out, f"Login access for {ref} is now not granted")
    assert shown(out, "login access not granted")  # agents see it in the header (R18)
    await world.say("/as agent", f"/thread {ref}")
    out = await world.say("/call 2026-11-24T10:00Z https://meet.example/abc")
    assert shown(out, "Support offers a call about")
    await world.say("/as user alice")
    out = await world.say("1")
    assert shown(out, f"You accepted the call for {ref}")
    out = await world.say(f"case {ref}")
    assert shown(out, "https://meet.example/abc (accepted)")


async def test_support_plan_and_partner_flows(world: World) -> None:
    out = await world.say("what is my support plan?")
    assert shown(out, "Your support plan: Premier")
    assert shown(out, "Severity 3 High: first response within 4 h")
    await world.say("/as user gary")  # Globex is served by the partner PartnerCo (R8)
    out = await world.say("help")
    assert shown(out, "supported by our partner PartnerCo")
    await world.say("/as user pat")
    out = await world.say("help")
    assert shown(out, "Who are you filing for?")
    out = await world.say("Globex")
    assert shown(out, "Pick a topic")


async def test_unhandled_message_is_kept_and_answered(world: World) -> None:
    out = await world.say("asap!")  # too little to act on (a greeting gets a hello)
    assert shown(out, "I keep your message")
    async with world.repository.transaction() as uow:
        kept = await uow.audit("console:dm")
    assert [entry.after for entry in kept] == ["asap!"]


async def test_denial_is_localised_and_audited(world: World) -> None:
    ref = await open_invoice_case(world)
    await world.say("/as user bob")
    out = await world.say(f"close {ref}")  # bob is only a participant (R16: owner, admin, agent)
    assert shown(out, f"Nur der Ersteller, ein Org-Admin oder ein Agent kann {ref} schließen")
    async with world.repository.transaction() as uow:
        denials = [e for e in await uow.audit("deny.close") if e.actor_id == "bob"]
    assert len(denials) == 1


async def test_link_code_joins_a_second_account_to_one_case_history(world: World) -> None:
    ref = await open_invoice_case(world)
    out = await world.say("link")
    code = next(line for line in out if "link code is" in line).split("link code is ")[1][:6]
    # The same person on another platform account (here a second console identity).
    await world.say("/as user alice-on-phone")
    assert shown(await world.say("tickets"), "Your cases (0)")
    assert shown(await world.say("link 000000"), "unknown or expired")
    out = await world.say(f"link {code}")
    assert shown(out, "now linked to Alice Adams")
    out = await world.say("tickets")
    assert shown(out, "Your cases (1)")
    assert shown(out, f"{ref} |")
    assert shown(await world.say(f"link {code}"), "unknown or expired")  # used up
