"""The database stops for 30 s under load (issue 8, R70, R71): a real `supportbot run` serving
Slack on a PostgreSQL cluster of this test's own, stopped with `pg_ctl stop -m fast` while
signed DMs arrive at about 10 per second. Nothing acknowledged is lost; what was refused is
answered once after Slack's retry; the process lives through it and stops cleanly."""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psycopg
import pytest

from tests.fake_slack import FakeSlack, SignedSlackClient, payloads
from tests.test_crash_durability import answered, user
from tests.test_stopping import free_port, start_slack_bot

BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
RATE = 10  # events per second
# The cluster stops 4 s in, for 30 s; events go on for 6 s after it is back, and each sent
# from 1 s after must be taken at once.
OUTAGE_AT, OUTAGE = 4.0, 30.0
SENDING = OUTAGE_AT + OUTAGE + 6.0  # seconds of events in all
SLACK_TIMEOUT = 3.0  # Slack counts an answer slower than this as a failure and retries


@dataclass(frozen=True)
class Cluster:
    """A PostgreSQL cluster in a folder of its own, on 127.0.0.1 at `port`."""

    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        command = [str(BIN / "pg_ctl"), "-D", str(self.root / "data"), "-w", *args]
        as_postgres = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(as_postgres, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl("start", "-l", str(self.root / "postgres.log"), "-o", options)

    def stop(self, mode: str = "fast") -> None:
        self.ctl("stop", "-m", mode)

    async def unsettled(self) -> int:
        """Events recorded and not yet handled, plus messages committed and not yet sent."""
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        async with await psycopg.AsyncConnection.connect(dsn) as connection:
            cursor = await connection.execute(
                "SELECT (SELECT count(*) FROM inbox WHERE handled_at IS NULL)"
                " + (SELECT count(*) FROM outbox WHERE sent_at IS NULL)"
            )
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A private cluster (never the shared server), removed at the end even on failure."""
    root = Path(tempfile.mkdtemp(prefix="sb-outage-", dir="/tmp"))
    try:
        shutil.chown(root, "postgres", "postgres")  # its data, socket and log live here
        initdb = [str(BIN / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-A", "trust"]
        initdb += ["--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *initdb], check=True, capture_output=True
        )
        private = Cluster(root, free_port())
        private.start()
        yield private
    finally:
        if (root / "data" / "postmaster.pid").exists():
            Cluster(root, 0).stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


def channel(n: int) -> str:
    return f"D{n:07d}"


async def deliver(slack: SignedSlackClient, n: int, retry_num: int | None = None) -> bool:
    """One signed DM as Slack sends it; True when it was acknowledged (200 within 3 s)."""
    event = payloads.dm_message("hi", user=user(n), channel=channel(n))
    try:
        async with asyncio.timeout(SLACK_TIMEOUT):
            response = await slack.send_event(event, event_id=f"Ev{n:07d}", retry_num=retry_num)
    except (aiohttp.ClientError, OSError):  # TimeoutError is an OSError
        return False
    return response.status == 200


async def collect(stream: asyncio.StreamReader | None, lines: list[str]) -> None:
    """Read the bot's log as it comes: a full pipe would stall its event loop."""
    assert stream is not None
    while line := await stream.readline():
        lines.append(line.decode())


@asynccontextmanager
async def slack_bot(
    fake: FakeSlack, cwd: Path, env: dict[str, str]
) -> AsyncIterator[tuple[asyncio.subprocess.Process, str, list[str]]]:
    """`supportbot run` for Slack, its log read as it comes; killed if a failure left it."""
    process, url = await start_slack_bot(fake, cwd, **env)
    log: list[str] = []
    readers = [asyncio.create_task(collect(s, log)) for s in (process.stderr, process.stdout)]
    try:
        yield process, url, log
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
        await asyncio.gather(*readers)


async def test_a_30_s_database_outage_under_load_loses_nothing_acknowledged(
    tmp_path: Path, cluster: Cluster
) -> None:
    began = time.monotonic()
    acked: dict[int, bool] = {}  # event number -> acknowledged
    sent_at: dict[int, float] = {}  # event number -> seconds after the first was sent
    env = {"SUPPORTBOT_DATABASE_URL": cluster.url, "SUPPORTBOT_RECOVERY_LEASE_SECONDS": "2"}
    async with FakeSlack() as fake, slack_bot(fake, tmp_path, env) as (process, url, log):
        loop = asyncio.get_running_loop()
        async with SignedSlackClient(url) as slack:
            start = loop.time()

            async def one(n: int) -> None:
                sent_at[n] = loop.time() - start
                acked[n] = await deliver(slack, n)

            async def load() -> None:
                async with asyncio.TaskGroup() as group:
                    for n in range(int(SENDING * RATE)):  # on a schedule, not after answers
                        await asyncio.sleep(max(0.0, start + n / RATE - loop.time()))
                        group.create_task(one(n))

            async def outage() -> tuple[float, float]:
                await asyncio.sleep(OUTAGE_AT)
                down = loop.time() - start
                await asyncio.to_thread(cluster.stop)  # connections refused from here on
                await asyncio.sleep(OUTAGE - (loop.time() - start - down))
                assert process.returncode is None  # the bot lived through it
                await asyncio.to_thread(cluster.start)
                return down, loop.time() - start

            (down, up), _ = await asyncio.gather(outage(), load())
            refused = sorted(n for n, ok in acked.items() if not ok)
            # Slack's first retry of each refused event, once the database is back.
            retried = {n: await deliver(slack, n, retry_num=1) for n in refused}
        everyone = {channel(n) for n in acked}
        try:
            async with asyncio.timeout(90):  # the recovery job's leases and rounds
                while not everyone <= set(answered(fake)) or await cluster.unsettled():
                    await asyncio.sleep(0.2)
        except TimeoutError:
            missing = len(everyone - set(answered(fake)))
            pytest.fail(f"{missing} unanswered, {await cluster.unsettled()} unsettled")
        assert process.returncode is None
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            status = await process.wait()
    counts = answered(fake)
    duplicates = {c: k for c, k in counts.items() if k > 1}
    after = [n for n in acked if sent_at[n] > up + 1]  # sent once the cluster was back
    print(
        f"\noutage {down:.1f}-{up:.1f} s; {len(acked)} sent, {len(acked) - len(refused)} acked, "
        f"{len(refused)} refused ({sum(retried.values())} retries acked); "
        f"{len(counts)} answered, duplicates {duplicates}; {len(log)} log lines; "
        f"{time.monotonic() - began:.1f} s"
    )
    assert status == 0, "".join(log[-20:])
    assert all(retried.values()), [n for n, ok in retried.items() if not ok]
    assert set(counts) == everyone  # acknowledged or retried: every one answered
    assert not duplicates  # and answered once
    assert len(refused) > OUTAGE * RATE / 2  # the outage landed while events arrived
    during = [n for n in refused if down - SLACK_TIMEOUT <= sent_at[n] <= up + 1]
    assert during == refused  # and only during it
    assert after and all(acked[n] for n in after)  # taken again at once once it was back
    # The background jobs say the database went away and came back, with no traceback a run.
    assert not [line for line in log if "raised an exception" in line]
    assert any("database unavailable" in line for line in log)
    assert any("database reachable again" in line for line in log)
