"""The Discord side of bench/discord.py: a FakeDiscord full of users, open-loop traffic, outcomes.

Kept apart from bench/discord.py so a spawned process (the "external" layout) imports only this
and the fake. Every event comes from its own user, so each answer belongs to exactly one event:
an interaction by its id and token, a DM message by its DM channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.common import ERROR_MARKS, ORGS, no_gc_pauses
from tests.fake_discord import FakeDiscord, Json
from tests.fake_discord.recording import Call

QUEUES = ("billing-queue", "accounts-queue", "integrations-queue")
# What each load shape sends, alternating: slash commands in the help channel, or DM texts.
SHAPES = {"interactions": ("/tickets", "/support"), "messages": ("help", "tickets")}
WARMUP_EVENTS = 20
STALL_SECONDS = 10.0


@dataclass(frozen=True)
class BenchUser:
    """A synthetic Discord user: id, DM channel with the bot, name, client locale, org."""

    user_id: int
    dm_channel: int
    name: str
    locale: str
    org: str


@dataclass(frozen=True)
class Site:
    """What the bot's side needs to know of the fake Discord: where it is and who is there."""

    api_base: str
    gateway_url: str
    token: str
    guild_id: int
    help_channel: int
    help_forum: int
    queues: dict[str, int]
    oncall: int
    lead_role: int
    users: tuple[BenchUser, ...]


@dataclass(frozen=True)
class Load:
    """One run's traffic: a shape offered at a rate for some seconds, after a warm-up."""

    shape: str
    rate: float
    seconds: float

    @property
    def count(self) -> int:
        """Events in the measured window."""
        return round(self.rate * self.seconds)

    @property
    def drain_seconds(self) -> float:
        """How long answers are waited for once the last event was sent."""
        return max(30.0, 6 * self.seconds)


@dataclass(frozen=True)
class Outcome:
    """How one event went, in seconds from its dispatch (None: it never came)."""

    kind: str
    due: float  # time.monotonic() the event was scheduled for
    lag: float  # scheduled -> dispatched
    first: float | None  # the first answer: the defer of an interaction, a DM's reply
    done: float | None  # the visible answer: an interaction's followup/edit, a DM's reply
    finished_at: float | None  # time.monotonic() of that answer
    error: bool  # the answer was an "unexpected error" message


def stage(fake: FakeDiscord, users: int) -> Site:
    """Give the fake's guild a help channel, queue channels, a lead role and `users` members."""
    world = fake.world
    guild = fake.guild.id
    category = fake.guild.category_id
    people = []
    for n in range(users):
        name = f"Bench User {n}"
        user_id = world.add_user(f"bench{n:05d}", global_name=name)
        world.add_member(guild, user_id)
        locale = "de" if n % 5 == 4 else "en-US"  # every fifth user's Discord speaks German
        people.append(
            BenchUser(user_id, world.dm_channel(user_id), name, locale, ORGS[n % len(ORGS)])
        )
    return Site(
        fake.api_base,
        fake.gateway_url,
        fake.token,
        guild,
        world.add_text_channel(guild, "help", parent_id=category),
        fake.guild.forum_channel_id,
        {queue: world.add_text_channel(guild, queue, parent_id=category) for queue in QUEUES},
        world.add_text_channel(guild, "oncall", parent_id=category),
        world.add_role(guild, "billing-leads", mentionable=True),
        tuple(people),
    )


@dataclass
class Prepared:
    """One event's payload, built before the window so building costs nothing inside it."""

    kind: str
    payload: Json
    key: str  # the interaction id, or the DM channel id of a message
    token: str = ""


def prepare(
    fake: FakeDiscord, site: Site, shape: str, users: Sequence[BenchUser]
) -> list[Prepared]:
    """One event per user, alternating the shape's two kinds."""
    kinds = SHAPES[shape]
    prepared = []
    for n, user in enumerate(users):
        kind = kinds[n % len(kinds)]
        if kind.startswith("/"):
            payload = fake.build_slash_command(
                kind[1:], channel_id=site.help_channel, user_id=user.user_id, locale=user.locale
            )
            prepared.append(Prepared(kind, payload, payload["id"], payload["token"]))
        else:
            payload = fake.build_message_create(user.dm_channel, kind, author_id=user.user_id)
            prepared.append(Prepared(kind, payload, str(user.dm_channel)))
    return prepared


@dataclass
class Sent:
    """When one prepared event was due and when its dispatch started (time.monotonic())."""

    event: Prepared
    due: float
    at: float = 0.0


