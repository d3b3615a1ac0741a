"""A case transcript as a document (R55): one structure, written as Markdown or as HTML.

The service fills it with text already in the reader's language and time zone; these
functions only lay it out, so the two formats always say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from html import escape


class Format(StrEnum):
    """The file formats a transcript is written in."""

    MARKDOWN = "md"
    HTML = "html"

    @property
    def media_type(self) -> str:
        """The file's media type, for platforms that want one."""
        return "text/markdown" if self is Format.MARKDOWN else "text/html"


@dataclass(frozen=True)
class Entry:
    """One message of the transcript: when, by whom, what, and its files."""

    at: str
    author: str
    text: str
    note: bool = False  # an internal note, only in an agent's export
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Transcript:
    """A case as a document; every string is written for its reader already."""

    language: str
    title: str  # "CS-12: Login fails"
    facts: tuple[tuple[str, str], ...]  # (label, value): status, severity, org, times ...
    messages_title: str
    note_label: str
    entries: tuple[Entry, ...]
    files_title: str
    files: tuple[str, ...]  # every attachment of the case, "name (size)"
    nothing: str  # what an empty section says


def markdown(doc: Transcript) -> str:
    """The transcript as Markdown; message text is quoted, so it cannot break the layout."""
    lines = [f"# {_one_line(doc.title)}", ""]
    lines.extend(f"- **{label}:** {_one_line(value)}" for label, value in doc.facts)
    lines += ["", f"## {doc.messages_title}", ""]
    for entry in doc.entries:
        note = f" _({doc.note_label})_" if entry.note else ""
        lines.append(f"**{_one_line(entry.author)}** · {entry.at}{note}")
        lines.extend(f"> {line}".rstrip() for line in entry.text.splitlines() or [""])
        lines.extend(f"> 📎 {_one_line(name)}" for name in entry.files)
        lines.append("")
    if not doc.entries:
        lines += [f"_{doc.nothing}_", ""]
    lines += [f"## {doc.files_title}", ""]
    lines.extend(f"- {_one_line(name)}" for name in doc.files)
    if not doc.files:
        lines.append(f"_{doc.nothing}_")
    return "\n".join(lines) + "\n"


def html(doc: Transcript) -> str:
    """The same transcript as a standalone HTML page; everything from outside is escaped."""
    e = escape
    facts = "".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in doc.facts)
    entries = "".join(_html_entry(entry, doc.note_label) for entry in doc.entries)
    files = "".join(f"<li>{e(name)}</li>" for name in doc.files)
    nothing = f"<p><em>{e(doc.nothing)}</em></p>"
    return (
        f'<!DOCTYPE html>\n<html lang="{e(doc.language)}">\n<head><meta charset="utf-8">'
        f"<title>{e(doc.title)}</title>"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}"
        "dt{font-weight:bold}.note{background:#fff6d5}article{margin:1em 0}"
        "p{white-space:pre-wrap;margin:.3em 0}</style></head>\n<body>\n"
        f"<h1>{e(doc.title)}</h1>\n<dl>{facts}</dl>\n"
        f"<h2>{e(doc.messages_title)}</h2>\n{entries or nothing}\n"
        f"<h2>{e(doc.files_title)}</h2>\n{f'<ul>{files}</ul>' if files else nothing}\n"
        "</body>\n</html>\n"
    )


def render(doc: Transcript, fmt: Format) -> str:
    """The transcript in the chosen format."""
    return markdown(doc) if fmt is Format.MARKDOWN else html(doc)


def _html_entry(entry: Entry, note_label: str) -> str:
    e = escape
    note = f" <em>({e(note_label)})</em>" if entry.note else ""
    files = "".join(f"<li>{e(name)}</li>" for name in entry.files)
    kind = ' class="note"' if entry.note else ""
    return (
        f"<article{kind}>"
        f"<header><strong>{e(entry.author)}</strong> · <time>{e(entry.at)}</time>{note}</header>"
        f"<p>{e(entry.text)}</p>{f'<ul>{files}</ul>' if files else ''}</article>\n"
    )


def _one_line(text: str) -> str:
    """Text for a Markdown heading or list item: a line break would end it early."""
    return " ".join(text.split())
