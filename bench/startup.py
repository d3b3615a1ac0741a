"""Start-up at scale: a real `supportbot run` (SQLite, console) on a copy of the default
knowledge directory with thousands of synthetic articles; seconds until the console's first
line and the idle process's resident memory, beside the targets of issue 11."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from knowledge.base import default_directory
from knowledge.catalogue import load_catalogue
from knowledge.loader import ARTICLES_DIR, load_articles
from knowledge.synthetic import generate_articles, write_articles

TARGET_READY_S = 3.0
TARGET_RSS_MB = 250.0
READY_LINE = "supportbot console"  # the console's banner: the bot takes input from here on
# Logged once the articles, indexed in a thread after the ready line, can be searched.
INDEXED_LINE = "knowledge indexed"
IDLE_S = 1.0  # how long the ready bot sits idle before its memory is read
START_TIMEOUT_S = 120.0


def knowledge_copy(folder: Path, count: int) -> Path:
    """The default directory plus `count` synthetic articles spread over its categories, each
    with the body of a shipped article (so files are as long as real ones)."""
    # Not "knowledge": the bot runs with `python -m` from this folder, where a folder of
    # that name would shadow the package of the same name.
    target = folder / "kb"
    source = default_directory()
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    catalogue, _ = load_catalogue(target / "catalogue.yaml")
    assert catalogue is not None, "the shipped catalogue loads"
    shipped, _ = load_articles(source, catalogue)
    places = catalogue.categories
    synthetic = [
        replace(
            article,
            topic=places[n % len(places)].topic,
            category=places[n % len(places)].id,
            body=shipped[n % len(shipped)].body,
        )
        for n, article in enumerate(generate_articles(count))
    ]
    write_articles(synthetic, target / ARTICLES_DIR)
    return target


def start_once(knowledge: Path, cwd: Path) -> tuple[float, float, float, float]:
    """Seconds from process start to the ready line, the CPU seconds the bot used until then
    (what a busy machine does not inflate much), seconds until the articles can be searched
    and VmRSS (MB) once idle after that; then the console's input ends, which stops the
    bot."""
    names = ("SUPPORTBOT_", "SLACK_", "DISCORD_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(names)}
    env |= {
        "SUPPORTBOT_OPS_PORT": "0",
        "SUPPORTBOT_LOG_FORMAT": "text",
        "SUPPORTBOT_LOG_LEVEL": "INFO",
    }
    command = [sys.executable, "-m", "bot", "run", "--knowledge", str(knowledge)]
    with (cwd / "stderr.log").open("w") as errors:
        started = time.perf_counter()
        bot = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, cwd=cwd, env=env
        )
        assert bot.stdin is not None and bot.stdout is not None
        try:
            for line in bot.stdout:
                if READY_LINE.encode() in line:
                    break
                if time.perf_counter() - started > START_TIMEOUT_S:
                    break
            else:
                line = b""
            ready = time.perf_counter() - started
            cpu = _cpu_seconds(bot.pid)
            if READY_LINE.encode() not in line:
                raise RuntimeError(f"no ready line: {(cwd / 'stderr.log').read_text()[-2000:]}")
            searchable = _logged(cwd / "stderr.log", INDEXED_LINE, started) - started
            time.sleep(IDLE_S)
            rss = _rss_mb(bot.pid)
            bot.stdin.close()
            bot.wait(timeout=30)
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()
    return ready, cpu, searchable, rss


def _logged(log: Path, text: str, started: float) -> float:
    """When `text` appeared in the log (polled every 10 ms)."""
    while text not in log.read_text(encoding="utf-8", errors="replace"):
        if time.perf_counter() - started > START_TIMEOUT_S:
            raise RuntimeError(f"no {text!r} in the log: {log.read_text()[-2000:]}")
        time.sleep(0.01)
    return time.perf_counter()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    """Resident memory of a process from /proc/<pid>/status (VmRSS is in kB)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def startup(count: int, runs: int) -> None:
    """Print the median ready time and idle RSS of `runs` starts (the first on a new
    database, the others on the same one), each beside its target."""
    print(f"## Start-up: `supportbot run` with {count:,} articles more (SQLite, console)\n")
    with tempfile.TemporaryDirectory(prefix="supportbot-start-") as temporary:
        folder = Path(temporary)
        knowledge = knowledge_copy(folder, count)
        results = [start_once(knowledge, folder) for _ in range(runs)]
    print("| measure | median | runs | target | met |")
    print("|---|---:|---|---:|---|")
    measures = (
        ("ready s", TARGET_READY_S),
        ("CPU s until ready", None),
        ("articles searchable s", None),
        ("idle RSS MB", TARGET_RSS_MB),
    )
    for column, (name, target) in enumerate(measures):
        values = [result[column] for result in results]
        median = statistics.median(values)
        every = ", ".join(f"{value:.1f}" for value in values)
        goal = "" if target is None else f"<= {target:.0f}"
        met = "" if target is None else ("yes" if median <= target else "NO")
        print(f"| {name} | {median:.1f} | {every} | {goal} | {met} |")
    print(
        f"\nReady: from process start to the console's first line; the first run also creates "
        f"the SQLite database. Searchable: until the log says the articles are indexed (in a "
        f"worker thread, after the ready line; a suggestion asked before waits). RSS: VmRSS "
        f"{IDLE_S:.0f} s after that.\n",
        flush=True,
    )
