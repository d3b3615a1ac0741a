"""`kb check`: every problem is reported as path:line so an editor can jump to it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from knowledge.commands import run_check


def check(directory: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run_check(directory, out)
    return code, out.getvalue()


def at(path: Path, needle: str, message: str) -> str:
    """The expected `path:line: message` for the line containing needle."""
    return f"{path}:{line_of(path, needle)}: {message}"


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line containing needle."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_valid_directory_passes(kb_dir: Path) -> None:
    code, output = check(kb_dir)
    assert code == 0
    assert output.startswith("OK: 2 topics, 4 categories, 9 articles (7 published)")


def test_broken_article_reports_file_and_line(kb_dir: Path) -> None:
    path = kb_dir / "articles/billing/KB-4.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: published", "status: publishd")
    text = text.replace("category: invoices", "category: invoice")
    path.write_text(text, encoding="utf-8")
    code, output = check(kb_dir)
    assert code == 1
    assert at(path, "status:", "article KB-4: status 'publishd'") in output
    assert at(path, "category:", "article KB-4: unknown category 'invoice'") in output
    assert re.search(r"2 problem\(s\) in 1 file\(s\)", output)


def test_missing_field_and_yaml_error(kb_dir: Path) -> None:
    no_title = kb_dir / "articles/billing/KB-3.md"
    no_title.write_text(
        "\n".join(x for x in no_title.read_text().splitlines() if not x.startswith("title:")),
        encoding="utf-8",
    )
    bad_yaml = kb_dir / "articles/account/KB-5.md"
    bad_yaml.write_text(bad_yaml.read_text().replace("keywords: [", "keywords: [[", 1))
    code, output = check(kb_dir)
    assert code == 1
    assert f"{no_title}:2: article KB-3: missing field 'title'" in output
    assert f"{bad_yaml}:{line_of(bad_yaml, 'keywords:') + 1}: YAML syntax" in output or (
        f"{bad_yaml}:{line_of(bad_yaml, 'keywords:')}: YAML syntax" in output
    )


def test_duplicate_id_and_dangling_translation(kb_dir: Path) -> None:
    copy = kb_dir / "articles/billing/zz-copy.md"
    copy.write_text((kb_dir / "articles/billing/KB-4.md").read_text(), encoding="utf-8")
    german = kb_dir / "articles/billing/KB-2.md"
    german.write_text(german.read_text().replace("translation_of: KB-1", "translation_of: KB-99"))
    code, output = check(kb_dir)
    assert code == 1
    assert f"{copy}:2: duplicate article id 'KB-4'" in output
    assert at(german, "translation_of", "article KB-2: translation_of 'KB-99'") in output


def test_no_front_matter(kb_dir: Path) -> None:
    path = kb_dir / "articles/billing/notes.md"
    path.write_text("# Just notes\n", encoding="utf-8")
    code, output = check(kb_dir)
    assert code == 1
    assert f"{path}:1: missing front matter" in output


def test_broken_catalogue_reports_file_and_line(kb_dir: Path) -> None:
    path = kb_dir / "catalogue.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("scheme: default", "scheme: gold")
    text = text.replace("response: 2h30m", "response: 2 hours")
    text = text.replace('fri: "09:00-15:00"', 'fri: "15:00-09:00"')
    text = text.replace("        queue: accounts-queue\n", "", 1)
    path.write_text(text, encoding="utf-8")
    code, output = check(kb_dir)
    assert code == 1
    assert at(path, "scheme: gold", "plan premier: unknown severity scheme 'gold'") in output
    assert at(path, "2 hours", "severity default/2: response '2 hours'") in output
    assert at(path, "hours: {", "calendar emea-business: hours for fri") in output
    assert at(path, "id: login", "category account/login: missing field 'queue'") in output
    assert "the catalogue cannot be loaded" in output


def test_duplicate_topic_and_unknown_field(kb_dir: Path) -> None:
    path = kb_dir / "catalogue.yaml"
    text = path.read_text(encoding="utf-8").replace("  - id: account", "  - id: billing", 1)
    queue = "        queue: billing-queue\n"
    text = text.replace(queue, queue + "        privat: true\n", 1)
    path.write_text(text, encoding="utf-8")
    code, output = check(kb_dir)
    assert code == 1
    second = [n for n, x in enumerate(text.splitlines(), 1) if x == "  - id: billing"][1]
    assert f"{path}:{second}: duplicate topic id 'billing'" in output
    assert at(path, "privat:", "unknown field 'privat'") in output


def test_broken_incident(kb_dir: Path) -> None:
    path = kb_dir / "incidents/INC-1.md"
    path.write_text(path.read_text().replace("2026-11-20T09:30:00Z", "yesterday"), encoding="utf-8")
    code, output = check(kb_dir)
    assert code == 1
    assert at(path, "started:", "incident INC-1: started 'yesterday'") in output
