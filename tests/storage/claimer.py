"""A timer claimer in its own process: `python -m tests.storage.claimer URL NOW LIMIT`.

Prints "ready" once connected, waits for a line on stdin, claims due timers until none
are left, then prints the claimed timer ids as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime

from storage.db import make_engine
from storage.repository import SqlRepository


async def claim_all(repository: SqlRepository, now: datetime, limit: int) -> list[int]:
    """Claim in a loop until a claim comes back empty; returns the claimed ids in order."""
    claimed: list[int] = []
    while True:
        async with repository.transaction() as uow:
            timers = await uow.claim_due_timers(now=now, limit=limit)
        if not timers:
            return claimed
        claimed.extend(t.id for t in timers if t.id is not None)
        # The bot fires what it claimed before claiming again; without that pause one
        # process can take every claim (SQLite's busy handler backs off, it is not fair).
        await asyncio.sleep(0.002)


async def main(url: str, now: datetime, limit: int) -> None:
    """Connect, report ready, wait for go, claim, print the ids."""
    engine = make_engine(url)
    try:
        async with engine.connect():
            pass
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        print(json.dumps(await claim_all(SqlRepository(engine), now, limit)), flush=True)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], datetime.fromisoformat(sys.argv[2]), int(sys.argv[3])))