async def offer(fake: FakeDiscord, events: Sequence[Prepared], rate: float) -> list[Sent]:
    """Open loop: dispatch one event every 1/rate s whatever the answers; late sends burst."""
    start = time.monotonic() + 0.02
    sent = [Sent(event, start + i / rate) for i, event in enumerate(events)]
    tasks = []
    for item in sent:
        pause = item.due - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        tasks.append(asyncio.create_task(_dispatch(fake, item)))
    await asyncio.gather(*tasks)
    return sent


async def _dispatch(fake: FakeDiscord, item: Sent) -> None:
    item.at = time.monotonic()
    if item.event.kind.startswith("/"):
        await fake.interact(item.event.payload)
    else:
        await fake.dispatch("MESSAGE_CREATE", item.event.payload)


@dataclass
class AnswerWatch:
    """Reads the fake's REST calls as they are answered: first callback, webhook and DM post."""

    fake: FakeDiscord
    seen: int = 0
    callbacks: dict[str, Call] = field(default_factory=dict)  # interaction id -> first
    webhooks: dict[str, Call] = field(default_factory=dict)  # interaction token -> first
    posts: dict[str, Call] = field(default_factory=dict)  # channel id -> first message

    def poll(self) -> None:
        """Take in calls answered since the last poll (stopping at one still in progress)."""
        calls = self.fake.calls
        while self.seen < len(calls) and calls[self.seen].status:
            call = calls[self.seen]
            self.seen += 1
            if call.status >= 300:
                continue
            parts = call.path.split("/")
            if parts[1] == "interactions" and parts[-1] == "callback":
                self.callbacks.setdefault(parts[2], call)
            elif parts[1] == "webhooks" and call.method in ("POST", "PATCH"):
                self.webhooks.setdefault(parts[3], call)
            elif parts[1] == "channels" and parts[-1] == "messages" and call.method == "POST":
                self.posts.setdefault(parts[2], call)

    def answer(self, event: Prepared) -> tuple[Call | None, Call | None]:
        """(first answer, visible answer) of one event, when they came."""
        if event.kind.startswith("/"):
            return self.callbacks.get(event.key), self.webhooks.get(event.token)
        post = self.posts.get(event.key)
        return post, post

    def done(self, events: Sequence[Prepared]) -> int:
        """How many of the events have their visible answer."""
        self.poll()
        return sum(self.answer(e)[1] is not None for e in events)

    async def wait(self, events: Sequence[Prepared], timeout: float) -> None:
        """Until every event is answered, the timeout, or STALL_SECONDS without progress."""
        deadline = time.monotonic() + timeout
        progress, seen = time.monotonic(), 0
        while (count := self.done(events)) < len(events) and time.monotonic() < deadline:
            if count > seen:
                progress, seen = time.monotonic(), count
            elif time.monotonic() - progress > STALL_SECONDS:
                break
            await asyncio.sleep(0.02)


def outcomes(watch: AnswerWatch, sent: Sequence[Sent]) -> list[Outcome]:
    """Each event's latencies, measured from its dispatch."""
    found = []
    for item in sent:
        first, done = watch.answer(item.event)
        error = done is not None and any(m in json.dumps(done.json) for m in ERROR_MARKS)
        found.append(
            Outcome(
                item.event.kind,
                item.due,
                item.at - item.due,
                None if first is None else first.at - item.at,
                None if done is None else done.at - item.at,
                None if done is None else done.at,
                error,
            )
        )
    return found


async def drive(
    fake: FakeDiscord, site: Site, load: Load, *, warm: Callable[[], None], own_process: bool
) -> list[Outcome]:
    """Warm up with a few users, call `warm`, then offer the load and collect its outcomes.

    own_process: this side runs alone, so its GC is paused for the window (its pauses would
    otherwise be charged to the bot); never in the bot's process.
    """
    watch = AnswerWatch(fake)
    warmup = prepare(fake, site, load.shape, site.users[:WARMUP_EVENTS])
    events = prepare(fake, site, load.shape, site.users[WARMUP_EVENTS:])
    await offer(fake, warmup, min(load.rate, 50.0))
    await watch.wait(warmup, 10.0)
    warm()
    with no_gc_pauses() if own_process else contextlib.nullcontext():
        sent = await offer(fake, events, load.rate)
        await watch.wait(events, load.drain_seconds)
    return outcomes(watch, sent)
