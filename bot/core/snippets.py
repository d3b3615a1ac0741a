"""Snippets (R51): canned replies agents send from a case thread, one file per language, with
placeholders the bot fills in for the case at hand."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

# What a snippet may say about its case; a placeholder names one of these.
PLACEHOLDERS = ("user", "case", "agent", "due")
FALLBACK_LANGUAGE = "en"  # every snippet has it: requesters of other languages read it
_PLACEHOLDER = re.compile(r"\{([^{}\s]+)\}")


@dataclass(frozen=True)
class Snippet:
    """One language's version of a canned reply."""

    name: str
    language: str
    title: str
    body: str


def placeholders(text: str) -> Iterator[tuple[int, str]]:
    """Each `{word}` in a text: where it starts and the word."""
    for found in _PLACEHOLDER.finditer(text):
        yield found.start(), found.group(1)


def fill(body: str, values: Mapping[str, str]) -> str:
    """The text with its placeholders replaced; an unknown one is left as it was (kb check
    names it)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), body)


class SnippetShelf(Protocol):
    """The snippets the knowledge directory holds (knowledge/snippets.py)."""

    def snippet(self, name: str, language: str) -> Snippet | None:
        """A snippet in the language, else in English; None when there is none of the name."""
        ...

    def snippets(self, language: str) -> Sequence[Snippet]:
        """Every snippet once, by name, each in the language where it has a translation."""
        ...
