"""Discord adapter under load: defer latency and full-pipeline throughput beside an echo bot.

Run `python bench/discord.py [--quick] [--rate 200] [--seconds 10] [--layout all]`.

INTERACTION_CREATE (/tickets and /support in the help channel) or MESSAGE_CREATE (DMs saying
"help" and "tickets") is dispatched open-loop at a fixed rate, every event from its own user,
through the loopback FakeDiscord gateway to a real discord.py client: our SupportBot (build_bot
over the real service on a migrated SQLite file, the shipped knowledge base, people linked to
their Discord accounts), or, as the same-run baseline, an echo bot on the same discord.py
plumbing that defers and answers "ok" (interactions) or replies "ok" (DMs).

Figures per run: defer latency (dispatch -> the interaction callback reaching Discord), the
visible answer's latency (followup or edit of an interaction, the reply to a DM), answered
events per second (first scheduled dispatch to last answer) and the bot process's CPU per event.

Layouts (where Discord runs; the bot is always this process):
  inproc    fake Discord, load and bot share one event loop (as the tests do);
  external  fake Discord and the load in a child process, GC paused there for the window.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# This file is called discord.py: keep its folder off the path so `discord` is discord.py; the
# project root goes on it for `tests.fake_discord` and `bench.discord_load`.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() not in (HERE, ROOT))]

import discord  # noqa: E402
from discord import app_commands  # noqa: E402
from discord.ext import commands  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bench.common import (  # noqa: E402
    child_process,
    frozen_startup,
    load_options,
    parse_load_options,
    percentile,
    receive,
)
from bench.discord_load import WARMUP_EVENTS, Load, Outcome, Site, drive, stage  # noqa: E402
from bot.adapters.discord import DiscordConfig, build_bot  # noqa: E402
from bot.adapters.discord.inbound import PLATFORM, USERS  # noqa: E402
from bot.core.model import Identity, Person  # noqa: E402
from storage.cursors import SqlCursors  # noqa: E402
from storage.db import upgrade  # noqa: E402
from tests.fake_discord import DiscordPyPointer, FakeDiscord  # noqa: E402
from tests.service.conftest import make_world  # noqa: E402

LAYOUTS = ("inproc", "external")
SHAPES = ("interactions", "messages")
PATHS = ("baseline", "full")
DEFER_P99_TARGET_MS = 50.0
RATIO_TARGET = 0.5


# ------------------------------------------------------------------------------ the bots
class EchoBot(commands.Bot):
    """The baseline: the same discord.py client, commands synced the same way, minimal answers."""

    def __init__(self, guild_id: int) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(commands.when_mentioned, intents=intents, guild_ready_timeout=0.05)
        self.guild_id = guild_id

    async def setup_hook(self) -> None:
        """/tickets and /support defer and follow up with "ok"."""

        async def echo(interaction: discord.Interaction[Any]) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("ok", ephemeral=True)

        for name in ("tickets", "support"):
            self.tree.add_command(
                app_commands.Command(name=name, description="echo", callback=echo)
            )
        guild = discord.Object(id=self.guild_id)
        self.tree.copy_global_to(guild=guild)
        await self.tree.sync(guild=guild)

    async def on_message(self, message: discord.Message) -> None:
        """A DM gets "ok"."""
        if not message.author.bot and message.guild is None:
            await message.channel.send("ok")


async def support_bot(site: Site, template: Path, stack: AsyncExitStack) -> commands.Bot:
    """Our bot on a fresh copy of the migrated database, every bench user linked to a person."""
    folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-discord-")))
    db = folder / "supportbot.db"
    shutil.copyfile(template, db)
    world, engine = await make_world(f"sqlite:///{db}")
    stack.push_async_callback(cast(AsyncEngine, engine).dispose)
    async with world.repository.transaction() as uow:
        for user in site.users:
            person = Person(
                f"bench-{user.user_id}", user.name, user.org, locale=user.locale.split("-")[0]
            )
            await uow.save_person(person)
            identity = Identity(PLATFORM, USERS, str(user.user_id))
            await uow.link_identity(person_id=person.id, identity=identity)
    config = DiscordConfig(
        token=site.token,
        guild_ids=(site.guild_id,),
        help_channel_ids=(site.help_channel,),
        help_forum_ids=(site.help_forum,),
        queue_channels=site.queues,
        lead_roles={"billing-queue": site.lead_role},
        oncall_channel=site.oncall,
    )
    cursors = SqlCursors(world.repository)
    return build_bot(world.service, config, cursors=cursors, guild_ready_timeout=0.05)


@asynccontextmanager
async def bot_on(site: Site, path: str, template: Path) -> AsyncIterator[commands.Bot]:
    """The baseline or our bot, connected to the fake and READY; start-up objects frozen out of
    the cyclic GC as `supportbot run` does."""
    async with AsyncExitStack() as stack:
        if path == "baseline":
            bot: commands.Bot = EchoBot(site.guild_id)
        else:
            bot = await support_bot(site, template, stack)
        stack.enter_context(DiscordPyPointer(site.api_base, site.gateway_url))
        await bot.login(site.token)
        runner = asyncio.create_task(bot.connect(reconnect=False), name="bench-discord")
        stack.push_async_callback(stop, bot, runner)
        await asyncio.wait_for(bot.wait_until_ready(), 30)
        stack.enter_context(frozen_startup())
        yield bot


async def stop(bot: commands.Bot, runner: asyncio.Task[None]) -> None:
    """Close the client; answers still being worked on are cut off (they were not counted)."""
    await bot.close()
    runner.cancel()
    await asyncio.gather(runner, return_exceptions=True)


# ------------------------------------------------------------------------------ layouts
@dataclass
class Run:
    """Raw figures of one path for one shape in one layout."""

    layout: str
    shape: str
    path: str
    load: Load
    outcomes: list[Outcome]
    cpu: float  # this (the bot's) process, threads included, over the measured window


async def run_inproc(load: Load, path: str, template: Path) -> Run:
    """Fake, load and bot in this process; CPU includes the fake's work."""
    async with FakeDiscord() as fake:
        site = stage(fake, WARMUP_EVENTS + load.count)
        async with bot_on(site, path, template):
            started = [0.0]
            outcomes = await drive(
                fake,
                site,
                load,
                warm=lambda: started.__setitem__(0, time.process_time()),
                own_process=False,
            )
            return Run("inproc", load.shape, path, load, outcomes, time.process_time() - started[0])


