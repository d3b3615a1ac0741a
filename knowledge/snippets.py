"""Load and validate snippets (R51): snippets/<language>/<name>.md, a title in the front
matter and the reply as Markdown with placeholders; every snippet has an English version."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from bot.core.snippets import FALLBACK_LANGUAGE, PLACEHOLDERS, Snippet, placeholders
from knowledge.loader import front_matter, markdown_files
from knowledge.problems import Problem
from knowledge.yamlcheck import Checker

SNIPPETS_DIR = "snippets"
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KEYS = ("title",)
_KNOWN = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)


def load_snippets(
    directory: Path, languages: Collection[str]
) -> tuple[tuple[Snippet, ...], list[Problem]]:
    """Every valid snippet under directory/snippets, by name and language; problems for the
    others, and for a snippet without its English version."""
    root = directory / SNIPPETS_DIR
    found: list[tuple[Snippet, Path]] = []
    problems: list[Problem] = []
    for path in markdown_files(root):
        check = Checker(path)
        snippet = _snippet(check, path, path.relative_to(root), languages)
        problems.extend(check.problems)
        if snippet is not None:
            found.append((snippet, path))
    english = {s.name for s, _ in found if s.language == FALLBACK_LANGUAGE}
    kept: list[Snippet] = []
    for snippet, path in found:
        if snippet.name in english:
            kept.append(snippet)
            continue
        problems.append(
            Problem(
                path,
                1,
                f"snippet {snippet.name}: no English version ({SNIPPETS_DIR}/"
                f"{FALLBACK_LANGUAGE}/{snippet.name}.md), which requesters of other languages read",
            )
        )
    return tuple(sorted(kept, key=lambda s: (s.name, s.language))), problems


def _snippet(
    check: Checker, path: Path, relative: Path, languages: Collection[str]
) -> Snippet | None:
    """One snippet file, or None when it has problems."""
    if len(relative.parts) != 2:
        check.add(1, f"a snippet is {SNIPPETS_DIR}/<language>/<name>.md, e.g. en/{path.name}")
        return None
    language, name = relative.parts[0].lower(), path.stem
    what = f"snippet {name}"
    if language not in languages:
        known = ", ".join(sorted(languages))
        check.add(1, f"{what}: language folder {language!r} must be one of {known}")
    if not _NAME.fullmatch(name):
        check.add(1, f"{what}: a name is lowercase letters and digits joined by - (refund-time)")
    parsed = front_matter(check, path)
    if parsed is None:
        return None
    meta, body, body_line = parsed
    check.known_keys(meta, _KEYS, "snippet front matter")
    title = check.text(meta, "title", what)
    if not body.strip():
        check.add(body_line, f"{what}: no text after the front matter")
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[body_line - 1 :], start=body_line):
        for _, word in placeholders(line):
            if word not in PLACEHOLDERS:
                check.add(number, f"{what}: unknown placeholder {{{word}}}; use {_KNOWN}")
    if check.problems or title is None:
        return None
    return Snippet(name, language, title, body)
