"""Split a Markdown file into its YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

FENCE = "---"


@dataclass(frozen=True)
class Split:
    """Front matter text and body; lines are 1-based line numbers in the original file."""

    meta: str
    meta_line: int
    body: str
    body_line: int


class FrontMatterError(ValueError):
    """The file has no well-formed front matter; `line` is where that shows."""

    def __init__(self, line: int, message: str) -> None:
        """Remember the line next to the message."""
        super().__init__(message)
        self.line = line
        self.message = message


def split(text: str) -> Split:
    """Front matter between a first `---` line and the next `---` line, then the body."""
    lines = text.splitlines()
    # A byte-order mark or leading blank lines are harmless; anything else before the fence is not.
    start = 0
    while start < len(lines) and not lines[start].strip().lstrip("\ufeff"):
        start += 1
    if start >= len(lines) or lines[start].strip().lstrip("\ufeff") != FENCE:
        line = start + 1 if start < len(lines) else 1
        raise FrontMatterError(line, "missing front matter: the file must start with ---")
    for end in range(start + 1, len(lines)):
        if lines[end].rstrip() in (FENCE, "..."):
            return Split(
                meta="\n".join(lines[start + 1 : end]),
                meta_line=start + 2,
                body="\n".join(lines[end + 1 :]).strip("\n"),
                body_line=end + 2,
            )
    raise FrontMatterError(start + 1, "front matter is not closed: add a --- line after it")