async def run_external(load: Load, path: str, template: Path) -> Run:
    """Fake and load in a child process; only the bot here."""
    with child_process(discord_side, load) as conn:
        _, site = await receive(conn)
        async with bot_on(site, path, template):
            conn.send(("go",))
            await receive(conn)  # warmed up
            cpu = time.process_time()
            _, outcomes = await receive(conn)
            run = Run("external", load.shape, path, load, outcomes, time.process_time() - cpu)
        conn.send(("bye",))
        return run


async def discord_side(conn: Connection, load: Load) -> None:
    """Child process: the fake Discord and the load generator."""
    async with FakeDiscord() as fake:
        site = stage(fake, WARMUP_EVENTS + load.count)
        conn.send(("site", site))
        await receive(conn)  # the bot is ready
        outcomes = await drive(
            fake, site, load, warm=lambda: conn.send(("warm",)), own_process=True
        )
        conn.send(("done", outcomes))
        await receive(conn)  # bye: the bot has closed


RUNNERS: dict[str, Callable[[Load, str, Path], Any]] = {
    "inproc": run_inproc,
    "external": run_external,
}


# ------------------------------------------------------------------------------ report
@dataclass(frozen=True)
class Figures:
    """What the table shows for one run."""

    layout: str
    shape: str
    path: str
    offered: float
    sent: int
    first_ms: tuple[float, float, float, float]  # p50, p95, p99, max
    first_count: int
    lag_max_ms: float
    completed: int
    errors: int
    per_second: float
    done_ms: tuple[float, float]  # p50, p99
    cpu_ms: float


def figures(run: Run) -> Figures:
    """Latencies from each event's dispatch; the rate from the first due to the last answer."""
    firsts = [o.first * 1000 for o in run.outcomes if o.first is not None]
    done = [o for o in run.outcomes if o.done is not None]
    finished = [o.finished_at for o in done if o.finished_at is not None]
    start = min(o.due for o in run.outcomes)
    span = max(max(finished, default=start) - start, 1e-9)
    done_ms = [o.done * 1000 for o in done if o.done is not None]
    return Figures(
        run.layout,
        run.shape,
        run.path,
        run.load.rate,
        len(run.outcomes),
        (
            percentile(firsts, 0.5),
            percentile(firsts, 0.95),
            percentile(firsts, 0.99),
            max(firsts, default=0.0),
        ),
        len(firsts),
        max(o.lag for o in run.outcomes) * 1000,
        len(done),
        sum(o.error for o in done),
        len(done) / span if done else 0.0,
        (percentile(done_ms, 0.5), percentile(done_ms, 0.99)),
        run.cpu / max(1, len(run.outcomes)) * 1000,
    )


