"""Slack adapter under load: ack latency and full-pipeline throughput beside a minimal handler.

Run `python bench/slack.py [--quick] [--rate 200] [--seconds 10] [--layout all]`.

Signed Events API DMs ("help" and "tickets" from many users) are offered open-loop at a
fixed rate to our real Bolt app (build_app over the real service on a migrated SQLite file,
the shipped knowledge base, the seeded directory) served by aiohttp, with the fake Slack Web
API on 127.0.0.1. The same-run baseline is an AsyncApp on the same build_client plumbing
whose one listener posts one chat.postMessage. Figures per path: ack latency (scheduled send
to HTTP 200), events whose chat.postMessage reached the fake per second (first scheduled
send to last post), end-to-end latency, and this process's CPU per event (threads included).

Layouts (where the load generator and the fake Slack run; the app is always this process):
  inproc    generator, fake and app share one event loop (as the tests do);
  split     generator in a child process; fake and app share this process;
  external  generator and fake (all of "Slack") in a child process; only the app here.
A child process runs its measured window with the cyclic GC off: its pauses are not the app's.

The app is built as `supportbot run` builds it: a Web API client on one keep-alive aiohttp
session, start-up objects frozen out of the cyclic GC, at most 4 events in the service at once.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import logging
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is called slack.py: keep its folder off the path (slack_sdk ships a deprecated
# `slack` package); the project root goes on it for `tests.fake_slack` and `bench.slack_load`.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

import aiohttp  # noqa: E402
from slack_bolt.async_app import AsyncApp  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bench.common import (  # noqa: E402
    child_process,
    frozen_startup,
    load_options,
    no_gc_pauses,
    parse_load_options,
    percentile,
    receive,
)
from bench.slack_load import (  # noqa: E402
    Ack,
    Load,
    Post,
    PostWatch,
    make_load,
    offer,
    seed_fake,
    warm_up,
)
from bot.adapters.slack.app import SlackConfig, build_app, build_client  # noqa: E402
from bot.adapters.slack.inbound import Channels  # noqa: E402
from bot.core.model import Identity, Person  # noqa: E402
from storage.db import upgrade  # noqa: E402
from tests.fake_slack import FakeSlack, serve_bolt_app  # noqa: E402
from tests.fake_slack.ids import BOT_TOKEN, SIGNING_SECRET, TEAM_ID  # noqa: E402
from tests.service.conftest import make_world  # noqa: E402

LAYOUTS = ("inproc", "split", "external")
PATHS = ("baseline", "full")
QUEUES = {"billing-queue": "C0BILLING", "accounts-queue": "C0ACCOUNTS", "oncall": "C0ONCALL"}
ACK_P99_TARGET_MS = 50.0
RATIO_TARGET = 0.5
LISTENER_TASK = "run_ack_function_asynchronously"  # Bolt's name for a post-ack listener run
SETTLE_SECONDS = 5.0


# ------------------------------------------------------------------------------ the apps
def baseline_app(config: SlackConfig, client: AsyncWebClient) -> AsyncApp:
    """Same Bolt plumbing (signing, aiohttp adapter, build_client); one post per message."""
    app = AsyncApp(
        client=client, signing_secret=config.signing_secret, process_before_response=False
    )

    async def post_once(event: dict[str, Any], client: AsyncWebClient) -> None:
        await client.chat_postMessage(channel=str(event["channel"]), text="ok")

    app.event("message")(post_once)
    return app


@dataclass(frozen=True)
class Options:
    """Command-line choices that shape each run."""

    template: Path
    link_users: bool
    profile: Path | None


@asynccontextmanager
async def serve(path: str, base_url: str, load: Load, options: Options) -> AsyncIterator[str]:
    """Build the baseline or our real app against the fake at base_url; yields its URL."""
    config = SlackConfig(BOT_TOKEN, SIGNING_SECRET, base_url, Channels(QUEUES))
    async with AsyncExitStack() as stack:
        client = build_client(config, await stack.enter_async_context(aiohttp.ClientSession()))
        if path == "baseline":
            app = baseline_app(config, client)
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-slack-")))
            db = folder / "supportbot.db"
            shutil.copyfile(options.template, db)
            world, engine = await make_world(f"sqlite:///{db}")
            stack.push_async_callback(cast(AsyncEngine, engine).dispose)
            if options.link_users:
                async with world.repository.transaction() as uow:
                    for user in load.users:
                        language = user.locale.split("-")[0]
                        person = Person(
                            f"bench-{user.user_id}", user.name, user.org, locale=language
                        )
                        await uow.save_person(person)
                        identity = Identity("slack", TEAM_ID, user.user_id)
                        await uow.link_identity(person_id=person.id, identity=identity)
            app = build_app(world.service, config, client)
        stack.push_async_callback(settle)  # runs before the engine is disposed
        url = await stack.enter_async_context(serve_bolt_app(app))
        stack.enter_context(frozen_startup())
        yield url


async def settle() -> None:
    """Let listener runs still going finish (SETTLE_SECONDS), then cancel the rest."""

    def running() -> list[asyncio.Task[Any]]:
        return [
            task
            for task in asyncio.all_tasks()
            if not task.done() and getattr(task.get_coro(), "__name__", "") == LISTENER_TASK
        ]

    deadline = time.monotonic() + SETTLE_SECONDS
    while running() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    left = running()
    for task in left:
        task.cancel()
    await asyncio.gather(*left, return_exceptions=True)
    if left:
        print(f"(cancelled {len(left)} listener runs still going at teardown)", file=sys.stderr)


# ------------------------------------------------------------------------------ layouts
@dataclass
class Outcome:
    """Raw figures of one path in one layout."""

    layout: str
    path: str
    load: Load
    acks: list[Ack]
    posts: list[Post]
    cpu: float


class Profiled:
    """cProfile around the measured window of the full path, when asked for."""

    def __init__(self, target: Path | None) -> None:
        self._profile = cProfile.Profile() if target else None
        self._target = target

    def __enter__(self) -> Profiled:
        if self._profile is not None:
            self._profile.enable()
        return self

    def __exit__(self, *_: object) -> None:
        if self._profile is not None and self._target is not None:
            self._profile.disable()
            self._profile.dump_stats(self._target)


async def beside_fake(
    layout: str,
    path: str,
    load: Load,
    options: Options,
    profiled: Profiled,
    send: Callable[[str], Awaitable[list[Ack]]],
) -> Outcome:
    """The fake Slack in this process beside the app: seed, warm up, `send` the load to the
    app's URL, wait for the posts."""
    async with FakeSlack() as fake, serve(path, fake.base_url, load, options) as url:
        seed_fake(fake, load.users)
        await warm_up(url, fake, load)
        watch = PostWatch(fake, load.events)
        cpu = time.process_time()
        with profiled:
            acks = await send(url)
            posts = await watch.wait(len(load.events), load.drain_seconds)
        return Outcome(layout, path, load, acks, posts, time.process_time() - cpu)


