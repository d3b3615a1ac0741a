"""On Slack: idle cases close themselves (R53), one reminder to rate (R62), and the case
confirmation out of hours (R54), through the real Bolt app; the clock is moved, never slept."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.slack.conftest import ALICE, BOB, DANA, SlackWorld
from tests.slack.journeys import BILLING, FORM, NO_USERS, open_case, select
from tests.slack.test_slack_journeys import _bound, rate
from tests.waiting import eventually

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
ALONE = {**FORM, "participant_users": NO_USERS}


async def waiting_on_alice(slack: SlackWorld) -> tuple[str, str]:
    """Alice's case (premier plan: 24x7, 5 and 2 days) that dana sets waiting on her."""
    ref, thread = await open_case(slack, ALONE)
    await eventually(lambda: _bound(slack, ref))
    await slack.post(DANA, "!status waiting_on_customer", channel=BILLING, thread_ts=thread)
    await slack.message(BILLING, "is now waiting on customer", thread_ts=thread)
    return ref, thread


async def days_pass(slack: SlackWorld, days: int) -> None:
    slack.bot.clock.advance(timedelta(days=days))
    await slack.fire_timers()


def sent_to(slack: SlackWorld, user: str, text: str) -> list[str]:
    calls = slack.fake.calls_to("chat.postMessage", ok=True)
    texts = [c.params.get("text", "") for c in calls if c.params["channel"] == slack.dm(user)]
    return [t for t in texts if text in t]


async def test_idle_case_is_reminded_closed_and_rated(slack: SlackWorld) -> None:
    ref, thread = await waiting_on_alice(slack)
    await days_pass(slack, 5)
    reminder = await slack.message(slack.dm(ALICE), f"Is {ref} still a problem for you?")
    assert "Nov 30, 2026, 10:00 CET" in reminder.params["text"]  # alice's zone, Berlin
    await slack.message(BILLING, "the customer was reminded", thread_ts=thread)
    await days_pass(slack, 2)
    await slack.message(slack.dm(ALICE), f"{ref} was closed as we have not heard from you")
    await slack.message(BILLING, f"{ref} closed itself", thread_ts=thread)
    rating = await slack.message(slack.dm(ALICE), "Rate 1 (poor) to 5 (great)")
    await rate(slack, rating, f"{ref.removeprefix('CS-')}:4", "fine, it works now")
    await slack.message(slack.dm(ALICE), f"Thank you for rating {ref}")
    await days_pass(slack, 2)
    assert sent_to(slack, ALICE, "How did we do") == [
        f"How did we do on {ref}? Rate 1 (poor) to 5 (great)."
    ]  # rated: no reminder to rate


async def test_a_reply_cancels_the_idle_close(slack: SlackWorld) -> None:
    ref, thread = await waiting_on_alice(slack)
    await days_pass(slack, 5)
    await slack.message(slack.dm(ALICE), f"Is {ref} still a problem for you?")
    await slack.say(ALICE, "Still broken, the PDF is empty")
    await slack.message(BILLING, "Still broken, the PDF is empty", thread_ts=thread)
    await days_pass(slack, 5)
    assert sent_to(slack, ALICE, "not heard from you") == []
    async with slack.bot.repository.transaction() as uow:
        case = await uow.case(int(ref.removeprefix("CS-")))
    assert case is not None and case.status.value == "in_progress"


async def test_one_reminder_to_rate_a_day_after_closing(slack: SlackWorld) -> None:
    ref, _thread = await open_case(slack, ALONE)
    await slack.say(ALICE, f"close {ref}")
    await slack.message(slack.dm(ALICE), "Rate 1 (poor) to 5 (great)")
    await days_pass(slack, 1)
    reminder = await slack.message(slack.dm(ALICE), f"{ref} was closed on Nov 23, 2026")
    await days_pass(slack, 3)
    assert len(sent_to(slack, ALICE, "was closed on")) == 1
    await rate(slack, reminder, f"{ref.removeprefix('CS-')}:5", "")
    await slack.message(slack.dm(ALICE), f"Thank you for rating {ref}")


async def test_out_of_hours_confirmation_in_german_on_friday_evening(slack: SlackWorld) -> None:
    async with slack.bot.repository.transaction() as uow:
        acme = await uow.org("acme")
        assert acme is not None
        await uow.save_org(replace(acme, plan="standard"))  # Mon-Fri 09:00-17:00 Berlin
    slack.bot.clock.advance(timedelta(days=4, hours=8))  # Friday 27 Nov, 18:00 in Berlin
    ref, _thread = await open_case(slack, {**ALONE, "severity": select("B")}, user=BOB)
    created = await slack.message(slack.dm(BOB), f"Fall {ref} ist eröffnet")
    # B is 4 h: Monday 09:00 to 13:00, in bob's Berlin time and his German.
    assert created.params["text"] == (
        f"Fall {ref} ist eröffnet. Die Erstreaktion erfolgt bis 30.11.2026, 13:00 MEZ: Unser "
        "Team ist gerade außerhalb der Geschäftszeiten und ab 30.11.2026, 09:00 MEZ wieder "
        "für Sie da."
    )
