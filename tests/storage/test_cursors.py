"""Discord read cursors: forward only, DMs found again by recency, the newest id overall."""

from __future__ import annotations

from datetime import timedelta

from storage.cursors import SqlCursors
from storage.repository import SqlRepository
from tests.storage.samples import T0


async def test_cursors_move_forward_only_and_dms_are_found_by_recency(
    repository: SqlRepository,
) -> None:
    cursors = SqlCursors(repository)
    assert await cursors.latest() is None  # nothing read yet
    assert await cursors.advance({10: (100, False), 20: (200, True)}, at=T0)
    assert await cursors.advance({10: (90, False), 30: (300, True)}, at=T0 + timedelta(days=2))
    assert await cursors.latest() == 300
    # channel 10 kept 100 (never back); DM 20 was last seen before the window, DM 30 within it
    since = T0 + timedelta(days=1)
    assert await cursors.positions(channels=[10], direct_since=since) == {10: 100, 30: 300}
    assert await cursors.positions(channels=[], direct_since=T0) == {20: 200, 30: 300}