async def run_path(layout: str, path: str, load: Load, options: Options) -> Outcome:
    """One path measured in one layout; CPU is this (the app's) process, threads included."""
    target = options.profile.with_suffix(f".{layout}.prof") if options.profile else None
    profiled = Profiled(target if path == "full" else None)
    if layout == "inproc":
        return await beside_fake(
            layout, path, load, options, profiled, lambda url: offer(url, load.events, load.rate)
        )
    with child_process(slack_side, layout == "external") as conn:
        if layout == "split":
            await receive(conn)  # the child is ready (its imports take a while)

            async def offered_by_child(url: str) -> list[Ack]:
                conn.send(("offer", url, load))
                _, acks = await receive(conn)
                return cast(list[Ack], acks)

            return await beside_fake(layout, path, load, options, profiled, offered_by_child)
        _, base_url = await receive(conn)
        async with serve(path, base_url, load, options) as url:
            conn.send(("offer", url, load))
            await receive(conn)  # warmed up
            cpu = time.process_time()
            with profiled:
                _, acks, posts = await receive(conn)
            outcome = Outcome(layout, path, load, acks, posts, time.process_time() - cpu)
        conn.send(("bye",))  # the fake may stop now that the app has settled
        return outcome


async def slack_side(conn: Connection, with_fake: bool) -> None:
    """Child process: the load generator and, with_fake, the fake Slack Web API too."""
    if not with_fake:
        conn.send(("ready",))
        _, url, load = await receive(conn)
        with no_gc_pauses():
            conn.send(("acks", await offer(url, load.events, load.rate)))
        return
    async with FakeSlack() as fake:
        conn.send(("fake", fake.base_url))
        _, url, load = await receive(conn)
        seed_fake(fake, load.users)
        await warm_up(url, fake, load)
        watch = PostWatch(fake, load.events)
        conn.send(("warm",))
        with no_gc_pauses():
            acks = await offer(url, load.events, load.rate)
            conn.send(("done", acks, await watch.wait(len(load.events), load.drain_seconds)))
        await receive(conn)  # bye


