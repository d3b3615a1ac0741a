"""Load generation and measurement for bench/slack.py: signed DMs offered open-loop.

Kept apart from bench/slack.py so a spawned load-generator process imports only this.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp

from bench.common import ERROR_MARKS, ORGS
from tests.fake_slack import FakeSlack, SignedSlackClient, payloads

TEXTS = ("help", "tickets")
WARMUP_EVENTS = 20
STALL_SECONDS = 10.0


# ------------------------------------------------------------------------------ the load
@dataclass(frozen=True)
class User:
    """A synthetic Slack user: id, DM channel, name, Slack locale and (if linked) org."""

    user_id: str
    channel: str
    name: str
    locale: str
    org: str


@dataclass(frozen=True)
class Planned:
    """One DM message event to send."""

    user: str
    channel: str
    text: str
    event_id: str


@dataclass(frozen=True)
class Load:
    """What to offer: events at a rate, preceded by a warm-up from other users."""

    rate: float
    events: tuple[Planned, ...]
    warmup: tuple[Planned, ...]
    users: tuple[User, ...]
    drain_seconds: float


def make_users(count: int, prefix: str) -> tuple[User, ...]:
    """Synthetic users; every fifth speaks German (exercises i18n and locale handling)."""
    return tuple(
        User(
            f"U{prefix}{n:05d}",
            f"D{prefix}{n:05d}",
            f"Bench User {n}",
            "de-DE" if n % 5 == 4 else "en-US",
            ORGS[n % len(ORGS)],
        )
        for n in range(count)
    )


def plan(users: Sequence[User], count: int, tag: str) -> tuple[Planned, ...]:
    """Round-robin over users; each user alternates help/tickets, half of each at any time."""
    events = []
    for i in range(count):
        user = users[i % len(users)]
        text = TEXTS[(i % len(users) + i // len(users)) % len(TEXTS)]
        events.append(Planned(user.user_id, user.channel, text, f"Ev{tag}{i:07d}"))
    return tuple(events)


def make_load(rate: float, seconds: float, users: int) -> Load:
    """The events of one path's run, with fresh event ids."""
    population = make_users(users, "B")
    warm_users = make_users(max(1, WARMUP_EVENTS // 2), "W")
    tag = uuid.uuid4().hex[:6].upper()
    return Load(
        rate,
        plan(population, round(rate * seconds), tag),
        plan(warm_users, WARMUP_EVENTS, tag + "W"),
        (*population, *warm_users),
        max(30.0, 6 * seconds),
    )


def seed_fake(fake: FakeSlack, users: Sequence[User]) -> None:
    """What users.info answers for each synthetic user."""
    for user in users:
        fake.users[user.user_id] = {"real_name": user.name, "locale": user.locale}


# ------------------------------------------------------------------------------ measuring
@dataclass(frozen=True)
class Ack:
    """How one request went: scheduled at `due` (wall clock), answered `latency` s later."""

    due: float
    lag: float
    latency: float
    status: int


@dataclass(frozen=True)
class Post:
    """A chat.postMessage the fake answered ok."""

    channel: str
    at: float
    error: bool


async def offer(url: str, events: Sequence[Planned], rate: float) -> list[Ack]:
    """Open loop: start a signed send every 1/rate s whatever the answers; late sends burst."""
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        client = SignedSlackClient(url, session=session)
        start = time.perf_counter() + 0.02
        to_wall = time.time() - time.perf_counter()
        tasks: list[asyncio.Task[Ack]] = []
        for i, item in enumerate(events):
            due = start + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                await asyncio.sleep(pause)
            tasks.append(asyncio.create_task(_send(client, item, due, to_wall)))
        return list(await asyncio.gather(*tasks))


async def _send(client: SignedSlackClient, item: Planned, due: float, to_wall: float) -> Ack:
    started = time.perf_counter()
    event = payloads.dm_message(item.text, user=item.user, channel=item.channel)
    try:
        status = (await client.send_event(event, event_id=item.event_id)).status
    except (aiohttp.ClientError, TimeoutError):
        status = 0
    return Ack(due + to_wall, started - due, time.perf_counter() - due, status)


class PostWatch:
    """Collects the fake's ok chat.postMessage calls to some channels, incrementally."""

    def __init__(self, fake: FakeSlack, events: Sequence[Planned]) -> None:
        self._fake = fake
        self._channels = {e.channel for e in events}
        self._seen = len(fake.calls)
        self.posts: list[Post] = []

    def poll(self) -> int:
        """Take in calls recorded since the last poll; returns the number of posts."""
        calls = self._fake.calls
        for call in calls[self._seen :]:
            channel = str(call.params.get("channel", ""))
            if call.method == "chat.postMessage" and call.ok and channel in self._channels:
                text = str(call.params.get("text", ""))
                self.posts.append(Post(channel, call.at, any(m in text for m in ERROR_MARKS)))
        self._seen = len(calls)
        return len(self.posts)

    async def wait(self, expected: int, timeout: float) -> list[Post]:
        """Wait for `expected` posts (one per event), the timeout, or STALL_SECONDS of nothing."""
        deadline = time.monotonic() + timeout
        progress, seen = time.monotonic(), 0
        while (count := self.poll()) < expected and time.monotonic() < deadline:
            if count > seen:
                progress, seen = time.monotonic(), count
            elif time.monotonic() - progress > STALL_SECONDS:
                break
            await asyncio.sleep(0.02)
        return self.posts


async def warm_up(url: str, fake: FakeSlack, load: Load) -> None:
    """A few events from other users first: auth.test, pools, SQL compilation, imports."""
    watch = PostWatch(fake, load.warmup)
    await offer(url, load.warmup, min(load.rate, 50.0))
    await watch.wait(len(load.warmup), 10.0)
