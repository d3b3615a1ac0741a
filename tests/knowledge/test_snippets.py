"""Snippets (R51) in the knowledge directory: `kb check` names each bad file and line, a
snippet is found in the requester's language or English, and edits are picked up live."""

from __future__ import annotations

from pathlib import Path

from bot.core.snippets import fill
from knowledge.base import KnowledgeBase, default_directory

from .test_check import at, check
from .test_reload import touch_later

REFUND_EN = """\
---
title: When a refund arrives
---
Hi {user}, the refund for {case} arrives within 5-10 business days.
{agent}
"""
REFUND_DE = """\
---
title: Wann eine Erstattung ankommt
---
Hallo {user}, die Erstattung für {case} kommt in 5-10 Werktagen an.
{agent}
"""


def write(kb_dir: Path, relative: str, text: str) -> Path:
    path = kb_dir / "snippets" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_snippets_are_counted(kb_dir: Path) -> None:
    write(kb_dir, "en/refund-timeline.md", REFUND_EN)
    write(kb_dir, "de/refund-timeline.md", REFUND_DE)
    code, output = check(kb_dir)
    assert code == 0, output
    assert output.strip().endswith("1 snippets")


def test_bad_snippets_are_reported_by_file_and_line(kb_dir: Path) -> None:
    write(kb_dir, "en/refund-timeline.md", REFUND_EN)
    typo = write(kb_dir, "de/refund-timeline.md", REFUND_DE.replace("{case}", "{fall}"))
    german_only = write(kb_dir, "de/nur-deutsch.md", REFUND_DE)
    no_title = write(kb_dir, "en/no-title.md", "---\ntitel: Oops\n---\nHi {user}\n")
    no_fence = write(kb_dir, "en/no-fence.md", "Hi {user}\n")
    elsewhere = write(kb_dir, "fr/bonjour.md", REFUND_EN)
    loose = write(kb_dir, "loose.md", REFUND_EN)
    code, output = check(kb_dir)
    assert code == 1
    assert (
        at(typo, "{fall}", "snippet refund-timeline: unknown placeholder {fall}; use {user}, ")
        in output
    )
    assert f"{german_only}:1: snippet nur-deutsch: no English version (snippets/en/" in output
    assert at(no_title, "titel", "unknown field 'titel' in snippet front matter") in output
    assert f"{no_title}:2: snippet no-title: missing field 'title'" in output
    assert f"{no_fence}:1: missing front matter: the file must start with ---" in output
    assert f"{elsewhere}:1: snippet bonjour: language folder 'fr' must be one of de, en" in output
    assert f"{loose}:1: a snippet is snippets/<language>/<name>.md" in output


def test_the_requesters_language_or_english(kb_dir: Path) -> None:
    write(kb_dir, "en/refund-timeline.md", REFUND_EN)
    write(kb_dir, "de/refund-timeline.md", REFUND_DE)
    write(kb_dir, "en/need-details.md", REFUND_EN.replace("refund", "details"))
    kb = KnowledgeBase.load(kb_dir)
    german = kb.snippet("Refund-Timeline", "de")
    assert german is not None and german.title == "Wann eine Erstattung ankommt"
    english = kb.snippet("need-details", "de")  # no German version: English
    assert english is not None and english.language == "en"
    assert kb.snippet("nope", "en") is None
    assert [(s.name, s.language) for s in kb.snippets("de")] == [
        ("need-details", "en"),
        ("refund-timeline", "de"),
    ]
    values = {"user": "Bob", "case": "CS-7", "agent": "Dana"}
    assert fill(german.body, values).startswith("Hallo Bob, die Erstattung für CS-7 kommt")


def test_an_edited_snippet_is_sent_without_restart(kb_dir: Path) -> None:
    path = write(kb_dir, "en/refund-timeline.md", REFUND_EN)
    kb = KnowledgeBase.load(kb_dir, reload_interval=0)
    assert kb.snippets("en")[0].title == "When a refund arrives"
    path.write_text(REFUND_EN.replace("When a refund arrives", "Refund timing"), "utf-8")
    touch_later(path)
    assert kb.snippets("en")[0].title == "Refund timing"
    added = write(kb_dir, "en/new-one.md", REFUND_EN)
    touch_later(added)
    assert [s.name for s in kb.snippets("en")] == ["new-one", "refund-timeline"]


def test_the_shipped_snippets_have_english_and_german() -> None:
    kb = KnowledgeBase.load(default_directory())
    assert kb.problems() == ()
    names = {s.name for s in kb.snippets("en")}
    assert len(names) >= 3
    assert {s.language for s in kb.snippets("de")} == {"de"}