# ------------------------------------------------------------------------------ report
@dataclass(frozen=True)
class Figures:
    """What the table shows for one path in one layout."""

    layout: str
    path: str
    offered: float
    sent: int
    acked: int
    ack_ms: tuple[float, float, float, float]  # p50, p95, p99, max
    lag_max_ms: float
    completed: int
    errors: int
    per_second: float
    e2e_ms: tuple[float, float]  # p50, p99
    drain_s: float
    cpu_ms: float  # this process's CPU per event during the measured window


def figures(outcome: Outcome) -> Figures:
    """Pair each channel's posts with its events in order; rates from first due to last post."""
    events = outcome.load.events
    dues: dict[str, list[float]] = defaultdict(list)
    for event, ack in zip(events, outcome.acks, strict=True):
        dues[event.channel].append(ack.due)
    posts: dict[str, list[Post]] = defaultdict(list)
    for post in outcome.posts:
        posts[post.channel].append(post)
    e2e: list[float] = []
    done: list[Post] = []
    for channel, times in dues.items():
        answered = sorted(posts[channel], key=lambda p: p.at)
        for due, post in zip(sorted(times), answered, strict=False):
            e2e.append(post.at - due)
            done.append(post)
    ok = [a.latency * 1000 for a in outcome.acks if a.status == 200]
    first = min(a.due for a in outcome.acks)
    last_post = max((p.at for p in done), default=first)
    span = max(last_post - first, 1e-9)
    return Figures(
        outcome.layout,
        outcome.path,
        outcome.load.rate,
        len(outcome.acks),
        len(ok),
        (percentile(ok, 0.5), percentile(ok, 0.95), percentile(ok, 0.99), max(ok, default=0)),
        max(a.lag for a in outcome.acks) * 1000,
        len(done),
        sum(p.error for p in done),
        len(done) / span if done else 0.0,
        (percentile(e2e, 0.5) * 1000, percentile(e2e, 0.99) * 1000),
        last_post - max(a.due for a in outcome.acks),
        outcome.cpu / max(1, len(outcome.acks)) * 1000,
    )


