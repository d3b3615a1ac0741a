"""Edits to the knowledge directory are picked up without a restart; bad edits are not."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pytest

from knowledge import base
from knowledge.base import KnowledgeBase
from knowledge.problems import KnowledgeError
from tests.waiting import eventually

from .conftest import article


def touch_later(path: Path) -> None:
    """Make sure the file looks newer even on coarse file-system clocks."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def add_calendar_article(kb_dir: Path) -> None:
    """A new article, KB-20, that answers `calendar_suggestions`' question."""
    path = kb_dir / "articles/account/KB-20.md"
    path.write_text(
        article(
            "KB-20",
            "Calendar sync shows meetings twice",
            topic="account",
            category="api",
            symptoms=("Every meeting appears twice after calendar sync",),
            keywords=("calendar", "sync", "duplicate"),
        ),
        encoding="utf-8",
    )
    touch_later(path)


def calendar_suggestions(kb: KnowledgeBase) -> list[str]:
    """Article ids suggested for a question only KB-20 answers."""
    found = kb.suggest("calendar sync shows meetings twice", topic="account", category=None)
    return [s.article_id for s in found]


def test_new_article_is_found_without_restart(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    assert calendar_suggestions(kb) == []
    add_calendar_article(kb_dir)
    assert calendar_suggestions(kb) == ["KB-20"]


def test_catalogue_edit_is_picked_up(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    path = kb_dir / "catalogue.yaml"
    path.write_text(path.read_text().replace("oncall_channel: oncall", "oncall_channel: pager"))
    touch_later(path)
    assert kb.catalogue().oncall_channel == "pager"


def test_incident_resolved_is_picked_up(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    assert kb.active_incidents("account")
    path = kb_dir / "incidents/INC-1.md"
    path.write_text(path.read_text().replace("status: active", "status: resolved"))
    touch_later(path)
    assert kb.active_incidents("account") == ()


def test_invalid_edit_keeps_the_last_good_version(
    kb_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    path = kb_dir / "catalogue.yaml"
    path.write_text(path.read_text().replace("scheme: default", "scheme: nope"))
    touch_later(path)
    with caplog.at_level(logging.WARNING, logger="knowledge.base"):
        catalogue = kb.catalogue()
    assert "premier" in catalogue.plans
    assert "unknown severity scheme 'nope'" in caplog.text
    assert f"{path}:" in caplog.text
    broken = kb_dir / "articles/billing/KB-1.md"
    broken.write_text(broken.read_text().replace("status: published", "status: ???"))
    touch_later(broken)
    assert [s.article_id for s in kb.suggest("INV-403", topic="billing", category=None)] == ["KB-1"]


def test_reload_interval_limits_checks(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=3600)
    path = kb_dir / "catalogue.yaml"
    path.write_text(path.read_text().replace("oncall_channel: oncall", "oncall_channel: pager"))
    touch_later(path)
    assert kb.catalogue().oncall_channel == "oncall"
    assert kb.refresh(force=True)
    assert kb.catalogue().oncall_channel == "pager"


def test_unusable_catalogue_fails_at_start(kb_dir: Path) -> None:
    (kb_dir / "catalogue.yaml").write_text("topics: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as error:
        KnowledgeBase.load(kb_dir)
    assert "catalogue.yaml:" in str(error.value)


async def test_on_the_event_loop_the_check_runs_in_a_worker_thread(
    kb_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    scanned_in: list[threading.Thread] = []
    real_fingerprint = base.fingerprint

    def slow_fingerprint(directory: Path) -> base.Fingerprint:
        scanned_in.append(threading.current_thread())
        time.sleep(0.3)  # as a large directory takes
        return real_fingerprint(directory)

    monkeypatch.setattr(base, "fingerprint", slow_fingerprint)
    path = kb_dir / "catalogue.yaml"
    path.write_text(path.read_text().replace("oncall_channel: oncall", "oncall_channel: pager"))
    touch_later(path)
    started = time.monotonic()
    assert kb.catalogue().oncall_channel == "oncall"  # served at once, checked meanwhile
    assert time.monotonic() - started < 0.2

    async def reloaded() -> bool:
        return kb.catalogue().oncall_channel == "pager"

    await eventually(reloaded)
    assert scanned_in
    assert threading.current_thread() not in scanned_in


async def test_suggestions_follow_a_reload_in_a_worker_thread(kb_dir: Path) -> None:
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    assert calendar_suggestions(kb) == []
    add_calendar_article(kb_dir)

    async def found() -> bool:
        return calendar_suggestions(kb) == ["KB-20"]

    await eventually(found)
