"""Ids seen lately: a redelivery within the lifetime is refused, later it is new again."""

from __future__ import annotations

from bot.adapters.discord.recent import RecentIds


def test_an_id_is_first_once_within_its_lifetime_and_forgotten_after() -> None:
    now = [0.0]
    seen = RecentIds(60.0, clock=lambda: now[0])
    assert seen.first("a") and seen.first("b")
    now[0] = 59.0
    assert not seen.first("a") and not seen.first("b")
    now[0] = 60.0
    assert seen.first("a")  # forgotten after its lifetime: no memory grows without end