def report(rows: Sequence[Figures]) -> bool:
    """Print the table and the targets; True when every target is met."""
    print(
        "| layout | path | offered/s | acked | ack p50 | ack p95 | ack p99 | ack max "
        "| send lag max | completed/s | done | errors | e2e p50 | e2e p99 | drain s "
        "| CPU ms/event | ratio to baseline |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    baseline = {r.layout: r.per_second for r in rows if r.path == "baseline"}
    for r in rows:
        ratio = r.per_second / baseline[r.layout] if baseline.get(r.layout) else float("nan")
        print(
            f"| {r.layout} | {r.path} | {r.offered:.0f} | {r.acked}/{r.sent} "
            f"| {r.ack_ms[0]:.1f} | {r.ack_ms[1]:.1f} | {r.ack_ms[2]:.1f} | {r.ack_ms[3]:.1f} "
            f"| {r.lag_max_ms:.1f} | {r.per_second:.1f} | {r.completed}/{r.sent} | {r.errors} "
            f"| {r.e2e_ms[0]:.0f} | {r.e2e_ms[1]:.0f} | {r.drain_s:.2f} | {r.cpu_ms:.2f} "
            f"| {ratio:.2f} |"
        )
    print("\nLatencies in ms, measured from each request's scheduled send time.")
    met = True
    for r in (r for r in rows if r.path == "full"):
        ratio = r.per_second / baseline[r.layout] if baseline.get(r.layout) else 0.0
        ack_ok = r.ack_ms[2] <= ACK_P99_TARGET_MS and r.acked == r.sent
        ratio_ok = ratio >= RATIO_TARGET
        met = met and ack_ok and ratio_ok
        print(
            f"- {r.layout}: ack p99 {r.ack_ms[2]:.1f} ms (target <= {ACK_P99_TARGET_MS:.0f}) "
            f"{'met' if ack_ok else 'MISSED'}; throughput {ratio:.0%} of baseline "
            f"(target >= {RATIO_TARGET:.0%}) {'met' if ratio_ok else 'MISSED'}; "
            f"{r.cpu_ms:.1f} CPU ms/event here = one core's worth at {1000 / r.cpu_ms:.0f}/s"
        )
    return met


# ------------------------------------------------------------------------------ main
async def main_async(args: argparse.Namespace, options: Options) -> list[Figures]:
    """Every chosen layout: baseline first, then the full pipeline, same load shape."""
    rows: list[Figures] = []
    layouts = LAYOUTS if args.layout == "all" else (args.layout,)
    users = args.users or max(4, round(args.rate * args.seconds / 4))
    for layout in layouts:
        for path in PATHS:
            load = make_load(args.rate, args.seconds, users)
            rows.append(figures(await run_path(layout, path, load, options)))
    return rows


def main() -> int:
    """Parse arguments, migrate a template database, run, print."""
    parser = load_options(__doc__.splitlines()[0], LAYOUTS)
    parser.add_argument("--users", type=int, default=0, help="distinct users (rate*seconds/4)")
    parser.add_argument(
        "--new-users", action="store_true", help="let the service create people on first contact"
    )
    parser.add_argument("--profile", type=Path, help="cProfile the full path to PATH.LAYOUT.prof")
    args = parse_load_options(parser)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-slack-template-") as folder:
        template = Path(folder) / "template.db"
        upgrade(f"sqlite:///{template}")
        options = Options(template, not args.new_users, args.profile)
        print(
            f"## Slack adapter under load: {args.rate:.0f} events/s for {args.seconds:g} s, "
            f"{args.users or max(4, round(args.rate * args.seconds / 4))} users, "
            f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, SQLite"
            + ("; people created on first contact" if args.new_users else "")
            + "\n"
        )
        rows = asyncio.run(main_async(args, options))
    met = report(rows)
    broken = any(r.acked < r.sent or r.completed < r.sent or r.errors for r in rows)
    for r in rows:
        if r.acked < r.sent or r.completed < r.sent or r.errors:
            print(
                f"\n{r.layout}/{r.path}: {r.sent - r.acked} not acked, "
                f"{r.sent - r.completed} not completed, {r.errors} answered with an error id"
            )
    if options.profile:
        for layout in {r.layout for r in rows}:
            stats_file = options.profile.with_suffix(f".{layout}.prof")
            print(f"\n## cProfile, full path, {layout} (top 25 by own time): {stats_file}\n")
            pstats.Stats(str(stats_file)).sort_stats("tottime").print_stats(25)
    return 1 if broken or (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main())