def ratio_of(row: Figures, rows: Sequence[Figures]) -> float:
    """Answered/s of a row over its baseline's (same layout and shape)."""
    base = next(
        (r for r in rows if (r.layout, r.shape, r.path) == (row.layout, row.shape, "baseline")),
        None,
    )
    return row.per_second / base.per_second if base and base.per_second else float("nan")


def report(rows: Sequence[Figures]) -> bool:
    """Print the table and the targets; True when every target is met."""
    print(
        "| layout | shape | path | offered/s | first answer p50 | p95 | p99 | max "
        "| send lag max | answered/s | answered | errors | answer p50 | answer p99 "
        "| CPU ms/event | ratio to baseline |"
    )
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r.layout} | {r.shape} | {r.path} | {r.offered:.0f} "
            f"| {r.first_ms[0]:.1f} | {r.first_ms[1]:.1f} | {r.first_ms[2]:.1f} "
            f"| {r.first_ms[3]:.1f} | {r.lag_max_ms:.1f} | {r.per_second:.1f} "
            f"| {r.completed}/{r.sent} | {r.errors} | {r.done_ms[0]:.0f} | {r.done_ms[1]:.0f} "
            f"| {r.cpu_ms:.2f} | {ratio_of(r, rows):.2f} |"
        )
    print(
        "\nLatencies in ms from each event's dispatch. First answer: the defer (interactions) "
        "or the reply (DMs); answer: the followup/edit (interactions) or the reply (DMs)."
    )
    met = True
    for r in (r for r in rows if r.path == "full"):
        ratio = ratio_of(r, rows)
        ratio_ok = ratio >= RATIO_TARGET
        line = f"- {r.layout}/{r.shape}: throughput {ratio:.0%} of the echo bot "
        line += f"(target >= {RATIO_TARGET:.0%}) {'met' if ratio_ok else 'MISSED'}"
        if r.shape == "interactions":
            defer_ok = r.first_ms[2] <= DEFER_P99_TARGET_MS and r.first_count == r.sent
            ratio_ok = ratio_ok and defer_ok
            line += f"; defer p99 {r.first_ms[2]:.1f} ms (target <= {DEFER_P99_TARGET_MS:.0f}) "
            line += "met" if defer_ok else "MISSED"
        met = met and ratio_ok
        print(f"{line}; {r.cpu_ms:.1f} CPU ms/event here = one core's at {1000 / r.cpu_ms:.0f}/s")
    return met


# ------------------------------------------------------------------------------ main
async def main_async(args: argparse.Namespace, template: Path) -> list[Figures]:
    """Every chosen layout and shape: the echo bot first, then ours, same load."""
    rows = []
    layouts = LAYOUTS if args.layout == "all" else (args.layout,)
    shapes = SHAPES if args.shape == "all" else (args.shape,)
    for layout in layouts:
        for shape in shapes:
            for path in PATHS:
                load = Load(shape, args.rate, args.seconds)
                rows.append(figures(await RUNNERS[layout](load, path, template)))
    return rows


def main() -> int:
    """Parse arguments, migrate a template database, run, print."""
    parser = load_options(__doc__.splitlines()[0], LAYOUTS)
    parser.add_argument("--shape", choices=(*SHAPES, "all"), default="all")
    args = parse_load_options(parser)
    logging.basicConfig(level=logging.WARNING)
    print(
        f"## Discord adapter under load: {args.rate:.0f} events/s for {args.seconds:g} s, one "
        f"user per event, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"discord.py {discord.__version__}, SQLite\n"
    )
    with tempfile.TemporaryDirectory(prefix="bench-discord-template-") as folder:
        template = Path(folder) / "template.db"
        upgrade(f"sqlite:///{template}")
        rows = asyncio.run(main_async(args, template))
    met = report(rows)
    broken = [r for r in rows if r.completed < r.sent or r.errors]
    for r in broken:
        print(
            f"\n{r.layout}/{r.shape}/{r.path}: {r.sent - r.completed} not answered, "
            f"{r.errors} answered with an error id"
        )
    return 1 if broken or (args.strict and not met) else 0


if __name__ == "__main__":
    sys.exit(main())
