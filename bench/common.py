"""What the benchmarks share: percentiles, GC hygiene and child processes for load generators,
the synthetic orgs."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import multiprocessing
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, cast

ORGS = ("acme", "initech", "globex", "default")
ERROR_MARKS = ("error id", "Fehler-ID")  # the text of error.unexpected (en, de)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of a sample (0 for an empty one)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """For a load generator's process only: its GC pauses would be charged to the app."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def frozen_startup() -> Iterator[None]:
    """What `supportbot run` does once started: objects built so far leave the cyclic GC's
    reach (its full collections would otherwise pause the loop for 100-250 ms under load)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


ChildMain = Callable[..., Coroutine[Any, Any, None]]  # async (conn, *args) in the child process


@contextmanager
def child_process(main: ChildMain, *args: Any) -> Iterator[Connection]:
    """A spawned process running `main(conn, *args)`; yields our end of the pipe; the child is
    joined (killed after 10 s) when the block ends. `main` must be a module-level function."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    child = context.Process(target=_child, args=(main, theirs, *args), daemon=True)
    child.start()
    try:
        yield ours
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()


def _child(main: ChildMain, conn: Connection, *args: Any) -> None:
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(conn, *args))


async def receive(conn: Connection) -> tuple[Any, ...]:
    """The other process's next message, without blocking the event loop."""
    return cast(tuple[Any, ...], await asyncio.to_thread(conn.recv))


def load_options(description: str, layouts: Sequence[str]) -> argparse.ArgumentParser:
    """The options every load benchmark has; read them back with `parse_load_options`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="2 s at 50/s, inproc (CI smoke)")
    parser.add_argument("--rate", type=float, default=None, help="offered events/s (200)")
    parser.add_argument("--seconds", type=float, default=None, help="offered for (10)")
    parser.add_argument("--layout", choices=(*layouts, "all"), default=None)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser


def parse_load_options(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """Parsed options with the defaults of a full run, or of --quick."""
    args = parser.parse_args()
    args.rate = args.rate or (50.0 if args.quick else 200.0)
    args.seconds = args.seconds or (2.0 if args.quick else 10.0)
    args.layout = args.layout or ("inproc" if args.quick else "all")
    return args
