"""The console renders the move to the DM too (R3): a private category chosen in a thread."""

from __future__ import annotations

import pytest

from tests.service.conftest import World

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


async def test_a_private_category_chosen_in_a_console_thread_goes_on_in_the_dm(
    world: World,
) -> None:
    await world.say("/thread HELP-1 help-desk")  # a shared thread, not a case's
    assert world.chat.prompt == "alice #help-desk HELP-1> "
    out = await world.say("help", "Billing & invoices", "Billing disputes & refunds")
    moved = out.index(
        "[#help-desk HELP-1] Let's continue privately: I have sent you a direct message."
    )
    assert all(line.startswith("[@alice]") for line in out[moved + 1 :] if line.startswith("["))
    assert any("Please describe the problem" in line for line in out[moved + 1 :])
    assert world.chat.prompt == "alice> "  # typing goes on in the DM
    out = await world.say("I was charged twice for invoice INV-2026-0042, please refund one")
    assert any("known-issue articles" in line for line in out)
    assert not any("#help-desk" in line for line in out)
